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
    evidence_upload = "evidence:upload"
    status_propose = "status:propose"
    proposal_decide = "proposal:decide"          # approve, reject or return a proposal
    status_sign_off = "status:sign_off"          # approve Blue (completion) and Red (exception report)
    evidence_review = "evidence:review"          # accept or reject evidence
    evidence_erase = "evidence:erase"            # data-protection erasure
    action_assign_owner = "action:assign_owner"
    area_assign_lead = "area:assign_lead"
    plan_publish = "plan:publish"
    inspector_grant = "inspector:grant"          # grant, revoke, and see what inspectors read
    audit_read = "audit:read"
    delegation_manage = "delegation:manage"      # name a cover for one's own absence
    webhook_manage = "webhook:manage"            # a service account's own webhook subscriptions
    user_list = "user:list"                      # see who is who, to assign work and grant access
    user_manage = "user:manage"
    token_manage = "token:manage"


class Scope(StrEnum):
    any = "anywhere"
    own = "actions they own"
    own_or_led = "actions they own or in areas they lead"
    led = "actions in areas they lead"
    granted = "published plans they are granted, until the grant expires"
    token_plans = "the plans the token is limited to (all if none)"


_OWNER = {
    Perm.plan_read: Scope.any,
    Perm.plan_read_drafts: Scope.any,
    Perm.action_update: Scope.own,
    Perm.evidence_upload: Scope.own,
    Perm.status_propose: Scope.own,
}
_HEAD_OF_SERVICE = {
    **_OWNER,
    Perm.action_update: Scope.own_or_led,
    Perm.evidence_upload: Scope.own_or_led,
    Perm.status_propose: Scope.own_or_led,
    Perm.proposal_decide: Scope.led,
    Perm.evidence_review: Scope.led,
    Perm.delegation_manage: Scope.any,
}
# An assistant director does anything a Head of Service can, across the whole plan, and more.
_ASSISTANT_DIRECTOR = {
    **{perm: Scope.any for perm in _HEAD_OF_SERVICE},
    Perm.status_sign_off: Scope.any,
    Perm.evidence_erase: Scope.any,
    Perm.action_assign_owner: Scope.any,
    Perm.area_assign_lead: Scope.any,
    Perm.audit_read: Scope.any,
    Perm.user_list: Scope.any,
}
_DIRECTOR = {
    **_ASSISTANT_DIRECTOR,
    Perm.plan_publish: Scope.any,
    Perm.inspector_grant: Scope.any,
}

ROLE_PERMISSIONS: dict[Role, dict[Perm, Scope]] = {
    Role.action_owner: _OWNER,
    Role.head_of_service: _HEAD_OF_SERVICE,
    Role.assistant_director: _ASSISTANT_DIRECTOR,
    Role.director: _DIRECTOR,
    Role.inspector: {Perm.plan_read: Scope.granted},
    # Admins manage accounts and tokens; they do not read or change the plan.
    Role.admin: {Perm.user_list: Scope.any, Perm.user_manage: Scope.any, Perm.token_manage: Scope.any,
                 Perm.audit_read: Scope.any},
}

# What a service token's scopes allow. Read-only unless an admin grants more.
SERVICE_SCOPES: dict[str, dict[Perm, Scope]] = {
    "plans:read": {Perm.plan_read: Scope.token_plans},
    "webhooks:manage": {Perm.webhook_manage: Scope.any},
}
DEFAULT_SERVICE_SCOPES = ["plans:read"]

# Decisions that must never be made on one's own work.
_SEPARATION_OF_DUTIES = {Perm.proposal_decide, Perm.status_sign_off, Perm.evidence_review}
SIGN_OFF_STATUSES = {"red", "blue"}


@dataclass(frozen=True)
class Principal:
    """Who is calling, with the facts the rules need (loaded once per request)."""

    id: int
    role: Role | None                                   # None for a service account
    name: str = ""
    led_area_ids: frozenset[int] = frozenset()
    granted_plan_ids: frozenset[int] = frozenset()      # inspectors: live grants on published plans
    service_scopes: tuple[str, ...] = ()
    token_plan_ids: frozenset[int] | None = None        # service accounts limited to some plans

    @property
    def is_service(self) -> bool:
        return self.role is None

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


Obj = PlanRef | AreaRef | ActionRef | DecisionRef | None


@dataclass
class Denied:
    why: str
    visible: bool = field(default=True)  # False: answer as if the object did not exist (404)


def _plan_id(obj: Obj) -> int | None:
    if isinstance(obj, PlanRef):
        return obj.id
    if isinstance(obj, AreaRef | ActionRef):
        return obj.plan_id
    if isinstance(obj, DecisionRef):
        return obj.action.plan_id
    return None


def _in_scope(p: Principal, scope: Scope, obj: Obj) -> bool:
    action = obj.action if isinstance(obj, DecisionRef) else obj
    match scope:
        case Scope.any:
            return True
        case Scope.own:
            return isinstance(action, ActionRef) and action.owner_id == p.id
        case Scope.led:
            return isinstance(action, ActionRef) and action.area_id in p.led_area_ids
        case Scope.own_or_led:
            return isinstance(action, ActionRef) and (action.owner_id == p.id or action.area_id in p.led_area_ids)
        case Scope.granted:
            return _plan_id(obj) in p.granted_plan_ids
        case Scope.token_plans:
            return p.token_plan_ids is None or _plan_id(obj) in p.token_plan_ids
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
        return Denied(f"your role may not {perm.value}")
    if obj is not None and not _in_scope(p, scope, obj):
        return Denied(f"only on {scope.value}")
    if isinstance(obj, DecisionRef):
        if perm in _SEPARATION_OF_DUTIES and obj.author_id == p.id:
            return Denied("nobody decides on their own proposal or evidence; it goes to someone else with the power")
        if perm == Perm.proposal_decide and obj.to_status in SIGN_OFF_STATUSES and not can(p, Perm.status_sign_off, obj):
            return Denied("Red and Blue need sign-off by an assistant director or the director")
    return None


def sees_decision_state(p: Principal, state: str) -> bool:
    """Proposals and re-schedules: inspectors and service tokens see approved ones only."""
    return sees_drafts(p) or state == "approved"


def sees_evidence(p: Principal, state: str, contains_personal_data: bool) -> bool:
    """Inspectors and service tokens see accepted evidence without personal data, and nothing else."""
    return sees_drafts(p) or (state == "accepted" and not contains_personal_data)


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


CROSS_CUTTING_RULES = [
    "Nobody approves, rejects or returns their own proposal, nor reviews their own evidence "
    "(separation of duties): it goes to someone else with the power — a Head of Service's own proposal "
    "goes up to an assistant director or the director.",
    "Approving a change to Red (with its exception report) or to Blue (completion) needs `status:sign_off`, "
    "held by assistant directors and the director only.",
    "Inspectors read only plans the director has published and granted them, until the grant's expiry day, "
    "unless revoked; they see approved statuses and history and accepted evidence without personal data — "
    "never drafts, pending proposals or rejected items. Every request an inspector makes is logged for the director.",
    "Service tokens are read-only (`plans:read`) and may be limited to one plan; they see approved content only.",
    "An object the caller may not read is answered as if it did not exist (404); an object they may read but "
    "not change gives 403.",
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
    lines = ["| permission | " + " | ".join(r.value for r in roles) + " | service token (`plans:read`) |",
             "|---|" + "---|" * (len(roles) + 1)]
    for perm in Perm:
        cells = [ROLE_PERMISSIONS[r].get(perm) for r in roles] + [SERVICE_SCOPES["plans:read"].get(perm)]
        lines.append(f"| `{perm.value}` | " + " | ".join(c.value if c else "—" for c in cells) + " |")
    return "\n".join(lines) + "\n"
