from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.security import OAuth2PasswordRequestForm
from sqlmodel import col, select

from actionplan.auth import service
from actionplan.auth.deps import CurrentPrincipal, authorize, refuse
from actionplan.auth.models import ServiceToken
from actionplan.auth.permissions import DEFAULT_SERVICE_SCOPES, Perm, check_token_scopes
from actionplan.auth.schemas import (
    AuthConfig, Me, OidcConfig, PasswordChange, ServiceTokenCreate, ServiceTokenCreated, ServiceTokenPublic, TokenResponse,
)
from actionplan.core.db import SessionDep
from actionplan.core.errors import Forbidden, NotFound, problem_responses
from actionplan.core.params import IdPath
from actionplan.users.models import User

router = APIRouter(tags=["auth"])


@router.post("/auth/token", response_model=TokenResponse, summary="Sign in",
             description="OAuth2 password flow: form fields `username` (the email address) and `password`; "
                         "`grant_type=password` may be sent and is the only value accepted.",
             responses=problem_responses(401, 403, 422, 429))
def sign_in(request: Request, session: SessionDep,
            form: Annotated[OAuth2PasswordRequestForm, Depends()]) -> TokenResponse:
    if not request.app.state.settings.password_sign_in:
        raise Forbidden("Sign in with your council account; passwords are not accepted here.",
                        code="password_sign_in_off")
    client = request.client.host if request.client else "unknown"
    token, lifetime = service.sign_in(session, request.app.state.settings, form.username, form.password, client)
    return TokenResponse(access_token=token, expires_in=lifetime)


@router.get("/auth/config", response_model=AuthConfig, summary="How to sign in",
            description="Open to all: the ways the sign-in page offers, and the identity provider's public "
                        "client settings for the authorization code flow with PKCE.")
def auth_config(request: Request) -> AuthConfig:
    settings = request.app.state.settings
    oidc = (OidcConfig(issuer=settings.oidc_issuer, client_id=settings.oidc_client_id, scopes=settings.oidc_scopes)
            if settings.spa_identity_provider() else None)
    return AuthConfig(password_sign_in=settings.password_sign_in, oidc=oidc)


def _me_user(session, principal) -> User:
    user = None if principal.is_service else session.get(User, principal.id)
    if user is None:
        raise NotFound("Service tokens have no user account.", code="not_a_user")
    return user


@router.get("/users/me", response_model=Me, summary="Who I am and what I may do", tags=["users"],
            description="The signed-in person, each permission they hold with its scope, the areas they lead and "
                        "(inspectors) the plans granted to them, so a client can hide what would be refused. "
                        "Service tokens have no user: 404.",
            responses=problem_responses(401, 404))
def read_me(session: SessionDep, principal: CurrentPrincipal) -> Me:
    user = _me_user(session, principal)
    return Me(id=user.id, email=user.email, name=user.name, role=user.role,
              permissions={p.value: s.name for p, s in principal.permissions().items()},
              led_area_ids=sorted(principal.led_area_ids), granted_plan_ids=sorted(principal.granted_plan_ids))


@router.post("/users/me/password", status_code=204, summary="Change my password",
             description="Every token issued before stops working.", tags=["users"],
             responses=problem_responses(401, 404, 422))
def change_password(body: PasswordChange, session: SessionDep, principal: CurrentPrincipal) -> None:
    service.change_password(session, _me_user(session, principal), body.current_password, body.new_password)


@router.post("/users/me/sign-out-everywhere", status_code=204, summary="Sign out everywhere", tags=["users"],
             description="Every token issued to me before now stops working, on every device: ours and the "
                         "council identity provider's. Service tokens are revoked on their own.",
             responses=problem_responses(401, 404))
def sign_out_everywhere(session: SessionDep, principal: CurrentPrincipal) -> None:
    service.sign_out_everywhere(session, _me_user(session, principal))


@router.get("/service-tokens", response_model=list[ServiceTokenPublic], summary="List service tokens",
            description="Administrators, the director and assistant directors: every service token, revoked and "
                        "expired ones included, without secrets.",
            responses=problem_responses(401, 403))
def list_service_tokens(session: SessionDep, principal: CurrentPrincipal) -> list[ServiceToken]:
    authorize(principal, Perm.token_manage)
    return list(session.exec(select(ServiceToken).order_by(col(ServiceToken.id))).all())


@router.post("/service-tokens", response_model=ServiceTokenCreated, status_code=201,
             summary="Create a service token for another council system",
             description="The token is in the response once; only its hash is kept. It carries only what its "
                         "issuer may do: `plans:read` and `webhooks:manage` need `plan:read` on every plan it "
                         "reaches, so the director or an assistant director issues them, not an administrator.",
             responses=problem_responses(401, 403, 422))
def create_service_token(body: ServiceTokenCreate, session: SessionDep, principal: CurrentPrincipal) -> ServiceTokenCreated:
    scopes = body.scopes or list(DEFAULT_SERVICE_SCOPES)
    refuse(check_token_scopes(principal, scopes, body.plan_id))
    row, secret = service.create_service_token(session, principal, body.name, scopes, body.plan_id,
                                               body.expires_in_days)
    return ServiceTokenCreated(**row.model_dump(), token=secret)


@router.delete("/service-tokens/{token_id}", response_model=ServiceTokenPublic, summary="Revoke a service token",
               description="Takes effect at once. The record is kept.", responses=problem_responses(401, 403, 404))
def revoke_service_token(token_id: IdPath, session: SessionDep, principal: CurrentPrincipal) -> ServiceToken:
    authorize(principal, Perm.token_manage)
    return service.revoke_service_token(session, principal, token_id)
