"""Plan versions in the authorisation matrix: every reader of the plan reads its versions and what changed
between them; only the director re-baselines it. Every caller, plus anonymous; the expected answer comes
from auth/permissions.check()."""

from dataclasses import dataclass

import pytest
import yaml

from actionplan.auth.permissions import Perm
from actionplan.core.etag import make_etag
from actionplan.plans.plan_file import dump_plan_file
from actionplan.plans.service import export_plan
from tests.backend.matrix import CALLERS, Op, World, assert_cell, make_world, plan_obj, send


@dataclass
class VersionsWorld(World):
    file: str = ""  # the plan with one action reworded: a re-baseline that changes something
    first_version: int = 1


@pytest.fixture
def world(session) -> VersionsWorld:
    base = make_world(session)
    data = yaml.safe_load(dump_plan_file(export_plan(session, base.plan_id), "yaml"))
    data["plan"]["areas"][0]["actions"][0]["text"] = "Reworded after the monitoring visit."
    return VersionsWorld(**vars(base), file=yaml.safe_dump(data, allow_unicode=True))


OPS = [
    Op("list plan versions", "GET", lambda w: f"/api/v1/plans/{w.plan_id}/versions", Perm.plan_read, plan_obj),
    Op("get plan version", "GET", lambda w: f"/api/v1/plans/{w.plan_id}/versions/{w.first_version}", Perm.plan_read, plan_obj),
    Op("diff plan versions", "GET", lambda w: f"/api/v1/plans/{w.plan_id}/versions/{w.first_version}/diff/{w.first_version}",
       Perm.plan_read, plan_obj),
    Op("re-baseline plan", "POST", lambda w: f"/api/v1/plans/{w.plan_id}/versions", Perm.plan_rebaseline, plan_obj,
       lambda w: {"reason": "After the monitoring visit.", "file": w.file}, ok=201,
       headers=lambda s, w: {"If-Match": make_etag("plan-versions", w.plan_id, 1)}),
]


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("op", OPS, ids=lambda op: op.name)
def test_matrix(op: Op, caller: str, client, session, world, auth):
    assert_cell(op, caller, client, session, world, auth)


@pytest.mark.parametrize("op", OPS, ids=lambda op: op.name)
def test_anonymous_gets_401_everywhere(op: Op, client, session, world):
    assert send(client, op, session, world, {}).status_code == 401
