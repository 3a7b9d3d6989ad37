"""Issuing and claiming under real concurrency, on SQLite and PostgreSQL (issue 11, items 12
and 13): batches in one organization at once, a batch that fails part way, a store error that
must not leak emails, and a claim link raced by several processes."""

from __future__ import annotations

import itertools
import json
import logging
import traceback
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, func, insert, select

from concurrency import race
from onramp.credentials import batch_store, issuing
from onramp.credentials import hosting as hosting_module
from onramp.credentials.issuing import Recipient
from onramp.credentials.service import CredentialService
from onramp.credentials.status.status_list import MIN_ENTRIES, Bitstring
from onramp.platform import AccountKind, OrgKind, Platform, Principal
from onramp.platform.secrets import now
from onramp.store import credential_tables as c
from onramp.store import write_transaction

from support import Letters

PASSWORD = "correct horse battery"
PUBLIC = "https://onramp.example"


@dataclass
class World:
    engine: Engine
    platform: Platform
    service: CredentialService
    letters: Letters
    admin: Principal
    org_id: str
    achievement_id: str
    secrets_dir: Path

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=False)

    def payload(self, **more: object) -> dict[str, object]:
        return {"secrets_dir": str(self.secrets_dir), "public_url": PUBLIC, **more}


@pytest.fixture
def world(engine: Engine, tmp_path: Path) -> World:
    platform = Platform(engine)
    letters = Letters()
    secrets_dir = tmp_path / "secrets"
    service = CredentialService(
        engine, letters, platform.consents, secrets_dir=secrets_dir, public_url=PUBLIC
    )
    admin = platform.accounts.principal(
        platform.accounts.sign_up("ada@college.example", PASSWORD, "Ada", AccountKind.STAFF)
    )
    org = platform.orgs.create(admin, "River College", OrgKind.TRAINING_PROVIDER)
    admin = platform.accounts.principal(admin.user)
    achievement = service.issuing.define(
        admin, org.id, name="Forklift Safety", criteria="Passed a practical test."
    )
    return World(engine, platform, service, letters, admin, org.id, achievement.id, secrets_dir)


def _count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(c.issued_credentials)).scalar())


def test_two_batches_in_one_org_at_once_both_succeed(world: World) -> None:
    """Two batch issues race in separate processes; each needs more than one chunk. The
    organization has issued before, so both draw from the same open status lists."""
    first = Recipient(email="first@mail.example")
    world.service.issue(world.admin, world.org_id, world.achievement_id, [first])
    size = issuing.CHUNK + 100
    batches = [
        world.payload(
            admin="ada@college.example",
            org_id=world.org_id,
            achievement_id=world.achievement_id,
            emails=[f"{side}{n}@mail.example" for n in range(size)],
        )
        for side in ("a", "b")
    ]
    outcomes = race("issue", world.url, batches)
    assert outcomes == [f"issued {size}"] * 2
    issued = c.issued_credentials
    with world.engine.connect() as conn:
        revocations = conn.execute(
            select(issued.c.revocation_list_id, issued.c.revocation_index)
        ).all()
        suspensions = conn.execute(
            select(issued.c.suspension_list_id, issued.c.suspension_index)
        ).all()
        lists = conn.execute(select(c.status_lists.c.used)).scalars().all()
    assert len(set(revocations)) == len(set(suspensions)) == 2 * size + 1
    assert sum(lists) == 2 * (2 * size + 1)  # every index handed out is counted once
    listed = world.service.issuing.issued(world.admin, world.org_id, limit=issuing.MAX_PAGE)
    more = world.service.issuing.issued(
        world.admin, world.org_id, limit=issuing.MAX_PAGE, offset=issuing.MAX_PAGE
    )
    assert len(listed) + len(more) == 2 * size + 1  # all shown, a page at a time


def test_a_failure_in_the_third_chunk_leaves_nothing_issued(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch commits in chunks so others can write in between, yet it stays all or nothing:
    the earlier chunks are written but hidden, and removed when a later one fails."""
    monkeypatch.setattr(issuing, "CHUNK", 10)
    recipients = [Recipient(email=f"p{n}@mail.example", line=n + 2) for n in range(40)]
    build = issuing.achievement_credential
    seen_mid_batch: list[tuple[int, int]] = []

    def failing_build(*args: object, **kwargs: object) -> object:
        if kwargs.get("recipient_email") == "p25@mail.example":
            visible = len(world.service.issuing.issued(world.admin, world.org_id))
            seen_mid_batch.append((_count(world.engine), visible))
            raise RuntimeError("signing failed on line 27")
        return build(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(issuing, "achievement_credential", failing_build)
    with pytest.raises(RuntimeError, match="line 27"):
        world.service.issue(world.admin, world.org_id, world.achievement_id, recipients)
    # two chunks had been committed before the third failed, and nobody could see them
    assert seen_mid_batch == [(20, 0)]
    assert _count(world.engine) == 0
    assert world.service.issuing.issued(world.admin, world.org_id) == []
    with world.engine.connect() as conn:
        for used, bits in conn.execute(select(c.status_lists.c.used, c.status_lists.c.bits)):
            assert used == 0
            assert not any(Bitstring(bytearray(bits)).bits)
    assert world.letters.sent == []  # no claim link for a credential that does not exist


def test_a_store_failure_does_not_log_emails(
    world: World, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A unique clash in the store: its error and traceback name no recipient."""
    monkeypatch.setattr(batch_store, "new_token", lambda prefix="": prefix + "same-every-time")
    recipients = [Recipient(email=f"private.person{n}@mail.example") for n in range(30)]
    with pytest.raises(Exception) as raised:
        world.service.issue(world.admin, world.org_id, world.achievement_id, recipients)
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("onramp.test").exception("issue failed", exc_info=raised.value)
    printed = "".join(traceback.format_exception(raised.value)) + caplog.text
    assert "claim_token_hash" in printed or "UNIQUE" in printed.upper(), printed
    assert "@mail.example" not in printed
    assert "private.person" not in printed
    assert _count(world.engine) == 0


def test_a_claim_link_works_once_under_ten_parallel_claims(world: World) -> None:
    world.platform.accounts.sign_up("wanda@mail.example", PASSWORD, "Wanda")
    world.service.issue(
        world.admin, world.org_id, world.achievement_id, [Recipient(email="wanda@mail.example")]
    )
    token = world.letters.token_for("wanda@mail.example")
    claim = world.payload(email="wanda@mail.example", token=token)
    outcomes = race("claim", world.url, [claim] * 5, threads=2)
    assert sorted(outcomes) == ["claimed"] + ["refused"] * 9, outcomes
    with world.engine.connect() as conn:
        kept = conn.execute(select(func.count()).select_from(c.wallet_items)).scalar()
    assert kept == 1


def test_parallel_revocations_on_one_list_each_set_their_bit(world: World) -> None:
    """Each revocation reads the list's bits and writes them back: done at once from several
    processes, none may overwrite another's bit."""
    recipients = [Recipient(did=f"did:example:{n}") for n in range(20)]
    issued = world.service.issue(world.admin, world.org_id, world.achievement_id, recipients)
    ids = [i.id for i in issued]
    revoke = [
        world.payload(admin="ada@college.example", org_id=world.org_id, ids=ids[n::4])
        for n in range(4)
    ]
    assert race("revoke", world.url, revoke, threads=5) == ["revoked"] * 20
    with world.engine.connect() as conn:
        rows = conn.execute(
            select(c.issued_credentials.c.revocation_index, c.status_lists.c.bits).join(
                c.status_lists,
                c.status_lists.c.id == c.issued_credentials.c.revocation_list_id,
            )
        ).all()
    assert all(Bitstring(bytearray(bits)).get(index) for index, bits in rows)


def test_reserve_draws_again_for_indexes_taken_in_between(world: World) -> None:
    """Two batches proposed the same indexes; the one that stores second gets fresh ones."""
    hosting, org_id = world.service.hosting, world.org_id
    proposed = hosting.propose(org_id, "revocation", 50)
    lock = hosting.allocation_lock(org_id)
    with write_transaction(world.engine, lock) as conn:
        first = hosting.reserve(conn, org_id, "revocation", proposed)
        _hold(conn, org_id, "revocation", first)
    with write_transaction(world.engine, lock) as conn:
        second = hosting.reserve(conn, org_id, "revocation", proposed)
        _hold(conn, org_id, "revocation", second)
    assert first == proposed
    assert not set(first) & set(second)
    assert len(set(second)) == 50


def test_reserve_moves_to_a_new_list_when_the_proposed_one_filled_up(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hosting_module, "FILL_LIMIT", 30)
    hosting, org_id = world.service.hosting, world.org_id
    early, late = (hosting.propose(org_id, "suspension", 20) for _ in range(2))
    assert {s[0] for s in early} == {s[0] for s in late}  # both from the one open list
    lock = hosting.allocation_lock(org_id)
    with write_transaction(world.engine, lock) as conn:
        _hold(conn, org_id, "suspension", hosting.reserve(conn, org_id, "suspension", late))
    with write_transaction(world.engine, lock) as conn:
        moved = hosting.reserve(conn, org_id, "suspension", early)
        _hold(conn, org_id, "suspension", moved)
    assert {s[0] for s in moved}.isdisjoint({s[0] for s in late})
    assert len(set(moved)) == 20
    with world.engine.connect() as conn:
        used = sorted(conn.execute(select(c.status_lists.c.used)).scalars())
    assert used == [20, 20]


def test_a_credential_whose_index_was_taken_is_signed_again(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The proposal offers, three times over, indexes another credential holds: each stored
    credential carries the indexes it was given instead, and still verifies."""
    service = world.service
    first = service.issue(
        world.admin, world.org_id, world.achievement_id, [Recipient(did="did:example:0")]
    )[0]
    held = _status(first.document)
    monkeypatch.setattr(
        service.hosting, "propose", lambda _org, purpose, count: [held[purpose]] * count
    )
    recipients = [Recipient(did=f"did:example:{n}") for n in (1, 2, 3)]
    again = service.issue(world.admin, world.org_id, world.achievement_id, recipients)
    carried = [_status(credential.document) for credential in again]
    for purpose in ("revocation", "suspension"):
        slots = {status[purpose] for status in carried} | {held[purpose]}
        assert len(slots) == 4
    issued = c.issued_credentials
    verifier = service.verifier()
    for credential, status in zip(again, carried, strict=True):
        with world.engine.connect() as conn:
            row = conn.execute(select(issued).where(issued.c.id == credential.id)).one()
        assert status == {
            "revocation": (row.revocation_list_id, row.revocation_index),
            "suspension": (row.suspension_list_id, row.suspension_index),
        }
        assert verifier.verify(credential.document).verified


def _status(document: str) -> dict[str, tuple[str, int]]:
    """(list id, index) per purpose, as the signed credential says."""
    return {
        entry["statusPurpose"]: (
            entry["statusListCredential"].rsplit("/", 1)[1],
            int(entry["statusListIndex"]),
        )
        for entry in json.loads(document)["credentialStatus"]
    }


_placeholders = itertools.count(MIN_ENTRIES)


def _hold(conn: Connection, org_id: str, purpose: str, slots: list[tuple[str, int]]) -> None:
    """Store bare credentials holding `slots`, as a batch chunk would."""
    other = "suspension" if purpose == "revocation" else "revocation"
    for list_id, index in slots:
        conn.execute(
            insert(c.issued_credentials).values(
                id=str(uuid.uuid4()),
                org_id=org_id,
                kind="ob3",
                proof_format="ldp",
                name="placeholder",
                document="{}",
                state="active",
                issued_at=now(),
                **{f"{purpose}_list_id": list_id, f"{purpose}_index": index},
                # the other purpose's entry only has to be unique: past the end of any list
                **{f"{other}_list_id": list_id, f"{other}_index": next(_placeholders)},
            )
        )
