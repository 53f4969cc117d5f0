"""Importing the board pack workbook after officers have edited it offline.

Uploading reads the Actions sheet, compares each row with the plan as it stands, and tries every change
through the SPA's own service functions (workflow.py), as the uploader and with the SPA's permission for
that change on that action, in a savepoint that is then rolled back: the preview names what would happen
and every cell the workflow would refuse, and nothing is applied. Applying runs the same changes for real,
all or nothing: one refused change and none is kept. A status becomes a proposal, never an approval; a due
date a re-schedule request; commentary alone a progress note.

A change already made, or already waiting for a decision (the same status proposed, the same new date
asked for, the same commentary recorded), is no change: importing the same workbook twice changes nothing.
"""

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass

from sqlalchemy import update
from sqlmodel import Session, col, select

from actionplan.actions import workflow
from actionplan.actions.deps import action_ref
from actionplan.actions.models import Action, ActionStatus, ProgressNote, Reschedule, StatusChange
from actionplan.actions.service import users_by_id
from actionplan.audit import service as audit
from actionplan.auth.permissions import ACTION_OWNER_ROLES, WORKBOOK_CHANGE_PERMS, Principal, check
from actionplan.core.errors import AppError, Conflict, Forbidden
from actionplan.core.etag import PreconditionFailed, PreconditionRequired
from actionplan.core.types import utcnow
from actionplan.core.words import STATUS_WORDS, date_words
from actionplan.plans.models import Plan
from actionplan.reports.pack import latest_commentary
from actionplan.users.models import User
from actionplan.workbooks.models import ImportState, WorkbookImport
from actionplan.workbooks.reader import HEADINGS, SHEET, BadWorkbook, EditedRow, EditedWorkbook, read_workbook
from actionplan.workbooks.schemas import WorkbookImportPublic

# The order a row's changes are made in: the owner last, so the proposals go in under the owner who made them.
KIND_ORDER = ("status", "due_date", "progress", "owner")


@dataclass(frozen=True)
class Change:
    kind: str
    action_id: int
    ref: str
    row: int
    column: str
    from_value: str | None
    to_value: str | None
    note: str | None = None
    value: object = None        # what the service is given: a status, a date, an owner's id, a text

    def public(self) -> dict:
        return {k: v for k, v in asdict(self).items() if k != "value"}


def _problem(row: int, column: str, key: str, message: str, ref: str | None) -> dict:
    return {"sheet": SHEET, "row": row, "column": column, "heading": HEADINGS[key], "ref": ref, "message": message}


def _day(day: dt.date | None) -> str | None:
    return date_words(day) if day else None


def plan_state(session: Session, plan_id: int) -> str:
    """A fingerprint of what a preview depends on: every action's version (bumped by each proposal, new
    date, progress note, owner or decision) and the pending requests on them."""
    digest = hashlib.sha256()
    for row in session.exec(select(Action.id, Action.version).where(Action.plan_id == plan_id).order_by(Action.id)):
        digest.update(f"a{row[0]}.{row[1]};".encode())
    for model in (StatusChange, Reschedule):
        for row in session.exec(select(model.id, model.version).join(Action, col(Action.id) == model.action_id)
                                .where(Action.plan_id == plan_id, model.state == "pending").order_by(model.id)):
            digest.update(f"{model.__name__}{row[0]}.{row[1]};".encode())
    return digest.hexdigest()


@dataclass
class _Plan:
    """What the rows are compared with, read once."""

    actions: dict[str, Action]
    owner_names: dict[int, str]
    officers: dict[str, list[User]]
    commentary: dict[int, str]
    proposed: dict[int, str]            # action id → status of its pending proposal
    rescheduling: dict[int, dt.date]    # action id → date of its pending re-schedule
    recorded: dict[int, set[str]]       # texts already recorded on the action, in any request or note


def _read_plan(session: Session, plan_id: int) -> _Plan:
    actions = {a.ref: a for a in session.exec(select(Action).where(Action.plan_id == plan_id))}
    ids = [a.id for a in actions.values()]
    officers: dict[str, list[User]] = {}
    for user in session.exec(select(User).where(User.is_active, col(User.role).in_(ACTION_OWNER_ROLES))):
        officers.setdefault(user.name.casefold(), []).append(user)
    recorded: dict[int, set[str]] = {}
    proposed, rescheduling = {}, {}
    in_plan = col(Action.plan_id) == plan_id
    for change in session.exec(select(StatusChange).join(Action, col(Action.id) == StatusChange.action_id).where(in_plan)):
        recorded.setdefault(change.action_id, set()).add(change.commentary)
        if change.state == "pending":
            proposed[change.action_id] = change.to_status
    for item in session.exec(select(Reschedule).join(Action, col(Action.id) == Reschedule.action_id).where(in_plan)):
        recorded.setdefault(item.action_id, set()).add(item.reason)
        if item.state == "pending":
            rescheduling[item.action_id] = item.to_due_on
    for note in session.exec(select(ProgressNote).join(Action, col(Action.id) == ProgressNote.action_id).where(in_plan)):
        recorded.setdefault(note.action_id, set()).add(note.text)
    return _Plan(actions=actions, owner_names={i: u.name for i, u in users_by_id(
                     session, {a.owner_id for a in actions.values()}).items()},
                 officers=officers, commentary={i: text for i, (text, _) in latest_commentary(session, ids, utcnow()).items()},
                 proposed=proposed, rescheduling=rescheduling, recorded=recorded)


def _row_changes(plan: _Plan, row: EditedRow, action: Action, columns: dict[str, str]) -> tuple[list[Change], list[dict]]:
    changes, problems = [], []

    def change(kind: str, key: str, before, after, note=None, value=None) -> None:
        changes.append(Change(kind, action.id, action.ref, row.row, columns[key], before, after, note, value))

    def problem(key: str, message: str) -> None:
        problems.append(_problem(row.row, columns[key], key, message, action.ref))

    said = row.commentary
    new_commentary = bool(said) and said != plan.commentary.get(action.id) and said not in plan.recorded.get(action.id, set())
    moves_status = row.rag is not None and row.rag != action.status and plan.proposed.get(action.id) != row.rag
    moves_date = row.due_readable and row.due_on != action.due_on and plan.rescheduling.get(action.id) != row.due_on
    if moves_status:
        if row.rag == ActionStatus.red:
            problem("rag", "Red needs an exception report (the reason, the mitigating actions and a revised date), "
                           "which a spreadsheet cannot carry: propose Red on the action's page in actionplan.")
        elif not new_commentary:
            problem("commentary", f"Say here what has happened, to go with the new RAG ({STATUS_WORDS[row.rag]}).")
        else:
            change("status", "rag", STATUS_WORDS[action.status], STATUS_WORDS[row.rag], said, row.rag)
    if moves_date:
        if row.due_on is None:
            problem("due_on", "A due date cannot be taken away: write the date the action is due.")
        elif not new_commentary:
            problem("commentary", f"Say here why the due date moves to {date_words(row.due_on)}: it is the reason "
                                  "the approver reads.")
        else:
            change("due_date", "due_on", _day(action.due_on), _day(row.due_on), said, row.due_on)
    if new_commentary and not (moves_status or moves_date):
        change("progress", "commentary", plan.commentary.get(action.id), said, value=said)
    owner = plan.owner_names.get(action.owner_id, "")
    if row.owner.casefold() != owner.casefold():
        found = plan.officers.get(row.owner.casefold(), [])
        if not row.owner:
            change("owner", "owner", owner, None, value=None)
        elif len(found) == 1:
            change("owner", "owner", owner or None, found[0].name, value=found[0].id)
        elif found:
            problem("owner", f"More than one person is called '{row.owner}': choose the owner on the action's page.")
        else:
            problem("owner", f"Nobody called '{row.owner}' can own an action: write the name as actionplan shows it.")
    return changes, problems


def compare(session: Session, plan_id: int, book: EditedWorkbook) -> tuple[list[Change], list[dict], int]:
    """The workbook's changes, the problems found in its cells, and how many rows change nothing."""
    plan = _read_plan(session, plan_id)
    changes: list[Change] = []
    problems = [{**asdict(e), "ref": None} for e in book.errors]
    seen: dict[str, int] = {}
    unchanged = 0
    for row in book.rows:
        action = plan.actions.get(row.ref)
        if action is None:
            problems.append(_problem(row.row, book.columns["ref"], "ref", f"There is no action '{row.ref}' in this plan.",
                                     None))
            continue
        if row.ref in seen:
            problems.append(_problem(row.row, book.columns["ref"], "ref", f"Action {row.ref} is also in row "
                                     f"{seen[row.ref]}: keep one row per action.", row.ref))
            continue
        seen[row.ref] = row.row
        mine, theirs = _row_changes(plan, row, action, book.columns)
        changes += mine
        problems += theirs
        unchanged += not (mine or theirs)
    problems.sort(key=lambda p: (p["row"], p["column"]))
    return sorted(changes, key=lambda c: (c.row, KIND_ORDER.index(c.kind))), problems, unchanged


def _make(session: Session, principal: Principal, change: Change, today: dt.date) -> None:
    """One change through the SPA's own path: its permission on the action, then its service function."""
    action = session.get(Action, change.action_id)
    denied = check(principal, WORKBOOK_CHANGE_PERMS[change.kind], action_ref(action))
    if denied is not None:
        raise Forbidden(f"{denied.why}." if denied.visible else f"You cannot see action {change.ref}.")
    match change.kind:
        case "status":
            workflow.propose_status_change(session, principal, action.id, action.version, ActionStatus(change.value),
                                           change.note, None, None, None, today)
        case "due_date":
            workflow.request_reschedule(session, principal, action.id, action.version, change.value, change.note, today)
        case "progress":
            workflow.record_progress(session, principal, action.id, action.version, change.value)
        case "owner":
            workflow.assign_action_owner(session, principal, action, action.version, change.value)


def _run(session: Session, principal: Principal, changes: list[Change], today: dt.date) -> list[dict]:
    """Makes the changes in a session of their own on the request's connection and transaction: each service
    commits to a savepoint only, so the caller decides whether all of them stay. A refused change is
    undone alone and named; the rest still run, so that every problem is found at once."""
    problems = []
    with Session(bind=session.connection(), join_transaction_mode="create_savepoint") as inner:
        for change in changes:
            try:
                _make(inner, principal, change, today)
            except AppError as exc:
                inner.rollback()
                key = {"status": "rag", "due_date": "due_on", "progress": "commentary", "owner": "owner"}[change.kind]
                problems.append({"sheet": SHEET, "row": change.row, "column": change.column, "heading": HEADINGS[key],
                                 "ref": change.ref, "message": exc.detail})
    return problems


def _preview(changes: list[Change], problems: list[dict], unchanged: int, rows: int) -> dict:
    problems = sorted(problems, key=lambda p: (p["row"], p["column"]))
    return {"rows_read": rows, "unchanged": unchanged, "changes": [c.public() for c in changes], "errors": problems}


def upload(session: Session, principal: Principal, plan: Plan, data: bytes, filename: str,
           today: dt.date) -> WorkbookImport:
    """Reads the workbook and keeps it with its preview; tries its changes and undoes them all."""
    book = read_workbook(data)
    if book.plan_title is not None and book.plan_title != plan.title:
        raise BadWorkbook(f"This workbook is of the plan '{book.plan_title}', not '{plan.title}': import it on its "
                          "own plan.", code="workbook_other_plan")
    state = plan_state(session, plan.id)
    changes, problems, unchanged = compare(session, plan.id, book)
    trial = session.connection().begin_nested()
    try:
        problems += _run(session, principal, changes, today)
    finally:
        trial.rollback()
    record = WorkbookImport(plan_id=plan.id, uploaded_by_id=principal.id, filename=filename[:300],
                            sha256=hashlib.sha256(data).hexdigest(), content=data, plan_state=state,
                            preview=_preview(changes, problems, unchanged, len(book.rows)))
    session.add(record)
    session.flush()
    audit.record(session, principal, "workbook.upload", "workbook_import", record.id,
                 after={"plan_id": plan.id, "filename": record.filename, "sha256": record.sha256,
                        "changes": len(changes), "errors": len(record.preview["errors"])})
    session.commit()
    session.refresh(record)
    return record


def etag(record: WorkbookImport) -> str:
    return f'"workbook-import-{record.id}-{record.plan_state[:20]}"'


def apply(session: Session, principal: Principal, record: WorkbookImport, if_match: str | None,
          today: dt.date) -> WorkbookImport:
    """Every change of the preview, through the workflow as the uploader, in one transaction: all or nothing."""
    if record.state == ImportState.applied:
        raise Conflict("This workbook has already been applied: nothing was changed again.", code="import_applied")
    if not if_match:
        raise PreconditionRequired("Send the preview's ETag in If-Match, so a preview made before the plan moved on "
                                   "is not applied.")
    stale = PreconditionFailed("The plan has changed since this preview was made: upload the workbook again to "
                               "see what it would change now. Nothing was applied.", code="import_stale")
    if etag(record) not in [t.strip().removeprefix("W/") for t in if_match.split(",")]:
        raise stale
    if plan_state(session, record.plan_id) != record.plan_state:
        raise stale
    if record.preview["errors"]:
        raise Conflict(f"The preview found {len(record.preview['errors'])} problem(s): put them right in the workbook "
                       "and upload it again. Nothing was applied.", code="import_has_errors")
    claimed = session.execute(update(WorkbookImport).where(col(WorkbookImport.id) == record.id,
                                                           col(WorkbookImport.state) == ImportState.previewed)
                              .values(state=ImportState.applied, applied_at=utcnow()))
    if claimed.rowcount != 1:
        raise Conflict("This workbook has already been applied: nothing was changed again.", code="import_applied")
    changes, problems, _ = compare(session, record.plan_id, read_workbook(record.content))
    problems += _run(session, principal, changes, today)
    if problems:
        session.rollback()
        first = problems[0]
        raise Conflict(f"{first['sheet']} row {first['row']}, column {first['column']} ({first['heading']}): "
                       f"{first['message']} Nothing was applied.", code="import_refused")
    audit.record(session, principal, "workbook.apply", "workbook_import", record.id,
                 after={"plan_id": record.plan_id, "changes": len(changes)})
    session.commit()
    session.refresh(record)
    return record


def public(session: Session, record: WorkbookImport) -> WorkbookImportPublic:
    preview = record.preview
    return WorkbookImportPublic(
        id=record.id, plan_id=record.plan_id, filename=record.filename,
        uploaded_by=users_by_id(session, {record.uploaded_by_id}).get(record.uploaded_by_id),
        uploaded_at=record.uploaded_at, state=record.state, applied_at=record.applied_at,
        rows_read=preview["rows_read"], unchanged=preview["unchanged"], changes=preview["changes"],
        errors=preview["errors"],
        can_apply=record.state == ImportState.previewed and bool(preview["changes"]) and not preview["errors"])
