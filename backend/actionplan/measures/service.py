"""Measures: their definitions (from the plan file or the API), readings and corrections, and the
verdict of each against its trajectory, now or as at a moment."""

import datetime as dt

from sqlalchemy import delete, func, or_, update
from sqlmodel import Session, col, select

from actionplan.actions.asof import ActionView
from actionplan.actions.models import Action, UserRef
from actionplan.audit import service as audit
from actionplan.auth.permissions import Principal
from actionplan.core.errors import Invalid, body_field
from actionplan.core.etag import PreconditionFailed
from actionplan.core.types import utcnow
from actionplan.measures import rules
from actionplan.measures.models import Measure, MeasureBaseline, MeasureReading, MeasureTarget
from actionplan.measures.schemas import (
    BaselinePublic, MeasureCreate, MeasureDetail, MeasurePublic, MeasureUpdate, ReadingCorrection, ReadingCreate,
    ReadingDetail, ReadingPublic, ReadingVersionPublic, TargetPublic, TrajectoryPublic,
)
from actionplan.plans.import_format import BaselineIn, MeasureIn, TargetIn
from actionplan.plans.models import Area
from actionplan.users.models import User
from actionplan.webhooks.outbox import emit


def add_measures(session: Session, area_id: int, action_id: int | None, measures: list[MeasureIn]) -> None:
    """The measures of an imported action (or of an area as a whole: no action), in the file's order."""
    for position, m in enumerate(measures, start=1):
        measure = Measure(area_id=area_id, action_id=action_id, position=position, name=m.name, unit=m.unit,
                          direction=m.direction, tolerance=m.tolerance, aim_value=m.aim, aim_text=m.aim_text)
        session.add(measure)
        session.flush()
        _add_points(session, measure.id, m.baselines, m.targets)


def _add_points(session: Session, measure_id: int, baselines: list[BaselineIn], targets: list[TargetIn]) -> None:
    session.add_all(MeasureBaseline(measure_id=measure_id, taken_on=b.date, value=b.value, period=b.period, text=b.text)
                    for b in baselines)
    session.add_all(MeasureTarget(measure_id=measure_id, due_on=t.due_on, value=t.value, text=t.text)
                    for t in targets)


MeasureKey = tuple[int, int | None]  # (area id, action id or None for the area's own)


def exported_measures(session: Session, plan_id: int | None = None,
                      measure_id: int | None = None) -> dict[MeasureKey, list[MeasureIn]]:
    """Measures as the plan file states them, by (area id, action id): a plan's, or one."""
    query = select(Measure).join(Area, col(Area.id) == Measure.area_id)
    if plan_id is not None:
        query = query.where(Area.plan_id == plan_id)
    if measure_id is not None:
        query = query.where(Measure.id == measure_id)
    measures = session.exec(query.order_by(Measure.area_id, Measure.action_id, Measure.position, Measure.id)).all()
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
    out: dict[MeasureKey, list[MeasureIn]] = {}
    for m in measures:
        out.setdefault((m.area_id, m.action_id), []).append(MeasureIn(
            name=m.name, unit=m.unit, direction=m.direction, baselines=baselines.get(m.id, []),
            targets=targets.get(m.id, []), aim=m.aim_value, aim_text=m.aim_text, tolerance=m.tolerance))
    return out


def _reading_version(row: MeasureReading, users: dict[int, UserRef]) -> ReadingVersionPublic:
    return ReadingVersionPublic(
        version=row.version_no, value=row.value, taken_on=row.taken_on, period=row.period, source=row.source,
        note=row.note, correction_reason=row.correction_reason, recorded_by=users.get(row.recorded_by_id),
        recorded_by_label=row.recorded_by_label, recorded_at=row.recorded_at, superseded_at=row.superseded_at)


def _reading(row: MeasureReading, users: dict[int, UserRef]) -> ReadingPublic:
    return ReadingPublic(**_reading_version(row, users).model_dump(), id=row.entry_id, measure_id=row.measure_id,
                         corrected=row.version_no > 1)


def _users(session: Session, ids: set[int | None]) -> dict[int, UserRef]:
    ids = ids - {None}
    if not ids:
        return {}
    return {u.id: UserRef(id=u.id, name=u.name) for u in session.exec(select(User).where(col(User.id).in_(ids)))}


def _current_at(at: dt.datetime | None):
    """The versions of readings that stood at `at` (None: now)."""
    if at is None:
        return [col(MeasureReading.superseded_at).is_(None)]
    return [col(MeasureReading.recorded_at) <= at,
            or_(col(MeasureReading.superseded_at).is_(None), col(MeasureReading.superseded_at) > at)]


def _latest_first(row: MeasureReading) -> tuple:
    return (row.taken_on, row.recorded_at, row.entry_id)


def _views(session: Session, measures: list[Measure], view: ActionView, with_readings: bool) -> list[MeasureDetail]:
    """Measures as the API shows them, fetched in batches (no query per measure)."""
    ids = [m.id for m in measures]
    if not ids:
        return []
    action_ids = {m.action_id for m in measures} - {None}
    actions = {row[0]: row for row in session.exec(
        select(Action.id, Action.ref, view.status).where(col(Action.id).in_(action_ids)))} if action_ids else {}
    areas = {row[0]: row for row in session.exec(
        select(Area.id, Area.number, Area.plan_id).where(col(Area.id).in_({m.area_id for m in measures})))}
    baselines: dict[int, list[MeasureBaseline]] = {}
    for b in session.exec(select(MeasureBaseline).where(col(MeasureBaseline.measure_id).in_(ids))
                          .order_by(MeasureBaseline.taken_on, MeasureBaseline.id)):
        baselines.setdefault(b.measure_id, []).append(b)
    targets: dict[int, list[MeasureTarget]] = {}
    for t in session.exec(select(MeasureTarget).where(col(MeasureTarget.measure_id).in_(ids))
                          .order_by(MeasureTarget.due_on, MeasureTarget.id)):
        targets.setdefault(t.measure_id, []).append(t)
    readings: dict[int, list[MeasureReading]] = {}
    for r in session.exec(select(MeasureReading).where(col(MeasureReading.measure_id).in_(ids), *_current_at(view.at))
                          .order_by(MeasureReading.taken_on, MeasureReading.recorded_at, MeasureReading.entry_id)):
        readings.setdefault(r.measure_id, []).append(r)
    versions: dict[int, list[MeasureReading]] = {}
    if with_readings:
        known = [col(MeasureReading.recorded_at) <= view.at] if view.at is not None else []
        for v in session.exec(select(MeasureReading).where(col(MeasureReading.measure_id).in_(ids), *known)
                              .order_by(MeasureReading.entry_id, MeasureReading.version_no)):
            versions.setdefault(v.entry_id, []).append(v)
    users = _users(session, {r.recorded_by_id for rows in [*readings.values(), *versions.values()] for r in rows})
    out = []
    for m in measures:
        _, ref, status = actions[m.action_id] if m.action_id is not None else (None, None, None)
        _, area_number, plan_id = areas[m.area_id]
        rows = readings.get(m.id, [])
        latest = max(rows, key=_latest_first) if rows else None
        judgement = rules.judge(
            rules.Direction(m.direction), [rules.Point(b.taken_on, b.value) for b in baselines.get(m.id, [])],
            [rules.Point(t.due_on, t.value) for t in targets.get(m.id, [])],
            rules.Point(latest.taken_on, latest.value) if latest else None, m.tolerance)
        out.append(MeasureDetail(
            id=m.id, action_id=m.action_id, action_ref=ref, area_id=m.area_id, area_number=area_number,
            plan_id=plan_id, name=m.name, unit=m.unit,
            direction=m.direction, tolerance=m.tolerance, aim=m.aim_value, aim_text=m.aim_text,
            baselines=[BaselinePublic(value=b.value, date=b.taken_on, period=b.period, text=b.text)
                       for b in baselines.get(m.id, [])],
            targets=[TargetPublic(value=t.value, due_on=t.due_on, text=t.text) for t in targets.get(m.id, [])],
            latest_reading=_reading(latest, users) if latest else None,
            trajectory=TrajectoryPublic(verdict=judgement.verdict, judged_on=latest.taken_on if latest else None,
                                        expected=judgement.expected, gap=judgement.gap,
                                        tolerance=judgement.tolerance, suggested_rag=judgement.suggested_rag),
            approved_status=status, version=m.version,
            readings=[_reading_with_versions(r, versions.get(r.entry_id, [r]), users, view.at) for r in rows]
            if with_readings else []))
    return out


def _reading_with_versions(row: MeasureReading, versions: list[MeasureReading], users: dict[int, UserRef],
                           at: dt.datetime | None) -> ReadingDetail:
    """A reading with its versions; read as at a moment, a version superseded only later is not yet."""
    shown = [_reading_version(v, users) for v in versions]
    if at is not None:
        shown = [v.model_copy(update={"superseded_at": None}) if v.superseded_at and v.superseded_at > at else v
                 for v in shown]
    return ReadingDetail(**_reading(row, users).model_dump(), versions=shown)


def list_for_action(session: Session, action_id: int, view: ActionView) -> list[MeasurePublic]:
    measures = session.exec(select(Measure).where(Measure.action_id == action_id)
                            .order_by(Measure.position, Measure.id)).all()
    return [MeasurePublic(**d.model_dump(exclude={"readings"})) for d in _views(session, list(measures), view, False)]


def list_for_area(session: Session, area_id: int, view: ActionView) -> list[MeasurePublic]:
    """The area's own measures (of the area as a whole, not of one of its actions)."""
    measures = session.exec(select(Measure).where(Measure.area_id == area_id, col(Measure.action_id).is_(None))
                            .order_by(Measure.position, Measure.id)).all()
    return [MeasurePublic(**d.model_dump(exclude={"readings"})) for d in _views(session, list(measures), view, False)]


def _plan_measures(session: Session, plan_id: int) -> list[Measure]:
    """Area by area: the area's own measures first, then its actions' in the plan's order."""
    return list(session.exec(select(Measure).join(Area, col(Area.id) == Measure.area_id)
                             .outerjoin(Action, col(Action.id) == Measure.action_id)
                             .where(Area.plan_id == plan_id)
                             .order_by(Area.number, col(Measure.action_id).is_not(None), Action.position,
                                       Measure.position, Measure.id)).all())


def list_for_plan(session: Session, plan_id: int, view: ActionView) -> list[MeasurePublic]:
    return [MeasurePublic(**d.model_dump(exclude={"readings"}))
            for d in _views(session, _plan_measures(session, plan_id), view, False)]


def details_for_plan(session: Session, plan_id: int, view: ActionView) -> list[MeasureDetail]:
    """Every measure of the plan, areas' own included, with its readings as they stood (the board pack charts them)."""
    return _views(session, _plan_measures(session, plan_id), view, True)


def get_measure(session: Session, measure: Measure, view: ActionView) -> MeasureDetail:
    return _views(session, [measure], view, True)[0]


def _check_figures(unit: str, figures: list[tuple[list, float]]) -> None:
    errors = [{"loc": ["body", *loc], "msg": problem, "type": "value_error"}
              for loc, value in figures if (problem := rules.figure_problem(unit, value))]
    if errors:
        raise Invalid(f"{'.'.join(map(str, errors[0]['loc'][1:]))}: {errors[0]['msg']}.", code="invalid_figure",
                      errors=errors)


def _bump(session: Session, measure_id: int, read_version: int | None = None) -> Measure:
    """Every change to a measure or its readings moves its version (and so its ETag). Given the version
    the caller read, only if it is still that one (a compare-and-set: of two writers, one wins)."""
    condition = [Measure.id == measure_id] + ([Measure.version == read_version] if read_version is not None else [])
    if session.execute(update(Measure).where(*condition).values(version=Measure.version + 1)).rowcount != 1:
        raise PreconditionFailed("Someone changed this since you read it. Reload it, check the change, then try again.")
    return session.get(Measure, measure_id, populate_existing=True)


def _as_definition(data: dict) -> MeasureIn:
    """A measure's definition from the API, checked as the plan file's is, with errors at the API's fields."""
    figures = ([(["baselines", i, "value"], b["value"]) for i, b in enumerate(data["baselines"])]
               + [(["targets", i, "value"], t["value"]) for i, t in enumerate(data["targets"])]
               + ([(["aim"], data["aim"])] if data.get("aim") is not None else []))
    _check_figures(data["unit"], figures)
    return MeasureIn.model_validate(data)


def _stored_definition(session: Session, measure: Measure) -> MeasureIn:
    return exported_measures(session, measure_id=measure.id)[(measure.area_id, measure.action_id)][0]


def create_measure(session: Session, actor: Principal, area_id: int, action_id: int | None,
                   body: MeasureCreate) -> Measure:
    """A measure of an action, or (no action) of the area as a whole."""
    definition = _as_definition(body.model_dump(mode="json"))
    siblings = [Measure.area_id == area_id,
                Measure.action_id == action_id if action_id is not None else col(Measure.action_id).is_(None)]
    position = session.exec(select(func.max(Measure.position)).where(*siblings)).one() or 0
    measure = Measure(area_id=area_id, action_id=action_id, position=position + 1, name=definition.name,
                      unit=definition.unit, direction=definition.direction, tolerance=definition.tolerance, aim_value=definition.aim,
                      aim_text=definition.aim_text)
    session.add(measure)
    session.flush()
    _add_points(session, measure.id, definition.baselines, definition.targets)
    audit.record(session, actor, "measure.create", "measure", measure.id, after=_audit_view(measure, definition))
    session.commit()
    session.refresh(measure)
    return measure


def update_measure(session: Session, actor: Principal, measure: Measure, read_version: int,
                   body: MeasureUpdate) -> Measure:
    before = _stored_definition(session, measure)
    sent = body.model_dump(mode="json", exclude_unset=True)
    definition = _as_definition(before.model_dump(mode="json") | sent)
    measure = _bump(session, measure.id, read_version)
    if "baselines" in sent:
        session.execute(delete(MeasureBaseline).where(col(MeasureBaseline.measure_id) == measure.id))
    if "targets" in sent:
        session.execute(delete(MeasureTarget).where(col(MeasureTarget.measure_id) == measure.id))
    _add_points(session, measure.id, definition.baselines if "baselines" in sent else [],
                definition.targets if "targets" in sent else [])
    measure.name, measure.unit, measure.direction = definition.name, definition.unit, definition.direction
    measure.tolerance, measure.aim_value, measure.aim_text = definition.tolerance, definition.aim, definition.aim_text
    session.add(measure)
    audit.record(session, actor, "measure.update", "measure", measure.id, before=_audit_view(measure, before),
                 after=_audit_view(measure, definition))
    session.commit()
    session.refresh(measure)
    return measure


def _check_reading(unit: str, body: ReadingCreate, today: dt.date) -> None:
    _check_figures(unit, [(["value"], body.value)])
    if body.taken_on > today:
        raise Invalid("taken_on: a reading cannot be for a day still to come.", code="reading_in_future",
                      errors=[body_field("taken_on", "Must be today or earlier")])


def _who(actor: Principal) -> dict:
    return {"recorded_by_id": None if actor.is_service else actor.id, "recorded_by_label": actor.name}


def _texts(body: ReadingCreate) -> dict:
    return {name: (getattr(body, name) or "").strip() or None for name in ("period", "source", "note")}


def _reading_audit(row: MeasureReading) -> dict:
    return {"measure_id": row.measure_id, "reading_id": row.entry_id, "version": row.version_no, "value": row.value,
            "taken_on": row.taken_on.isoformat(), "period": row.period, "source": row.source, "note": row.note,
            "correction_reason": row.correction_reason}


def _announce(session: Session, measure: Measure, row: MeasureReading) -> None:
    """The webhook event `measure.reading`: the reading and the measure with its verdict after it."""
    shown = _views(session, [measure], ActionView(), False)[0]
    payload = {"reading": _reading(row, _users(session, {row.recorded_by_id})).model_dump(mode="json"),
               "measure": MeasurePublic(**shown.model_dump(exclude={"readings"})).model_dump(mode="json")}
    emit(session, "measure.reading", payload, shown.plan_id)


def record_reading(session: Session, actor: Principal, measure: Measure, body: ReadingCreate,
                   today: dt.date) -> MeasureReading:
    _check_reading(measure.unit, body, today)
    measure = _bump(session, measure.id)
    row = MeasureReading(measure_id=measure.id, taken_on=body.taken_on, value=body.value, **_texts(body), **_who(actor))
    session.add(row)
    session.flush()
    row.entry_id = row.id
    session.flush()
    audit.record(session, actor, "measure.reading", "measure_reading", row.entry_id, after=_reading_audit(row))
    _announce(session, measure, row)
    session.commit()
    session.refresh(row)
    return row


def correct_reading(session: Session, actor: Principal, current: MeasureReading, body: ReadingCorrection,
                    today: dt.date) -> MeasureReading:
    """A new version with the reason; the one it replaces is kept, marked superseded."""
    measure = session.get(Measure, current.measure_id)
    _check_reading(measure.unit, body, today)
    now = utcnow()
    superseded = session.execute(update(MeasureReading).where(
        MeasureReading.id == current.id, col(MeasureReading.superseded_at).is_(None)).values(superseded_at=now))
    if superseded.rowcount != 1:
        raise PreconditionFailed("Someone corrected this reading since you read it. Reload it, then try again.")
    measure = _bump(session, measure.id)
    row = MeasureReading(measure_id=measure.id, entry_id=current.entry_id, version_no=current.version_no + 1,
                         taken_on=body.taken_on, value=body.value, correction_reason=body.reason.strip(),
                         recorded_at=now, **_texts(body), **_who(actor))
    session.add(row)
    session.flush()
    session.refresh(current)
    audit.record(session, actor, "measure.reading_correct", "measure_reading", row.entry_id,
                 before=_reading_audit(current), after=_reading_audit(row))
    _announce(session, measure, row)
    session.commit()
    session.refresh(row)
    return row


def current_reading(session: Session, entry_id: int) -> MeasureReading | None:
    return session.exec(select(MeasureReading).where(MeasureReading.entry_id == entry_id,
                                                     col(MeasureReading.superseded_at).is_(None))).first()


def reading_detail(session: Session, current: MeasureReading) -> ReadingDetail:
    versions = session.exec(select(MeasureReading).where(MeasureReading.entry_id == current.entry_id)
                            .order_by(MeasureReading.version_no)).all()
    users = _users(session, {v.recorded_by_id for v in versions})
    return ReadingDetail(**_reading(current, users).model_dump(), versions=[_reading_version(v, users) for v in versions])


def _audit_view(measure: Measure, definition: MeasureIn) -> dict:
    return definition.model_dump(mode="json") | {"action_id": measure.action_id, "area_id": measure.area_id}
