"""Opaque candidate handles: how an employer names a candidate before a reveal (issue 14,
item 4; decisions/0023).

An employer's blind views (the candidate list and detail, in the API, the pages and the CLI)
must not carry the worker's account id: the organization sees that id next to the worker's
name wherever the worker shared with it, so showing it beside an alias would undo the
blindness. A handle names one worker as a candidate for one job instead:

- AES-SIV (RFC 5297) of the worker id, with the job id as associated data, under a key derived
  from the platform's key-encryption key with its own label (HKDF-SHA256, RFC 5869). SIV is
  deterministic, so a handle is the same on every page and every day for that job, and a
  link can be bookmarked;
- unlinkable across jobs: the same worker has unrelated handles for two jobs;
- tamper-proof: a handle changed by one bit, or taken from another job, fails its tag and
  reads as "no such candidate" (`NotFoundError`), never as another worker;
- reversed in O(1) with no table: decrypting it gives the worker id back.

The alias ("Candidate 3F2A") comes from the handle, so it is keyed too: nobody who knows a
worker's id can work out their alias for a job. So are the ids of pieces of evidence in a
blind view (`evidence_id`), whose own ids hash what the organization may know of a named
worker.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import uuid

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESSIV
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from onramp.errors import NotFoundError

HANDLE_KEY_LABEL = b"onramp/matching/candidate-handle/v1"
EVIDENCE_KEY_LABEL = b"onramp/matching/blind-evidence-id/v1"
SIV_KEY_BYTES = 64  # AES-256-SIV: two 256-bit keys
MAX_HANDLE_CHARS = 200  # a worker id is a UUID; anything far longer is not a handle
NO_SUCH_CANDIDATE = "There is no such candidate for this job."
_UUID = b"\x01"  # the worker id is a UUID, kept as its 16 bytes (a shorter handle)
_TEXT = b"\x00"  # any other id, as UTF-8


class CandidateHandles:
    """Makes and reads candidate handles with one key (see the module docstring)."""

    def __init__(self, key: bytes, evidence_key: bytes | None = None) -> None:
        if len(key) != SIV_KEY_BYTES:
            raise ValueError(f"a handle key is {SIV_KEY_BYTES} bytes")
        self._siv = AESSIV(key)
        self._evidence_key = evidence_key or hashlib.sha256(b"evidence ids\x1f" + key).digest()

    @classmethod
    def from_kek(cls, kek: bytes) -> CandidateHandles:
        """The handle key, derived from the KEK under its own label, so it is never the KEK
        itself nor any other key derived from it."""
        return cls(
            _derive(kek, HANDLE_KEY_LABEL, SIV_KEY_BYTES), _derive(kek, EVIDENCE_KEY_LABEL, 32)
        )

    def make(self, job_id: str, worker_id: str) -> str:
        """The handle of `worker_id` as a candidate for `job_id` (base64url, no padding)."""
        sealed = self._siv.encrypt(_pack(worker_id), [job_id.encode()])
        return base64.urlsafe_b64encode(sealed).rstrip(b"=").decode("ascii")

    def resolve(self, job_id: str, handle: str) -> str:
        """The worker a handle names for `job_id`. A handle for another job, a changed one or
        anything else that is not a handle raises `NotFoundError`."""
        if not handle or len(handle) > MAX_HANDLE_CHARS:
            raise NotFoundError(NO_SUCH_CANDIDATE)
        try:
            raw = base64.urlsafe_b64decode(handle + "=" * (-len(handle) % 4))
            if base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii") != handle:
                raise ValueError("not the one spelling of these bytes")
            return _unpack(self._siv.decrypt(raw, [job_id.encode()]))
        except (InvalidTag, ValueError, binascii.Error, UnicodeError):
            raise NotFoundError(NO_SUCH_CANDIDATE) from None

    def evidence_id(self, job_id: str, worker_id: str, evidence_id: str) -> str:
        """What a blind view calls one piece of evidence. Its own id is a hash of what it is
        (skill, level, kind, date and source, and a source can be a wallet item id the
        organization saw on a shared presentation), so an employer could work it out for a
        named worker and match it; this one is keyed, and differs from job to job."""
        message = "\x1f".join((job_id, worker_id, evidence_id)).encode()
        return hmac.new(self._evidence_key, message, hashlib.sha256).hexdigest()[:16]

    def alias(self, job_id: str, worker_id: str) -> str:
        """A name for a candidate that stays the same for one job and tells nothing about
        them; it is derived from the keyed handle, so it cannot be computed from an id."""
        digest = hashlib.sha256(self.make(job_id, worker_id).encode()).hexdigest()
        return f"Candidate {digest[:4].upper()}"


def _derive(kek: bytes, label: bytes, length: int) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=label).derive(kek)


def _pack(worker_id: str) -> bytes:
    try:
        as_uuid = uuid.UUID(worker_id)
    except ValueError:
        return _TEXT + worker_id.encode()
    if str(as_uuid) == worker_id:
        return _UUID + as_uuid.bytes
    return _TEXT + worker_id.encode()


def _unpack(plain: bytes) -> str:
    kind, body = plain[:1], plain[1:]
    if kind == _UUID and len(body) == 16:
        return str(uuid.UUID(bytes=body))
    if kind == _TEXT and body:
        return body.decode()
    raise ValueError("not a packed worker id")
