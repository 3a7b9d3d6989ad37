"""Issuing, hosting, the wallet and sharing, end to end on the store (SQLite and PostgreSQL):
an organization defines an Achievement aligned to skills, issues it, the worker claims it, it
verifies through Onramp's own did:web document and status lists, revocation shows, sharing works
under a grant and stops when the grant is revoked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from onramp.credentials.issuing import Recipient, parse_recipients_csv
from onramp.credentials.status.status_list import MIN_ENTRIES
from onramp.credentials.verify.presentation import check_presentation
from onramp.errors import (
    ImportFileError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
)
from onramp.platform import AccountKind, Role
from onramp.store import credential_tables as c

from wallet_world import PASSWORD, World, check, claim_token


def test_issue_claim_verify_revoke(world: World) -> None:
    s = world.service
    achievement = s.issuing.achievement(world.admin, world.org_id, world.achievement_id)
    assert achievement.alignments and achievement.alignments[0].target_url.startswith(
        "urn:onramp:esf:"
    )
    issued = s.issue(
        world.admin,
        world.org_id,
        world.achievement_id,
        [Recipient(email="wanda@mail.example", level_id="Proficient")],
    )[0]
    document = json.loads(issued.document)
    assert document["issuer"]["id"] == "did:web:onramp.example:orgs:river-college"
    entries = document["credentialStatus"]
    assert {e["statusPurpose"] for e in entries} == {"revocation", "suspension"}
    # the email is hashed, never published
    assert "wanda@mail.example" not in issued.document
    item = s.wallet.claim(world.worker, claim_token(world.platform, "wanda@mail.example"))
    assert item.verified, item.report
    assert check(item.report, "key_binding")["status"] == "pass"
    assert check(item.report, "status")["status"] == "pass"
    assert item.skills and item.skills[0]["uri"].startswith("urn:onramp:esf:")
    with pytest.raises(NotFoundError):  # single use
        s.wallet.claim(world.worker, claim_token(world.platform, "wanda@mail.example"))
    s.issuing.change_state(world.admin, world.org_id, issued.id, "suspend")
    suspended = s.wallet.recheck(world.worker, item.id)
    assert not suspended.verified
    assert "hold" in next(
        c["plain"]
        for c in suspended.report["checks"]
        if c["id"] == "status" and c["status"] == "fail"
    )
    s.issuing.change_state(world.admin, world.org_id, issued.id, "reinstate")
    assert s.wallet.recheck(world.worker, item.id).verified
    s.issuing.change_state(world.admin, world.org_id, issued.id, "revoke")
    assert not s.wallet.recheck(world.worker, item.id).verified
    with pytest.raises(InvalidInputError):
        s.issuing.change_state(world.admin, world.org_id, issued.id, "reinstate")


def test_status_lists_are_big_random_and_signed(world: World) -> None:
    s = world.service
    recipients = [Recipient(email=f"p{n}@mail.example") for n in range(40)]
    issued = s.issue(world.admin, world.org_id, world.achievement_id, recipients)
    indexes = [json.loads(i.document)["credentialStatus"][0]["statusListIndex"] for i in issued]
    assert len(set(indexes)) == 40
    assert indexes != sorted(indexes, key=int)  # not handed out in order
    url = json.loads(issued[0].document)["credentialStatus"][0]["statusListCredential"]
    listed = s.hosting.list_credential(url.rsplit("/", 1)[1])
    report = s.verifier().verify(json.dumps(listed))
    assert report.verified, report.to_json()
    from onramp.credentials.status.status_list import Bitstring

    assert Bitstring.decode(listed["credentialSubject"]["encodedList"]).entries >= MIN_ENTRIES


def test_rotation_keeps_old_credentials_verifiable_and_tampering_fails(world: World) -> None:
    s = world.service
    old = s.issue(world.admin, world.org_id, world.achievement_id, [Recipient(did="did:example:1")])
    s.vault.rotate(world.admin, world.org_id)
    new = s.issue(world.admin, world.org_id, world.achievement_id, [Recipient(did="did:example:2")])
    verifier = s.verifier()
    assert verifier.verify(old[0].document).verified
    assert verifier.verify(new[0].document).verified
    tampered = json.loads(new[0].document)
    tampered["credentialSubject"]["achievement"]["name"] = "Brain Surgery"
    report = verifier.verify(json.dumps(tampered))
    assert not report.verified
    assert check(report.to_json(), "proof")["status"] == "fail"


def test_jwt_issue_and_clr(world: World) -> None:
    s = world.service
    jwt = s.issue(
        world.admin, world.org_id, world.achievement_id, [Recipient(email="j@mail.example")], "jwt"
    )[0]
    assert jwt.document.count(".") == 2
    report = s.verifier().verify(jwt.document)
    assert check(report.to_json(), "proof")["status"] == "pass", report.to_json()
    s.issue(world.admin, world.org_id, world.achievement_id, [Recipient(email="j@mail.example")])
    clr = s.issuing.clr(world.admin, world.org_id, "J@mail.example")
    assert "ClrCredential" in clr["type"]
    assert len(clr["credentialSubject"]["verifiableCredential"]) == 1  # JSON ones only
    assert s.verifier().verify(json.dumps(clr)).verified


def test_batch_is_all_or_nothing_and_names_the_line(world: World) -> None:
    s = world.service
    with pytest.raises(ImportFileError, match="line 3"):
        parse_recipients_csv("email,level\na@x.example,Proficient\nnot-an-email,\n")
    rows = parse_recipients_csv("email,level\na@x.example,Proficient\nb@x.example,Expert\n")
    with pytest.raises(InvalidInputError, match="line 3.*no level 'Expert'"):
        s.issue(world.admin, world.org_id, world.achievement_id, rows)
    with world.platform.engine.connect() as conn:
        assert conn.execute(select(c.issued_credentials)).first() is None


def test_only_issuers_of_the_org_may_issue(world: World) -> None:
    s = world.service
    with pytest.raises(PermissionDeniedError):
        s.issue(
            world.employer_admin,
            world.org_id,
            world.achievement_id,
            [Recipient(did="did:example:x")],
        )
    with pytest.raises(PermissionDeniedError):
        s.issuing.define(world.worker, world.org_id, name="X", criteria="y")
    navigator = world.platform.accounts.principal(
        world.platform.accounts.sign_up("nav@college.example", PASSWORD, "Nav", AccountKind.STAFF)
    )
    world.platform.orgs.add_member(world.org_id, navigator.user, Role.PROVIDER_ADMIN, None)
    navigator = world.platform.accounts.principal(navigator.user)
    assert s.issue(navigator, world.org_id, world.achievement_id, [Recipient(did="did:example:y")])


def test_unknown_skill_is_refused(world: World) -> None:
    with pytest.raises(NotFoundError):
        world.service.issuing.define(
            world.admin, world.org_id, name="Xy", criteria="y", skills=["urn:nope:1"]
        )


def test_wallet_did_delivery_share_and_revoke_grant(world: World) -> None:
    s = world.service
    did = s.wallet.holder_did(world.worker)
    assert did.startswith("did:key:z6Mk")
    s.issue(world.admin, world.org_id, world.achievement_id, [Recipient(did=did)])
    items = s.wallet.items(world.worker)
    assert len(items) == 1 and items[0].verified and items[0].source == "issued"
    shared = s.wallet.share(world.worker, world.employer_id, [items[0].id], "Job at the shop")
    assert shared.domain == "did:web:onramp.example:orgs:corner-shop"
    assert [p.id for p in s.wallet.shared_with(world.employer_admin, world.employer_id)] == [
        shared.id
    ]
    opened = s.wallet.open_shared(world.employer_admin, world.employer_id, shared.id)
    assert opened["presentation_verified"], opened["problems"]
    assert opened["credentials"][0]["verified"]
    # bound to this challenge and domain: elsewhere it fails
    vp = opened["presentation"]
    assert not check_presentation(vp, challenge="other", domain=shared.domain).ok
    assert not check_presentation(vp, challenge=shared.challenge, domain="did:web:evil").ok
    vp["holder"] = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
    assert not check_presentation(vp, challenge=shared.challenge, domain=shared.domain).ok
    # another organization cannot open it
    with pytest.raises(PermissionDeniedError):
        s.wallet.open_shared(world.admin, world.employer_id, shared.id)
    with pytest.raises(NotFoundError):
        s.wallet.open_shared(world.admin, world.org_id, shared.id)
    world.platform.consents.revoke(world.worker, shared.grant_id)
    assert s.wallet.shared_with(world.employer_admin, world.employer_id) == []
    with pytest.raises(PermissionDeniedError):
        s.wallet.open_shared(world.employer_admin, world.employer_id, shared.id)


def test_wallet_add_paste_keeps_failures_marked_and_refuses_junk(world: World) -> None:
    s = world.service
    mine = s.wallet.holder_did(world.worker)
    issued = s.issue(world.admin, world.org_id, world.achievement_id, [Recipient(did=mine)])
    s.wallet.remove(world.worker, s.wallet.items(world.worker)[0].id)  # delivered; add it again
    item = s.wallet.add(world.worker, issued[0].document, "paste")
    assert item.verified and item.is_mine
    tampered = json.loads(issued[0].document)
    tampered["name"] = "Changed"
    bad = s.wallet.add(world.worker, json.dumps(tampered), "file")
    assert not bad.verified and bad.name == "Changed"
    with pytest.raises(InvalidInputError):
        s.wallet.add(world.worker, b"hello there", "paste")
    with pytest.raises(InvalidInputError):
        s.wallet.add(world.worker, b"", "paste")
    exported = s.wallet.export(world.worker)
    assert len(exported["credentials"]) == 2
    assert exported["credentials"][1]["credential"]["proof"]
    s.wallet.remove(world.worker, bad.id)
    assert [i.id for i in s.wallet.items(world.worker)] == [item.id]
    with pytest.raises(PermissionDeniedError):
        s.wallet.items(world.admin)  # staff accounts have no wallet


def test_add_from_url_is_ssrf_safe(world: World) -> None:
    from onramp.credentials.did.fetch import FetchError

    with pytest.raises(FetchError):
        world.service.wallet.add_from_url(world.worker, "https://127.0.0.1/badge.json")
    with pytest.raises(FetchError):
        world.service.wallet.add_from_url(world.worker, "http://example.org/badge.json")


def test_did_document_lists_every_key(world: World) -> None:
    s = world.service
    s.issue(world.admin, world.org_id, world.achievement_id, [Recipient(did="did:example:q")])
    s.vault.rotate(world.admin, world.org_id)
    document = s.hosting.did_document("river-college")
    assert document["id"] == "did:web:onramp.example:orgs:river-college"
    assert len(document["assertionMethod"]) == 2
    with pytest.raises(NotFoundError):
        s.hosting.did_document("corner-shop")  # no keys yet


def test_privacy_export_and_delete_cover_the_wallet(world: World) -> None:
    s, platform = world.service, world.platform
    did = s.wallet.holder_did(world.worker)
    s.issue(world.admin, world.org_id, world.achievement_id, [Recipient(did=did)])
    item = s.wallet.items(world.worker)[0]
    s.wallet.share(world.worker, world.employer_id, [item.id], "Job at the shop")
    exported = platform.privacy.export(world.worker)
    assert [w["id"] for w in exported["wallet"]] == [item.id]
    assert len(exported["presentations"]) == 1
    assert did.endswith(exported["holder_key"]["public_multibase"])
    platform.privacy.delete_account(world.worker, PASSWORD)
    with platform.engine.connect() as conn:
        for table in (c.wallet_items, c.presentations, c.holder_keys):
            assert conn.execute(select(table)).first() is None
        # the issuer's own record stays, without the link to the deleted account
        assert conn.execute(select(c.issued_credentials.c.recipient_user_id)).scalar() is None


def test_wallet_keeps_what_a_baked_badge_carries(world: World) -> None:
    import zlib

    from onramp.credentials.formats.baked import bake

    s = world.service
    jwt = s.issue(
        world.admin, world.org_id, world.achievement_id, [Recipient(did="did:example:b")], "jwt"
    )[0]
    # a 1x1 PNG written here, then baked with the JWT
    header = b"\x89PNG\r\n\x1a\n"

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body).to_bytes(4, "big")
        return len(body).to_bytes(4, "big") + kind + body + crc

    png = (
        header
        + chunk(b"IHDR", (1).to_bytes(4, "big") * 2 + b"\x08\x02\x00\x00\x00")
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
        + chunk(b"IEND", b"")
    )
    item = s.wallet.add(world.worker, bake(png, jwt.document), "image")
    assert item.document == jwt.document  # the signed JWT, not a decoded copy
    assert item.format.endswith("ob3")


def test_the_employers_trust_registry_shapes_the_issuer_check(world: World) -> None:
    s = world.service
    did = s.wallet.holder_did(world.worker)
    s.issue(world.admin, world.org_id, world.achievement_id, [Recipient(did=did)])
    item = s.wallet.items(world.worker)[0]
    shared = s.wallet.share(world.worker, world.employer_id, [item.id], "Job at the shop")

    def trust_check() -> dict:
        opened = s.wallet.open_shared(world.employer_admin, world.employer_id, shared.id)
        return check(opened["credentials"][0], "issuer_trust")

    assert trust_check()["status"] == "warn"  # not on the list: a warning, never a failure
    college = s.site.org_did("river-college")
    entry = s.trust.add(world.employer_admin, world.employer_id, college, "River College")
    assert trust_check()["status"] == "pass"
    s.trust.remove(world.employer_admin, world.employer_id, entry.id)
    s.trust.add(world.employer_admin, world.employer_id, college, "", ["urn:other:skill"])
    assert trust_check()["status"] == "warn"  # trusted, but not for this skill
    with pytest.raises(PermissionDeniedError):
        s.trust.add(world.employer_admin, world.org_id, college)


def test_resume_export_is_a_signed_ler_rs_with_the_wallet_inside(
    world: World, tmp_path: Path
) -> None:
    from onramp.credentials.formats import hropen
    from onramp.credentials.formats.ler_rs import ler_document_of

    from support import shared

    s, platform = world.service, world.platform
    platform.workers.update(
        world.worker,
        headline="Cashier",
        summary="Friendly and on time.",
        work_history=[{"title": "Cashier", "employer": "Corner Shop", "start": "2021", "end": ""}],
    )
    did = s.wallet.holder_did(world.worker)
    s.issue(world.admin, world.org_id, world.achievement_id, [Recipient(did=did)])
    resume = s.wallet.resume(world.worker, platform.workers.profile(world.worker))
    assert resume["issuer"] == did and resume["credentialSubject"]["id"] == did
    report = s.verifier().verify(json.dumps(resume))
    assert check(report.to_json(), "proof")["status"] == "pass", report.to_json()
    document = ler_document_of(resume)
    assert document["person"]["name"]["formattedName"] == "Wanda"
    job = document["employmentHistories"][0]
    assert job["organization"]["name"] == "Corner Shop"
    assert job["positionHistories"][0] == {"title": "Cashier", "start": "2021", "current": True}
    attached = document["certifications"][0]["verifications"][0]["otherW3CVerifiableCredential"]
    assert attached["name"] == "Customer Service Basics" and attached["proof"]
    assert [x["name"] for x in document["skills"]] == [
        a.target_name
        for a in s.issuing.achievement(world.admin, world.org_id, world.achievement_id).alignments
    ]
    folder = shared("vc", "hropen-ler-rs-schemas")
    if folder.exists():
        schemas = tmp_path / "hropen"
        hropen.import_schemas(folder, schemas)
        assert hropen.validate_ler_rs(document, schemas) == []


def test_did_key_issuer_and_evidence_verify_anywhere(world: World) -> None:
    from onramp.credentials import Verifier

    s = world.service
    issued = s.issue(
        world.admin,
        world.org_id,
        world.achievement_id,
        [Recipient(did="did:example:e", evidence_url="https://portfolio.example/wanda")],
        "ldp-key",
    )[0]
    document = json.loads(issued.document)
    assert document["issuer"]["id"].startswith("did:key:z6Mk")
    assert document["evidence"][0]["id"] == "https://portfolio.example/wanda"
    # a verifier with no access to Onramp's store: the did:key needs nothing fetched
    report = Verifier().verify(issued.document).to_json()
    for check_id in ("proof", "key_binding", "schema"):
        assert check(report, check_id)["status"] == "pass", report
    # the status lists cannot be fetched offline: fail closed, with its own code
    status = [c for c in report["checks"] if c["id"] == "status"]
    assert [c["code"] for c in status] == ["status_unconfirmed", "status_unconfirmed"]
    assert report["verdict"] == "status_unconfirmed" and not report["verified"]
    with pytest.raises(InvalidInputError, match="https"):
        s.issue(
            world.admin,
            world.org_id,
            world.achievement_id,
            [Recipient(did="did:example:e", evidence_url="ftp://x")],
        )


def test_an_employer_endorses_the_colleges_achievement(world: World) -> None:
    s = world.service
    employer = world.employer_admin  # its org admin may sign for it
    achievement_url = s.site.achievement_url("river-college", world.achievement_id)
    endorsement = s.issuing.endorse(
        employer, world.employer_id, achievement_url, "Graduates of this course do well here."
    )
    assert endorsement["credentialSubject"]["id"] == achievement_url
    report = s.verifier().verify(json.dumps(endorsement)).to_json()
    assert report["verified"], report
    assert check(report, "schema")["status"] == "pass"
    # embedded in a credential's achievement, it is checked with the credential
    issued = s.issue(world.admin, world.org_id, world.achievement_id, [Recipient(did="did:x:1")])
    unsigned = json.loads(issued[0].document)
    del unsigned["proof"]
    unsigned["credentialSubject"]["achievement"]["endorsement"] = [endorsement]
    from onramp.credentials.hosting import ed25519_seed

    key = s.hosting.signing_key(world.org_id)
    seed = ed25519_seed(s.vault.private_key(world.admin, key.id))
    from onramp.credentials import sign_data_integrity

    did = s.site.org_did("river-college")
    signed = sign_data_integrity(unsigned, seed, f"{did}#{key.id}")
    report = s.verifier().verify(json.dumps(signed)).to_json()
    assert check(report, "endorsements")["status"] == "pass", report
    endorsement["credentialSubject"]["endorsementComment"] = "Changed."
    unsigned["credentialSubject"]["achievement"]["endorsement"] = [endorsement]
    signed = sign_data_integrity(unsigned, seed, f"{did}#{key.id}")
    report = s.verifier().verify(json.dumps(signed)).to_json()
    assert check(report, "endorsements")["status"] == "warn"  # on the endorsement, not the badge
    assert "endorsements: " in report["warnings"][-1] or any(
        w.startswith("endorsements:") for w in report["warnings"]
    )
    with pytest.raises(PermissionDeniedError):
        s.issuing.endorse(world.worker, world.employer_id, achievement_url, "x")
