"""Links Onramp mails out, and the pages that take a secret token in their address.

Every mailed link is built from the configured public address (`ONRAMP_PUBLIC_URL`), never from
the `Host` header of the request that asked for it: a request can name any host, and a reset
link pointing at an attacker's host would hand them a live token.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from onramp.errors import ConfigError

RESET_PATH = "/reset-password"
INVITATION_PATH = "/invitations/accept"
CLAIM_PATH = "/wallet/claim"
# Pages whose address carries a live token: their query is never logged and never cached.
TOKEN_PATHS = (RESET_PATH, INVITATION_PATH, CLAIM_PATH)


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
