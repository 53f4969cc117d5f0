"""The board pack downloads in the authorisation matrix: readers of the plan get it; inspectors only once the
plan is published (and granted to them), and then the same approved-only pack as everyone. Every caller ×
published or not, plus anonymous; the expected answer comes from auth/permissions.check()."""

import pytest

from actionplan.auth.permissions import Perm
from actionplan.core.types import utcnow
from actionplan.plans.models import Plan
from tests.backend.matrix import CALLERS, Op, assert_cell, make_world, plan_obj, send

DATES = "as_of=2019-06-30&since=2019-03-31"
# A PDF is laid out by a background job (none runs here): a reader is told it is being prepared (202).
OPS = [Op(f"download board pack as {fmt}", "GET", lambda w, fmt=fmt: f"/api/v1/plans/{w.plan_id}/pack.{fmt}?{DATES}",
          Perm.plan_read, plan_obj, ok=202 if fmt == "pdf" else 200) for fmt in ("pdf", "xlsx", "csv")]


@pytest.fixture(params=[True, False], ids=["published", "unpublished"])
def world(request, session):
    base = make_world(session)
    if request.param:
        session.get(Plan, base.plan_id).published_at = utcnow()  # so the inspector's grant is live
        session.commit()
    return base


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("op", OPS, ids=lambda op: op.name)
def test_matrix(op: Op, caller: str, client, session, world, auth):
    assert_cell(op, caller, client, session, world, auth)


@pytest.mark.parametrize("op", OPS, ids=lambda op: op.name)
def test_anonymous_gets_401_everywhere(op: Op, client, session, world):
    assert send(client, op, session, world, {}).status_code == 401
