"""Workbook imports in the authorisation matrix: uploading needs sight of the plan and the power to propose on
some action of it; a preview and its applying are the uploader's alone (404 to everyone else). Every caller ×
operation, plus anonymous; the expected answer comes from auth/permissions.py. That each change is then
checked on its own action is tested in test_workbook_import.py."""

from dataclasses import dataclass

import pytest
from sqlmodel import Session

from actionplan.auth.deps import principal_for
from actionplan.auth.permissions import Principal, check_workbook_import, sees_workbook_import
from actionplan.core.clock import council_today
from actionplan.core.types import utcnow
from actionplan.plans.models import Plan
from actionplan.reports.service import FORMATS, pack_for
from actionplan.workbooks import service
from tests.backend.builders import user
from tests.backend.conftest import DEMO_EMAILS
from tests.backend.matrix import CALLERS, Op, World, caller_headers, make_world

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class WorkbookWorld(World):
    workbook: bytes = b""
    import_id: int = 0          # the demo owner's upload, previewed


def _uploaded(session: Session, world: WorkbookWorld) -> int:
    owner = principal_for(session, user(session, DEMO_EMAILS["action_owner"]))
    plan = session.get(Plan, world.plan_id)
    return service.upload(session, owner, plan, world.workbook, "board-pack.xlsx", council_today()).id


@pytest.fixture(params=[True, False], ids=["published", "unpublished"])
def world(request, session) -> WorkbookWorld:
    base = make_world(session)
    if getattr(request, "param", True):  # the relations matrix builds it outside the parametrisation
        session.get(Plan, base.plan_id).published_at = utcnow()  # so the inspector's grant is live
        session.commit()
    plan = session.get(Plan, base.plan_id)
    made = WorkbookWorld(**vars(base), workbook=FORMATS["xlsx"].render(pack_for(session, plan, None, None)))
    made.import_id = _uploaded(session, made)
    return made


def _upload_expected(p: Principal, session: Session, w: WorkbookWorld) -> int:
    denied = check_workbook_import(p, w.plan_id)
    return 201 if denied is None else 403 if denied.visible else 404


def _uploaders_only(p: Principal, session: Session, w: WorkbookWorld) -> int:
    return 200 if sees_workbook_import(p, w.owner_id) else 404


OPS = [
    Op("upload a workbook", "POST", lambda w: f"/api/v1/plans/{w.plan_id}/workbook-imports", None, ok=201,
       expect=_upload_expected),
    Op("read a workbook import", "GET", lambda w: f"/api/v1/workbook-imports/{w.import_id}", None,
       expect=_uploaders_only),
    Op("apply a workbook import", "POST", lambda w: f"/api/v1/workbook-imports/{w.import_id}/apply", None,
       expect=_uploaders_only),
]


def expected(op: Op, principal: Principal, session: Session, world: WorkbookWorld) -> int:
    return op.expect(principal, session, world)


def send(client, op: Op, session: Session, world: WorkbookWorld, headers: dict):
    if op.name == "upload a workbook":
        return client.post(op.path(world), headers=headers, files={"file": ("board-pack.xlsx", world.workbook, XLSX)})
    if op.name == "apply a workbook import":
        # A fresh preview: whatever the caller's relation changed in the plan, it is not the question here.
        world.import_id = _uploaded(session, world)
        record = session.get(service.WorkbookImport, world.import_id)
        return client.post(op.path(world), headers={**headers, "If-Match": service.etag(record)})
    return client.request(op.method, op.path(world), headers=headers)


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("op", OPS, ids=lambda op: op.name)
def test_matrix(op: Op, caller: str, client, session, world, auth):
    headers, principal = caller_headers(session, world, caller, auth)
    status = expected(op, principal, session, world)
    response = send(client, op, session, world, headers)
    assert response.status_code == status, response.text
    if status >= 400:
        assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("op", OPS, ids=lambda op: op.name)
def test_anonymous_gets_401_everywhere(op: Op, client, session, world):
    assert send(client, op, session, world, {}).status_code == 401
