"""Migration plan_versions, on a database of its own holding a plan imported before plans had versions:
the plan gets its version 1 (in effect from the day it was issued), with every action as planned."""

import json

from sqlalchemy import text

from actionplan.core.db import make_engine
from tests.backend.live import fresh_database
from tests.backend.migrations import upgrade_to

NOW = "2026-11-28 09:00:00.000000"


def test_an_existing_plan_gets_its_version_one(tmp_path):
    with fresh_database(tmp_path) as url:
        engine = make_engine(url)
        try:
            upgrade_to(engine, "pack_rendering")
            with engine.begin() as conn:
                conn.execute(text(
                    "INSERT INTO plan (id, slug, title, organisation, issued, issued_on, context, key_dates, legend, "
                    "acronyms, created_at, updated_at) VALUES (1, 'p', 'A plan', 'A council', 'March 2019', "
                    "'2019-03-18', 'Why', '[]', '[]', '[]', :now, :now)"), {"now": NOW})
                conn.execute(text("INSERT INTO area (id, plan_id, number, title, target_heading, outcomes, updated_at) "
                                  "VALUES (1, 1, 1, 'An area', 'Timescales', '[]', :now)"), {"now": NOW})
                for id_, ref, position, due in ((1, "1.2", 2, None), (2, "1.1", 1, "2019-06-30")):
                    conn.execute(text(
                        "INSERT INTO action (id, plan_id, area_id, ref, position, text, target_text, status, "
                        "original_due_on, due_on, version, created_at, updated_at) VALUES (:id, 1, 1, :ref, :position, "
                        "'Words', 'By June 2019.', 'not_started', :due, :due, 1, :now, :now)"),
                        {"id": id_, "ref": ref, "position": position, "due": due, "now": NOW})
            upgrade_to(engine, "plan_versions")
            with engine.connect() as conn:
                number, effective_on, source, document = conn.execute(text(
                    "SELECT number, effective_on, source, document FROM plan_version WHERE plan_id = 1")).one()
                added = conn.execute(text("SELECT added_in_version, retired_in_version FROM action ORDER BY id")).all()
            assert (number, str(effective_on), source) == (1, "2019-03-18", "import")
            document = document if isinstance(document, dict) else json.loads(document)
            assert [(a["ref"], a["due_on"]) for a in document["actions"]] == [("1.1", "2019-06-30"), ("1.2", None)]
            assert [tuple(row) for row in added] == [(1, None), (1, None)]
        finally:
            engine.dispose()
