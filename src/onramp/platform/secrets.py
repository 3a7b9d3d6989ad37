"""Passwords (argon2id) and random tokens, stored only as hashes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from onramp.errors import InvalidInputError

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
MIN_PASSWORD = 10
# A hash of a password nobody has, so a log-in for an unknown email costs the same time.
_DUMMY = _hasher.hash(secrets.token_urlsafe(16))


def now() -> datetime:
    """The clock every expiry uses; tests move it."""
    return datetime.now(UTC)


def aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every time stored here is UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def hash_password(password: str) -> str:
    check_password_strength(password)
    return _hasher.hash(password)


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInputError(f"Use at least {MIN_PASSWORD} characters for your password.")
    if len(password) > 256:
        raise InvalidInputError("Use at most 256 characters for your password.")


def verify_password(stored: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored or _DUMMY, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def new_token(prefix: str = "") -> str:
    return prefix + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
