from fastapi import APIRouter
from sqlmodel import col, select

from actionplan.auth.deps import CurrentPrincipal, authorize
from actionplan.auth.permissions import Perm
from actionplan.core.db import SessionDep
from actionplan.core.errors import NotFound, problem_responses
from actionplan.core.params import IdPath
from actionplan.users import service
from actionplan.users.models import Role, User
from actionplan.users.schemas import UserCreate, UserPublic, UserUpdate

router = APIRouter(tags=["users"])


@router.get("/users", response_model=list[UserPublic], summary="List users",
            description="Administrators see everyone; approvers see the people they can assign work to.",
            responses=problem_responses(401, 403, 422))
def list_users(session: SessionDep, principal: CurrentPrincipal, role: Role | None = None) -> list[User]:
    authorize(principal, Perm.user_list)
    query = select(User).order_by(col(User.id))
    if role is not None:
        query = query.where(User.role == role)
    return list(session.exec(query).all())


@router.post("/users", response_model=UserPublic, status_code=201, summary="Create a user",
             description="Administrators. The email is the sign-in name (unique, kept in lower case); the password "
                         "must be at least 12 characters.",
             responses=problem_responses(401, 403, 409, 422))
def create_user(body: UserCreate, session: SessionDep, principal: CurrentPrincipal) -> User:
    authorize(principal, Perm.user_manage)
    return service.create_user(session, body.email, body.role, body.password, name=body.name, actor=principal)


@router.patch("/users/{user_id:int}", response_model=UserPublic, summary="Change a user's name, role or whether active",
              description="Administrators. Changing the role or deactivating revokes every token the user holds, at once.",
              responses=problem_responses(401, 403, 404, 422))
def update_user(user_id: IdPath, body: UserUpdate, session: SessionDep, principal: CurrentPrincipal) -> User:
    authorize(principal, Perm.user_manage)
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"There is no user {user_id}.")
    return service.update_user(session, principal, user, body.name, body.role, body.is_active)
