"""The platform (C10): organizations, accounts, roles, consent, the audit log and privacy.

Other capabilities use `Platform` (one object with the use cases), the model types, and the
policy checks in `onramp.platform.policy`.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from onramp.platform import policy
from onramp.platform.accounts import Accounts
from onramp.platform.consent import Consents
from onramp.platform.emails import Emails
from onramp.platform.links import Links
from onramp.platform.mail import Mailer, MailKind, OutboxMailer
from onramp.platform.model import (
    AccountKind,
    ConsentGrant,
    Organization,
    OrgKind,
    Principal,
    PurposeKind,
    Role,
    Scope,
    User,
)
from onramp.platform.orgs import Orgs
from onramp.platform.oversight import Oversight
from onramp.platform.privacy import Privacy
from onramp.platform.workers import Workers


class Platform:
    """The platform's use cases over one store and one mail sender. Mailed links live under
    `public_url`; mail waiting to be sent is sealed with the KEK in `secrets_dir`. Both default
    to the settings (ONRAMP_PUBLIC_URL, ONRAMP_SECRETS_DIR)."""

    def __init__(
        self,
        engine: Engine,
        mailer: Mailer | None = None,
        *,
        secrets_dir: Path | None = None,
        public_url: str | None = None,
    ) -> None:
        if secrets_dir is None or public_url is None:
            from onramp.config import get_settings

            settings = get_settings()
            secrets_dir = secrets_dir or settings.effective_secrets_dir
            public_url = public_url or settings.effective_public_url
        self.engine = engine
        self.secrets_dir = Path(secrets_dir)
        self.links = Links(public_url)
        self.mailer = mailer or OutboxMailer(engine, self.secrets_dir)
        self.accounts = Accounts(engine, self.mailer, self.links)
        self.orgs = Orgs(engine, self.mailer, self.links)
        self.consents = Consents(engine)
        self.emails = Emails(engine, self.mailer, self.links)
        self.privacy = Privacy(engine)
        self.workers = Workers(engine)
        self.oversight = Oversight(engine, self.mailer, self.orgs)


__all__ = [
    "AccountKind",
    "ConsentGrant",
    "Links",
    "MailKind",
    "Mailer",
    "OrgKind",
    "Organization",
    "OutboxMailer",
    "Platform",
    "Principal",
    "PurposeKind",
    "Role",
    "Scope",
    "User",
    "policy",
]
