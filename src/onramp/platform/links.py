"""Links Onramp mails out, and the pages that take a secret token in their address.

Every mailed link is built from the configured public address (`ONRAMP_PUBLIC_URL`), never from
the `Host` header of the request that asked for it: a request can name any host, and a reset
link pointing at an attacker's host would hand them a live token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from onramp.errors import ConfigError

RESET_PATH = "/reset-password"
INVITATION_PATH = "/invitations/accept"
CLAIM_PATH = "/wallet/claim"
EMAIL_CONFIRMATION_PATH = "/me/emails/confirm"
# Pages whose address carries a live token: their query is never logged and never cached.
TOKEN_PATHS = (RESET_PATH, INVITATION_PATH, CLAIM_PATH, EMAIL_CONFIRMATION_PATH)
# Query parameters whose value is a secret wherever they appear, and values that carry one
# (the log-in page's `next` holds the address of a token page, token included).
SECRET_PARAMETER = re.compile(r"token|secret|password", re.IGNORECASE)
CARRIES_TOKEN = re.compile(r"token(=|%3D)", re.IGNORECASE)
REDACTED = "[redacted]"


def redact_target(target: str) -> str:
    """A request target (path and query) fit for a log: the whole query of a token page, and
    each parameter that names or carries a secret, replaced by [redacted]."""
    path, has_query, query = target.partition("?")
    if not has_query:
        return target
    if path.rstrip("/") in TOKEN_PATHS:
        return f"{path}?{REDACTED}"
    kept = []
    for pair in query.split("&"):
        name, has_value, value = pair.partition("=")
        secret = has_value and (
            SECRET_PARAMETER.search(unquote(name)) or CARRIES_TOKEN.search(unquote(value))
        )
        kept.append(f"{name}={REDACTED}" if secret else pair)
    return f"{path}?{'&'.join(kept)}"


@dataclass(frozen=True, slots=True)
class Links:
    public_url: str

    def __post_init__(self) -> None:
        parts = urlsplit(self.public_url)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.path.strip("/"):
            raise ConfigError(
                f"the public address must be an origin such as https://onramp.example, "
                f"not {self.public_url!r}"
            )
        object.__setattr__(self, "public_url", self.public_url.rstrip("/"))

    def reset(self, token: str) -> str:
        return f"{self.public_url}{RESET_PATH}?token={token}"

    def invitation(self, token: str) -> str:
        return f"{self.public_url}{INVITATION_PATH}?token={token}"

    def claim(self, token: str) -> str:
        return f"{self.public_url}{CLAIM_PATH}?token={token}"

    def email_confirmation(self, token: str) -> str:
        return f"{self.public_url}{EMAIL_CONFIRMATION_PATH}?token={token}"

    def job(self, job_id: str) -> str:
        """A published job's public page: its schema.org `url`."""
        return f"{self.public_url}/jobs/{job_id}"
