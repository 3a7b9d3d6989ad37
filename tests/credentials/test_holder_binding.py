"""Holder binding (issue 11, item 1): a credential counts as a worker's only when it is about
them. Worker B must never be able to show worker A's credential to an employer as B's own."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onramp.credentials.formats.ob3 import hashed_email
from onramp.credentials.issuing import Recipient
from onramp.credentials.verify.binding import HolderIdentity, SubjectMatch, subject_binding
from onramp.credentials.verify.presentation import (
    build_presentation,
    sign_presentation,
    verify_presentation,
)
from onramp.errors import InvalidInputError
from onramp.platform import AccountKind

from wallet_world import PASSWORD, World, claim_token, last_mail


def _worker(world: World, email: str, name: str) -> Any:
    user = world.platform.accounts.sign_up(email, PASSWORD, name, AccountKind.WORKER)
    return world.platform.accounts.principal(user)


def _presented_by(world: World, worker: Any, document: str, challenge: str, domain: str) -> Any:
    """A presentation of `document`, signed with `worker`'s own wallet key."""
    did, seed = world.service.wallet._holder_key(worker.user.id)
    return sign_presentation(
        build_presentation([json.loads(document)], did),
        seed,
        f"{did}#{did.removeprefix('did:key:')}",
        challenge=challenge,
        domain=domain,
    )


def _holder(report: dict[str, Any]) -> dict[str, Any]:
    return next(c for c in report["checks"] if c["id"] == "holder")


def _last_link(world: World, email: str, marker: str) -> str:
    return last_mail(world.platform, email, marker).split("token=")[1].split()[0]


def test_b_cannot_keep_or_share_as_theirs_a_credential_issued_to_as_wallet(world: World) -> None:
    s = world.service
    ana = world.worker
    ben = _worker(world, "ben@mail.example", "Ben")
    issued = s.issue(
        world.admin,
        world.org_id,
        world.achievement_id,
        [Recipient(did=s.wallet.holder_did(ana))],
    )[0]
    theirs = s.wallet.add(ben, issued.document, "paste")
    # kept (it is a real credential) but clearly marked, and not verified as Ben's
    assert not theirs.verified and theirs.verdict == "not_about_holder"
    assert theirs.subject_match is SubjectMatch.OTHER and not theirs.is_mine
    assert _holder(theirs.report)["plain"] == SubjectMatch.OTHER.label
    with pytest.raises(InvalidInputError, match="only share credentials that are about you"):
        s.wallet.share(ben, world.employer_id, [theirs.id], "Job at the shop")
    # nor does it ride along in Ben's resume
    resume = s.wallet.resume(ben, {})
    assert issued.id not in json.dumps(resume)


def test_a_presentation_carrying_someone_elses_credential_is_not_the_holders(
    world: World,
) -> None:
    """Even if a presentation were built around the wallet's checks, the employer's side binds
    every credential to the presentation's holder."""
    s = world.service
    ana = world.worker
    ben = _worker(world, "ben@mail.example", "Ben")
    issued = s.issue(
        world.admin, world.org_id, world.achievement_id, [Recipient(did=s.wallet.holder_did(ana))]
    )[0]
    shop = "did:web:onramp.example:orgs:corner-shop"
    presentation = _presented_by(world, ben, issued.document, "c-1", shop)
    result = verify_presentation(
        presentation,
        s.verifier(world.employer_id),
        challenge="c-1",
        domain=shop,
    )
    assert result.check.ok  # Ben really did sign the presentation
    [report] = result.reports
    assert not report.verified and report.verdict == "not_about_holder"
    holder = report.get("holder")
    assert holder is not None and holder.status == "fail"
    assert holder.plain == "This credential is about someone else, not the person who shared it."
    # Ana's own presentation of it is hers
    mine = _presented_by(world, ana, issued.document, "c-2", "d")
    ok = verify_presentation(mine, s.verifier(), challenge="c-2", domain="d")
    assert ok.reports[0].verified and ok.reports[0].get("holder").status == "pass"  # type: ignore[union-attr]


def test_an_emailed_credential_is_the_workers_once_they_claim_it(world: World) -> None:
    s = world.service
    ben = _worker(world, "ben@mail.example", "Ben")
    issued = s.issue(
        world.admin, world.org_id, world.achievement_id, [Recipient(email="ana@home.example")]
    )[0]
    claim = claim_token(world.platform, "ana@home.example")
    # Ben pastes Ana's emailed credential: it names an address Ben has not confirmed
    pasted = s.wallet.add(ben, issued.document, "paste")
    assert pasted.subject_match is SubjectMatch.UNCONFIRMED_EMAIL and not pasted.verified
    # Ben asks to confirm Ana's address: the link goes to Ana's mailbox, not to Ben
    s.emails.request(ben, "ana@home.example")
    ana_link = _last_link(world, "ana@home.example", "/me/emails/confirm?token=")
    # Ana (the worker of this world, account wanda@) claims it with the link she was mailed
    item = s.wallet.claim(world.worker, claim)
    assert item.is_mine and item.verified and item.subject_match is SubjectMatch.EMAIL
    assert "ana@home.example" in s.emails.confirmed(world.worker.user.id)
    # a link Ben asked for confirms nothing for anyone who opens it but Ben
    with pytest.raises(InvalidInputError):
        s.emails.confirm(world.worker, ana_link)
    assert s.wallet.recheck(ben, pasted.id).verdict == "not_about_holder"
    # shared with the employer, it is about the person who shared it
    shared = s.wallet.share(world.worker, world.employer_id, [item.id], "Job at the shop")
    opened = s.wallet.open_shared(world.employer_admin, world.employer_id, shared.id)
    [credential] = opened["credentials"]
    assert credential["verified"] and _holder(credential)["status"] == "pass"


def test_confirming_an_address_binds_credentials_already_in_the_wallet(world: World) -> None:
    s = world.service
    issued = s.issue(
        world.admin, world.org_id, world.achievement_id, [Recipient(email="wanda@mail.example")]
    )[0]
    item = s.wallet.add(world.worker, issued.document, "file")
    assert item.subject_match is SubjectMatch.UNCONFIRMED_EMAIL
    s.emails.request(world.worker, "Wanda@Mail.example")
    token = _last_link(world, "wanda@mail.example", "https://onramp.example/me/emails/confirm")
    assert s.emails.confirm(world.worker, token) == "wanda@mail.example"
    with pytest.raises(InvalidInputError):
        s.emails.confirm(world.worker, token)  # single use
    s.wallet.recheck_all(world.worker)
    again = s.wallet.item(world.worker, item.id)
    assert again.is_mine and again.verified


def test_an_address_confirmed_by_someone_else_later_stops_counting(world: World) -> None:
    s = world.service
    ben = _worker(world, "ben@mail.example", "Ben")
    s.emails.request(world.worker, "shared@box.example")
    s.emails.confirm(world.worker, _last_link(world, "shared@box.example", "confirm"))
    s.emails.request(ben, "shared@box.example")
    s.emails.confirm(ben, _last_link(world, "shared@box.example", "confirm"))
    assert "shared@box.example" not in s.emails.confirmed(world.worker.user.id)
    assert "shared@box.example" in s.emails.confirmed(ben.user.id)


# -- the pure rule ---------------------------------------------------------------------------------
def _credential(subject: Any) -> dict[str, Any]:
    return {"type": ["VerifiableCredential"], "credentialSubject": subject}


def test_subject_rules() -> None:
    me = HolderIdentity.of(["did:key:zMe"], ["me@x.example"])
    assert subject_binding(_credential({"id": "did:key:zMe"}), me).match is SubjectMatch.DID
    assert subject_binding(_credential({"id": "did:key:zYou"}), me).match is SubjectMatch.OTHER
    assert subject_binding(_credential({"name": "x"}), me).match is SubjectMatch.NOBODY
    assert subject_binding(_credential("did:key:zMe"), me).match is SubjectMatch.NOBODY
    several = _credential([{"id": "did:key:zYou"}, {"id": "did:key:zMe"}])
    assert subject_binding(several, me).match is SubjectMatch.DID
    plain = {"identityType": "emailAddress", "identityHash": "ME@x.example", "hashed": False}
    assert subject_binding(_credential({"identifier": [plain]}), me).match is SubjectMatch.EMAIL
    other = {**plain, "identityHash": "you@x.example"}
    found = subject_binding(_credential({"identifier": other}), me)
    assert found.match is SubjectMatch.UNCONFIRMED_EMAIL and found.emails_named == (
        "you@x.example",
    )
    student = {"identityType": "studentId", "identityHash": "me@x.example"}
    assert subject_binding(_credential({"identifier": [student]}), me).match is (
        SubjectMatch.NOBODY
    )


EMAILS = st.emails().map(str.lower)


@given(EMAILS, EMAILS, st.text(min_size=0, max_size=16))
def test_a_hashed_identity_binds_exactly_its_own_address(named: str, other: str, salt: str) -> None:
    identity = hashed_email(named, salt or None)
    credential = _credential({"identifier": [identity]})
    assert subject_binding(credential, HolderIdentity.of([], [named])).match is SubjectMatch.EMAIL
    upper = HolderIdentity.of([], [named.upper()])
    assert subject_binding(credential, upper).match is SubjectMatch.EMAIL
    if other != named:
        mismatch = subject_binding(credential, HolderIdentity.of([], [other])).match
        assert mismatch is SubjectMatch.UNCONFIRMED_EMAIL
