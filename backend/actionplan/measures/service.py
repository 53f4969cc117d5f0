"""Measures: their definitions (from the plan file or the API), readings and corrections, and the
verdict of each against its trajectory, now or as at a moment."""

from sqlmodel import Session, col, select

from actionplan.actions.models import Action
from actionplan.measures.models import Measure, MeasureBaseline, MeasureTarget
from actionplan.plans.import_format import BaselineIn, MeasureIn, TargetIn


def add_measures(session: Session, action_id: int, measures: list[MeasureIn]) -> None:
    """The measures of an imported action, in the file's order."""
    for position, m in enumerate(measures, start=1):
        measure = Measure(action_id=action_id, position=position, name=m.name, unit=m.unit, direction=m.direction,
                          tolerance=m.tolerance, aim_value=m.aim, aim_text=m.aim_text)
        session.add(measure)
        session.flush()
        _add_points(session, measure.id, m.baselines, m.targets)


def _add_points(session: Session, measure_id: int, baselines: list[BaselineIn], targets: list[TargetIn]) -> None:
    session.add_all(MeasureBaseline(measure_id=measure_id, taken_on=b.date, value=b.value, period=b.period, text=b.text)
                    for b in baselines)
    session.add_all(MeasureTarget(measure_id=measure_id, due_on=t.due_on, value=t.value, text=t.text)
                    for t in targets)


def exported_measures(session: Session, plan_id: int) -> dict[int, list[MeasureIn]]:
    """The measures of a plan's actions as the plan file states them, by action id."""
    measures = session.exec(select(Measure).join(Action).where(Action.plan_id == plan_id)
                            .order_by(Measure.action_id, Measure.position, Measure.id)).all()
    ids = [m.id for m in measures]
    baselines: dict[int, list[BaselineIn]] = {}
    targets: dict[int, list[TargetIn]] = {}
    if ids:
        for b in session.exec(select(MeasureBaseline).where(col(MeasureBaseline.measure_id).in_(ids))
                              .order_by(MeasureBaseline.taken_on, MeasureBaseline.id)):
            baselines.setdefault(b.measure_id, []).append(
                BaselineIn(value=b.value, date=b.taken_on, period=b.period, text=b.text))
        for t in session.exec(select(MeasureTarget).where(col(MeasureTarget.measure_id).in_(ids))
                              .order_by(MeasureTarget.due_on, MeasureTarget.id)):
            targets.setdefault(t.measure_id, []).append(TargetIn(value=t.value, due_on=t.due_on, text=t.text))
    out: dict[int, list[MeasureIn]] = {}
    for m in measures:
        out.setdefault(m.action_id, []).append(MeasureIn(
            name=m.name, unit=m.unit, direction=m.direction, baselines=baselines.get(m.id, []),
            targets=targets.get(m.id, []), aim=m.aim_value, aim_text=m.aim_text, tolerance=m.tolerance))
    return out
