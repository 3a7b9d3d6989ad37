"""The platform's own rules behind the audit fixes: mailed links, log redaction, the sealed
outbox and its transport seam, and platform admins kept out of tenants by the policy layer."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, update

from onramp.errors import ConfigError, PermissionDeniedError, StoreError
from onramp.platform import AccountKind, OrgKind, Platform, PurposeKind, Role, policy
from onramp.platform.links import Links, redact_target
from onramp.platform.mail import MailKind, MemoryTransport, Message, OutboxMailer
from onramp.store import platform_tables as t

PASSWORD = "correct horse battery"


@pytest.fixture
def platform(engine: Engine, tmp_path: Path) -> Platform:
    return Platform(engine, secrets_dir=tmp_path / "secrets", public_url="https://onramp.test/")


# -- links ---------------------------------------------------------------------------------------
def test_links_live_under_the_public_origin_only() -> None:
    links = Links("https://onramp.test/")
    assert links.reset("abc") == "https://onramp.test/reset-password?token=abc"
    assert links.invitation("abc") == "https://onramp.test/invitations/accept?token=abc"
    assert links.claim("abc") == "https://onramp.test/wallet/claim?token=abc"
    for bad in ("onramp.test", "ftp://onramp.test", "https://onramp.test/app", "https://"):
        with pytest.raises(ConfigError):
            Links(bad)


@pytest.mark.parametrize(
    ("target", "logged"),
    [
        ("/reset-password?token=abc", "/reset-password?[redacted]"),
        ("/invitations/accept?token=abc&x=1", "/invitations/accept?[redacted]"),
        ("/wallet/claim/?token=abc", "/wallet/claim/?[redacted]"),
        ("/login?next=/wallet/claim%3Ftoken%3Dabc", "/login?next=[redacted]"),
        (
            "/api/v1/skills?q=nurse&Access_Token=abc",
            "/api/v1/skills?q=nurse&Access_Token=[redacted]",
        ),
        ("/api/v1/skills?q=nurse&limit=5", "/api/v1/skills?q=nurse&limit=5"),
        ("/health", "/health"),
    ],
)
def test_log_lines_carry_no_token(target: str, logged: str) -> None:
    assert redact_target(target) == logged


# -- the outbox ------------------------------------------------------------------------------------
def test_bodies_are_sealed_to_their_row_and_wiped_once_delivered(
    engine: Engine, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    mailer = OutboxMailer(engine, tmp_path / "secrets")
    with caplog.at_level(logging.INFO, logger="onramp.mail"):
        mailer.send("ann@example.org", "One", "link one: token=AAA", MailKind.PASSWORD_RESET)
        mailer.send("bob@example.org", "Two", "link two: token=BBB", MailKind.INVITATION)
    assert "AAA" not in caplog.text and "ann@example.org" not in caplog.text
    assert [m.body for m in mailer.pending()] == ["link one: token=AAA", "link two: token=BBB"]
    with engine.begin() as conn:  # a sealed body moved to another row does not open
        one, two = conn.execute(select(t.outbox.c.id, t.outbox.c.sealed_body)).all()
        conn.execute(update(t.outbox).where(t.outbox.c.id == one.id).values(sealed_body=two[1]))
    with pytest.raises(StoreError, match="cannot be decrypted"):
        mailer.pending("ann@example.org")

    class Refusing:
        def deliver(self, message: Message) -> None:
            raise OSError("the mail server is down")

    with engine.begin() as conn:
        conn.execute(update(t.outbox).where(t.outbox.c.id == one.id).values(sealed_body=one[1]))
    assert mailer.deliver_pending(Refusing()) == 0  # nothing lost: still waiting, still sealed
    assert len(mailer.pending()) == 2
    transport = MemoryTransport()
    assert mailer.deliver_pending(transport) == 0  # a failed message waits before its next try
    assert mailer.deliver_pending(transport, everything=True) == 2
    assert [m.kind for m in transport.delivered] == [MailKind.PASSWORD_RESET, MailKind.INVITATION]
    assert mailer.pending() == []
    details = mailer.messages("ann@example.org")
    assert details[0]["kind"] == "password_reset" and details[0]["sent_at"] is not None
    assert "body" not in details[0] and "sealed_body" not in details[0]


def test_a_transport_delivers_at_once_and_nothing_secret_stays(
    engine: Engine, tmp_path: Path
) -> None:
    transport = MemoryTransport()
    platform = Platform(
        engine,
        OutboxMailer(engine, tmp_path / "secrets", transport),
        secrets_dir=tmp_path / "secrets",
        public_url="https://onramp.test",
    )
    platform.accounts.sign_up("ann@example.org", PASSWORD, "Ann")
    platform.accounts.request_reset("ann@example.org")
    (sent,) = transport.delivered
    assert sent.kind is MailKind.PASSWORD_RESET and "https://onramp.test/reset-password?token=" in (
        sent.body
    )
    with engine.connect() as conn:
        assert conn.execute(select(t.outbox.c.sealed_body)).scalar_one() is None


def test_deleting_an_account_forgets_mail_to_it(platform: Platform) -> None:
    user = platform.accounts.sign_up("ann@example.org", PASSWORD, "Ann")
    platform.accounts.request_reset("ann@example.org")
    platform.privacy.delete_account(platform.accounts.principal(user), PASSWORD)
    assert platform.mailer.messages() == []  # type: ignore[attr-defined]


# -- platform admins and tenants -------------------------------------------------------------------
def test_the_policy_keeps_platform_admins_out_of_tenants(platform: Platform) -> None:
    accounts, orgs = platform.accounts, platform.orgs
    root_user = accounts.sign_up(
        "root@onramp.test", PASSWORD, "Root", AccountKind.STAFF, is_platform_admin=True
    )
    root = accounts.principal(root_user)
    ada = accounts.principal(
        accounts.sign_up("ada@acme.example", PASSWORD, "Ada", AccountKind.STAFF)
    )
    org = orgs.create(ada, "Acme", OrgKind.EMPLOYER)
    with pytest.raises(PermissionDeniedError, match="platform admin"):
        orgs.add_member(org.id, root_user, Role.HR_ADMIN, ada.user.id)
    with pytest.raises(PermissionDeniedError, match="platform admin"):
        orgs.invite(ada, org.id, "root@onramp.test", Role.HR_ADMIN)
    with pytest.raises(PermissionDeniedError, match="platform admin"):
        orgs.invite(root, org.id, "someone@acme.example", Role.RECRUITER)
    with pytest.raises(PermissionDeniedError, match="platform admin"):
        orgs.create(root, "Root Org", OrgKind.EMPLOYER)
    assert accounts.principal(root_user).memberships == []
    worker = accounts.principal(accounts.sign_up("wanda@mail.example", PASSWORD, "Wanda"))
    platform.consents.grant(worker, org.id, ["profile"], PurposeKind.JOB_APPLICATION, "Apply")
    # a membership that exists anyway changes nothing for shared data and signing
    root.memberships = list(accounts.principal(ada.user).memberships)
    assert root.roles_in(org.id) == {Role.ORG_ADMIN}
    with pytest.raises(PermissionDeniedError, match="platform admin"):
        platform.consents.to_org(root, org.id)
    with pytest.raises(PermissionDeniedError, match="platform admin"):
        platform.consents.worker_view(root, org.id, worker.user.id)
    with pytest.raises(PermissionDeniedError, match="platform admin"):
        policy.require_issuer(root, org.id)
    policy.require_member(root, org.id)  # reading the organization itself is oversight
    policy.require_org_admin(root, org.id)
