import datetime as dt

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import func, update
from sqlmodel import col, select

from actionplan.auth.deps import CurrentPrincipal
from actionplan.auth.permissions import Principal
from actionplan.core.db import SessionDep
from actionplan.core.errors import NotFound, problem_responses
from actionplan.core.params import IdPath, Limit, Offset
from actionplan.core.types import utcnow
from actionplan.notifications.models import Notification

router = APIRouter(tags=["notifications"])


class NotificationPublic(BaseModel):
    id: int
    kind: str
    title: str
    body: str
    action_id: int | None
    created_at: dt.datetime
    read_at: dt.datetime | None


class NotificationsPage(BaseModel):
    items: list[NotificationPublic]
    total: int
    unread: int
    limit: int
    offset: int


def _own(principal: Principal):
    # Notifications are personal: a service token has none, and nobody reads another's.
    if principal.is_service:
        raise NotFound("Service tokens have no notifications.", code="not_a_user")
    return Notification.user_id == principal.id


@router.get("/notifications", response_model=NotificationsPage, summary="My notifications, newest first",
            description="Proposals waiting for my decision, decisions on mine, and the like; `unread` counts those "
                        "not yet read. Service tokens have none (404).",
            responses=problem_responses(401, 404, 422))
def list_notifications(session: SessionDep, principal: CurrentPrincipal, unread_only: bool = False,
                       limit: Limit = 50, offset: Offset = 0) -> NotificationsPage:
    mine = _own(principal)
    query = select(Notification).where(mine)
    if unread_only:
        query = query.where(col(Notification.read_at).is_(None))
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    unread = session.exec(select(func.count()).select_from(Notification)
                          .where(mine, col(Notification.read_at).is_(None))).one()
    rows = session.exec(query.order_by(col(Notification.id).desc()).limit(limit).offset(offset)).all()
    return NotificationsPage(items=[NotificationPublic.model_validate(n, from_attributes=True) for n in rows],
                             total=total, unread=unread, limit=limit, offset=offset)


@router.post("/notifications/{notification_id}/read", response_model=NotificationPublic,
             summary="Mark a notification as read", responses=problem_responses(401, 404, 422),
             description="One of mine; someone else's is 404.")
def mark_read(notification_id: IdPath, session: SessionDep, principal: CurrentPrincipal) -> NotificationPublic:
    notification = session.exec(select(Notification).where(Notification.id == notification_id,
                                                           _own(principal))).first()
    if notification is None:
        raise NotFound(f"There is no notification {notification_id}.")
    if notification.read_at is None:
        notification.read_at = utcnow()
        session.add(notification)
        session.commit()
        session.refresh(notification)
    return NotificationPublic.model_validate(notification, from_attributes=True)


@router.post("/notifications/read-all", status_code=204, summary="Mark all my notifications as read",
             description="Every unread notification of mine, at once.",
             responses=problem_responses(401, 404))
def mark_all_read(session: SessionDep, principal: CurrentPrincipal) -> None:
    session.execute(update(Notification).where(_own(principal), col(Notification.read_at).is_(None))
                    .values(read_at=utcnow()))
    session.commit()
