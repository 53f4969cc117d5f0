"""Chained cases (issue 10): authority must not flow through a relation that someone can create.

For every relation (an evidence link, a cover named in a delegation, an inspector grant, an area
lead, an action owner, a service token), it is made through the API by whoever may make it, and the
person it names then tries every write operation of the other matrices on objects that are not theirs.
Two things must hold in every cell:
- the answer is the one auth/permissions.py gives for the world as it now is (as in every matrix);
- for relations that the rules say give no power (all but area lead and owner, which make someone
  responsible for an area or an action), nothing refused before the relation succeeds after it.
  Visibility may grow (an inspector's 404 becomes 403); power may not.

The operations come from the other test_authorisation_matrix*.py files, so a new write route added
there is tried through every relation here without further work. Webhook routes are left to their
own matrix: their objects belong to service tokens, not to the plan, and only a token's own scopes
reach them; so are role changes (issue 10's admin rules), which concern accounts and have their own matrix.
"""

import datetime as dt
import inspect
import pkgutil
from dataclasses import dataclass
from types import ModuleType
from typing import Callable

import pytest
from sqlmodel import Session

from actionplan.actions.models import Action
from actionplan.auth.deps import principal_for, service_principal
from actionplan.auth.permissions import Principal
from actionplan.core.clock import council_today
from actionplan.core.etag import make_etag
from actionplan.users.models import Role, User
from tests.backend import api as api_tests
from tests.backend import matrix
from tests.backend.api import test_authorisation_matrix as base_matrix
from tests.backend.api import test_authorisation_matrix_evidence as evidence_matrix
from tests.backend.api import test_authorisation_matrix_measures as measures_matrix
from tests.backend.api import test_authorisation_matrix_milestones as milestones_matrix
from tests.backend.api import test_authorisation_matrix_reminders as reminders_matrix
from tests.backend.api import test_authorisation_matrix_board as board_matrix
from tests.backend.api import test_authorisation_matrix_feeds as feeds_matrix
from tests.backend.api import test_authorisation_matrix_reports as reports_matrix
from tests.backend.api import test_authorisation_matrix_versions as versions_matrix
from tests.backend.api import test_authorisation_matrix_workflow as workflow_matrix
from tests.backend.api import test_authorisation_matrix_workbooks as workbooks_matrix
from tests.backend.builders import user
from tests.backend.conftest import DEMO_EMAILS

OPS = []  # this module adds no operation of its own; it re-runs the others' through each relation

LINKABLE = {"title": "Someone else's record", "effective_on": "2019-03-01", "contains_personal_data": False,
            "url": "https://haringey.example/relations-matrix"}


@dataclass
class Suite:
    """One of the other matrices: its world, its operations, and how it sends and expects them."""

    module: ModuleType
    expected: Callable[[object, Principal, Session, object], int]
    send: Callable[[object, object, Session, object, dict], object]

    def world(self, request):
        build = self.module.world.__wrapped__  # the module's fixture, built here with the fixtures it asks for
        return build(**{name: request.getfixturevalue(name) for name in inspect.signature(build).parameters})


SUITES = {
    "base": Suite(base_matrix, matrix.expected_status, matrix.send),
    "evidence": Suite(evidence_matrix, evidence_matrix.expected,
                      lambda client, op, s, w, headers: evidence_matrix.send(client, op, w, headers)),
    "workflow": Suite(workflow_matrix, matrix.expected_status, matrix.send),
    "measures": Suite(measures_matrix, matrix.expected_status, matrix.send),
    "reminders": Suite(reminders_matrix, matrix.expected_status, matrix.send),
    "board": Suite(board_matrix, matrix.expected_status, matrix.send),
    "feeds": Suite(feeds_matrix, matrix.expected_status, matrix.send),
    "reports": Suite(reports_matrix, matrix.expected_status, matrix.send),
    "milestones": Suite(milestones_matrix, matrix.expected_status, matrix.send),
    "workbooks": Suite(workbooks_matrix, workbooks_matrix.expected, workbooks_matrix.send),
    "versions": Suite(versions_matrix, matrix.expected_status, matrix.send),
}


@dataclass
class Actor:
    """Who the relation names, and how they call: a user, or a service token's secret."""

    user: User | None = None
    secret: str | None = None

    def principal(self, session: Session) -> Principal:
        session.expire_all()  # led areas and grants are read afresh, as for a new request
        return service_principal(session, self.secret) if self.secret else principal_for(session, self.user)

    def headers(self, auth) -> dict:
        return {"Authorization": f"Bearer {self.secret}"} if self.secret else auth(self.user)


def _created(response) -> dict:
    assert response.status_code in (200, 201), response.text
    return response.json()


def _someone_elses_item(client, session, world, auth) -> int:
    """An item its owner uploaded to their own action: the evidence world's, or a link made here."""
    if getattr(world, "other_evidence", 0):
        return world.other_evidence
    return _created(client.post(f"/api/v1/actions/{world.other_action}/evidence-links", json=LINKABLE,
                                headers=auth("assistant_director")))["id"]


def evidence_link_by(caller: str):
    """`caller` links someone else's item (uploaded to 6.1) to an action they may upload on (1.4)."""
    def make(client, session, world, auth) -> Actor:
        item = _someone_elses_item(client, session, world, auth)
        _created(client.post(f"/api/v1/evidence/{item}/actions", json={"action_id": world.own_action},
                             headers=auth(caller)))
        return Actor(user(session, DEMO_EMAILS[caller]))
    return make


def named_as_cover(client, session, world, auth) -> Actor:
    """The Head of Service names the owner as cover for today: the owner acts as an approver only when
    deciding in his name (`on_behalf_of_id`, tested in test_workflow.py), never in their own."""
    today = council_today().isoformat()
    _created(client.post("/api/v1/delegations", json={"cover_id": world.owner_id, "starts_on": today,
                                                      "ends_on": today}, headers=auth("head_of_service")))
    return Actor(user(session, DEMO_EMAILS["action_owner"]))


def inspector_grant(client, session, world, auth) -> Actor:
    """The director grants a second inspector the plan: reading, never writing."""
    inspector = User(email="second.inspector@ofsted.example", name="Second Inspector", role=Role.inspector)
    session.add(inspector)
    session.commit()
    _created(client.post(f"/api/v1/plans/{world.plan_id}/inspector-grants", headers=auth("director"),
                         json={"inspector_id": inspector.id, "expires_on": "2099-12-31"}))
    return Actor(inspector)


def area_lead(client, session, world, auth) -> Actor:
    _created(client.put(f"/api/v1/areas/{world.other_area}/lead", json={"lead_id": world.hos_id},
                        headers=auth("assistant_director")))
    return Actor(user(session, DEMO_EMAILS["head_of_service"]))


def action_owner(client, session, world, auth) -> Actor:
    target = session.get(Action, world.other_action)
    _created(client.put(f"/api/v1/actions/{target.id}/owner", json={"owner_id": world.owner_id},
                        headers={**auth("assistant_director"), "If-Match": make_etag("action", target.id,
                                                                                      target.version)}))
    return Actor(user(session, DEMO_EMAILS["action_owner"]))


def service_token(client, session, world, auth) -> Actor:
    made = _created(client.post("/api/v1/service-tokens", json={"name": "relations matrix"}, headers=auth("director")))
    return Actor(secret=made["token"])


@dataclass
class Relation:
    name: str
    make: Callable[..., Actor]
    before: str | None        # the actor as a demo caller before the relation; None: not yet able to call
    gives_power: bool = False  # the rules make the actor responsible for what the relation names


RELATIONS = [
    Relation("owner links another's evidence to their action", evidence_link_by("action_owner"), "action_owner"),
    Relation("Head of Service links another's evidence into their area", evidence_link_by("head_of_service"),
             "head_of_service"),
    Relation("named as someone's cover", named_as_cover, "action_owner"),
    Relation("inspector granted the plan", inspector_grant, None),
    Relation("made lead of an area", area_lead, "head_of_service", gives_power=True),
    Relation("made owner of an action", action_owner, "action_owner", gives_power=True),
    Relation("service token created", service_token, None),
]

# An operation on one's own account (no permission, no rule of its own) is every user's power.
WRITES = [(suite, op) for suite, s in SUITES.items() for op in s.module.OPS
          if op.method != "GET" and (op.perm is not None or op.expect is not None)]


@pytest.mark.parametrize("relation", RELATIONS, ids=lambda r: r.name)
@pytest.mark.parametrize(("suite", "op"), WRITES, ids=lambda x: x if isinstance(x, str) else x.name)
def test_a_relation_gives_no_power_the_rules_do_not_give(relation: Relation, suite: str, op, request, client,
                                                         session, auth):
    chosen = SUITES[suite]
    world = chosen.world(request)
    refused_before = True
    if relation.before is not None:
        before = principal_for(session, user(session, DEMO_EMAILS[relation.before]))
        refused_before = chosen.expected(op, before, session, world) != op.ok
    actor = relation.make(client, session, world, auth)

    expected = chosen.expected(op, actor.principal(session), session, world)
    response = chosen.send(client, op, session, world, actor.headers(auth))
    if expected == op.ok:
        # Allowed by the rules; the relation itself may have made the operation a conflict
        # (linking an item twice), which is no power either way.
        assert response.status_code in (op.ok, 409), response.text
    else:
        assert response.status_code == expected, response.text
    if refused_before and not relation.gives_power:
        assert response.status_code != op.ok, f"{relation.name} gave the power to {op.name}"


def test_every_matrix_of_plan_objects_goes_through_the_relations():
    """A new matrix file (a new domain's routes) must be added to SUITES, or named here as left out."""
    # Webhook subscriptions belong to service tokens and role changes to accounts, not to the plan:
    # their own matrices try every caller on them.
    left_out = {"test_authorisation_matrix_webhooks", "test_authorisation_matrix_admin", __name__.rpartition(".")[2]}
    found = {m.name for m in pkgutil.iter_modules(api_tests.__path__) if m.name.startswith("test_authorisation_matrix")}
    assert found - left_out == {s.module.__name__.rpartition(".")[2] for s in SUITES.values()}
