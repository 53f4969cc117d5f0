"""The demo: the Haringey plan and one user per role, owning what JOURNEYS.md has them own."""

import secrets
from importlib.resources import files

from sqlmodel import Session, select

from actionplan.actions.models import Action
from actionplan.audit import service as audit
from actionplan.plans.models import Area, Plan
from actionplan.plans.plan_file import parse_plan_file
from actionplan.plans.service import import_plan
from actionplan.plans.version_store import latest_version
from actionplan.users.models import Role, User
from actionplan.users.service import create_user

HARINGEY_PLAN = "haringey-ofsted-action-plan-2019.yaml"

DEMO_USERS = [
    ("owner@actionplan.example", Role.action_owner, "Amara Okafor"),
    ("hos@actionplan.example", Role.head_of_service, "Daniel Hughes"),
    ("ad@actionplan.example", Role.assistant_director, "Sarah Mensah"),
    ("director@actionplan.example", Role.director, "Claire Whitfield"),
    ("inspector@actionplan.example", Role.inspector, "Ines Patel"),
    ("admin@actionplan.example", Role.admin, "Alex Morgan"),
]
# Who owns and leads what in the demo (JOURNEYS.md): the owner has 1.2, 1.4, 3.1 and 5.2;
# the Head of Service leads areas 1 to 5 and owns 1.7 himself.
OWNER_ACTIONS = {"1.2", "1.4", "3.1", "5.2"}
HOS_ACTIONS = {"1.7"}
HOS_AREAS = {1, 2, 3, 4, 5}


def haringey_plan_text() -> str:
    return files("actionplan.data").joinpath(HARINGEY_PLAN).read_text(encoding="utf-8")


def demo_users(session: Session, password: str | None) -> tuple[dict[Role, User], str | None]:
    """Idempotent. The demo users by role, and the password set if any of them were new."""
    new_password = password or secrets.token_urlsafe(12)
    created = False
    users: dict[Role, User] = {}
    for email, role, name in DEMO_USERS:
        user = session.exec(select(User).where(User.email == email)).first()
        if user is None:
            user = create_user(session, email, role, new_password, name=name, actor_label="demo")
            created = True
        users[role] = user
    return users, new_password if created else None


def demo_sign_ins() -> list[tuple[str, str, str]]:
    return [(e, r.value, n) for e, r, n in DEMO_USERS]


def load_demo(session: Session, password: str | None) -> tuple[list[tuple[str, str, str]], str | None]:
    """Idempotent. Returns the demo sign-ins (email, role, name) and the password set, if any users were new."""
    users, new_password = demo_users(session, password)
    plan_file = parse_plan_file(haringey_plan_text())
    plan = session.exec(select(Plan).where(Plan.slug == plan_file.plan.slug)).first()
    # Re-baselined since: the plan is no longer the file as submitted, and is kept as it now is.
    if plan is None or latest_version(session, plan.id).number == 1:
        plan, _ = import_plan(session, plan_file, actor_label="demo")
    changed = []
    for area in session.exec(select(Area).where(Area.plan_id == plan.id, Area.lead_id.is_(None))):
        if area.number in HOS_AREAS:
            area.lead_id = users[Role.head_of_service].id
            changed.append(("area", area.id))
    for action in session.exec(select(Action).where(Action.plan_id == plan.id, Action.owner_id.is_(None))):
        owner = Role.action_owner if action.ref in OWNER_ACTIONS else (
            Role.head_of_service if action.ref in HOS_ACTIONS else None)
        if owner:
            action.owner_id = users[owner].id
            changed.append(("action", action.id))
    for object_type, object_id in changed:
        audit.record(session, None, f"{object_type}.assign_demo", object_type, object_id, actor_label="demo")
    session.commit()
    return demo_sign_ins(), new_password
