"""Accounts and credentials: sign-up, log-in with rate limiting, sessions, API tokens, resets.

Every secret handed out (session, API token, reset or invitation token) is random and stored
only as its SHA-256 hash; passwords are hashed with argon2id.
"""

from __future__ import annotations

import os
import threading
import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select, update

from onramp.errors import (
    AuthenticationError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    RateLimitedError,
)
from onramp.platform import audit, policy
from onramp.platform.audit_actions import AuditAction
from onramp.platform.email_address import normalize_email
from onramp.platform.emails import Proof, record_confirmed
from onramp.platform.links import Links
from onramp.platform.mail import Mailer, MailKind
from onramp.platform.model import (
    AccountKind,
    ApiToken,
    Membership,
    OrgKind,
    Principal,
    Role,
    Scope,
    User,
)
from onramp.platform.secrets import (
    aware,
    hash_password,
    new_token,
    now,
    same,
    token_hash,
    verify_password,
)
from onramp.store import platform_tables as t
from onramp.store import write_transaction

SESSION_IDLE = timedelta(hours=8)
# "last seen" and "last used" are written at most this often, so reading a page or calling the
# API does not take the store's write lock on every request
SEEN_EVERY = timedelta(minutes=1)
SESSION_MAX = timedelta(days=7)
RESET_VALID = timedelta(hours=1)
LOGIN_WINDOW = timedelta(minutes=15)
LOGIN_LIMIT_PER_EMAIL = 5
LOGIN_LIMIT_PER_CLIENT = 30
TOKEN_PREFIX = "onr_"


def _user(row: Any) -> User:
    return User(
        row.id,
        row.email,
        row.name,
        AccountKind(row.kind),
        row.created_at,
        bool(row.is_platform_admin),
        bool(row.is_demo),
    )


class Accounts:
    def __init__(self, engine: Engine, mailer: Mailer, links: Links) -> None:
        self.engine = engine
        self.mailer = mailer
        self.links = links

    # -- accounts -----------------------------------------------------------------------------
    def sign_up(
        self,
        email: str,
        password: str,
        name: str,
        kind: AccountKind = AccountKind.WORKER,
        *,
        is_demo: bool = False,
        is_platform_admin: bool = False,
    ) -> User:
        email = normalize_email(email)
        name = " ".join(name.split())
        if not 1 <= len(name) <= 200:
            raise InvalidInputError("Enter your name.")
        password_hash = hash_password(password)
        with self.engine.begin() as conn:
            taken = conn.execute(select(t.users.c.id).where(t.users.c.email == email)).first()
            if taken:
                raise ConflictError("An account with this email already exists. Try logging in.")
            user_id = str(uuid.uuid4())
            conn.execute(
                insert(t.users).values(
                    id=user_id,
                    email=email,
                    name=name,
                    password_hash=password_hash,
                    kind=str(kind),
                    is_platform_admin=is_platform_admin,
                    is_demo=is_demo,
                    created_at=now(),
                )
            )
            if kind is AccountKind.WORKER:
                conn.execute(
                    insert(t.worker_profiles).values(
                        user_id=user_id,
                        headline="",
                        summary="",
                        location="",
                        work_history=[],
                        updated_at=now(),
                    )
                )
            audit.record(
                conn,
                AuditAction.ACCOUNT_CREATE,
                actor_id=user_id,
                subject_id=user_id,
                target_type="user",
                target_id=user_id,
            )
        return self.user(user_id)

    def user(self, user_id: str) -> User:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.users).where(t.users.c.id == user_id)).first()
        if row is None:
            raise NotFoundError("no such account")
        return _user(row)

    def user_by_email(self, email: str) -> User | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(t.users).where(t.users.c.email == email.strip().lower())
            ).first()
        return _user(row) if row else None

    def all_users(self, principal: Principal, limit: int = 500) -> list[User]:
        """Every account, for platform admins (no profile or record data)."""
        policy.require_platform_admin(principal)
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.users).order_by(t.users.c.email).limit(limit)).all()
        return [_user(r) for r in rows]

    def memberships(self, user_id: str) -> list[Membership]:
        m, o = t.memberships, t.organizations
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(m.c.org_id, o.c.slug, o.c.name, o.c.kind, m.c.role)
                .join(o, o.c.id == m.c.org_id)
                .where(m.c.user_id == user_id)
                .order_by(o.c.name, m.c.role)
            ).all()
        return [Membership(r.org_id, r.slug, r.name, OrgKind(r.kind), Role(r.role)) for r in rows]

    def principal(
        self, user: User, scopes: frozenset[Scope] | None = None, token_id: str | None = None
    ) -> Principal:
        return Principal(
            user=user,
            memberships=self.memberships(user.id),
            scopes=scopes if scopes is not None else frozenset(Scope),
            via_token=scopes is not None,
            token_id=token_id,
        )

    # -- log-in -------------------------------------------------------------------------------
    # argon2id takes about 0.2 s of CPU and 64 MiB per check; a burst of log-ins (each under its
    # own email's limit) must not take every core from the rest of the server
    _password_checks = threading.BoundedSemaphore(max(1, (os.cpu_count() or 2) - 1))

    def authenticate(self, email: str, password: str, client: str = "") -> User:
        """Check a password, with attempts limited per email and per client address.

        Each try is counted as a failure before the password is looked at, in the same write
        transaction that checks the limit. So a burst of tries, from any number of processes,
        gets at most the limit's worth of password checks; the rest are refused without one.
        A right password then turns its try into a success and clears the email's failures."""
        email = email.strip().lower()
        key_email = f"email:{email}"
        limits = [(key_email, LOGIN_LIMIT_PER_EMAIL)]
        if client:
            limits.append((f"client:{client}", LOGIN_LIMIT_PER_CLIENT))
        attempts = self._count_attempt(limits)
        with self.engine.connect() as conn:
            row = conn.execute(select(t.users).where(t.users.c.email == email)).first()
        with self._password_checks:
            ok = verify_password(row.password_hash if row else None, password)
        if not ok or row is None:
            raise AuthenticationError("That email and password do not match.")
        with self.engine.begin() as conn:
            conn.execute(
                update(t.login_attempts)
                .where(t.login_attempts.c.id.in_(attempts))
                .values(succeeded=True)
            )
            conn.execute(
                delete(t.login_attempts).where(
                    t.login_attempts.c.key == key_email, t.login_attempts.c.succeeded.is_(False)
                )
            )
        return _user(row)

    def _count_attempt(self, limits: list[tuple[str, int]]) -> list[int]:
        """Refuse when a key has reached its limit of failures in the window; otherwise record
        this try as a failure under every key. Returns the ids of the records."""
        with self.engine.connect() as conn:  # a plain read first: refused tries take no lock
            self._refuse_when_limited(conn, limits)
        names = [f"login-attempts:{key}" for key, _limit in limits]
        with write_transaction(self.engine, *names) as conn:
            self._refuse_when_limited(conn, limits)  # again under the lock: this one counts
            moment = now()
            return [
                conn.execute(
                    insert(t.login_attempts)
                    .values(key=key, at=moment, succeeded=False)
                    .returning(t.login_attempts.c.id)
                ).scalar_one()
                for key, _limit in limits
            ]

    @staticmethod
    def _refuse_when_limited(conn: Connection, limits: list[tuple[str, int]]) -> None:
        since = now() - LOGIN_WINDOW
        for key, limit in limits:
            failures = conn.execute(
                select(func.count())
                .select_from(t.login_attempts)
                .where(
                    t.login_attempts.c.key == key,
                    t.login_attempts.c.at >= since,
                    t.login_attempts.c.succeeded.is_(False),
                )
            ).scalar_one()
            if failures >= limit:
                minutes = int(LOGIN_WINDOW.total_seconds() // 60)
                raise RateLimitedError(
                    f"Too many tries. Wait {minutes} minutes, or reset your password.",
                    retry_after=int(LOGIN_WINDOW.total_seconds()),
                )

    # -- sessions -----------------------------------------------------------------------------
    def start_session(self, user: User) -> tuple[str, str]:
        """A new session: returns (session token for the cookie, CSRF token for forms)."""
        token, csrf = new_token(), new_token()
        moment = now()
        with self.engine.begin() as conn:
            conn.execute(
                insert(t.sessions).values(
                    token_hash=token_hash(token),
                    user_id=user.id,
                    csrf_token=csrf,
                    created_at=moment,
                    expires_at=moment + SESSION_MAX,
                    last_seen_at=moment,
                )
            )
        return token, csrf

    def session(self, token: str) -> tuple[User, str]:
        """The user and CSRF token of a live session; idle or old sessions are ended."""
        s = t.sessions
        moment = now()
        with self.engine.connect() as conn:  # most requests only read: no write lock taken
            row = conn.execute(select(s).where(s.c.token_hash == token_hash(token))).first()
        if row is None:
            raise AuthenticationError("Please log in.")
        if moment >= aware(row.expires_at) or moment - aware(row.last_seen_at) > SESSION_IDLE:
            with self.engine.begin() as conn:
                conn.execute(delete(s).where(s.c.token_hash == row.token_hash))
            raise AuthenticationError("Your session has ended. Please log in again.")
        if moment - aware(row.last_seen_at) > SEEN_EVERY:
            with self.engine.begin() as conn:
                conn.execute(
                    update(s).where(s.c.token_hash == row.token_hash).values(last_seen_at=moment)
                )
        return self.user(row.user_id), row.csrf_token

    def end_session(self, token: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(t.sessions).where(t.sessions.c.token_hash == token_hash(token)))

    def log_out(self, principal: Principal, session_token: str | None) -> None:
        """End the caller's session. Tokens have no session to end: they are revoked instead."""
        policy.require_session(principal)
        if session_token:
            self.end_session(session_token)

    @staticmethod
    def csrf_ok(expected: str, given: str | None) -> bool:
        return bool(given) and same(expected, given or "")

    # -- API tokens ---------------------------------------------------------------------------
    def create_token(
        self, user: User, name: str, scopes: list[str], days: int | None = 90
    ) -> tuple[str, ApiToken]:
        """A new API token; the secret is returned once and only its hash is kept. Callers
        acting for a person check `policy.require_session` first (see `make_token`)."""
        chosen = sorted({str(Scope(s)) for s in scopes}) if scopes else [str(Scope.READ)]
        name = " ".join(name.split())[:100] or "API token"
        secret = new_token(TOKEN_PREFIX)
        token_id = str(uuid.uuid4())
        moment = now()
        with self.engine.begin() as conn:
            conn.execute(
                insert(t.api_tokens).values(
                    id=token_id,
                    user_id=user.id,
                    name=name,
                    prefix=secret[:10],
                    token_hash=token_hash(secret),
                    scopes=chosen,
                    created_at=moment,
                    expires_at=moment + timedelta(days=days) if days else None,
                )
            )
            audit.record(
                conn,
                AuditAction.TOKEN_CREATE,
                actor_id=user.id,
                target_type="api_token",
                target_id=token_id,
                details={"scopes": chosen},
            )
        return secret, self.tokens(user.id, token_id)[0]

    def make_token(
        self, principal: Principal, name: str, scopes: list[str], days: int | None = 90
    ) -> tuple[str, ApiToken]:
        """A person makes a token for themselves, from a logged-in session only."""
        policy.require_session(principal)
        return self.create_token(principal.user, name, scopes, days)

    def tokens(self, user_id: str, token_id: str | None = None) -> list[ApiToken]:
        return api_tokens(self.engine, user_id, token_id)

    def revoke_token(self, principal: Principal, token_id: str) -> None:
        """A session revokes any of its user's tokens; a token may revoke only itself."""
        policy.may_revoke_token(principal, token_id)
        k = t.api_tokens
        user = principal.user
        with self.engine.begin() as conn:
            done = conn.execute(
                update(k)
                .where(k.c.id == token_id, k.c.user_id == user.id, k.c.revoked_at.is_(None))
                .values(revoked_at=now())
            )
            if done.rowcount == 0:
                raise NotFoundError("no such active token")
            audit.record(
                conn,
                AuditAction.TOKEN_REVOKE,
                actor_id=user.id,
                target_type="api_token",
                target_id=token_id,
            )

    def token_principal(self, secret: str) -> Principal:
        k = t.api_tokens
        moment = now()
        with self.engine.connect() as conn:
            row = conn.execute(select(k).where(k.c.token_hash == token_hash(secret))).first()
        if row is None or row.revoked_at is not None:
            raise AuthenticationError("This API token is not valid or was revoked.")
        if row.expires_at is not None and moment >= aware(row.expires_at):
            raise AuthenticationError("This API token has expired.")
        if row.last_used_at is None or moment - aware(row.last_used_at) > SEEN_EVERY:
            with self.engine.begin() as conn:
                conn.execute(update(k).where(k.c.id == row.id).values(last_used_at=moment))
        scopes = frozenset(Scope(s) for s in row.scopes)
        return self.principal(self.user(row.user_id), scopes, row.id)

    # -- password reset -----------------------------------------------------------------------
    def request_reset(self, email: str) -> None:
        """Mail a single-use link under the public address (never the address a request
        named). Says nothing about whether the account exists."""
        user = self.user_by_email(email)
        if user is None:
            return
        token = new_token()
        with self.engine.begin() as conn:
            conn.execute(
                insert(t.password_resets).values(
                    token_hash=token_hash(token),
                    user_id=user.id,
                    created_at=now(),
                    expires_at=now() + RESET_VALID,
                )
            )
        self.mailer.send(
            user.email,
            "Reset your Onramp password",
            f"Hello {user.name},\n\nUse this link to choose a new password. It works once, "
            f"for one hour:\n{self.links.reset(token)}\n\n"
            "If you did not ask for this, you can ignore this email.",
            MailKind.PASSWORD_RESET,
        )

    def reset_password(self, token: str, password: str) -> User:
        r = t.password_resets
        password_hash = hash_password(password)
        with self.engine.begin() as conn:
            row = conn.execute(select(r).where(r.c.token_hash == token_hash(token))).first()
            if row is None or row.used_at is not None or now() >= aware(row.expires_at):
                raise InvalidInputError("This reset link is not valid any more. Ask for a new one.")
            conn.execute(update(r).where(r.c.token_hash == row.token_hash).values(used_at=now()))
            conn.execute(
                update(t.users)
                .where(t.users.c.id == row.user_id)
                .values(password_hash=password_hash)
            )
            # whoever knew the old password may hold a session or a token: end them all
            ended = conn.execute(delete(t.sessions).where(t.sessions.c.user_id == row.user_id))
            revoked = conn.execute(
                update(t.api_tokens)
                .where(t.api_tokens.c.user_id == row.user_id, t.api_tokens.c.revoked_at.is_(None))
                .values(revoked_at=now())
            )
            audit.record(
                conn,
                AuditAction.ACCOUNT_PASSWORD_RESET,
                actor_id=row.user_id,
                subject_id=row.user_id,
                target_type="user",
                target_id=row.user_id,
                details={"sessions_ended": ended.rowcount, "tokens_revoked": revoked.rowcount},
            )
            # the link went to the account's address: whoever opened it controls that address
            address: str = conn.execute(
                select(t.users.c.email).where(t.users.c.id == row.user_id)
            ).scalar_one()
            record_confirmed(conn, row.user_id, address, Proof.RESET)
        return self.user(row.user_id)


def api_tokens(engine: Engine, user_id: str, token_id: str | None = None) -> list[ApiToken]:
    """A user's API tokens, newest first (never their secrets)."""
    k = t.api_tokens
    query = select(k).where(k.c.user_id == user_id).order_by(k.c.created_at.desc())
    if token_id:
        query = query.where(k.c.id == token_id)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return [
        ApiToken(
            r.id,
            r.name,
            r.prefix,
            list(r.scopes),
            r.created_at,
            r.expires_at,
            r.last_used_at,
            r.revoked_at,
        )
        for r in rows
    ]
