"""The platform (C10): organizations, accounts, roles, consent, the audit log and privacy.

Other capabilities use `Platform` (one object with the use cases), the model types, and the
policy checks in `onramp.platform.policy`.
"""

from __future__ import annotations

from sqlalchemy import Engine

from onramp.platform import policy
from onramp.platform.accounts import Accounts
from onramp.platform.consent import Consents
from onramp.platform.emails import Emails
from onramp.platform.mail import Mailer, OutboxMailer
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
from onramp.platform.privacy import Privacy
from onramp.platform.workers import Workers


class Platform:
    """The platform's use cases over one store and one mail sender."""

    def __init__(self, engine: Engine, mailer: Mailer | None = None) -> None:
        self.engine = engine
        self.mailer = mailer or OutboxMailer(engine)
        self.accounts = Accounts(engine, self.mailer)
        self.orgs = Orgs(engine, self.mailer)
        self.consents = Consents(engine)
        self.emails = Emails(engine, self.mailer)
        self.privacy = Privacy(engine)
        self.workers = Workers(engine)


__all__ = [
    "AccountKind",
    "ConsentGrant",
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
