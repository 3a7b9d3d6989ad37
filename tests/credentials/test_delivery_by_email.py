"""A credential issued to an email goes straight into the wallet of the worker who confirmed
that address, with a notice by mail; anyone else gets the single-use claim link (ADR 12: only
confirmed addresses bind a credential to a person)."""

from __future__ import annotations

from onramp.credentials.issuing import Recipient
from onramp.platform import AccountKind, MailKind
from onramp.platform.emails import Proof, record_confirmed

from wallet_world import PASSWORD, World, world  # noqa: F401


def _confirm(w: World, user_id: str, email: str) -> None:
    with w.platform.engine.begin() as conn:
        record_confirmed(conn, user_id, email, Proof.LINK)


def _mail_to(w: World, email: str) -> list[object]:
    return w.platform.mailer.pending(email)  # type: ignore[attr-defined, no-any-return]


def test_a_confirmed_worker_finds_it_in_the_wallet_with_a_notice(world: World) -> None:  # noqa: F811
    w = world
    _confirm(w, w.worker.user.id, "wanda@mail.example")
    w.service.issue(w.admin, w.org_id, w.achievement_id, [Recipient(email="Wanda@Mail.example")])
    (item,) = w.service.wallet.items(w.worker)
    assert item.verified and "Customer Service Basics" in item.name
    (notice,) = _mail_to(w, "wanda@mail.example")
    assert notice.kind is MailKind.NOTICE and "already in your Onramp wallet" in notice.body
    assert "token=" not in notice.body  # no claim link: nothing left to claim
    waiting = w.platform.mailer.pending()  # type: ignore[attr-defined]
    assert [m.kind for m in waiting] == [MailKind.NOTICE]  # no claim link waits for anyone


def test_an_unconfirmed_address_or_a_staff_account_gets_the_claim_link(world: World) -> None:  # noqa: F811
    w = world
    staff = w.platform.accounts.sign_up("sam@mail.example", PASSWORD, "Sam", AccountKind.STAFF)
    _confirm(w, staff.id, "sam@mail.example")  # a staff account has no wallet
    w.service.issue(
        w.admin,
        w.org_id,
        w.achievement_id,
        [Recipient(email="wanda@mail.example"), Recipient(email="sam@mail.example")],
    )
    assert w.service.wallet.items(w.worker) == []  # an account's email alone proves nothing
    for email in ("wanda@mail.example", "sam@mail.example"):
        (claim,) = _mail_to(w, email)
        assert claim.kind is MailKind.CREDENTIAL_CLAIM and "/wallet/claim?token=" in claim.body
