"""Platform use cases on both stores: accounts, credentials, tenancy, consent, audit, privacy."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from onramp.errors import (
    AuthenticationError,
    ConflictError,
    InvalidInputError,
    PermissionDeniedError,
    RateLimitedError,
)
from onramp.platform import AccountKind, OrgKind, Platform, PurposeKind, Role, Scope
from onramp.platform import secrets as platform_secrets
from onramp.store import platform_tables as t

PASSWORD = "correct horse battery"


@pytest.fixture
def platform(engine: Engine, tmp_path: Path) -> Platform:
    return Platform(engine, secrets_dir=tmp_path / "secrets", public_url="https://onramp.test")


def _mailed_token(platform: Platform) -> str:
    body = platform.mailer.pending()[-1].body  # type: ignore[attr-defined]
    found = re.search(r"token=(\S+)", body)
    assert found is not None
    return found.group(1)


def _staff(p: Platform, email: str) -> object:
    user = p.accounts.sign_up(email, PASSWORD, email.split("@")[0], AccountKind.STAFF)
    return p.accounts.principal(user)


def _worker(p: Platform, email: str = "wanda@example.org") -> object:
    return p.accounts.principal(p.accounts.sign_up(email, PASSWORD, "Wanda Worker"))


def _shift(monkeypatch: pytest.MonkeyPatch, delta: timedelta) -> None:
    real = platform_secrets.now()
    for module in ("accounts", "orgs", "consent", "audit", "workers", "privacy"):
        monkeypatch.setattr(f"onramp.platform.{module}.now", lambda: real + delta, raising=False)


def test_passwords_are_argon2id_and_sign_up_is_checked(platform: Platform) -> None:
    user = platform.accounts.sign_up("Ann@Example.org", PASSWORD, " Ann  Lee ")
    assert user.email == "ann@example.org" and user.name == "Ann Lee"
    with platform.engine.connect() as conn:
        stored = conn.execute(select(t.users.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    with pytest.raises(ConflictError):
        platform.accounts.sign_up("ann@example.org", PASSWORD, "Again")
    with pytest.raises(InvalidInputError, match="at least"):
        platform.accounts.sign_up("bob@example.org", "short", "Bob")
    with pytest.raises(InvalidInputError, match="email"):
        platform.accounts.sign_up("not-an-email", PASSWORD, "Bob")


def test_log_in_is_rate_limited(platform: Platform) -> None:
    platform.accounts.sign_up("ann@example.org", PASSWORD, "Ann")
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            platform.accounts.authenticate("ann@example.org", "wrong password!", "10.0.0.1")
    with pytest.raises(RateLimitedError) as limited:
        platform.accounts.authenticate("ann@example.org", PASSWORD, "10.0.0.1")
    assert limited.value.retry_after > 0


def test_rate_limit_window_passes(platform: Platform, monkeypatch: pytest.MonkeyPatch) -> None:
    platform.accounts.sign_up("ann@example.org", PASSWORD, "Ann")
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            platform.accounts.authenticate("ann@example.org", "wrong password!")
    _shift(monkeypatch, timedelta(minutes=16))
    assert platform.accounts.authenticate("ann@example.org", PASSWORD).email == "ann@example.org"


def test_sessions_expire_when_idle(platform: Platform, monkeypatch: pytest.MonkeyPatch) -> None:
    user = platform.accounts.sign_up("ann@example.org", PASSWORD, "Ann")
    token, csrf = platform.accounts.start_session(user)
    found, found_csrf = platform.accounts.session(token)
    assert found.id == user.id and found_csrf == csrf
    assert platform.accounts.csrf_ok(csrf, csrf) and not platform.accounts.csrf_ok(csrf, "x")
    with platform.engine.connect() as conn:
        assert conn.execute(select(t.sessions.c.token_hash)).scalar_one() != token
    _shift(monkeypatch, timedelta(hours=9))
    with pytest.raises(AuthenticationError, match="ended"):
        platform.accounts.session(token)
    with pytest.raises(AuthenticationError):  # and it is gone for good
        platform.accounts.session(token)


def test_api_tokens_are_hashed_scoped_revocable(platform: Platform) -> None:
    user = platform.accounts.sign_up("ann@example.org", PASSWORD, "Ann")
    secret, token = platform.accounts.create_token(user, "ci", ["read"])
    assert secret.startswith("onr_") and token.prefix == secret[:10]
    with platform.engine.connect() as conn:
        stored = conn.execute(select(t.api_tokens.c.token_hash)).scalar_one()
    assert stored != secret and len(stored) == 64 and secret not in stored
    principal = platform.accounts.token_principal(secret)
    assert principal.scopes == frozenset({Scope.READ})
    assert platform.accounts.tokens(user.id)[0].last_used_at is not None
    platform.accounts.revoke_token(platform.accounts.principal(user), token.id)
    with pytest.raises(AuthenticationError, match="revoked"):
        platform.accounts.token_principal(secret)


def test_password_reset_is_single_use_and_expires(
    platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = platform.accounts.sign_up("ann@example.org", PASSWORD, "Ann")
    session, _ = platform.accounts.start_session(user)
    platform.accounts.request_reset("ann@example.org")
    platform.accounts.request_reset("nobody@example.org")  # silent
    assert len(platform.mailer.messages()) == 1  # type: ignore[attr-defined]
    token = _mailed_token(platform)
    platform.accounts.reset_password(token, "a brand new password")
    assert platform.accounts.authenticate("ann@example.org", "a brand new password")
    with pytest.raises(InvalidInputError, match="not valid"):
        platform.accounts.reset_password(token, "another new password")
    with pytest.raises(AuthenticationError):  # sessions ended with the reset
        platform.accounts.session(session)
    platform.accounts.request_reset("ann@example.org")
    late = _mailed_token(platform)
    _shift(monkeypatch, timedelta(hours=2))
    with pytest.raises(InvalidInputError, match="not valid"):
        platform.accounts.reset_password(late, "too late password")


def test_invitation_flow_and_tenancy(platform: Platform) -> None:
    alice = _staff(platform, "alice@acme.example")
    org = platform.orgs.create(alice, "Acme Health", OrgKind.EMPLOYER)  # type: ignore[arg-type]
    bob_user = platform.accounts.sign_up("bob@acme.example", PASSWORD, "Bob", AccountKind.STAFF)
    platform.orgs.invite(alice, org.id, "bob@acme.example", Role.RECRUITER)  # type: ignore[arg-type]
    token = _mailed_token(platform)
    platform.orgs.accept(platform.accounts.principal(bob_user), token)
    with pytest.raises(InvalidInputError, match="not valid"):  # single use
        platform.orgs.accept(platform.accounts.principal(bob_user), token)
    bob = platform.accounts.principal(bob_user)
    assert {m.role for m in bob.memberships} == {Role.RECRUITER}
    with pytest.raises(PermissionDeniedError):  # a recruiter is not an admin
        platform.orgs.invite(bob, org.id, "eve@x.example", Role.RECRUITER)
    with pytest.raises(InvalidInputError, match="can have these roles"):
        platform.orgs.invite(alice, org.id, "eve@x.example", Role.NAVIGATOR)  # type: ignore[arg-type]
    mallory = _staff(platform, "mallory@other.example")
    other = platform.orgs.create(mallory, "Other Org", OrgKind.COMMUNITY_ORG)  # type: ignore[arg-type]
    with pytest.raises(PermissionDeniedError):
        platform.orgs.members(mallory, org.id)  # type: ignore[arg-type]
    with pytest.raises(PermissionDeniedError):
        platform.orgs.get(alice, other.id)  # type: ignore[arg-type]


def test_consent_revocation_cuts_access_on_the_next_request(platform: Platform) -> None:
    worker = _worker(platform)
    navigator = _staff(platform, "nina@help.example")
    org = platform.orgs.create(navigator, "Help Center", OrgKind.COMMUNITY_ORG)  # type: ignore[arg-type]
    with pytest.raises(PermissionDeniedError):
        platform.consents.worker_view(navigator, org.id, worker.user.id)  # type: ignore[arg-type,attr-defined]
    grant = platform.consents.grant(
        worker,
        org.id,
        ["profile", "work_history"],
        PurposeKind.NAVIGATOR_SUPPORT,  # type: ignore[arg-type]
        "Help me find a job",
        days=30,
    )
    view = platform.consents.worker_view(navigator, org.id, worker.user.id)  # type: ignore[arg-type,attr-defined]
    assert view["name"] == "Wanda Worker" and "email" not in view
    platform.consents.revoke(worker, grant.id)  # type: ignore[arg-type]
    with pytest.raises(PermissionDeniedError):
        platform.consents.worker_view(navigator, org.id, worker.user.id)  # type: ignore[arg-type,attr-defined]
    actions = [e.action for e in platform_audit(platform, worker.user.id)]  # type: ignore[attr-defined]
    assert actions[:3] == ["consent.revoke", "worker.view", "consent.grant"]


def test_consent_expires(platform: Platform, monkeypatch: pytest.MonkeyPatch) -> None:
    worker = _worker(platform)
    staff = _staff(platform, "rita@acme.example")
    org = platform.orgs.create(staff, "Acme", OrgKind.EMPLOYER)  # type: ignore[arg-type]
    platform.consents.grant(
        worker,
        org.id,
        ["profile"],
        PurposeKind.JOB_APPLICATION,  # type: ignore[arg-type]
        "Application to Nurse job",
        days=1,
        purpose_ref="job-1",
    )
    assert platform.consents.to_org(staff, org.id)  # type: ignore[arg-type]
    _shift(monkeypatch, timedelta(days=2))
    assert not platform.consents.to_org(staff, org.id)  # type: ignore[arg-type]
    with pytest.raises(PermissionDeniedError):
        platform.consents.worker_view(staff, org.id, worker.user.id)  # type: ignore[arg-type,attr-defined]


def platform_audit(platform: Platform, user_id: str) -> list[object]:
    from onramp.platform.audit import about_worker

    return about_worker(platform.engine, user_id)  # type: ignore[return-value]


def test_export_and_delete(platform: Platform) -> None:
    worker = _worker(platform)
    staff = _staff(platform, "rita@acme.example")
    org = platform.orgs.create(staff, "Acme", OrgKind.EMPLOYER)  # type: ignore[arg-type]
    platform.workers.update(
        worker,
        headline="Forklift driver",
        work_history=[  # type: ignore[arg-type]
            {"title": "Warehouse associate", "employer": "Big Box", "start": "2021"}
        ],
    )
    platform.consents.grant(
        worker,
        org.id,
        ["profile"],
        PurposeKind.JOB_APPLICATION,  # type: ignore[arg-type]
        "Application",
        days=10,
    )
    exported = platform.privacy.export(worker)  # type: ignore[arg-type]
    assert exported["account"]["email"] == "wanda@example.org"
    assert exported["profile"]["work_history"][0]["title"] == "Warehouse associate"
    assert exported["consent_grants"][0]["org_id"] == org.id
    assert any(e["action"] == "consent.grant" for e in exported["audit"])
    with pytest.raises(AuthenticationError):
        platform.privacy.delete_account(worker, "not my password")  # type: ignore[arg-type]
    platform.privacy.delete_account(worker, PASSWORD)  # type: ignore[arg-type]
    with platform.engine.connect() as conn:
        emails = list(conn.execute(select(t.users.c.email)).scalars())
        profiles = conn.execute(select(func.count()).select_from(t.worker_profiles)).scalar()
        grants = conn.execute(select(func.count()).select_from(t.consent_grants)).scalar()
        skeleton = conn.execute(
            select(
                t.audit_log.c.action,
                t.audit_log.c.subject_id,
                t.audit_log.c.actor_id,
                t.audit_log.c.details,
            ).where(t.audit_log.c.action == "consent.grant")
        ).one()
    assert emails == ["rita@acme.example"] and profiles == 0 and grants == 0
    assert skeleton.subject_id is None and skeleton.actor_id is None and skeleton.details == {}


def test_platform_admin_reads_orgs_but_not_shared_records(platform: Platform) -> None:
    admin = platform.accounts.principal(
        platform.accounts.sign_up(
            "root@example.org", PASSWORD, "Root", AccountKind.STAFF, is_platform_admin=True
        )
    )
    staff = _staff(platform, "rita@acme.example")
    org = platform.orgs.create(staff, "Acme", OrgKind.EMPLOYER)  # type: ignore[arg-type]
    worker = _worker(platform)
    platform.consents.grant(
        worker,
        org.id,
        ["profile"],
        PurposeKind.JOB_APPLICATION,  # type: ignore[arg-type]
        "Application",
        days=10,
    )
    assert platform.orgs.get(admin, org.id).name == "Acme"
    assert {u.email for u in platform.accounts.all_users(admin)} >= {"wanda@example.org"}
    with pytest.raises(PermissionDeniedError):
        platform.consents.worker_view(admin, org.id, worker.user.id)  # type: ignore[attr-defined]
    with pytest.raises(PermissionDeniedError):
        platform.consents.to_org(admin, org.id)
    with pytest.raises(PermissionDeniedError):
        platform.accounts.all_users(staff)  # type: ignore[arg-type]
