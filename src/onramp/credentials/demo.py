"""Demo credentials (demo data only): the demo college defines two achievements aligned to
Essential Skills and issues them to the first demo workers: to their wallet DIDs, and the second
one to the first worker by email (an address the worker confirmed, so it goes straight into
their wallet, with a notice). The first worker shares one with the demo employer. Runs once per
store, after the platform demo."""

from __future__ import annotations

from sqlalchemy import select

from onramp.credentials.issuing import Recipient
from onramp.credentials.service import CredentialService
from onramp.errors import NotFoundError
from onramp.platform import Platform, PurposeKind
from onramp.platform.demo import demo_email, worker_email
from onramp.store import credential_tables as c
from onramp.store import platform_tables as t
from onramp.store.rows import tuples_of

COLLEGE = "Demo Valley Community College"
EMPLOYER = "Demo Riverside Health"
ACHIEVEMENTS = (
    (
        "Customer Service Basics",
        "Finished the 20-hour customer service course and passed a role-play check.",
        ["urn:onramp:esf:ESF-02"],
    ),
    (
        "Workplace Safety",
        "Finished the safety course and showed safe lifting and cleanup on the job.",
        ["urn:onramp:esf:ESF-19"],
    ),
)


def seed_demo_credentials(service: CredentialService, platform: Platform) -> bool:
    """True when it added the demo credentials; False when they exist or the demo is absent."""
    with platform.engine.connect() as conn:
        orgs: dict[str, str] = dict(
            tuples_of(
                conn.execute(
                    select(t.organizations.c.name, t.organizations.c.id).where(
                        t.organizations.c.is_demo.is_(True)
                    )
                ).all()
            )
        )
        done = conn.execute(
            select(c.achievements.c.id).where(c.achievements.c.org_id == orgs.get(COLLEGE))
        ).first()
    admin_user = platform.accounts.user_by_email(demo_email("provider.admin"))
    if COLLEGE not in orgs or done or admin_user is None:
        return False
    admin = platform.accounts.principal(admin_user)
    workers = []
    for number in (1, 2):
        user = platform.accounts.user_by_email(worker_email(number))
        if user is not None:
            workers.append(platform.accounts.principal(user))
    for number, (name, criteria, skills) in enumerate(ACHIEVEMENTS):
        try:
            achievement = service.issuing.define(
                admin, orgs[COLLEGE], name=name, criteria=criteria, skills=skills
            )
        except NotFoundError:  # the Essential Skills Framework is not installed: no alignment
            achievement = service.issuing.define(admin, orgs[COLLEGE], name=name, criteria=criteria)
        recipients = [Recipient(did=service.wallet.holder_did(w)) for w in workers]
        if number == 1 and recipients:  # by email: shows delivery to a confirmed address
            recipients[0] = Recipient(email=workers[0].user.email)
        if recipients:
            service.issue(admin, orgs[COLLEGE], achievement.id, recipients)
    if workers and EMPLOYER in orgs:
        first = service.wallet.items(workers[0])
        if first:
            service.wallet.share(
                workers[0],
                orgs[EMPLOYER],
                [first[0].id],
                "My job application (demo)",
                purpose_kind=PurposeKind.JOB_APPLICATION,
            )
    return True
