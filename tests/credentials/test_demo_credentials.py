"""The demo credentials `onramp serve --demo` adds: issued, in wallets, verified, shared once."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from onramp.api.app import create_app
from onramp.credentials.demo import seed_demo_credentials
from onramp.platform.demo import demo_email, seed_demo, worker_email
from onramp.taxonomy import import_esf


def test_demo_credentials(engine: Engine, tmp_path: Path) -> None:
    import_esf(engine)
    app = create_app(engine, secrets_dir=tmp_path, public_url="https://demo.onramp.test")
    platform, service = app.state.platform, app.state.credentials
    assert seed_demo_credentials(service, platform) is False  # no demo yet
    seed_demo(platform)
    assert seed_demo_credentials(service, platform) is True
    assert seed_demo_credentials(service, platform) is False  # once per store
    worker = platform.accounts.principal(platform.accounts.user_by_email(worker_email(1)))
    items = service.wallet.items(worker)
    assert len(items) == 2 and all(i.verified for i in items)
    by_email = [m for m in platform.mailer.messages(worker_email(1)) if m["kind"] == "notice"]
    assert [m["subject"] for m in by_email] == [
        "Demo Valley Community College sent you a credential: Workplace Safety"
    ]  # issued to the worker's confirmed email: in the wallet already, with a notice
    assert {s["uri"] for i in items for s in i.skills} == {
        "urn:onramp:esf:ESF-02",
        "urn:onramp:esf:ESF-19",
    }
    hr = platform.accounts.principal(platform.accounts.user_by_email(demo_email("hr.admin")))
    employer_id = next(m.org_id for m in hr.memberships)
    shared = service.wallet.shared_with(hr, employer_id)
    assert len(shared) == 1
    assert service.wallet.open_shared(hr, employer_id, shared[0].id)["presentation_verified"]
