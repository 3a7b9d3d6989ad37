"""The demo store `onramp serve --demo` makes, served once per test module, and browser
contexts signed in as its people.

Page tests that need every role use this: the same organizations, staff, workers, consent
grants, credentials, jobs, workers' proof of skills, candidates, onboarding plan, career
plans, roadmap jobs and caseload a new user sees after `make run` (on the Essential Skills
Framework, the one framework that ships inside the package), seeded in the order
`onramp serve --demo` seeds them. Sessions are
started in the store and handed to the browser as the session cookie, so a module can sign in
as many people as it needs without the log-in form's rate limit (the log-in form has its own
tests).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine

from onramp.api.auth import SESSION_COOKIE
from onramp.credentials.demo import seed_demo_credentials
from onramp.credentials.service import CredentialService
from onramp.jobs.demo import seed_demo_jobs
from onramp.jobs.service import Jobs
from onramp.market.microcredentials.delivery import Delivery
from onramp.market.microcredentials.delivery_demo import seed_delivery_demo
from onramp.market.microcredentials.demo import demo_design_id, seed_demo_microcredentials
from onramp.market.microcredentials.designs import MicrocredentialDesigns
from onramp.matching.demo import seed_demo_evidence
from onramp.matching.demo_candidates import seed_demo_candidates
from onramp.matching.services import matching_services
from onramp.metrics.boards import WioaReports
from onramp.metrics.monitor_demo import seed_demo_monitor
from onramp.metrics.monitoring import monitor_rankings
from onramp.metrics.wioa_demo import seed_demo_wioa
from onramp.pathways.caseload_demo import seed_demo_caseload
from onramp.pathways.caseload_services import caseload_service
from onramp.pathways.demo_plans import seed_demo_plans
from onramp.pathways.demo_roadmap import seed_demo_roadmap
from onramp.pathways.plans import CareerPlans
from onramp.platform import Platform
from onramp.platform import secrets as platform_secrets
from onramp.platform.demo import DemoLogin, demo_logins, seed_demo
from onramp.platform.mail_transports import DevMailbox
from onramp.taxonomy import import_esf
from onramp.wbl.demo import seed_demo_wbl
from onramp.wbl.service import WorkBasedLearning

from browser_support import serve, sqlite_engine

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}


@dataclass(frozen=True, slots=True)
class DemoSite:
    base: str
    engine: Engine
    platform: Platform
    credentials: CredentialService
    logins: list[DemoLogin]

    def session_cookie(self, email: str) -> dict[str, Any]:
        """A fresh session for a demo person, as a cookie a browser context can take."""
        user = self.platform.accounts.user_by_email(email)
        assert user is not None, f"no demo account {email}"
        token, _csrf = self.platform.accounts.start_session(user)
        return {"name": SESSION_COOKIE, "value": token, "url": self.base}

    def principal(self, email: str) -> Any:
        user = self.platform.accounts.user_by_email(email)
        assert user is not None, f"no demo account {email}"
        return self.platform.accounts.principal(user)


@contextmanager
def demo_site(folder: Path) -> Iterator[DemoSite]:
    """Seed the demo into a fresh SQLite store and serve it. Passwords are hashed with cheap
    argon2 settings while the module runs: the demo has 58 accounts."""
    with pytest.MonkeyPatch.context() as patch:
        cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        patch.setattr(platform_secrets, "_hasher", cheap)
        engine = sqlite_engine(folder)
        import_esf(engine)
        secrets = folder / "secrets"
        # as in a local run: the development mailbox, so the admin console's mail viewer shows
        mailbox = DevMailbox(out=io.StringIO())
        for base in serve(engine, secrets, mail_transport=mailbox):
            app_platform = Platform(engine, secrets_dir=secrets, public_url=base)
            service = CredentialService(
                engine,
                app_platform.mailer,
                app_platform.consents,
                secrets_dir=secrets,
                public_url=base,
                emails=app_platform.emails,
            )
            seed = seed_demo(app_platform)
            seed_demo_credentials(service, app_platform)
            jobs = Jobs(engine, app_platform.consents, service.wallet)
            seed_demo_jobs(jobs, app_platform)
            matching = matching_services(engine, app_platform.consents, service.wallet, jobs)
            seed_demo_evidence(matching.evidence, app_platform)
            seed_demo_candidates(jobs, matching.evidence, app_platform, matching.plans)
            plans = CareerPlans(engine, app_platform.consents)
            seed_demo_plans(plans, app_platform)
            seed_demo_roadmap(jobs, app_platform)
            seed_demo_caseload(caseload_service(app_platform, plans), app_platform)
            designs = MicrocredentialDesigns(engine, service.issuing)
            seed_demo_microcredentials(designs, app_platform)
            published = demo_design_id(engine)
            assert published is not None
            seed_delivery_demo(Delivery(engine, service), app_platform, published)
            seed_demo_wbl(WorkBasedLearning(engine, app_platform, service), app_platform)
            fairness = monitor_rankings(
                engine, matching.matching, matching.personal, app_platform.mailer, base
            )
            seed_demo_monitor(fairness, jobs, app_platform)
            seed_demo_wioa(WioaReports(engine), app_platform)
            app_platform.mailer.deliver_pending(mailbox)  # type: ignore[attr-defined]
            yield DemoSite(base, engine, app_platform, service, seed.logins or demo_logins())
        engine.dispose()


def signed_in(browser: Any, site: DemoSite, email: str | None, viewport: dict[str, int]) -> Any:
    """A browser context for one person (None: nobody signed in), axe-core preloaded."""
    from browser_support import AXE

    context = browser.new_context(bypass_csp=True, viewport=viewport)
    context.add_init_script(path=str(AXE))
    if email is not None:
        context.add_cookies([site.session_cookie(email)])
    return context
