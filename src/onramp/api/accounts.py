"""/api/v1/auth and /api/v1/users: sign-up, log-in, tokens, password reset, own data."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Request, Response, status
from pydantic import BaseModel, Field

from onramp.api.auth import (
    SESSION_COOKIE,
    PlatformDep,
    PrincipalDep,
    clear_session_cookie,
    client_address,
    set_session_cookie,
)
from onramp.platform import AccountKind, Principal, Scope
from onramp.platform.audit import about_worker
from onramp.serialize import to_plain

router = APIRouter(prefix="/api/v1", tags=["accounts"])


class SignUp(BaseModel):
    email: str = Field(max_length=320)
    password: str = Field(max_length=256)
    name: str = Field(max_length=200)
    account_type: Literal["worker", "staff"] = "worker"


class LogIn(BaseModel):
    email: str = Field(max_length=320)
    password: str = Field(max_length=256)


class NewToken(BaseModel):
    name: str = Field(default="API token", max_length=100)
    scopes: list[Scope] = Field(default_factory=lambda: [Scope.READ])
    days: int | None = Field(default=90, ge=1, le=366)


class ResetRequest(BaseModel):
    email: str = Field(max_length=320)


class ResetConfirm(BaseModel):
    token: str = Field(max_length=200)
    password: str = Field(max_length=256)


class ProfileUpdate(BaseModel):
    headline: str | None = Field(default=None, max_length=200)
    summary: str | None = Field(default=None, max_length=4000)
    location: str | None = Field(default=None, max_length=200)
    work_history: list[dict[str, str]] | None = Field(default=None, max_length=50)


class DeleteAccount(BaseModel):
    password: str = Field(max_length=256)


def whoami(principal: Principal) -> dict[str, Any]:
    return {
        "user": to_plain(principal.user),
        "memberships": to_plain(principal.memberships),
        "scopes": sorted(s.value for s in principal.scopes),
    }


@router.post("/auth/signup", status_code=status.HTTP_201_CREATED, summary="Create an account")
def sign_up(body: SignUp, p: PlatformDep) -> dict[str, Any]:
    user = p.accounts.sign_up(body.email, body.password, body.name, AccountKind(body.account_type))
    return {"user": to_plain(user)}


@router.post("/auth/login", summary="Log in: sets the session cookie, returns the CSRF token")
def log_in(body: LogIn, request: Request, response: Response, p: PlatformDep) -> dict[str, Any]:
    user = p.accounts.authenticate(body.email, body.password, client_address(request))
    token, csrf = p.accounts.start_session(user)
    set_session_cookie(request, response, token)
    return {**whoami(p.accounts.principal(user)), "csrf_token": csrf}


@router.post("/auth/logout", status_code=204, summary="End the session")
def log_out(request: Request, principal: PrincipalDep, p: PlatformDep) -> Response:
    p.accounts.log_out(principal, request.cookies.get(SESSION_COOKIE))
    response = Response(status_code=204)
    clear_session_cookie(response)
    return response


@router.get("/auth/me", summary="Who is calling, their organizations and scopes")
def me(principal: PrincipalDep) -> dict[str, Any]:
    return whoami(principal)


@router.post("/auth/password-reset", status_code=202, summary="Mail a password reset link")
def request_reset(body: ResetRequest, p: PlatformDep) -> dict[str, str]:
    p.accounts.request_reset(body.email)
    return {"message": "If an account uses that email, we sent it a link."}


@router.post("/auth/password-reset/confirm", summary="Set a new password with a reset token")
def confirm_reset(body: ResetConfirm, p: PlatformDep) -> dict[str, str]:
    p.accounts.reset_password(body.token, body.password)
    return {"message": "Your password is changed. Please log in."}


@router.get("/auth/tokens", summary="Your API tokens (never their secrets)")
def list_tokens(principal: PrincipalDep, p: PlatformDep) -> list[dict[str, Any]]:
    return list(to_plain(p.accounts.tokens(principal.user.id)))


@router.post("/auth/tokens", status_code=201, summary="Create an API token (shown once)")
def create_token(body: NewToken, principal: PrincipalDep, p: PlatformDep) -> dict[str, Any]:
    secret, token = p.accounts.make_token(
        principal, body.name, [s.value for s in body.scopes], body.days
    )
    return {"token": secret, "details": to_plain(token)}


@router.delete("/auth/tokens/{token_id}", status_code=204, summary="Revoke an API token")
def revoke_token(token_id: str, principal: PrincipalDep, p: PlatformDep) -> Response:
    p.accounts.revoke_token(principal, token_id)
    return Response(status_code=204)


@router.get("/users", summary="Every account (platform admins only)")
def all_users(principal: PrincipalDep, p: PlatformDep) -> list[dict[str, Any]]:
    return list(to_plain(p.accounts.all_users(principal)))


@router.get("/users/me", summary="Your account")
def my_account(principal: PrincipalDep) -> dict[str, Any]:
    return whoami(principal)


@router.get("/users/me/profile", summary="Your worker profile")
def my_profile(principal: PrincipalDep, p: PlatformDep) -> dict[str, Any]:
    return p.workers.profile(principal)


@router.put("/users/me/profile", summary="Change your worker profile")
def update_profile(body: ProfileUpdate, principal: PrincipalDep, p: PlatformDep) -> dict[str, Any]:
    return p.workers.update(principal, **body.model_dump())


@router.get("/users/me/export", summary="Everything Onramp holds about you, as JSON")
def export(principal: PrincipalDep, p: PlatformDep) -> dict[str, Any]:
    return p.privacy.export(principal)


@router.get("/users/me/audit", summary="Who viewed or changed your data")
def my_audit(
    principal: PrincipalDep, p: PlatformDep, limit: Annotated[int, Field(ge=1, le=1000)] = 200
) -> list[dict[str, Any]]:
    return list(to_plain(about_worker(p.engine, principal.user.id, limit)))


@router.delete("/users/me", status_code=204, summary="Delete your account and personal data")
def delete_me(body: DeleteAccount, principal: PrincipalDep, p: PlatformDep) -> Response:
    p.privacy.delete_account(principal, body.password)
    response = Response(status_code=204)
    clear_session_cookie(response)
    return response
