"""The baselines and targets the seed states in its text arrive as measures, pinned against the seed's words."""

import re
from pathlib import Path

import pytest
from sqlmodel import select

from actionplan.measures.models import Measure, MeasureBaseline, MeasureTarget
from actionplan.plans import service
from actionplan.plans.import_format import MeasureIn, TargetIn
from actionplan.plans.models import Area
from actionplan.plans.plan_file import parse_plan_file
from actionplan.core.errors import Conflict, Invalid
from tests.backend.builders import action, plan_file

SEED = Path("/work/shared/seed/haringey-ofsted-action-plan-2019.txt")
# The seed's words, as printed (its text file is kept beside the project, not in it).
SEED_WORDS = {
    "1.4": ["35% (Jan 2019) from 47% at Oct. 2018", "At least 60% by Sept 2019. 85% by Dec 2019 and then working "
            "towards 100%."],
    "1.8": ["85% of cases audited will include evaluation and feedback from children, their families and"],
    "3.3": ["Baseline 38% of audits had good quality of supervision in February 2019",
            "Targets 50% by April 2019 and 80% by Sept 2019."],
    "8.1": ["from the baseline of 47% in quarter 3, 2018."],
}


def _measures(session, ref: str) -> list[tuple]:
    out = []
    for m in session.exec(select(Measure).where(Measure.action_id == action(session, ref).id)
                          .order_by(Measure.position)):
        baselines = session.exec(select(MeasureBaseline).where(MeasureBaseline.measure_id == m.id)
                                 .order_by(MeasureBaseline.taken_on)).all()
        targets = session.exec(select(MeasureTarget).where(MeasureTarget.measure_id == m.id)
                               .order_by(MeasureTarget.due_on)).all()
        out.append((m.unit, m.direction, [(str(b.taken_on), b.value) for b in baselines],
                    [(str(t.due_on), t.value) for t in targets], m.aim_value))
    return out


@pytest.mark.skipif(not SEED.exists(), reason="the seed text is not on this machine")
def test_the_words_the_measures_come_from_are_the_seed_s():
    text = " ".join(SEED.read_text().split())
    for ref, phrases in SEED_WORDS.items():
        for phrase in phrases:
            assert phrase in text, (ref, phrase)


def test_the_seed_s_baselines_and_targets_are_measures(session):
    # 1.4: "reduced to 35% (Jan 2019) from 47% at Oct. 2018"; "At least 60% by Sept 2019. 85% by Dec 2019
    # and then working towards 100%."
    assert _measures(session, "1.4") == [("percent", "higher", [("2018-10-31", 47), ("2019-01-31", 35)],
                                          [("2019-09-30", 60), ("2019-12-31", 85)], 100)]
    # 3.3: "Baseline 38% ... in February 2019"; "Targets 50% by April 2019 and 80% by Sept 2019."
    assert _measures(session, "3.3") == [("percent", "higher", [("2019-02-28", 38)],
                                          [("2019-04-30", 50), ("2019-09-30", 80)], None)]
    # 8.1: "the baseline of 47% in quarter 3, 2018" (October to December 2018); "Ongoing."
    assert _measures(session, "8.1") == [("percent", "higher", [("2018-12-31", 47)], [], None)]
    # 1.8's second target: "85% of cases audited will include evaluation and feedback ...", undated.
    assert _measures(session, "1.8") == [("percent", "higher", [], [], 85)]
    assert session.exec(select(MeasureBaseline).where(MeasureBaseline.period == "Q3 2018")).one().value == 47


def test_measures_survive_export_and_import(session):
    first, _ = service.import_plan(session, plan_file("measures-round-trip"))
    exported = service.export_plan(session, first.id)
    one_four = exported.plan.areas[0].actions[3]
    assert [b.text for b in one_four.measures[0].baselines] == ["47% at Oct. 2018", "35% (Jan 2019)"]
    assert exported.plan.areas[0].actions[0].measures is None


def test_an_area_s_own_measures_survive_export_and_import(session):
    with_area = plan_file("area-measures")
    with_area.plan.areas[0].measures = [MeasureIn(name="Re-referrals within 12 months", unit="percent",
                                                  direction="lower", targets=[TargetIn(value=16, due_on="2020-03-31")])]
    plan, _ = service.import_plan(session, with_area)
    stored = session.exec(select(Measure).join(Area, Area.id == Measure.area_id)
                          .where(Area.plan_id == plan.id, Area.number == 1, Measure.action_id == None)).one()  # noqa: E711
    assert (stored.name, stored.direction) == ("Re-referrals within 12 months", "lower")
    exported = service.export_plan(session, plan.id)
    assert exported.plan.areas[0].measures == with_area.plan.areas[0].measures
    assert exported.plan.areas[1].measures is None
    # The same file again is the same plan.
    assert service.import_plan(session, with_area)[1] is False


def test_a_changed_measure_makes_a_different_plan(session):
    changed = plan_file()
    changed.plan.areas[0].actions[3].measures[0].targets[0].value = 65
    with pytest.raises(Conflict) as caught:
        service.import_plan(session, changed)
    assert "plan.areas[0].actions[3].measures[0].targets[0].value" in caught.value.detail


def test_a_percentage_over_100_is_refused_with_its_place():
    text = plan_file().model_dump_json()
    text = re.sub(r'"aim":100\.0', '"aim":120.0', text, count=1)
    with pytest.raises(Invalid) as caught:
        parse_plan_file(text)
    assert "plan.areas[0].actions[3].measures[0]" in caught.value.detail
    assert "between 0 and 100" in caught.value.detail
