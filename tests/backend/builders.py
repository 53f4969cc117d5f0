"""Small builders for test data, over the demo plan that every test database holds."""

from sqlmodel import Session, select

from actionplan.actions.models import Action
from actionplan.demo import haringey_plan_text
from actionplan.plans.models import Plan
from actionplan.plans.plan_file import parse_plan_file
from actionplan.users.models import User

HARINGEY_SLUG = "haringey-childrens-ofsted-2019"


def haringey(session: Session) -> Plan:
    return session.exec(select(Plan).where(Plan.slug == HARINGEY_SLUG)).one()


def action(session: Session, ref: str) -> Action:
    return session.exec(select(Action).where(Action.plan_id == haringey(session).id, Action.ref == ref)).one()


def user(session: Session, email: str) -> User:
    return session.exec(select(User).where(User.email == email)).one()


def plan_file(slug: str = HARINGEY_SLUG):
    """The Haringey plan file, optionally under another slug (a second, fresh plan)."""
    parsed = parse_plan_file(haringey_plan_text())
    parsed.plan.slug = slug
    return parsed


def if_match(kind: str, obj) -> dict[str, str]:
    return {"If-Match": f'"{kind}-{obj.id}-v{obj.version}"'}


def accepted_evidence(session: Session, action_row: Action, title: str = "Published practice standards") -> None:
    """An accepted evidence item on the action, as a reviewer would leave it."""
    from actionplan.evidence.models import Evidence, EvidenceLink

    item = Evidence(plan_id=action_row.plan_id, title=title, kind="link", url="https://example.org/standards",
                    state="accepted", contains_personal_data=False)
    session.add(item)
    session.flush()
    session.add(EvidenceLink(evidence_id=item.id, action_id=action_row.id, home=True))
    session.commit()
