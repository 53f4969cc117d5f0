"""Who is reminded of what, and when: pure functions of the facts and of today's date.

The reasons, each with the "occurrence" that makes it happen once:
- due_soon: an open action's next date (a milestone or its due date) falls within N days. Once per date.
- overdue: an open action's due date has passed. Once per due date.
- update_due: updates are due a number of working days before each meeting of the plan's board; an
  action (open, or Blue with a continuing review) with no update since the last meeting is reminded
  when the window opens, N days before that deadline. Once per meeting.
- returned: a proposal returned for more information waits on its author more than N working days.
- review_waiting: a proposal, a new due date or evidence waits on its reviewers more than N working days.

Every reason holds only while its condition does: an update on the action since the occurrence began
(a progress note, a proposal, a request for a new date, evidence), a new owner (the reminder is then
the new owner's), a new due date (a new occurrence) or completion ends it at once, and with it any
escalation. Escalation: M working days after the person was first reminded (and not before the thing
is actually missed: the due date, the update deadline), the area's Head of Service is told; after 2·M,
the assistant directors. Nobody is told of their own miss, and what waits on an assistant director
goes no higher.
"""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from actionplan.actions.milestones import add_months
from actionplan.core.words import date_words
from actionplan.reminders.workdays import add_working_days, previous_working_day, working_days_between


@dataclass(frozen=True)
class Thresholds:
    update_lead_working_days: int = 5
    due_within_days: int = 14
    waiting_working_days: int = 5
    escalate_after_working_days: int = 3


@dataclass(frozen=True)
class ActionFacts:
    id: int
    ref: str
    area_lead_id: int | None
    owner_id: int | None
    status: str
    continuing_review: bool
    due_on: dt.date | None
    next_due_on: dt.date | None = None      # the first milestone or due date on or after today
    last_update_on: dt.date | None = None   # progress, a proposal, a request for a new date, evidence

    @property
    def open(self) -> bool:
        return self.status != "blue"

    def updated_since(self, day: dt.date | None) -> bool:
        """An update on or after `day` (None: any update at all)."""
        return self.last_update_on is not None and (day is None or self.last_update_on >= day)


@dataclass(frozen=True)
class WaitingItem:
    """A proposal, a request for a new date or evidence waiting on its reviewers, or a returned proposal
    waiting on its author."""

    kind: str                      # proposal, reschedule, evidence, returned
    id: int
    action: ActionFacts
    since: dt.date
    waiting_on: tuple[int, ...]


@dataclass(frozen=True)
class BoardCycle:
    meeting_on: dt.date
    previous_meeting_on: dt.date | None
    updates_due_on: dt.date
    window_opens_on: dt.date


@dataclass(frozen=True)
class Reminder:
    user_id: int
    reason: str                    # due_soon, overdue, update_due, returned, review_waiting, or escalated:<reason>
    subject: str                   # what it is about: "action:12", "proposal:5", "evidence:3", "reschedule:4"
    occurrence: str
    action_id: int | None
    ref: str
    what: str                      # one line in plain English
    path: str                      # the page that needs action
    about_user_ids: tuple[int, ...] = field(default=())   # escalations: who missed it

    @property
    def key(self) -> tuple[int, str, str, str]:
        return self.user_id, self.reason, self.subject, self.occurrence


SentOn = Mapping[tuple[int, str, str, str], dt.date]


def projected_meetings(first_on: dt.date | None, cadence_months: int, until: dt.date) -> list[dt.date]:
    """The board's meetings from the first, every `cadence_months` months, up to `until`; a date that
    falls on a weekend or a bank holiday moves to the working day before."""
    if first_on is None or cadence_months < 1:
        return []
    out, k = [], 0
    while (day := add_months(first_on, k * cadence_months)) <= until:
        out.append(previous_working_day(day))
        k += 1
    return out


def board_meetings(recorded: Iterable[dt.date], projected: Iterable[dt.date], cadence_months: int) -> list[dt.date]:
    """The meetings recorded for the board, and the cadence's dates where no meeting is recorded within
    half a cadence of them (a meeting moved by a week replaces its projected date, not adds to it)."""
    held = sorted(set(recorded))
    half = dt.timedelta(days=max(cadence_months, 1) * 15)
    return sorted({*held, *(p for p in projected if not any(abs(p - h) < half for h in held))})


def board_cycle(today: dt.date, meetings: Iterable[dt.date], thresholds: Thresholds) -> BoardCycle | None:
    """The meeting whose update round is under way today: the latest one whose reminder window has
    opened. It stays current (for escalation) until the next one's window opens."""
    days = sorted(set(meetings))
    current = None
    for i, meeting in enumerate(days):
        due = add_working_days(meeting, -thresholds.update_lead_working_days)
        opens = due - dt.timedelta(days=thresholds.due_within_days)
        if opens > today:
            break
        current = BoardCycle(meeting, days[i - 1] if i else None, due, opens)
    return current


def _escalations(base: Reminder, missed: tuple[int, ...], first_reminded: dt.date | None, missed_from: dt.date,
                 today: dt.date, area_lead_id: int | None, assistant_directors: Sequence[int],
                 thresholds: Thresholds) -> list[Reminder]:
    """Level 1: the area's Head of Service (the assistant directors if the area has none); level 2: the
    assistant directors. Counted from the first reminder, never before the thing was missed."""
    if first_reminded is None or set(missed) & set(assistant_directors):
        return []  # never reminded yet; or it waits on an assistant director, the top of the ladder
    start = max(first_reminded, missed_from)
    m = thresholds.escalate_after_working_days
    out: list[Reminder] = []
    told: set[int] = set(missed)
    level_one = [area_lead_id] if area_lead_id else list(assistant_directors)
    for level, people in ((1, level_one), (2, list(assistant_directors))):
        if add_working_days(start, level * m) > today:
            break
        for person in people:
            if person in told:
                continue
            told.add(person)
            who = "its owner" if base.reason in ACTION_REASONS else "who it waits on"
            out.append(Reminder(person, f"escalated:{base.reason}", base.subject,
                                f"{base.occurrence}/{missed[0] if len(missed) == 1 else 'reviewers'}", base.action_id, base.ref,
                                f"Still not done {m * level} working days after {who} was reminded: {base.what}",
                                base.path, missed))
    return out


ACTION_REASONS = frozenset({"due_soon", "overdue", "update_due"})


def _action_reminders(a: ActionFacts, today: dt.date, cycle: BoardCycle | None, th: Thresholds
                      ) -> list[tuple[Reminder, dt.date | None]]:
    """An owner's reminders on one action, each with the day it counts as missed (None: never escalated)."""
    if a.owner_id is None:
        return []
    path, subject, out = f"/actions/{a.id}", f"action:{a.id}", []
    if a.open and a.next_due_on is not None and today <= a.next_due_on:
        opens = a.next_due_on - dt.timedelta(days=th.due_within_days)
        if opens <= today and not a.updated_since(opens):
            out.append((Reminder(a.owner_id, "due_soon", subject, a.next_due_on.isoformat(), a.id, a.ref,
                                 f"{a.ref} is due on {date_words(a.next_due_on)}.", path), None))
    if a.open and a.due_on is not None and a.due_on < today and not a.updated_since(a.due_on):
        out.append((Reminder(a.owner_id, "overdue", subject, a.due_on.isoformat(), a.id, a.ref,
                             f"{a.ref} was due on {date_words(a.due_on)}: record progress, propose a status "
                             "or ask for a new date.", path), a.due_on))
    if cycle is not None and (a.open or a.continuing_review):
        since = cycle.previous_meeting_on + dt.timedelta(days=1) if cycle.previous_meeting_on else None
        if not a.updated_since(since):
            last = f"since the board met on {date_words(cycle.previous_meeting_on)}" \
                if cycle.previous_meeting_on else "yet"
            out.append((Reminder(a.owner_id, "update_due", subject, cycle.meeting_on.isoformat(), a.id, a.ref,
                                 f"{a.ref} has no update {last}: updates are due by "
                                 f"{date_words(cycle.updates_due_on)} for the board on "
                                 f"{date_words(cycle.meeting_on)}.", path), cycle.updates_due_on))
    return out


_WAITING_WORDS = {"proposal": ("a proposed status", "/proposals/{id}"),
                  "reschedule": ("a request for a new due date", "/reschedules/{id}"),
                  "evidence": ("evidence", "/evidence/{id}/review"),
                  "returned": ("your proposal returned for more information", "/proposals/{id}")}


def _waiting_reminders(item: WaitingItem, today: dt.date, th: Thresholds) -> list[Reminder]:
    waited = working_days_between(item.since, today)
    if waited <= th.waiting_working_days:
        return []
    words, path = _WAITING_WORDS[item.kind]
    reason = "returned" if item.kind == "returned" else "review_waiting"
    subject = f"{'proposal' if item.kind == 'returned' else item.kind}:{item.id}"
    verb = "has waited for you to resubmit or withdraw it" if reason == "returned" else "has waited for a decision"
    what = f"{item.action.ref}: {words} {verb} since {date_words(item.since)} ({waited} working days)."
    return [Reminder(person, reason, subject, item.since.isoformat(), item.action.id, item.action.ref, what,
                     path.format(id=item.id)) for person in sorted(set(item.waiting_on))]


def reminders_due(today: dt.date, actions: Iterable[ActionFacts], waiting: Iterable[WaitingItem],
                  meetings: Iterable[dt.date], thresholds: Thresholds, assistant_directors: Sequence[int],
                  first_reminded: SentOn) -> list[Reminder]:
    """Everything that should be said today, before removing what was already said (the caller's
    reminder_sent table does that). `first_reminded` maps a reminder's key to the day it was given."""
    cycle = board_cycle(today, meetings, thresholds)
    out: list[Reminder] = []
    for a in actions:
        for reminder, missed_from in _action_reminders(a, today, cycle, thresholds):
            out.append(reminder)
            if missed_from is not None:
                out += _escalations(reminder, (reminder.user_id,), first_reminded.get(reminder.key), missed_from,
                                    today, a.area_lead_id, assistant_directors, thresholds)
    for item in waiting:
        said = _waiting_reminders(item, today, thresholds)
        out += said
        if said:
            firsts = [d for d in (first_reminded.get(r.key) for r in said) if d is not None]
            out += _escalations(said[0], tuple(sorted(set(item.waiting_on))), min(firsts, default=None), item.since,
                                today, item.action.area_lead_id, assistant_directors, thresholds)
    return out


def digests(reminders: Iterable[Reminder]) -> dict[int, list[Reminder]]:
    """One digest per person: everything they are told today, in one message, ordered by action."""
    by_person: dict[int, list[Reminder]] = {}
    for r in reminders:
        by_person.setdefault(r.user_id, []).append(r)
    return {person: sorted(items, key=lambda r: (r.reason.startswith("escalated"), r.ref, r.reason, r.subject))
            for person, items in sorted(by_person.items())}
