"""The evidence operations in the authorisation matrix: every caller × own/other evidence and actions.

The expected answer comes from auth/permissions on the real objects: first whether the caller may
see the item at all (its plan, and `sees_evidence` for inspectors and service tokens: 404
otherwise), then the operation's rule. The plan is published and granted to the demo inspector
here, so inspectors meet accepted evidence without personal data (visible) as well as the rest.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Callable

import pytest
from sqlmodel import Session

from actionplan.auth.permissions import (
    Denied, Perm, PlanRef, Principal, check, check_evidence_change, check_evidence_review, check_evidence_unlink,
    sees_evidence,
)
from actionplan.actions.deps import action_ref
from actionplan.actions.models import Action
from actionplan.core.types import utcnow
from actionplan.evidence.deps import home_action_ref
from actionplan.evidence.models import Evidence, EvidenceFile, EvidenceLink
from actionplan.plans.models import Plan
from actionplan.storage.files import LocalEvidenceStore
from tests.backend.api.test_evidence import multipart
from tests.backend.builders import user
from tests.backend.conftest import DEMO_EMAILS
from tests.backend.matrix import CALLERS, Op, World, action_obj, caller_headers, expected_status, make_world, plan_obj

NEW_PDF = b"%PDF-1.7\nuploaded by the matrix\n"


@dataclass
class EvidenceWorld(World):
    own_evidence: int = 0        # on 1.4 (the owner's, area 1 led by the HoS), by the owner, submitted
    other_evidence: int = 0      # on 6.1 (nobody's, area 6 without a lead), by the assistant director, submitted
    accepted_evidence: int = 0   # on 1.4, by the owner, accepted, no personal data: inspectors see it
    personal_evidence: int = 0   # on 1.4, by the owner, accepted, personal data
    foreign_evidence: int = 0    # on 6.1, by the assistant director, submitted, and linked to 1.4
    first_version: int = 1


def _evidence(session: Session, store: LocalEvidenceStore, world: World, action_id: int, uploader_id: int,
              content: bytes, state: str = "submitted", personal: bool = False) -> int:
    """An item as the upload would leave it, written directly: the matrix needs hundreds of worlds,
    and the upload itself is tested in test_evidence.py."""
    sha256 = hashlib.sha256(content).hexdigest()
    path = store.path_for(sha256)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    item = Evidence(plan_id=world.plan_id, title="Audit summary", kind="file", sha256=sha256, size_bytes=len(content),
                    content_type="application/pdf", filename="audit.pdf", effective_on=dt.date(2019, 1, 31),
                    contains_personal_data=personal, state=state, uploaded_by_id=uploader_id)
    session.add(item)
    session.flush()
    session.add(EvidenceFile(evidence_id=item.id, version_no=1, sha256=sha256, size_bytes=len(content),
                             content_type=item.content_type, filename=item.filename, uploaded_by_id=uploader_id))
    session.add(EvidenceLink(evidence_id=item.id, action_id=action_id, linked_by_id=uploader_id, home=True))
    return item.id


@pytest.fixture
def world(session, app, tmp_path, monkeypatch) -> EvidenceWorld:
    base = make_world(session)
    session.get(Plan, base.plan_id).published_at = utcnow()  # so the inspector's grant is live
    store = LocalEvidenceStore(tmp_path / "evidence")
    monkeypatch.setattr(app.state, "evidence_store", store, raising=False)  # the app is shared by the run
    ad = user(session, DEMO_EMAILS["assistant_director"]).id
    world = EvidenceWorld(
        **vars(base),
        own_evidence=_evidence(session, store, base, base.own_action, base.owner_id, b"%PDF-1.7\nown\n"),
        other_evidence=_evidence(session, store, base, base.other_action, ad, b"%PDF-1.7\nother\n"),
        accepted_evidence=_evidence(session, store, base, base.own_action, base.owner_id, b"%PDF-1.7\naccepted\n",
                                    "accepted"),
        personal_evidence=_evidence(session, store, base, base.own_action, base.owner_id, b"%PDF-1.7\npersonal\n",
                                    "accepted", personal=True),
        foreign_evidence=_evidence(session, store, base, base.other_action, ad, b"%PDF-1.7\nforeign\n"))
    # Shown beyond their homes: the owner's accepted item on 6.1, the assistant director's on 1.4.
    session.add(EvidenceLink(evidence_id=world.accepted_evidence, action_id=base.other_action, linked_by_id=ad))
    session.add(EvidenceLink(evidence_id=world.foreign_evidence, action_id=base.own_action, linked_by_id=ad))
    session.commit()
    return world


Rule = Callable[[Principal, Session, EvidenceWorld], Denied | None]


@dataclass
class EvidenceOp(Op):
    multipart: bool = False   # the body is a file upload (see test_evidence.multipart)
    evidence: str | None = None  # the item whose visibility is decided first
    rule: Rule | None = None     # the operation's own rule, when more than one permission on one object


def _item(s: Session, w: EvidenceWorld, attr: str) -> Evidence:
    return s.get(Evidence, getattr(w, attr))


def changes(attr: str) -> Rule:
    return lambda p, s, w: check_evidence_change(p, home_action_ref(s, getattr(w, attr)), _item(s, w, attr).uploaded_by_id)


def reviews(attr: str) -> Rule:
    return lambda p, s, w: check_evidence_review(p, home_action_ref(s, getattr(w, attr)), {_item(s, w, attr).uploaded_by_id})


def unlinks(attr: str, action_attr: str) -> Rule:
    return lambda p, s, w: check_evidence_unlink(p, action_ref(s.get(Action, getattr(w, action_attr))),
                                                 home_action_ref(s, getattr(w, attr)), _item(s, w, attr).uploaded_by_id)


def erases(attr: str) -> Rule:
    return lambda p, s, w: check(p, Perm.evidence_erase, home_action_ref(s, getattr(w, attr)))


def _evidence_path(attr: str, tail: str = "") -> Callable[[World], str]:
    return lambda w: f"/api/v1/evidence/{getattr(w, attr)}{tail}"


LINK = {"title": "Published standards", "effective_on": "2019-03-01", "contains_personal_data": False,
        "url": "https://haringey.trixonline.co.uk/chapter/practice-standards"}


def _reads(name: str, attr: str, tail: str = "") -> EvidenceOp:
    return EvidenceOp(name, "GET", _evidence_path(attr, tail), Perm.plan_read, plan_obj, evidence=attr)


OPS = [
    EvidenceOp("upload to own action", "POST", lambda w: f"/api/v1/actions/{w.own_action}/evidence",
               Perm.evidence_upload, action_obj("own_action"), ok=201, multipart=True),
    EvidenceOp("upload to other action", "POST", lambda w: f"/api/v1/actions/{w.other_action}/evidence",
               Perm.evidence_upload, action_obj("other_action"), ok=201, multipart=True),
    EvidenceOp("link on own action", "POST", lambda w: f"/api/v1/actions/{w.own_action}/evidence-links",
               Perm.evidence_upload, action_obj("own_action"), lambda w: LINK, ok=201),
    EvidenceOp("link on other action", "POST", lambda w: f"/api/v1/actions/{w.other_action}/evidence-links",
               Perm.evidence_upload, action_obj("other_action"), lambda w: LINK, ok=201),
    EvidenceOp("list own action's evidence", "GET", lambda w: f"/api/v1/actions/{w.own_action}/evidence",
               Perm.plan_read, action_obj("own_action")),
    EvidenceOp("list other action's evidence", "GET", lambda w: f"/api/v1/actions/{w.other_action}/evidence",
               Perm.plan_read, action_obj("other_action")),
    _reads("get own evidence", "own_evidence"),
    _reads("get accepted evidence", "accepted_evidence"),
    _reads("get personal evidence", "personal_evidence"),
    _reads("download own evidence", "own_evidence", "/file"),
    _reads("download accepted evidence", "accepted_evidence", "/file"),
    _reads("download personal evidence", "personal_evidence", "/file"),
    _reads("versions of own evidence", "own_evidence", "/versions"),
    _reads("versions of accepted evidence", "accepted_evidence", "/versions"),
    EvidenceOp("download a version of accepted evidence", "GET",
               lambda w: f"/api/v1/evidence/{w.accepted_evidence}/versions/{w.first_version}/file", Perm.plan_read,
               plan_obj, evidence="accepted_evidence"),
    EvidenceOp("replace own evidence file", "PUT", _evidence_path("own_evidence", "/file"), Perm.evidence_upload,
               multipart=True, evidence="own_evidence", rule=changes("own_evidence")),
    EvidenceOp("replace other evidence file", "PUT", _evidence_path("other_evidence", "/file"), Perm.evidence_upload,
               multipart=True, evidence="other_evidence", rule=changes("other_evidence")),
    EvidenceOp("link own evidence to other action", "POST", _evidence_path("own_evidence", "/actions"),
               Perm.evidence_upload, action_obj("other_action"), lambda w: {"action_id": w.other_action}, ok=201,
               evidence="own_evidence"),
    EvidenceOp("link other evidence to own action", "POST", _evidence_path("other_evidence", "/actions"),
               Perm.evidence_upload, action_obj("own_action"), lambda w: {"action_id": w.own_action}, ok=201,
               evidence="other_evidence"),
    EvidenceOp("unlink own accepted evidence from other action", "DELETE",
               lambda w: f"/api/v1/evidence/{w.accepted_evidence}/actions/{w.other_action}", Perm.evidence_upload,
               evidence="accepted_evidence", rule=unlinks("accepted_evidence", "other_action")),
    EvidenceOp("unlink other evidence from own action", "DELETE",
               lambda w: f"/api/v1/evidence/{w.foreign_evidence}/actions/{w.own_action}", Perm.evidence_upload,
               evidence="foreign_evidence", rule=unlinks("foreign_evidence", "own_action")),
    EvidenceOp("unlink own evidence from its home", "DELETE",
               lambda w: f"/api/v1/evidence/{w.own_evidence}/actions/{w.own_action}", Perm.evidence_upload, ok=409,
               evidence="own_evidence", rule=unlinks("own_evidence", "own_action")),
    EvidenceOp("review own evidence", "POST", _evidence_path("own_evidence", "/review"), Perm.evidence_review,
               body=lambda w: {"decision": "accept", "note": "Checked"}, evidence="own_evidence",
               rule=reviews("own_evidence")),
    EvidenceOp("review other evidence", "POST", _evidence_path("other_evidence", "/review"), Perm.evidence_review,
               body=lambda w: {"decision": "reject", "note": "Not signed"}, evidence="other_evidence",
               rule=reviews("other_evidence")),
    EvidenceOp("withdraw own evidence", "POST", _evidence_path("own_evidence", "/withdraw"), Perm.evidence_upload,
               evidence="own_evidence", rule=changes("own_evidence")),
    EvidenceOp("withdraw other evidence", "POST", _evidence_path("other_evidence", "/withdraw"), Perm.evidence_upload,
               evidence="other_evidence", rule=changes("other_evidence")),
    EvidenceOp("erase accepted evidence", "POST", _evidence_path("accepted_evidence", "/erase"), Perm.evidence_erase,
               body=lambda w: {"reason": "Uploaded to the wrong plan"}, evidence="accepted_evidence",
               rule=erases("accepted_evidence")),
    EvidenceOp("erase other evidence", "POST", _evidence_path("other_evidence", "/erase"), Perm.evidence_erase,
               body=lambda w: {"reason": "Names a child"}, evidence="other_evidence", rule=erases("other_evidence")),
]


def expected(op: EvidenceOp, principal: Principal, session: Session, world: EvidenceWorld) -> int:
    if op.evidence is not None:
        item = _item(session, world, op.evidence)
        if (check(principal, Perm.plan_read, PlanRef(item.plan_id)) is not None
                or not sees_evidence(principal, item.state, item.contains_personal_data)):
            return 404
    if op.rule is None:
        return expected_status(op, principal, session, world)
    denied = op.rule(principal, session, world)
    return op.ok if denied is None else 403 if denied.visible else 404


def send(client, op: EvidenceOp, world: EvidenceWorld, headers: dict):
    if op.multipart:
        fields = {} if op.method == "PUT" else {"title": "Matrix upload", "effective_on": "2019-01-31",
                                                  "contains_personal_data": "false"}
        body, content_type = multipart(fields, NEW_PDF)
        return client.request(op.method, op.path(world), content=body,
                              headers={**headers, "Content-Type": content_type})
    return client.request(op.method, op.path(world), json=op.body(world) if op.body else None, headers=headers)


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("op", OPS, ids=lambda op: op.name)
def test_matrix(op: EvidenceOp, caller: str, client, session, world, auth):
    headers, principal = caller_headers(session, world, caller, auth)
    status = expected(op, principal, session, world)
    response = send(client, op, world, headers)
    assert response.status_code == status, response.text
    if status >= 400:
        assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("op", OPS, ids=lambda op: op.name)
def test_anonymous_gets_401_everywhere(op: EvidenceOp, client, world):
    response = send(client, op, world, {})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
