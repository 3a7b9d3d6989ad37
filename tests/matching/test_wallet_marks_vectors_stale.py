"""A change to what a worker's wallet shows marks their profile vector stale in the same
transaction (SQLite and PostgreSQL): a credential added, one removed, a status check that finds
it revoked, and an issuer's revocation of a credential it put in the wallet. Credentials cannot
import matching, so matching listens (`matching.services.watch_wallets`)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine

from onramp.credentials.issuing import Recipient
from onramp.jobs.service import Jobs
from onramp.matching.profile_vectors import mark_stale
from onramp.matching.services import MatchingServices, matching_services

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "credentials"))
import wallet_world  # noqa: E402
from wallet_world import World  # noqa: E402

world = wallet_world.world  # the fixture


def services_of(world: World) -> MatchingServices:
    engine, consents, wallet = world.platform.engine, world.platform.consents, world.service.wallet
    return matching_services(engine, consents, wallet, Jobs(engine, consents, wallet))


def fresh(services: MatchingServices) -> None:
    services.vectors.refresh()
    assert services.vectors.stale() == []


def test_wallet_changes_leave_the_profile_vector_stale(world: World) -> None:
    s, services, worker_id = world.service, services_of(world), world.worker.user.id
    did = s.wallet.holder_did(world.worker)
    # delivered to the wallet DID on issue: added, so stale
    issued = s.issue(world.admin, world.org_id, world.achievement_id, [Recipient(did=did)])[0]
    assert services.vectors.stale() == [worker_id]
    fresh(services)
    # the issuer revokes a credential it put in this wallet: stale at once
    s.issuing.change_state(world.admin, world.org_id, issued.id, "revoke")
    assert services.vectors.stale() == [worker_id]
    fresh(services)
    # a copy pasted in is tied to nothing the issuer knows: only a status check sees it
    other = s.issue(world.admin, world.org_id, world.achievement_id, [Recipient(did=did)])[0]
    fresh(services)
    pasted = s.wallet.add(world.worker, other.document, "paste")
    assert services.vectors.stale() == [worker_id]
    fresh(services)
    s.wallet.recheck(world.worker, pasted.id)  # nothing changed: nothing to rebuild
    assert services.vectors.stale() == []
    s.issuing.change_state(world.admin, world.org_id, other.id, "suspend")
    fresh(services)  # the issuer's own change marked the delivered copy; now the pasted one
    s.wallet.recheck(world.worker, pasted.id)
    assert services.vectors.stale() == [worker_id]
    fresh(services)
    # removed
    s.wallet.remove(world.worker, pasted.id)
    assert services.vectors.stale() == [worker_id]


def test_the_command_line_credentials_service_listens_too(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from onramp.cli import issuing
    from onramp.config import get_settings

    monkeypatch.setattr(issuing, "engine", lambda: engine)
    monkeypatch.setenv("ONRAMP_SECRETS_DIR", str(tmp_path / "secrets"))
    get_settings.cache_clear()
    try:
        service, _platform = issuing.credential_service()
    finally:
        get_settings.cache_clear()
    assert service.wallet.changes.listeners == [mark_stale]
    assert service.issuing.changes is service.wallet.changes


def test_two_writers_marking_the_same_new_worker_both_succeed(world: World) -> None:
    """The mark is one upsert: a second transaction marking a worker who has no row yet waits
    for the first and updates its row, instead of failing on the key (which would roll back,
    say, an issuer's revocation)."""
    import threading

    engine: Engine = world.platform.engine
    worker_id = world.worker.user.id
    services = services_of(world)
    failures: list[BaseException] = []
    with engine.begin() as conn:
        mark_stale(conn, worker_id)

        def second() -> None:
            try:
                with engine.begin() as other:
                    mark_stale(other, worker_id)
            except BaseException as exc:  # noqa: BLE001 - the failure is what this test looks for
                failures.append(exc)

        thread = threading.Thread(target=second)
        thread.start()
        thread.join(0.5)  # it waits on the first writer's lock
    thread.join(30)
    assert not thread.is_alive() and failures == []
    assert services.vectors.stale() == [worker_id]
