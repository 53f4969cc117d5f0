"""Who is told what. Notifications are rows (listed in the API); email follows when SMTP is set."""

import html
import logging
import re
import smtplib
from email.message import EmailMessage

from sqlalchemy import update
from sqlmodel import Session, col, select

from actionplan.actions.models import Action, Reschedule, StatusChange
from actionplan.core.clock import council_today
from actionplan.core.config import Settings
from actionplan.core.types import utcnow
from actionplan.core.words import STATUS_WORDS, date_words
from actionplan.notifications.models import Notification
from actionplan.plans.models import Area
from actionplan.reminders.models import ReminderPreference
from actionplan.users.models import Delegation, Role, RoleChange, User

log = logging.getLogger("actionplan.notifications")


def _active(session: Session, *roles: Role) -> list[User]:
    return list(session.exec(select(User).where(col(User.role).in_(roles), User.is_active)).all())


def _tell(session: Session, users, kind: str, title: str, body: str, action: Action | None, skip: int | None) -> None:
    for user_id in sorted({u.id if isinstance(u, User) else u for u in users} - {skip, None}):
        session.add(Notification(user_id=user_id, kind=kind, title=title, body=body,
                                 action_id=action.id if action else None))


def _tell_deciders(session: Session, deciders, kind: str, title: str, body: str, action: Action, skip: int | None) -> None:
    """A decision to make reaches those who may make it and, while one of them is away, whoever covers
    for them that day (once, naming whom they cover; not if it is their own work or already theirs)."""
    ids = {u.id if isinstance(u, User) else u for u in deciders} - {skip, None}
    _tell(session, ids, kind, title, body, action, skip)
    delegations = session.exec(select(Delegation).where(col(Delegation.approver_id).in_(ids),
                                                        *Delegation.in_force_on(council_today()))
                               .order_by(col(Delegation.id))).all()
    covered: dict[int, list[int]] = {}
    for delegation in delegations:
        if delegation.cover_id not in ids | {skip}:
            covered.setdefault(delegation.cover_id, []).append(delegation.approver_id)
    for cover_id, approver_ids in sorted(covered.items()):
        if not session.get(User, cover_id).is_active:
            continue
        names = " and ".join(dict.fromkeys(session.get(User, a).name for a in approver_ids))
        session.add(Notification(user_id=cover_id, kind=kind, title=f"{title} (you cover for {names})"[:300],
                                 body=body, action_id=action.id))


def delegation_named(session: Session, delegation: Delegation, approver: User) -> None:
    """The cover hears whom they cover, and when, as soon as they are named."""
    _tell(session, [delegation.cover_id], "delegation.named",
          f"You cover for {approver.name} from {date_words(delegation.starts_on)} to {date_words(delegation.ends_on)}",
          f"While {approver.name} is away you decide status changes and new due dates, and review evidence, in "
          "their name, as they could, but never on your own work. What waits for them is in your approvals.",
          None, skip=None)


def delegation_ended(session: Session, delegation: Delegation, approver: User) -> None:
    _tell(session, [delegation.cover_id], "delegation.ended", f"{approver.name} ended your cover",
          f"You no longer decide in {approver.name}’s name. It was to run from {date_words(delegation.starts_on)} "
          f"to {date_words(delegation.ends_on)}.", None, skip=None)


def _approvers(session: Session, action: Action, sign_off: bool) -> list:
    """The area's lead; changes that need sign-off, or an area without a lead, go to the assistant
    directors too."""
    lead = session.get(Area, action.area_id).lead_id
    recipients: list = [lead] if lead else []
    if sign_off or not lead:
        recipients += _active(session, Role.assistant_director)
    return recipients


def proposal_submitted(session: Session, action: Action, change: StatusChange) -> None:
    recipients = _approvers(session, action, sign_off=change.to_status in {"red", "blue"})
    _tell_deciders(session, recipients, "proposal.submitted",
          f"{action.ref}: proposed {STATUS_WORDS[change.to_status]}", change.commentary, action, skip=change.proposed_by_id)


def proposal_decided(session: Session, action: Action, change: StatusChange) -> None:
    verb = {"approved": "approved", "rejected": "rejected", "returned": "returned for more information"}[change.state]
    body = change.decision_note or ""
    _tell(session, [change.proposed_by_id], f"proposal.{change.state}",
          f"{action.ref}: {STATUS_WORDS[change.to_status]} {verb}", body, action, skip=change.decided_by_id)
    if change.state == "approved" and change.to_status == "red":
        # The seed's Red: "not on track – exceptional reporting required": the top is told.
        _tell(session, _active(session, Role.assistant_director, Role.director), "status.red",
              f"{action.ref} is now Red", f"{change.exception_reason}\n\nMitigation: {change.exception_mitigation}\n"
              f"Revised date: {date_words(change.revised_due_on)}", action, skip=None)


_ROLE_WORDS = {Role.action_owner: "action owner", Role.head_of_service: "Head of Service",
               Role.assistant_director: "assistant director", Role.director: "director",
               Role.inspector: "inspector", Role.admin: "administrator"}


def role_change_requested(session: Session, change: RoleChange, user: User, requester: str) -> None:
    """Every director hears of it, so that an elevation nobody expected is seen at once."""
    _tell(session, _active(session, Role.director), "role_change.requested",
          f"Confirm or refuse: {user.name} to become {_ROLE_WORDS[Role(change.role)]}",
          f"{requester} asked for {user.name} ({user.email}) to become {_ROLE_WORDS[Role(change.role)]}. "
          "Nothing changes until a director other than the requester and the person concerned confirms it.",
          None, skip=None)


def role_change_decided(session: Session, change: RoleChange, user: User) -> None:
    _tell(session, [change.requested_by_id], f"role_change.{change.state}",
          f"{user.name} to become {_ROLE_WORDS[Role(change.role)]}: {change.state}", "", None,
          skip=change.decided_by_id)


def reschedule_requested(session: Session, action: Action, reschedule: Reschedule) -> None:
    _tell_deciders(session, _approvers(session, action, sign_off=False), "reschedule.submitted",
          f"{action.ref}: new due date {reschedule.to_due_on:%-d %B %Y} asked for", reschedule.reason, action,
          skip=reschedule.proposed_by_id)


def reschedule_decided(session: Session, action: Action, reschedule: Reschedule) -> None:
    _tell(session, [reschedule.proposed_by_id], f"reschedule.{reschedule.state}",
          f"{action.ref}: new due date {reschedule.to_due_on:%-d %B %Y} {reschedule.state}",
          reschedule.decision_note or "", action, skip=reschedule.decided_by_id)


def email_wanted():
    """A condition on Notification rows: its person wants email (no choice made: yes, as before people
    could choose), and it came after they last chose, so turning email on sends nothing from before."""
    declined = select(ReminderPreference.user_id).where(
        ReminderPreference.user_id == Notification.user_id,
        col(ReminderPreference.email).is_(False) | (col(ReminderPreference.updated_at) > Notification.created_at))
    return ~declined.exists()


_URL = re.compile(r"https?://[^\s<>\"]*[^\s<>\".,;:!?)]")


def email_message(settings: Settings, to: str, notification: Notification) -> EmailMessage:
    """Plain text, and the same words as simple HTML whose links can be followed."""
    message = EmailMessage()
    message["From"], message["To"] = settings.smtp_from, to
    message["Subject"] = notification.title
    text = notification.body or notification.title
    message.set_content(text)
    paragraphs = []
    for block in text.split("\n\n"):
        escaped = html.escape(block)
        linked = _URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)
        paragraphs.append(f"<p>{linked.replace(chr(10), '<br>')}</p>")
    message.add_alternative(
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(notification.title)}'
        f'</title></head><body style="font-family: Arial, sans-serif; font-size: 19px; line-height: 1.4">'
        f'{"".join(paragraphs)}</body></html>', subtype="html")
    return message


def claim_for_email(session: Session, notification_id: int) -> bool:
    """Marks a notification emailed just before it is sent. Two senders may read the same rows (the
    periodic job and the one after a request); only the one whose mark lands sends it. A sender that
    dies between its mark and the relay loses that one email; the notification stays in the app."""
    marked = session.execute(update(Notification).where(col(Notification.id) == notification_id,
                                                        col(Notification.emailed_at).is_(None))
                             .values(emailed_at=utcnow()))
    session.commit()
    return marked.rowcount == 1


def _unclaim(session: Session, notification_id: int) -> None:
    session.execute(update(Notification).where(col(Notification.id) == notification_id).values(emailed_at=None))
    session.commit()


def send_pending_emails(session: Session, settings: Settings, limit: int = 100) -> int:
    """Emails notifications not emailed yet to those who want email. State is in the rows, so a failure
    or a crash just leaves them for the next call."""
    if not settings.smtp_host:
        return 0
    rows = session.exec(select(Notification, User.email).join(User, col(User.id) == Notification.user_id)
                        .where(col(Notification.emailed_at).is_(None), email_wanted())
                        .order_by(col(Notification.id)).limit(limit)).all()
    sent = 0
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=10) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_username:
                smtp.login(settings.smtp_username, settings.smtp_password)
            for notification, email in rows:
                message = email_message(settings, email, notification)
                if not claim_for_email(session, notification.id):
                    continue  # another sender took it
                try:
                    smtp.send_message(message)
                except (OSError, smtplib.SMTPException):
                    _unclaim(session, notification.id)
                    raise
                sent += 1
    except (OSError, smtplib.SMTPException):
        log.exception("sending notification emails failed; they stay queued")
    return sent
