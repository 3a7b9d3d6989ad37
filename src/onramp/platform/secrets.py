"""Passwords (argon2id), random tokens stored only as hashes, and the key-encryption key (KEK)
that seals what must stay secret at rest (issuer keys, mail bodies that carry live links)."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import os
import secrets
from datetime import UTC, datetime
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from onramp.errors import ConfigError, InvalidInputError, StoreError
from onramp.files import PRIVATE_FILE, PRIVATE_FOLDER, owner_only

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


# -- the key-encryption key -------------------------------------------------------------------
KEK_FILE = "kek.bin"
KEK_BYTES = 32  # AES-256
NONCE_BYTES = 12  # the GCM nonce size NIST SP 800-38D recommends


def load_kek(secrets_dir: Path) -> bytes:
    """The KEK in `secrets_dir/kek.bin`: 32 random bytes made on first use, readable only by
    the owner, in a folder only the owner can open. Two processes starting at once get the
    same key: the file appears whole (written aside, then linked into place) or not at all."""
    folder = Path(secrets_dir)
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
    owner_only(folder, PRIVATE_FOLDER)
    path = folder / KEK_FILE
    if not path.exists():
        aside = folder / f".{KEK_FILE}.{secrets.token_hex(8)}"
        descriptor = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
        try:
            with os.fdopen(descriptor, "wb") as out:
                out.write(secrets.token_bytes(KEK_BYTES))
            with contextlib.suppress(FileExistsError):  # another process was first
                os.link(aside, path)
        finally:
            aside.unlink()
    owner_only(path, PRIVATE_FILE)
    kek = path.read_bytes()
    if len(kek) != KEK_BYTES:
        raise ConfigError(f"{path} must hold exactly {KEK_BYTES} bytes")
    return kek


def seal(kek: bytes, data: bytes, label: str) -> str:
    """AES-256-GCM ciphertext bound to `label` (the row it belongs to), as base64 of nonce and
    ciphertext, so a sealed value cannot be moved to another row."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    return base64.b64encode(nonce + AESGCM(kek).encrypt(nonce, data, label.encode())).decode()


def unseal(kek: bytes, sealed_text: str, label: str) -> bytes:
    sealed = base64.b64decode(sealed_text)
    try:
        return AESGCM(kek).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], label.encode())
    except InvalidTag:
        raise StoreError(
            "a sealed value cannot be decrypted: the KEK is wrong or the data changed"
        ) from None
