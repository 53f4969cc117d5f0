from fastapi import APIRouter, Response
from sqlmodel import col, select

from actionplan.auth.deps import CurrentPrincipal, authorize, refuse
from actionplan.auth.permissions import (
    Denied, Perm, check_own_account, check_role_change_decision, sees_role_changes,
)
from actionplan.core.db import SessionDep
from actionplan.core.errors import NotFound, problem_responses
from actionplan.core.params import IdPath
from actionplan.users import service
from actionplan.users.models import Role, RoleChange, User
from actionplan.users.schemas import RoleChangeDecision, RoleChangePublic, UserCreate, UserPublic, UserUpdate

router = APIRouter(tags=["users"])


def _role_changes_public(session, changes: list[RoleChange]) -> list[RoleChangePublic]:
    ids = {c.user_id for c in changes} | {c.requested_by_id for c in changes} | {c.decided_by_id for c in changes}
    people = {u.id: u for u in session.exec(select(User).where(col(User.id).in_(ids - {None}))).all()}
    out = []
    for c in changes:
        user, decider = people[c.user_id], people.get(c.decided_by_id)
        requester = people.get(c.requested_by_id)
        out.append(RoleChangePublic(
            id=c.id, user_id=user.id, user_name=user.name, user_email=user.email, user_role=user.role,
            user_is_active=user.is_active, role=c.role, state=c.state, requested_by_id=c.requested_by_id,
            requested_by_name=requester.name if requester else "the command line", requested_at=c.requested_at,
            decided_by_id=c.decided_by_id, decided_by_name=decider.name if decider else None,
            decided_at=c.decided_at))
    return out


def _users_public(session, users: list[User]) -> list[UserPublic]:
    pending = session.exec(select(RoleChange).where(RoleChange.state == "pending",
                                                    col(RoleChange.user_id).in_([u.id for u in users]))).all()
    by_user = {c.user_id: c for c in _role_changes_public(session, list(pending))}
    return [UserPublic(id=u.id, email=u.email, name=u.name, role=u.role, is_active=u.is_active,
                       created_at=u.created_at, pending_role_change=by_user.get(u.id)) for u in users]


@router.get("/users", response_model=list[UserPublic], summary="List users",
            description="Administrators see everyone; approvers see the people they can assign work to.",
            responses=problem_responses(401, 403, 422))
def list_users(session: SessionDep, principal: CurrentPrincipal, role: Role | None = None) -> list[UserPublic]:
    authorize(principal, Perm.user_list)
    query = select(User).order_by(col(User.id))
    if role is not None:
        query = query.where(User.role == role)
    return _users_public(session, list(session.exec(query).all()))


@router.post("/users", response_model=UserPublic, status_code=201, summary="Create a user",
             description="Administrators. The email is the sign-in name (unique, kept in lower case); the password "
                         "must be at least 12 characters. An account for a director, an assistant director or an "
                         "inspector starts deactivated, with a pending role change that a director must confirm.",
             responses=problem_responses(401, 403, 409, 422))
def create_user(body: UserCreate, session: SessionDep, principal: CurrentPrincipal) -> UserPublic:
    authorize(principal, Perm.user_manage)
    user = service.add_user(session, principal, body.email, body.role, body.password, name=body.name)
    return _users_public(session, [user])[0]


@router.patch("/users/{user_id:int}", response_model=UserPublic, summary="Change a user's name, role or whether active",
              description="Administrators, never on their own role or activity. Changing the role or deactivating "
                          "revokes every token the user holds, at once. Making someone director, assistant director "
                          "or inspector (or reactivating such an account) is only recorded, as a pending role change "
                          "that a director confirms: the answer is then 202 and the account is unchanged.",
              responses={202: {"model": UserPublic, "description": "The elevation waits for a director."},
                         **problem_responses(401, 403, 404, 422)})
def update_user(user_id: IdPath, body: UserUpdate, session: SessionDep, principal: CurrentPrincipal,
                response: Response) -> UserPublic:
    authorize(principal, Perm.user_manage)
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"There is no user {user_id}.")
    refuse(check_own_account(principal, user.id, role_changes=body.role not in (None, user.role),
                             deactivates=body.is_active is not None and body.is_active != user.is_active))
    if service.update_user(session, principal, user, body.name, body.role, body.is_active) is not None:
        response.status_code = 202
    return _users_public(session, [user])[0]


@router.get("/role-changes", response_model=list[RoleChangePublic], summary="List role changes, newest first",
            description="Requests to make someone director, assistant director or inspector, and what became of "
                        "them. Administrators and the director.",
            responses=problem_responses(401, 403, 422))
def list_role_changes(session: SessionDep, principal: CurrentPrincipal, pending_only: bool = False
                      ) -> list[RoleChangePublic]:
    refuse(None if sees_role_changes(principal) else Denied("Only administrators and directors can see changes of role"))
    query = select(RoleChange).order_by(col(RoleChange.id).desc())
    if pending_only:
        query = query.where(RoleChange.state == "pending")
    return _role_changes_public(session, list(session.exec(query).all()))


@router.post("/role-changes/{change_id}/decision", response_model=RoleChangePublic,
             summary="Confirm or refuse a role change",
             description="A director who neither asked for it nor is the person concerned. Confirming gives the "
                         "account the role, active, and signs it out everywhere.",
             responses=problem_responses(401, 403, 404, 409, 422))
def decide_role_change(change_id: IdPath, body: RoleChangeDecision, session: SessionDep,
                       principal: CurrentPrincipal) -> RoleChangePublic:
    change = session.get(RoleChange, change_id)
    if change is None:
        raise NotFound(f"There is no role change {change_id}.")
    refuse(check_role_change_decision(principal, change.requested_by_id, change.user_id))
    decided = service.decide_role_change(session, principal, change, confirm=body.decision == "confirm")
    return _role_changes_public(session, [decided])[0]
