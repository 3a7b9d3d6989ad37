"""The worker's wallet: credentials kept, checked, and shared under consent.

A worker adds credentials by file, paste, web address or baked badge image, or claims one an
organization issued to them. Each is verified when added (and again on request), and the wallet
shows the result in plain words, with the skills the credential evidences. A credential that
does not verify is still kept (an expired badge is still the worker's), but it is marked.

Sharing makes a Verifiable Presentation of the chosen credentials, signed with the worker's own
did:key (its private key sealed under the key-encryption key) and bound to a fresh challenge and
to the organization's DID as the domain; it is recorded with a consent grant for "records". The
organization can open it only while that grant is active: revoking the grant stops access on the
next request.
"""

from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Connection, Engine, delete, insert, select, update

from onramp.credentials.changes import WalletChanges
from onramp.credentials.did import did_key
from onramp.credentials.did.fetch import SafeFetcher
from onramp.credentials.formats import baked
from onramp.credentials.hosting import Hosting, StoreResolver, ed25519_seed
from onramp.credentials.proofs.keys import seal, unseal
from onramp.credentials.verify.binding import HolderIdentity, add_holder_check, subject_binding
from onramp.credentials.verify.presentation import (
    build_presentation,
    sign_presentation,
    verify_presentation,
)
from onramp.credentials.verify.verifier import Report, Verifier
from onramp.credentials.wallet_items import (
    Presentation,
    WalletItem,
    credential_of,
    is_credential_text,
    summarize,
)
from onramp.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from onramp.platform import Principal, PurposeKind, audit, policy
from onramp.platform.audit_actions import AuditAction
from onramp.platform.consent import Consents
from onramp.platform.emails import Emails, Proof, record_confirmed
from onramp.platform.links import Links
from onramp.platform.mail import MailKind
from onramp.platform.model import Scope
from onramp.platform.secrets import aware, now, token_hash
from onramp.store import credential_tables as c
from onramp.store import platform_tables as t
from onramp.store.rows import from_row

SOURCES = ("issued", "file", "paste", "url", "image")
RECHECK_AFTER = timedelta(minutes=10)  # the wallet list re-checks entries older than this


class Wallet:
    def __init__(
        self,
        engine: Engine,
        hosting: Hosting,
        consents: Consents,
        fetcher: SafeFetcher | None = None,
        verifier_for: Callable[[str | None], Verifier] | None = None,
        emails: Emails | None = None,
        changes: WalletChanges | None = None,
    ) -> None:
        self.engine = engine
        self.hosting = hosting
        self.consents = consents
        self.changes = changes or WalletChanges()  # told of each change, in its transaction
        self.emails = emails or Emails(engine, _NoMail(), Links(hosting.site.public_url))
        self.fetcher = fetcher or SafeFetcher()
        self.verifier_for = verifier_for or (lambda _org: Verifier(StoreResolver(hosting)))

    def verifier(self, org_id: str | None = None) -> Verifier:
        """The worker's own view has no trust registry; an organization's uses its own."""
        return self.verifier_for(org_id)

    # -- the holder's key ------------------------------------------------------------------------
    def _holder_key(self, worker_id: str) -> tuple[str, bytes]:
        """(did:key, seed) of the worker's holder key, made on first use."""
        aad = f"holder:{worker_id}"
        with self.engine.begin() as conn:
            row = conn.execute(
                select(c.holder_keys).where(c.holder_keys.c.user_id == worker_id)
            ).first()
            if row is None:
                private = Ed25519PrivateKey.generate()
                public = private.public_key().public_bytes(
                    serialization.Encoding.Raw, serialization.PublicFormat.Raw
                )
                did = did_key.did_key_from_public(public)
                conn.execute(
                    insert(c.holder_keys).values(
                        user_id=worker_id,
                        public_multibase=did[len(did_key.PREFIX) :],
                        encrypted_private=seal(self.hosting.vault.kek(), private, aad),
                        created_at=now(),
                    )
                )
                return did, ed25519_seed(private)
        private = unseal(self.hosting.vault.kek(), row.encrypted_private, aad)
        return did_key.PREFIX + row.public_multibase, ed25519_seed(private)

    def holder_did(self, worker: Principal) -> str:
        policy.require_worker(worker)
        return self._holder_key(worker.user.id)[0]

    def identity(self, worker_id: str) -> HolderIdentity:
        """The worker's wallet DID and the email addresses they have confirmed."""
        return HolderIdentity.of([self._holder_key(worker_id)[0]], self.emails.confirmed(worker_id))

    def emails_named(self, item: WalletItem) -> list[str]:
        """The plain (unhashed) email addresses a credential's subject names, if any."""
        credential = credential_of(item.document)
        if not isinstance(credential, dict):
            return []
        return list(subject_binding(credential, HolderIdentity()).emails_named)

    def _check(self, worker_id: str, data: bytes | str) -> Report:
        """Verify a credential for its holder: authentic and current, and about this worker."""
        report = self.verifier().verify(data, "wallet")
        if report.credential is not None:
            add_holder_check(report, self.identity(worker_id), for_holder=True)
        return report

    # -- adding and reading ----------------------------------------------------------------------
    def add(self, worker: Principal, data: bytes | str, source: str) -> WalletItem:
        """Keep a credential. It is verified now; one that is not a credential at all is
        refused, one that fails a check is kept and marked."""
        policy.require_worker(worker)
        policy.require_scope(worker, Scope.WRITE)
        if source not in SOURCES:
            raise InvalidInputError(f"source must be one of {', '.join(SOURCES)}")
        raw = data.encode() if isinstance(data, str) else data
        if not raw.strip():
            raise InvalidInputError("That was empty. Choose a credential file or paste one.")
        report = self._check(worker.user.id, raw)
        if report.credential is not None and baked.image_kind(raw):
            text = baked.unbake(raw).strip()  # keep what the image carries, signature and all
        else:
            text = raw.decode("utf-8", "replace").strip()
        return self._store(worker.user.id, report, source, None, text)

    def add_from_url(self, worker: Principal, url: str) -> WalletItem:
        """Fetch a credential from a public HTTPS address (SSRF-safe: no private addresses,
        short timeouts, a size cap)."""
        policy.require_worker(worker)
        policy.require_scope(worker, Scope.WRITE)
        return self.add(worker, self.fetcher.get(url.strip()), "url")

    def _store(
        self,
        worker_id: str,
        report: Report,
        source: str,
        issued_id: str | None,
        raw_text: str = "",
    ) -> WalletItem:
        if report.credential is None:
            reason = report.checks[-1].message if report.checks else "unreadable"
            raise InvalidInputError(f"This is not a credential Onramp can read ({reason}).")
        name, issuer_name, skills = summarize(report.credential)
        document = raw_text if is_credential_text(raw_text) else json.dumps(report.credential)
        item_id = str(uuid.uuid4())
        moment = now()
        with self.engine.begin() as conn:
            conn.execute(
                insert(c.wallet_items).values(
                    id=item_id,
                    worker_id=worker_id,
                    source=source,
                    format=report.format,
                    document=document,
                    name=name,
                    issuer_name=issuer_name,
                    skills=skills,
                    verified=report.verified,
                    report=report.to_json(),
                    issued_credential_id=issued_id,
                    added_at=moment,
                    checked_at=moment,
                )
            )
            audit.record(
                conn,
                AuditAction.WALLET_ADD,
                actor_id=worker_id,
                subject_id=worker_id,
                target_type="wallet_item",
                target_id=item_id,
                details={"source": source, "verified": report.verified},
            )
            self.changes.changed(conn, worker_id)
        return self._get(worker_id, item_id)

    def claim(self, worker: Principal, token: str) -> WalletItem:
        """Take a credential issued to the worker's email, with the link that was mailed.

        The link works once even when it is opened many times at the same moment: the claim
        is one conditional update, and only the caller whose update changed the row wins."""
        from onramp.credentials.batch_store import PENDING

        policy.require_worker(worker)
        policy.require_scope(worker, Scope.WRITE)
        issued = c.issued_credentials
        spent = "This link is not valid, or it was used already."
        hashed = token_hash(token.strip())
        with self.engine.begin() as conn:
            row = conn.execute(
                select(issued.c.id, issued.c.document, issued.c.recipient_email).where(
                    issued.c.claim_token_hash == hashed,
                    issued.c.claimed_at.is_(None),
                    issued.c.state != PENDING,
                )
            ).first()
            if row is None:
                raise NotFoundError(spent)
            won = conn.execute(
                update(issued)
                .where(
                    issued.c.id == row.id,
                    issued.c.claim_token_hash == hashed,
                    issued.c.claimed_at.is_(None),
                )
                .values(claim_token_hash=None, claimed_at=now(), recipient_user_id=worker.user.id)
            )
            if won.rowcount != 1:  # another claim of the same link got there first
                raise NotFoundError(spent)
            # the link went to that address, so whoever opens it controls the address
            record_confirmed(conn, worker.user.id, row.recipient_email, Proof.CLAIM)
        report = self._check(worker.user.id, row.document)
        return self._store(worker.user.id, report, "issued", row.id, row.document)

    def deliver_by_email(self, issued_id: str, email: str) -> bool:
        """Put a credential issued to `email` straight into the wallet of the worker who has
        confirmed that address, as if they had claimed it; False when nobody has (then the
        claim link is mailed). The same conditional update as a claim, so it happens once."""
        worker_id = self.emails.worker_with(email)
        if worker_id is None:
            return False
        issued = c.issued_credentials
        with self.engine.begin() as conn:
            won = conn.execute(
                update(issued)
                .where(issued.c.id == issued_id, issued.c.claimed_at.is_(None))
                .values(claim_token_hash=None, claimed_at=now(), recipient_user_id=worker_id)
            )
            if won.rowcount != 1:
                return False
            document: str = conn.execute(
                select(issued.c.document).where(issued.c.id == issued_id)
            ).scalar_one()
        self.deliver(worker_id, issued_id, document)
        return True

    def deliver(self, worker_id: str, issued_id: str, document: str) -> WalletItem:
        """Put a credential issued to the worker's wallet DID straight into the wallet."""
        report = self._check(worker_id, document)
        return self._store(worker_id, report, "issued", issued_id, document)

    def worker_of_did(self, did: str) -> str | None:
        if not did.startswith(did_key.PREFIX):
            return None
        with self.engine.connect() as conn:
            found: str | None = conn.execute(
                select(c.holder_keys.c.user_id).where(
                    c.holder_keys.c.public_multibase == did[len(did_key.PREFIX) :]
                )
            ).scalar()
        return found

    def items(self, worker: Principal, *, fresh: bool = False) -> list[WalletItem]:
        """The worker's credentials. With `fresh`, entries last checked more than
        RECHECK_AFTER ago are checked again first (issuers revoke, dates pass)."""
        policy.require_worker(worker)
        found = self._rows(worker.user.id)
        if fresh:
            stale_before = now() - RECHECK_AFTER
            stale = [i for i in found if aware(i.checked_at) < stale_before]
            for item in stale:
                self._recheck(worker.user.id, item)
            if stale:
                found = self._rows(worker.user.id)
        return found

    def _rows(self, worker_id: str) -> list[WalletItem]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(c.wallet_items)
                .where(c.wallet_items.c.worker_id == worker_id)
                .order_by(c.wallet_items.c.added_at.desc())
            ).all()
        return [from_row(WalletItem, r) for r in rows]

    def _get(self, worker_id: str, item_id: str) -> WalletItem:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(c.wallet_items).where(
                    c.wallet_items.c.id == item_id, c.wallet_items.c.worker_id == worker_id
                )
            ).first()
        if row is None:
            raise NotFoundError("no such credential in your wallet")
        return from_row(WalletItem, row)

    def item(self, worker: Principal, item_id: str) -> WalletItem:
        policy.require_worker(worker)
        return self._get(worker.user.id, item_id)

    def recheck(self, worker: Principal, item_id: str) -> WalletItem:
        """Verify again now, as the worker asked (dates pass, issuers revoke)."""
        policy.require_scope(worker, Scope.WRITE)
        return self.view(worker, item_id)

    def view(self, worker: Principal, item_id: str) -> WalletItem:
        """One credential, checked again first: the wallet never shows a stale verdict."""
        found = self.item(worker, item_id)
        self._recheck(worker.user.id, found)
        return self._get(worker.user.id, item_id)

    def _recheck(self, worker_id: str, found: WalletItem) -> None:
        report = self._check(worker_id, found.document).to_json()
        with self.engine.begin() as conn:
            conn.execute(
                update(c.wallet_items)
                .where(c.wallet_items.c.id == found.id, c.wallet_items.c.worker_id == worker_id)
                .values(verified=report["verified"], report=report, checked_at=now())
            )
            if standing(report) != standing(found.report):  # revoked, expired, not theirs...
                self.changes.changed(conn, worker_id)

    def recheck_all(self, worker: Principal) -> None:
        """Check every credential again, e.g. after the worker confirmed an address."""
        for item in self.items(worker):
            self._recheck(worker.user.id, item)

    def remove(self, worker: Principal, item_id: str) -> None:
        policy.require_scope(worker, Scope.WRITE)
        self.item(worker, item_id)
        with self.engine.begin() as conn:
            conn.execute(delete(c.wallet_items).where(c.wallet_items.c.id == item_id))
            audit.record(
                conn,
                AuditAction.WALLET_REMOVE,
                actor_id=worker.user.id,
                subject_id=worker.user.id,
                target_type="wallet_item",
                target_id=item_id,
            )
            self.changes.changed(conn, worker.user.id)

    def export(self, worker: Principal) -> dict[str, Any]:
        """Every credential as it was received, to take to another wallet."""
        items = self.items(worker)
        return {
            "holder": self.holder_did(worker),
            "exported_at": now().isoformat(),
            "credentials": [
                {
                    "id": i.id,
                    "name": i.name,
                    "format": i.format,
                    "source": i.source,
                    "added_at": i.added_at.isoformat(),
                    "credential": credential_of(i.document),
                }
                for i in items
            ],
        }

    def resume(self, worker: Principal, profile: dict[str, Any]) -> dict[str, Any]:
        """The worker's resume as a signed LER-RS credential: the profile, plus every verified
        JSON credential in the wallet with the skills it evidences."""
        from onramp.credentials.formats.resume import resume_credential, worker_resume
        from onramp.credentials.proofs import data_integrity

        attached = [
            credential
            for item in self.items(worker)
            if item.verified and isinstance(credential := credential_of(item.document), dict)
        ]
        resume = worker_resume(worker.user.name, worker.user.email, profile, attached)
        did, seed = self._holder_key(worker.user.id)
        unsigned = resume_credential(resume, did)
        method = f"{did}#{did[len(did_key.PREFIX) :]}"
        return data_integrity.sign(unsigned, seed, method)

    # -- sharing ---------------------------------------------------------------------------------
    def share(
        self,
        worker: Principal,
        org_id: str,
        item_ids: list[str],
        purpose_text: str,
        *,
        purpose_kind: PurposeKind = PurposeKind.OTHER,
        days: int = 90,
        purpose_ref: str = "",
        parts: tuple[str, ...] = ("records",),
    ) -> Presentation:
        """Share chosen credentials with an organization as a signed presentation, under a
        consent grant for "records" (and any other `parts`, such as the profile for a job
        application, whose job id is the `purpose_ref`)."""
        policy.require_worker(worker)
        chosen = [self.item(worker, i) for i in dict.fromkeys(item_ids)]
        if not chosen:
            raise InvalidInputError("Choose at least one credential to share.")
        for item in chosen:
            self._recheck(worker.user.id, item)
        chosen = [self._get(worker.user.id, i.id) for i in chosen]
        not_mine = [i for i in chosen if not i.is_mine]
        if not_mine:
            raise InvalidInputError(
                "You can only share credentials that are about you. "
                + " ".join(f"{i.name}: {i.subject_match.label}" for i in not_mine)
            )
        with self.engine.connect() as conn:
            slug = conn.execute(
                select(t.organizations.c.slug).where(t.organizations.c.id == org_id)
            ).scalar()
        if slug is None:
            raise NotFoundError("no such organization")
        grant = self.consents.grant(
            worker,
            org_id,
            sorted({"records", *parts}),
            purpose_kind,
            purpose_text,
            days,
            purpose_ref=purpose_ref,
            records=[i.id for i in chosen],
        )
        did, seed = self._holder_key(worker.user.id)
        challenge, domain = secrets.token_urlsafe(24), self.hosting.site.org_did(slug)
        unsigned = build_presentation(
            [credential_of(i.document) for i in chosen],
            did,
        )
        method = f"{did}#{did[len(did_key.PREFIX) :]}"
        signed = sign_presentation(unsigned, seed, method, challenge=challenge, domain=domain)
        presentation_id = str(uuid.uuid4())
        with self.engine.begin() as conn:
            conn.execute(
                insert(c.presentations).values(
                    id=presentation_id,
                    worker_id=worker.user.id,
                    org_id=org_id,
                    grant_id=grant.id,
                    item_ids=[i.id for i in chosen],
                    challenge=challenge,
                    domain=domain,
                    document=json.dumps(signed),
                    created_at=now(),
                )
            )
        return self._presentation(presentation_id)

    def _presentation(self, presentation_id: str) -> Presentation:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(c.presentations).where(c.presentations.c.id == presentation_id)
            ).first()
        if row is None:
            raise NotFoundError("no such presentation")
        return from_row(Presentation, row)

    def _listed(self, rows: list[Any], *, named_for_org: bool) -> list[Presentation]:
        """Presentations with their organization, their grant's state, and the name and issuer
        of each credential they carry. `named_for_org`: add the worker's name (sharing
        credentials shows it: consent.NAMED_BY)."""
        found = [from_row(Presentation, r) for r in rows]
        if not found:
            return []
        moment = now()
        grant_ids = {p.grant_id for p in found}
        item_ids = {i for p in found for i in p.item_ids}
        with self.engine.connect() as conn:
            grants = {
                g.id: g
                for g in conn.execute(
                    select(
                        t.consent_grants.c.id,
                        t.consent_grants.c.expires_at,
                        t.consent_grants.c.revoked_at,
                        t.organizations.c.name,
                    )
                    .join(t.organizations, t.organizations.c.id == t.consent_grants.c.org_id)
                    .where(t.consent_grants.c.id.in_(grant_ids))
                ).all()
            }
            items = {
                r.id: r
                for r in conn.execute(
                    select(
                        c.wallet_items.c.id, c.wallet_items.c.name, c.wallet_items.c.issuer_name
                    ).where(c.wallet_items.c.id.in_(item_ids))
                ).all()
            }
            workers: dict[str, str] = {}
            if named_for_org:
                workers = {
                    u.id: u.name
                    for u in conn.execute(
                        select(t.users.c.id, t.users.c.name).where(
                            t.users.c.id.in_({p.worker_id for p in found})
                        )
                    ).all()
                }
        for shared in found:
            grant = grants.get(shared.grant_id)
            if grant is not None:
                shared.org_name = grant.name
                shared.until = aware(grant.expires_at)
                shared.active = grant.revoked_at is None and moment < aware(grant.expires_at)
            shared.worker_name = workers.get(shared.worker_id, "")
            shared.credentials = [
                {"name": items[i].name, "issuer": items[i].issuer_name}
                if i in items
                else {"name": "A credential", "issuer": ""}
                for i in shared.item_ids
            ]
        return found

    def shared_by(self, worker: Principal) -> list[Presentation]:
        """Everything the worker shared, newest first, each marked active or stopped."""
        policy.require_worker(worker)
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(c.presentations)
                .where(c.presentations.c.worker_id == worker.user.id)
                .order_by(c.presentations.c.created_at.desc())
            ).all()
        return self._listed(list(rows), named_for_org=False)

    def _active_grant_ids(self, org_id: str) -> set[str]:
        moment = now()
        return {g.id for g in self.consents.to_org_unchecked(org_id) if g.active_at(moment)}

    def shared_with(
        self, principal: Principal, org_id: str, worker_id: str | None = None
    ) -> list[Presentation]:
        """Presentations the organization may open now (their grant is active), with who
        shared them; only one worker's with `worker_id`."""
        policy.require_member(principal, org_id, admin_may=False)
        active = self._active_grant_ids(org_id)
        query = select(c.presentations).where(c.presentations.c.org_id == org_id)
        if worker_id is not None:
            query = query.where(c.presentations.c.worker_id == worker_id)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(c.presentations.c.created_at.desc())).all()
        return self._listed([r for r in rows if r.grant_id in active], named_for_org=True)

    def open_shared(
        self, principal: Principal, org_id: str, presentation_id: str
    ) -> dict[str, Any]:
        """The presentation, checked now: the holder's proof bound to this challenge and
        domain, and each credential's verification report. Refused once the grant is gone."""
        policy.require_member(principal, org_id, admin_may=False)
        found = self._presentation(presentation_id)
        if found.org_id != org_id:
            raise NotFoundError("no such presentation")
        if found.grant_id not in self._active_grant_ids(org_id):
            raise PermissionDeniedError("The worker stopped sharing this, or the sharing ended.")
        document = json.loads(found.document)
        result = verify_presentation(
            document,
            self.verifier(org_id),
            challenge=found.challenge,
            domain=found.domain,
            holder_emails=self.emails.confirmed(found.worker_id),
        )
        checked, reports = result.check, result.reports
        if checked.ok and checked.holder != self._holder_key(found.worker_id)[0]:
            checked.problems.append("the presentation was not signed by this worker's wallet")
        with self.engine.begin() as conn:
            worker = conn.execute(
                select(t.users.c.name).where(t.users.c.id == found.worker_id)
            ).scalar()
            audit.record(
                conn,
                AuditAction.PRESENTATION_VIEW,
                actor_id=principal.user.id,
                org_id=org_id,
                subject_id=found.worker_id,
                target_type="presentation",
                target_id=presentation_id,
            )
        return {
            "id": found.id,
            "worker_id": found.worker_id,
            "worker_name": worker or "",
            "holder": checked.holder,
            "presentation_verified": checked.ok,
            "problems": checked.problems,
            "created_at": found.created_at,
            "credentials": [
                {
                    **r.to_json(),
                    "verified": r.verified and checked.ok,
                    "name": summarize(r.credential)[0],
                    "issuer_name": summarize(r.credential)[1],
                    "skills": summarize(r.credential)[2],
                }
                for r in reports
            ],
            "presentation": document,
        }


def standing(report: dict[str, Any]) -> tuple[object, ...]:
    """What a stored verification report says about a credential now, without its wording or
    times: a change here (revoked, suspended, expired, no longer about the worker) is a change
    to what the credential shows."""
    checks = report.get("checks") or []
    return (
        report.get("verified"),
        report.get("verdict"),
        tuple((c.get("id"), c.get("status"), c.get("code")) for c in checks if isinstance(c, dict)),
    )


class _NoMail:
    """The wallet only reads confirmed addresses; it never mails through this."""

    def send(self, to: str, subject: str, body: str, kind: MailKind = MailKind.NOTICE) -> None:
        raise RuntimeError("the wallet does not send mail")


def wallet_item_of(conn: Connection, worker_id: str, issued_credential_id: str) -> str | None:
    """The worker's wallet entry for a credential Onramp issued, to link to; None until it is
    in their wallet (a claim link not yet followed)."""
    items = c.wallet_items
    found = conn.execute(
        select(items.c.id).where(
            items.c.worker_id == worker_id, items.c.issued_credential_id == issued_credential_id
        )
    ).scalar()
    return None if found is None else str(found)
