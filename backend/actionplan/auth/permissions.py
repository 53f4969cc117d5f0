"""Who may do what: every authorisation rule of actionplan lives in this module.

Read it as two parts:
1. ROLE_PERMISSIONS: for each role, each permission it holds and the *scope* in which it
   holds it (any object, only actions it owns, only areas it leads, only granted plans...).
2. can(principal, permission, obj): applies the scope to one object, plus the rules that
   cut across roles — separation of duties (nobody decides on their own proposal or
   evidence; it goes up to someone else with the power), Red and Blue needing sign-off, and
   inspectors seeing only what is published and approved.

Example — "may a Head of Service approve an Amber?": head_of_service holds
Perm.proposal_decide with Scope.led, so yes on actions in areas they lead, unless they made
the proposal themselves; approving Red or Blue additionally needs Perm.status_sign_off,
which only assistant directors and the director hold.

Everything here is pure (no database, no request): routes load the facts into the small
Ref objects below and ask can(). The permission table in docs/permissions.md is generated
from ROLE_PERMISSIONS (`actionplan permissions-table`) and a test keeps them equal.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from actionplan.users.models import Role


class Perm(StrEnum):
    plan_read = "plan:read"                      # plans, areas, actions, approved statuses and history
    plan_read_drafts = "plan:read_drafts"        # pending proposals, unreviewed or rejected evidence
    action_update = "action:update"              # record progress on an action
    milestone_record = "milestone:record"        # record a milestone (an occurrence of a repeating target) met
    evidence_upload = "evidence:upload"
    measure_record = "measure:record"            # enter a measure's reading, or correct one
    measure_manage = "measure:manage"            # define a measure: baselines, targets, tolerance
    status_propose = "status:propose"            # propose a status change or a re-schedule
    proposal_withdraw = "proposal:withdraw"      # withdraw or resubmit one's own proposal
    proposal_decide = "proposal:decide"          # approve, reject or return a proposal
    status_sign_off = "status:sign_off"          # approve Blue (completion) and Red (exception report)
    evidence_review = "evidence:review"          # accept or reject evidence
    evidence_erase = "evidence:erase"            # data-protection erasure
    action_assign_owner = "action:assign_owner"
    area_assign_lead = "area:assign_lead"
    plan_publish = "plan:publish"
    plan_rebaseline = "plan:rebaseline"          # make a new version of the plan from a changed plan file
    inspector_grant = "inspector:grant"          # grant, revoke, and see what inspectors read
    audit_read = "audit:read"
    delegation_manage = "delegation:manage"      # name a cover for one's own absence
    webhook_manage = "webhook:manage"            # a service account's own webhook subscriptions
    user_list = "user:list"                      # see who is who, to assign work, grant access, name a cover
    user_manage = "user:manage"
    role_confirm = "user:confirm_role"           # confirm or refuse an administrator's request to elevate someone
    token_manage = "token:manage"                # list, issue and revoke service tokens (scopes: see below)
    plan_reminders_manage = "plan:manage_reminders"  # the board's cadence, when updates are due, reminder thresholds
    meeting_manage = "meeting:manage"            # schedule governance meetings, record decisions, close papers
    commentary_write = "commentary:write"        # write an area's commentary for a board meeting
    commentary_review = "commentary:review"      # review or return an area's commentary (never one's own)
    commentary_publish = "commentary:publish"    # publish reviewed commentary to the board pack and inspectors
    calendar_feed = "calendar:feed"              # a secret address of one's own calendar: due dates, meetings
    board_calendar_feed = "calendar:board_feed"  # a secret address of a plan's calendar of board meetings


class Scope(StrEnum):
    any = "anywhere"
    own = "actions they own"
    own_or_led = "actions they own, and areas they lead with their actions"
    led = "areas they lead with their actions"
    led_areas = "areas they lead"
    author = "their own proposals"
    granted = "published plans they are granted, until the grant expires"
    token_plans = "the plans the token is limited to (all if none)"
    own_subscriptions = "its own webhook subscriptions"
    own_account = "their own account"


_OWNER = {
    Perm.plan_read: Scope.any,
    Perm.plan_read_drafts: Scope.any,
    Perm.action_update: Scope.own,
    # A fact about the work, like a progress note: recorded by who does it, audited, not approved (a
    # status change is what the board approves). Who recorded it and their note show beside it.
    Perm.milestone_record: Scope.own,
    Perm.evidence_upload: Scope.own,
    Perm.measure_record: Scope.own,
    Perm.status_propose: Scope.own,
    Perm.proposal_withdraw: Scope.author,
    Perm.calendar_feed: Scope.own_account,
}
_HEAD_OF_SERVICE = {
    **_OWNER,
    Perm.action_update: Scope.own_or_led,
    Perm.milestone_record: Scope.own_or_led,
    Perm.evidence_upload: Scope.own_or_led,
    Perm.measure_record: Scope.own_or_led,
    Perm.measure_manage: Scope.led,
    Perm.status_propose: Scope.own_or_led,
    Perm.proposal_decide: Scope.led,
    Perm.evidence_review: Scope.led,
    Perm.delegation_manage: Scope.any,
    Perm.user_list: Scope.any,                   # to choose a cover
    Perm.commentary_write: Scope.led_areas,      # the area lead writes the area's commentary for the board
}
# An assistant director does anything a Head of Service can, across the whole plan, and more.
_ASSISTANT_DIRECTOR = {
    **{perm: Scope.any for perm in _HEAD_OF_SERVICE},
    Perm.proposal_withdraw: Scope.author,
    Perm.status_sign_off: Scope.any,
    Perm.evidence_erase: Scope.any,
    Perm.action_assign_owner: Scope.any,
    Perm.area_assign_lead: Scope.any,
    Perm.audit_read: Scope.any,
    Perm.user_list: Scope.any,
    # They read the whole plan, so they may issue a token that reads it too.
    Perm.token_manage: Scope.any,
    Perm.plan_reminders_manage: Scope.any,
    # The senior officers who report to the board schedule its meetings and clear what goes to it.
    Perm.meeting_manage: Scope.any,
    Perm.commentary_review: Scope.any,
    Perm.commentary_publish: Scope.any,
    Perm.calendar_feed: Scope.own_account,
    # Those who attend the board may give their calendar the plan's board meetings (a secret address each).
    Perm.board_calendar_feed: Scope.any,
}
_DIRECTOR = {
    **_ASSISTANT_DIRECTOR,
    Perm.plan_publish: Scope.any,
    # The plan is the council's commitment to Ofsted, signed off by the director: changing what it
    # commits to (wording, targets, retiring actions) is the director's, as publishing it is.
    Perm.plan_rebaseline: Scope.any,
    Perm.inspector_grant: Scope.any,
    Perm.role_confirm: Scope.any,
}

ROLE_PERMISSIONS: dict[Role, dict[Perm, Scope]] = {
    Role.action_owner: _OWNER,
    Role.head_of_service: _HEAD_OF_SERVICE,
    Role.assistant_director: _ASSISTANT_DIRECTOR,
    Role.director: _DIRECTOR,
    Role.inspector: {Perm.plan_read: Scope.granted},
    # Admins manage accounts and tokens; they do not read or change the plan. The tokens they may
    # issue carry only what they hold themselves (none of the scopes below), so they list and revoke.
    Role.admin: {Perm.user_list: Scope.any, Perm.user_manage: Scope.any, Perm.token_manage: Scope.any,
                 Perm.audit_read: Scope.any},
}

# What a service token's scopes allow. Read-only unless an admin grants more.
SERVICE_SCOPES: dict[str, dict[Perm, Scope]] = {
    "plans:read": {Perm.plan_read: Scope.token_plans},
    "webhooks:manage": {Perm.webhook_manage: Scope.own_subscriptions},
    # A council system posting figures must find the measures it posts to: writing implies reading.
    "measures:write": {Perm.plan_read: Scope.token_plans, Perm.measure_record: Scope.token_plans},
}
DEFAULT_SERVICE_SCOPES = ["plans:read"]
# What whoever issues a token must hold for it to carry each scope: a token never reads more than
# its issuer. A webhook subscription hears of plan changes, so it needs the same as reading.
SERVICE_SCOPE_ISSUER_NEEDS: dict[str, Perm] = {"plans:read": Perm.plan_read, "webhooks:manage": Perm.plan_read,
                                               "measures:write": Perm.measure_record}

# Roles that open the plan to someone (the whole of it, its sign-off, or inspection): an
# administrator's request for one takes effect only when a director other than the requester
# and the person concerned confirms it.
ELEVATED_ROLES = frozenset({Role.director, Role.assistant_director, Role.inspector})

# Decisions that must never be made on one's own work.
_SEPARATION_OF_DUTIES = {Perm.proposal_decide, Perm.status_sign_off, Perm.evidence_review}
# Commentary is cleared for the board by someone other than whoever wrote it.
_COMMENTARY_CLEARANCE = {Perm.commentary_review, Perm.commentary_publish}
SIGN_OFF_STATUSES = {"red", "blue"}


@dataclass(frozen=True)
class Principal:
    """Who is calling, with the facts the rules need (loaded once per request)."""

    id: int                                             # a user's id; minus the token's id for a service
    role: Role | None                                   # None for a service account
    name: str = ""
    led_area_ids: frozenset[int] = frozenset()
    granted_plan_ids: frozenset[int] = frozenset()      # inspectors: live grants on published plans
    service_scopes: tuple[str, ...] = ()
    token_plan_ids: frozenset[int] | None = None        # service accounts limited to some plans

    @property
    def is_service(self) -> bool:
        return self.role is None

    @property
    def service_token_id(self) -> int | None:
        """The ServiceToken row a service account is (its principal id is minus that)."""
        return -self.id if self.is_service else None

    def permissions(self) -> dict[Perm, Scope]:
        if self.is_service:
            held: dict[Perm, Scope] = {}
            for scope in self.service_scopes:
                held.update(SERVICE_SCOPES.get(scope, {}))
            return held
        return ROLE_PERMISSIONS[self.role]


@dataclass(frozen=True)
class PlanRef:
    id: int


@dataclass(frozen=True)
class ActionRef:
    plan_id: int
    area_id: int
    owner_id: int | None


@dataclass(frozen=True)
class AreaRef:
    plan_id: int
    id: int


@dataclass(frozen=True)
class DecisionRef:
    """A proposal or an evidence item awaiting a decision, on an action."""

    action: ActionRef
    author_id: int | None
    to_status: str | None = None


@dataclass(frozen=True)
class CommentaryRef:
    """An area's commentary for a meeting, with who wrote its current version (for separation of duties)."""

    area: AreaRef
    author_id: int | None


@dataclass(frozen=True)
class SubscriptionRef:
    """A webhook subscription, which belongs to the service token that made it."""

    service_token_id: int


Obj = PlanRef | AreaRef | ActionRef | DecisionRef | CommentaryRef | SubscriptionRef | None


@dataclass
class Denied:
    why: str
    visible: bool = field(default=True)  # False: answer as if the object did not exist (404)


# How a refusal words each permission and scope, for the person refused ("Only administrators can
# see the list of users"; "You can add evidence only for actions you own"): the one place for that wording.
PERM_WORDS: dict[Perm, str] = {
    Perm.plan_read: "read the plan",
    Perm.plan_read_drafts: "see proposals and evidence before they are approved",
    Perm.action_update: "record progress on actions",
    Perm.milestone_record: "record milestones met",
    Perm.evidence_upload: "add evidence",
    Perm.measure_record: "enter readings of measures",
    Perm.measure_manage: "set up measures",
    Perm.status_propose: "propose status changes or new due dates",
    Perm.proposal_withdraw: "withdraw proposals",
    Perm.proposal_decide: "decide on proposals",
    Perm.status_sign_off: "sign off Red and Blue",
    Perm.evidence_review: "review evidence",
    Perm.evidence_erase: "erase evidence",
    Perm.action_assign_owner: "choose who owns an action",
    Perm.area_assign_lead: "choose who leads an area",
    Perm.plan_publish: "publish the plan to inspectors",
    Perm.plan_rebaseline: "re-baseline the plan (make a new version of it)",
    Perm.inspector_grant: "give inspectors access",
    Perm.audit_read: "read the audit log",
    Perm.delegation_manage: "name someone to cover for you",
    Perm.webhook_manage: "manage webhook subscriptions",
    Perm.user_list: "see the list of users",
    Perm.user_manage: "manage user accounts",
    Perm.role_confirm: "confirm changes of role",
    Perm.token_manage: "manage service tokens",
    Perm.plan_reminders_manage: "set when the board meets and when people are reminded",
    Perm.meeting_manage: "schedule board meetings and record what they decide",
    Perm.commentary_write: "write an area's commentary for the board",
    Perm.commentary_review: "review commentary for the board",
    Perm.commentary_publish: "publish commentary for the board",
    Perm.calendar_feed: "have a calendar feed",
    Perm.board_calendar_feed: "have a calendar feed of a plan's board meetings",
}
_ROLES_WORDS = {Role.action_owner: "action owners", Role.head_of_service: "Heads of Service",
                Role.assistant_director: "assistant directors", Role.director: "the director",
                Role.inspector: "inspectors", Role.admin: "administrators"}
_YOUR_SCOPE = {
    Scope.any: "anything",
    Scope.own: "actions you own",
    Scope.own_or_led: "actions you own or in areas you lead",
    Scope.led: "actions in areas you lead",
    Scope.led_areas: "areas you lead",
    Scope.author: "your own proposals",
    Scope.granted: "published plans you have been given access to",
    Scope.token_plans: "the plans the token is limited to",
    Scope.own_subscriptions: "the token's own webhook subscriptions",
    Scope.own_account: "your own account",
}


def _holders(perm: Perm) -> str:
    roles = [_ROLES_WORDS[role] for role, held in ROLE_PERMISSIONS.items() if perm in held]
    if not roles:
        return "service tokens"
    return roles[0] if len(roles) == 1 else f"{', '.join(roles[:-1])} and {roles[-1]}"


def not_held(perm: Perm) -> Denied:
    return Denied(f"Only {_holders(perm)} can {PERM_WORDS[perm]}")


def _plan_id(obj: Obj) -> int | None:
    if isinstance(obj, PlanRef):
        return obj.id
    if isinstance(obj, AreaRef | ActionRef):
        return obj.plan_id
    if isinstance(obj, DecisionRef):
        return obj.action.plan_id
    if isinstance(obj, CommentaryRef):
        return obj.area.plan_id
    return None


def _area_id(obj: Obj) -> int | None:
    if isinstance(obj, ActionRef):
        return obj.area_id
    if isinstance(obj, AreaRef):
        return obj.id
    return None


def _in_scope(p: Principal, scope: Scope, obj: Obj) -> bool:
    action = obj.action if isinstance(obj, DecisionRef) else obj
    match scope:
        case Scope.any:
            return True
        case Scope.own:
            return isinstance(action, ActionRef) and action.owner_id == p.id
        # An area they lead counts as its actions do (an area's own measures); owning one of its
        # actions gives nothing over the area itself.
        case Scope.led:
            return _area_id(action) in p.led_area_ids
        case Scope.own_or_led:
            return (isinstance(action, ActionRef) and action.owner_id == p.id) or _area_id(action) in p.led_area_ids
        case Scope.led_areas:
            area = obj.area if isinstance(obj, CommentaryRef) else obj
            return isinstance(area, AreaRef) and area.id in p.led_area_ids
        case Scope.author:
            return isinstance(obj, DecisionRef) and obj.author_id == p.id
        case Scope.granted:
            return _plan_id(obj) in p.granted_plan_ids
        case Scope.token_plans:
            return p.token_plan_ids is None or _plan_id(obj) in p.token_plan_ids
        case Scope.own_account:
            return obj is None  # what is theirs alone (their calendar feed): no object of anyone else's
        case Scope.own_subscriptions:
            return isinstance(obj, SubscriptionRef) and p.is_service and obj.service_token_id == p.service_token_id
    return False


def can(p: Principal, perm: Perm, obj: Obj = None) -> bool:
    return check(p, perm, obj) is None


def check(p: Principal, perm: Perm, obj: Obj = None) -> Denied | None:
    """None when allowed; otherwise why not, and whether the caller may know the object exists."""
    held = p.permissions()
    if _plan_id(obj) is not None:
        read_scope = held.get(Perm.plan_read)
        if read_scope is None or not _in_scope(p, read_scope, obj):
            return Denied("not visible", visible=False)
    scope = held.get(perm)
    if scope is None:
        return not_held(perm)
    if obj is not None and not _in_scope(p, scope, obj):
        # Another account's webhook subscription is not even acknowledged.
        return Denied(f"You can {PERM_WORDS[perm]} only for {_YOUR_SCOPE[scope]}",
                      visible=not isinstance(obj, SubscriptionRef))
    if isinstance(obj, DecisionRef):
        if perm in _SEPARATION_OF_DUTIES and obj.author_id == p.id:
            return Denied("Nobody decides on their own proposal or evidence: it goes to someone else who can decide")
        if perm == Perm.proposal_decide and obj.to_status in SIGN_OFF_STATUSES and not can(p, Perm.status_sign_off, obj):
            return Denied("Red and Blue need sign-off by an assistant director or the director")
    if isinstance(obj, CommentaryRef) and perm in _COMMENTARY_CLEARANCE and obj.author_id == p.id:
        return Denied("Nobody reviews or publishes commentary they wrote: another assistant director or the "
                      "director does")
    return None


# Who may be given work: owners of actions are officers who can record progress; area leads
# are Heads of Service; inspector access goes to inspectors.
ACTION_OWNER_ROLES = frozenset({Role.action_owner, Role.head_of_service, Role.assistant_director, Role.director})
AREA_LEAD_ROLES = frozenset({Role.head_of_service})
INSPECTOR_ROLES = frozenset({Role.inspector})


def check_as_cover(cover: Principal, approver: Principal, perm: Perm, obj: DecisionRef) -> Denied | None:
    """A cover named by an approver decides with the approver's powers, in their name.
    Separation of duties binds both: neither may decide on their own work."""
    if obj.author_id == cover.id:
        return Denied("Nobody decides on their own proposal or evidence, even as someone's cover")
    return check(approver, perm, obj)


def decides_as(p: Principal, covered: "list[Principal]", perm: Perm, obj: DecisionRef) -> Principal | None:
    """In whose name the caller may decide: themselves if their own powers suffice, otherwise the first
    approver they cover today who could (a queue shows it, and the decision names them); None if nobody."""
    if check(p, perm, obj) is None:
        return p
    return next((a for a in covered if check_as_cover(p, a, perm, obj) is None), None)


def check_evidence_review_as_cover(cover: Principal, approver: Principal, home: ActionRef,
                                   author_ids: "set[int | None]") -> Denied | None:
    """A cover reviews evidence with the approver's powers, never their own work nor the approver's."""
    if cover.id in author_ids:
        return Denied("nobody reviews evidence they uploaded, even as someone's cover")
    return check_evidence_review(approver, home, author_ids)


def reviews_evidence_as(p: Principal, covered: "list[Principal]", home: ActionRef,
                        author_ids: "set[int | None]") -> Principal | None:
    """Like decides_as, for evidence review."""
    if check_evidence_review(p, home, author_ids) is None:
        return p
    return next((a for a in covered if check_evidence_review_as_cover(p, a, home, author_ids) is None), None)


def sees_decision_state(p: Principal, state: str) -> bool:
    """Proposals and re-schedules: inspectors and service tokens see approved ones only."""
    return sees_drafts(p) or state == "approved"


def sees_evidence(p: Principal, state: str, contains_personal_data: bool) -> bool:
    """Inspectors and service tokens see accepted evidence without personal data, and nothing else."""
    return sees_drafts(p) or (state == "accepted" and not contains_personal_data)


def sees_evidence_history(p: Principal) -> bool:
    """Earlier versions of an evidence file were never accepted as they stand: those who see only
    accepted evidence see its current version only."""
    return sees_drafts(p)


def check_evidence_change(p: Principal, home: ActionRef, uploader_id: int | None) -> Denied | None:
    """Withdrawing an evidence item or replacing its file: anyone who may upload evidence on its home
    action (the one it was uploaded to), and its uploader (who may still upload evidence at all).
    Linking an item to another action only shows it there: it gives no power over the item."""
    denied = check(p, Perm.evidence_upload, home)
    if denied is None:
        return None
    if denied.visible and not p.is_service and p.id == uploader_id and Perm.evidence_upload in p.permissions():
        return None
    return denied


def check_evidence_review(p: Principal, home: ActionRef, author_ids: "set[int | None]") -> Denied | None:
    """Accepting or rejecting evidence: `evidence:review` on its home action, never by one of its
    authors (whoever uploaded it or its current file). A link to an action one may review on does not
    count: otherwise anyone could bring an item within their own reach by linking it."""
    denied = check(p, Perm.evidence_review, DecisionRef(action=home, author_id=None))
    if denied is None and not p.is_service and p.id in author_ids:
        return check(p, Perm.evidence_review, DecisionRef(action=home, author_id=p.id))
    return denied


def check_evidence_unlink(p: Principal, linked: ActionRef, home: ActionRef, uploader_id: int | None) -> Denied | None:
    """Taking an item off an action it is linked to (never its home): those who may upload evidence on
    that action decide what it shows, and those who may withdraw the item may take it off elsewhere.
    Having made the link gives nothing by itself."""
    denied = check(p, Perm.evidence_upload, linked)
    if denied is None or check_evidence_change(p, home, uploader_id) is None:
        return None
    return denied


def check_workbook_import(p: Principal, plan_id: int) -> Denied | None:
    """Uploading an edited board pack workbook: whoever reads the plan and may propose on some action of
    it (a status or a new date). Each change it holds is then checked on its own action, as in the SPA."""
    denied = check(p, Perm.plan_read, PlanRef(plan_id))
    if denied is not None:
        return denied
    if p.is_service or Perm.status_propose not in p.permissions():
        return not_held(Perm.status_propose)
    return None


# What each kind of change in an imported workbook needs on its action: the SPA's own permission for it.
WORKBOOK_CHANGE_PERMS = {"status": Perm.status_propose, "due_date": Perm.status_propose,
                         "progress": Perm.action_update, "owner": Perm.action_assign_owner}


def sees_workbook_import(p: Principal, uploaded_by_id: int) -> bool:
    """An uploaded workbook and its preview are its uploader's alone (others are answered 404)."""
    return not p.is_service and p.id == uploaded_by_id


def receives_plan_events(p: Principal, plan_id: int) -> bool:
    """Webhook events carry the object as the API shows it: a subscriber receives an event about
    a plan only if its token may read that plan (a token limited to one plan hears of that plan only)."""
    return can(p, Perm.plan_read, PlanRef(plan_id))


def visible_plan_ids(p: Principal) -> frozenset[int] | None:
    """The plans the caller may read: None means all. Queries filter by this, so a forgotten
    check elsewhere still leaks nothing."""
    scope = p.permissions().get(Perm.plan_read)
    if scope is None:
        return frozenset()
    if scope == Scope.granted:
        return p.granted_plan_ids
    if scope == Scope.token_plans:
        return p.token_plan_ids
    return None


def sees_drafts(p: Principal) -> bool:
    return Perm.plan_read_drafts in p.permissions()


def check_token_scopes(p: Principal, scopes: "list[str]", plan_id: int | None) -> Denied | None:
    """Issuing a service token: `token:manage`, and for each scope what SERVICE_SCOPE_ISSUER_NEEDS
    says, held for every plan the token will reach (all plans unless it is limited to one)."""
    denied = check(p, Perm.token_manage)
    if denied is not None:
        return denied
    held = p.permissions()
    for scope in scopes:
        need = SERVICE_SCOPE_ISSUER_NEEDS[scope]
        reach_all = held.get(need) == Scope.any
        if not reach_all and (plan_id is None or check(p, need, PlanRef(plan_id)) is not None):
            return Denied(f"A token can do no more than whoever issues it, and you cannot {PERM_WORDS[need]} "
                          "everywhere it would reach: ask the director or an assistant director to issue it")
    return None


def check_own_account(p: Principal, user_id: int, role_changes: bool, deactivates: bool) -> Denied | None:
    """Nobody changes their own role or deactivates their own account: another administrator does."""
    if p.id == user_id and (role_changes or deactivates):
        return Denied("Nobody changes their own role or deactivates their own account: ask another administrator")
    return None


def elevation_needs_confirmation(role: Role, active: bool, new_role: Role, new_active: bool) -> bool:
    """True when a change would give an active account an elevated role it does not actively hold
    now: a new role, a new account, or reactivating an account that holds one."""
    return new_active and new_role in ELEVATED_ROLES and not (active and role == new_role)


def check_role_change_decision(p: Principal, requested_by_id: int | None, user_id: int) -> Denied | None:
    """Confirming or refusing an elevation: a director who is neither the requester nor the person concerned."""
    denied = check(p, Perm.role_confirm)
    if denied is not None:
        return denied
    if p.id in (requested_by_id, user_id):
        return Denied("A second person confirms: neither whoever asked for the change nor the person it concerns")
    return None


def sees_role_changes(p: Principal) -> bool:
    """Administrators, who ask for changes, and directors, who confirm them."""
    held = p.permissions()
    return Perm.user_manage in held or Perm.role_confirm in held


# Audit events about accounts and tokens hold names, emails, roles and scopes: an administrator's own
# business. Every other event may carry the plan's words (commentary, exception reports, progress,
# evidence titles), so only those who read drafts of the plan see their before and after.
ACCOUNT_AUDIT_OBJECTS = frozenset({"user", "role_change", "service_token"})


def sees_audit_detail(p: Principal, object_type: str) -> bool:
    return sees_drafts(p) or (object_type in ACCOUNT_AUDIT_OBJECTS and Perm.user_manage in p.permissions())


CROSS_CUTTING_RULES = [
    "Nobody approves, rejects or returns their own proposal, nor reviews their own evidence "
    "(separation of duties): it goes to someone else with the power — a Head of Service's own proposal "
    "goes up to an assistant director or the director.",
    "Approving a change to Red (with its exception report) or to Blue (completion) needs `status:sign_off`, "
    "held by assistant directors and the director only.",
    "Inspectors read only plans the director has published and granted them, until the grant's expiry day, "
    "unless revoked; they see approved statuses and history and accepted evidence without personal data — "
    "never drafts, pending proposals or rejected items. Every request an inspector makes is logged for the director.",
    "Service tokens are read-only (`plans:read`) unless given `measures:write`, and may be limited to one plan; "
    "they see approved content only. "
    "A token with `webhooks:manage` manages its own webhook subscriptions (another token's are answered 404) and "
    "receives events only about the plans its `plans:read` scope lets it read, and only while it is neither "
    "revoked nor expired.",
    "Evidence belongs to its home action, the one it was uploaded to: it is reviewed by those who review on that "
    "action, and withdrawn or given a new file by those who may upload evidence there, and by its uploader (while "
    "they may upload evidence at all). Nobody who uploaded it or its current file reviews it.",
    "Linking an item to another action (`POST /evidence/{id}/actions`) needs `evidence:upload` on that action and "
    "sight of the item (it is 404 to whoever may not see it). A link only shows the item on that action, to those "
    "who may see it, and counts as that action's evidence (a Blue needs accepted evidence): it gives nobody any "
    "power over the item, so linking someone else's item to one's own action lets one neither withdraw, replace "
    "nor review it. A link (never the home one) is removed (`DELETE /evidence/{id}/actions/{action_id}`) by those who "
    "may upload evidence on the linked action or withdraw the item; having made the link gives nothing by itself.",
    "A cover named in a delegation decides proposals and re-schedules, and reviews evidence, with the approver's "
    "powers and in their name, from the first to the last day of the absence unless it is ended early; never on "
    "their own work nor the approver's. Their queues list what they may decide in either capacity.",
    "Blue can be proposed only on an action with at least one accepted evidence item (409 otherwise), and is "
    "approved only while it still has one.",
    "No relation anyone can make (an evidence link, a cover named in a delegation, an inspector grant, an area "
    "lead, an action owner, a service token) gives power over somebody else's object beyond what these rules say "
    "it gives: a cover decides only as the approver could, an inspector grant only lets an inspector read, an area "
    "lead or owner acts on that area's or action's objects only, a service token only reads (and manages its own "
    "webhook subscriptions).",
    "Measures: owners enter and correct readings on the actions they own, Heads of Service on the areas they "
    "lead (where they also define measures), assistant directors and the director anywhere; a service token with "
    "`measures:write` posts and corrects readings from a council system on the plans it may read. A reading has "
    "no draft stage, so every reader of a plan, inspectors included, sees its readings — and every correction "
    "with its reason and the figure it replaced: a corrected figure is never hidden. The RAG a trajectory "
    "suggests is advice beside the approved status; it never changes a status.",
    "Governance meetings (the improvement board, Cabinet, scrutiny, the Corporate Parenting Advisory Committee, "
    "Ofsted's engagement meeting) are scheduled, changed, closed for papers and have their decisions recorded by "
    "assistant directors and the director (`meeting:manage`): the officers who report to those forums. Everyone "
    "who reads a plan, inspectors and service tokens included, sees its meetings, their decisions and their frozen "
    "packs. A decision linked to an action or area only shows there: its owner gets no power over that action "
    "or area, and no relation to it gives power over the decision.",
    "Commentary for the board: the area's lead (a Head of Service) writes it for the areas they lead, assistant "
    "directors and the director for any area; every new text is a new version, never an edit. An assistant "
    "director or the director reviews it (or returns it with a reason) and publishes it, never one they wrote "
    "themselves. Only published commentary reaches the board pack, inspectors and service tokens; drafts are seen "
    "by those who read the plan's drafts.",
    "The board pack (`GET /plans/{id}/pack.pdf`, `.xlsx`, `.csv`) is read with `plan:read`, so inspectors get it "
    "only for a published plan granted to them. It holds approved content only (approved statuses, due dates and "
    "their commentary, accepted evidence counted, measure readings), the same file for every reader: nothing "
    "pending, draft or rejected is in anyone's pack.",
    "An edited board pack workbook (`POST /plans/{id}/workbook-imports`) is uploaded by anyone who reads the "
    "plan and may propose on some action of it; its preview and its applying are the uploader's alone (404 to "
    "others). Applying sends each change through the SPA's own workflow as the uploader, checked on its own "
    "action with the SPA's permission (a RAG: `status:propose`, and it becomes a proposal, never an approval; "
    "a new due date: `status:propose`, as a re-schedule request; commentary alone: `action:update`, as a "
    "progress note; an owner: `action:assign_owner`). A row the uploader may not change is refused in the "
    "preview, and a workbook with any refused or wrong row applies nothing: all or nothing.",
    "An object the caller may not read is answered as if it did not exist (404); an object they may read but "
    "not change gives 403.",
    "Administrators manage accounts and tokens; they do not read or steer the plan. Nobody changes their own "
    "role or deactivates their own account (403).",
    "Making someone director, assistant director or inspector (by a new role, a new account, or reactivating an "
    "account that holds one) is only a request: it is recorded as a pending role change, every director is "
    "notified, and it takes effect only when a director who is neither the requester nor the person concerned "
    "confirms it (`user:confirm_role`); a director may refuse it instead, and a later change to the same account "
    "supersedes it. Requests, confirmations, refusals and supersessions are all audited. The first director is "
    "created on the command line (`actionplan create-user`).",
    "A service token carries only what its issuer may do: `plans:read` and `webhooks:manage` need `plan:read` on "
    "every plan the token reaches. Administrators, who do not read the plan, list and revoke tokens but cannot "
    "issue these; the director and assistant directors can. Tokens issued before this rule are kept.",
    "Reminders are personal: everyone (not a service token) reads and sets only their own choice of in-app only or "
    "in-app and email. Every reader of a plan sees its reminder settings (when the board meets, when updates are "
    "due); only assistant directors and the director change them (`plan:manage_reminders`), and each change is "
    "audited. A reminder or an escalation tells a person of an action; it gives them no power over it.",
    "A calendar feed is read without signing in, at a secret address (only its hash is kept) that its holder "
    "renews or revokes: it shows what its holder may read now (their own actions' due dates and milestones, and "
    "the board meetings of the plans they read), re-checked at every read, so it stops when they lose the power "
    "or their account is deactivated. Action owners, Heads of Service, assistant directors and the director have "
    "one; assistant directors and the director may also have one of a plan's board meetings.",
    "In the audit log, those who do not read the plan's drafts (administrators) see who did what, to which object "
    "and when, but the before and after only of events about accounts, role changes and service tokens — never "
    "the plan's text (commentary, exception reports, progress, evidence titles or file names).",
]


def permissions_doc() -> str:
    """docs/permissions.md, generated from this module (`actionplan permissions-doc`)."""
    rules = "\n".join(f"- {rule}" for rule in CROSS_CUTTING_RULES)
    return (
        "# Who may do what\n\n"
        "Generated from `backend/actionplan/auth/permissions.py` by `actionplan permissions-doc -o "
        "docs/permissions.md`; a test fails when they differ. Each cell is the scope in which the role "
        "holds the permission.\n\n" + permission_table_markdown() + "\n## Rules that cut across roles\n\n"
        + rules + "\n")


def permission_table_markdown() -> str:
    roles = list(ROLE_PERMISSIONS)
    scopes = list(SERVICE_SCOPES)
    lines = ["| permission | " + " | ".join(r.value for r in roles) + " | "
             + " | ".join(f"service token (`{s}`)" for s in scopes) + " |",
             "|---|" + "---|" * (len(roles) + len(scopes))]
    for perm in Perm:
        cells = [ROLE_PERMISSIONS[r].get(perm) for r in roles] + [SERVICE_SCOPES[s].get(perm) for s in scopes]
        lines.append(f"| `{perm.value}` | " + " | ".join(c.value if c else "—" for c in cells) + " |")
    return "\n".join(lines) + "\n"
