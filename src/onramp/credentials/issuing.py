"""Issuing: organizations define Achievements and issue, revoke and suspend credentials.

Every credential gets two random status entries (revocation and suspension) in lists Onramp
hosts, and is signed with the organization's key under its did:web DID: Data Integrity
`eddsa-rdfc-2022` by default, or a VC-JWT with RS256 (the algorithms the 1EdTech validator
accepts for JWTs). A batch is all or nothing: every row is checked before anything is signed,
and a bad row names its line. Credentials are signed with no lock held and stored a chunk at a
time in short write transactions, hidden until the last chunk is stored, and removed if any chunk
fails (docs/decisions/0011-concurrent-writes.md). People named by email get a single-use claim
link by mail, since an account's email alone does not prove who owns it; a DID from a worker's
wallet delivers directly.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from onramp.credentials.batch_store import CHUNK, PENDING, Batch, BatchStore
from onramp.credentials.changes import WalletChanges
from onramp.credentials.did import did_key
from onramp.credentials.formats.clr import clr_credential
from onramp.credentials.formats.ob3 import (
    Achievement,
    Alignment,
    ResultDescription,
    ResultValue,
    RubricLevel,
    achievement_credential,
    endorsement_credential,
)
from onramp.credentials.hosting import Hosting, Slot, ed25519_seed
from onramp.credentials.proofs import data_integrity, jose
from onramp.credentials.verify.limits import check_recipients_csv_size
from onramp.errors import ImportFileError, InvalidInputError, NotFoundError
from onramp.platform import Principal, audit, policy
from onramp.platform.audit_actions import AuditAction
from onramp.platform.email_address import normalize_email
from onramp.platform.links import Links
from onramp.platform.mail import Mailer, MailKind
from onramp.platform.secrets import now
from onramp.store import credential_tables as c
from onramp.store import platform_tables as t
from onramp.store import write_transaction
from onramp.store.rows import from_row
from onramp.taxonomy import Catalog
from onramp.vocabulary import LabeledEnum


class ProofFormat(LabeledEnum):
    """How an issued credential is signed. The value is what the API and CLI take; the label
    is the plain name a registrar picks from."""

    LDP = "ldp", "Signed with your web ID. This fits most uses."  # eddsa-rdfc-2022, did:web
    LDP_KEY = "ldp-key", "Signed with a key ID that needs no website."  # eddsa-rdfc-2022, did:key
    JWT = "jwt", "A signed web token (JWT), for systems that ask for one."  # VC-JWT, RS256


PROOF_FORMATS = tuple(f.value for f in ProofFormat)
STATE_CHANGES = {"revoke": "revoked", "suspend": "suspended", "reinstate": "active"}
MAX_BATCH = 50_000


@dataclass(slots=True)
class AchievementRecord:
    id: str
    org_id: str
    name: str
    description: str
    criteria: str
    achievement_type: str
    alignments: list[Alignment]
    levels: list[RubricLevel]
    created_at: datetime
    results: list[ResultDescription] = field(default_factory=list)  # one per outcome, if any


@dataclass(slots=True)
class Recipient:
    email: str = ""
    did: str = ""
    level_id: str = ""
    line: int = 0
    evidence_url: str = ""  # where the work that earned it can be seen (OB 3.0 Evidence)
    # (ResultDescription id, RubricCriterionLevel id) pairs: one OB 3.0 Result each, as a
    # microcredential gives one per outcome (onramp.market.microcredentials.delivery)
    results: list[tuple[str, str]] = field(default_factory=list)
    values: list[ResultValue] = field(default_factory=list)  # hours, competencies completed

    def check(self) -> None:
        where = f"line {self.line}: " if self.line else ""
        if bool(self.email) == bool(self.did):
            raise InvalidInputError(f"{where}give either an email or a DID, not both or neither")
        if self.email:
            self.email = normalize_email(self.email, where)
        if self.did and not (self.did.startswith("did:") and len(self.did) <= 500):
            raise InvalidInputError(f"{where}{self.did!r} is not a DID")
        if self.evidence_url and not self.evidence_url.startswith("https://"):
            raise InvalidInputError(f"{where}evidence must be an https:// address")


MAX_PAGE = 1000  # credentials listed at once


@dataclass(slots=True)
class IssuedCredential:
    id: str
    org_id: str
    achievement_id: str | None
    kind: str
    proof_format: str
    recipient_email: str
    recipient_did: str
    name: str
    state: str
    issued_at: datetime
    changed_at: datetime | None = None
    document: str = field(default="", repr=False)
    recipient_name: str = ""  # the wallet owner's name, when the DID is an Onramp wallet

    @property
    def recipient(self) -> str:
        """Who it went to, in words a registrar knows: a name, an email, or what kind of DID."""
        if self.recipient_name or self.recipient_email:
            return self.recipient_name or self.recipient_email
        return "A wallet outside Onramp" if self.recipient_did else "No one named"

    @property
    def format_label(self) -> str:
        try:
            return ProofFormat(self.proof_format).label
        except ValueError:
            return self.proof_format


def _alignment_row(a: Alignment) -> dict[str, str]:
    return {
        "target_url": a.target_url,
        "target_name": a.target_name,
        "target_code": a.target_code,
        "target_framework": a.target_framework,
    }


def _level_row(level: RubricLevel) -> dict[str, str]:
    return {"id": level.id, "name": level.name, "description": level.description}


def _result(row: dict[str, Any]) -> ResultDescription:
    return ResultDescription(
        row["id"],
        row["name"],
        [RubricLevel(**level) for level in row["levels"]],
        row.get("required_level", ""),
        [Alignment(**a) for a in row.get("alignments", [])],
        row.get("result_type", "RubricCriterionLevel"),
        row.get("required_value", ""),
    )


def _achievement(row: Any) -> AchievementRecord:
    return AchievementRecord(
        row.id,
        row.org_id,
        row.name,
        row.description,
        row.criteria,
        row.achievement_type,
        [Alignment(**a) for a in row.alignments],
        [RubricLevel(**level) for level in row.levels],
        row.created_at,
        [_result(r) for r in row.results or []],
    )


def parse_recipients_csv(text: str) -> list[Recipient]:
    """Rows of `email` or `did`, with optional `level` and `evidence` (an https address);
    errors name the line."""
    reader = csv.DictReader(io.StringIO(check_recipients_csv_size(text).lstrip("\ufeff")))
    columns = {name.strip().lower() for name in reader.fieldnames or []}
    if not columns & {"email", "did"}:
        raise ImportFileError("recipients CSV", "needs a header row with an email or did column")
    found = []
    for number, row in enumerate(reader, start=2):
        cleaned = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        if not any(cleaned.values()):
            continue
        recipient = Recipient(
            cleaned.get("email", ""),
            cleaned.get("did", ""),
            cleaned.get("level", ""),
            number,
            cleaned.get("evidence", ""),
        )
        try:
            recipient.check()
        except InvalidInputError as error:
            raise ImportFileError("recipients CSV", str(error), line=number) from None
        found.append(recipient)
    if not found:
        raise ImportFileError("recipients CSV", "has no recipients")
    if len(found) > MAX_BATCH:
        raise ImportFileError("recipients CSV", f"has more than {MAX_BATCH} rows; split it")
    return found


class Issuing:
    def __init__(
        self,
        engine: Engine,
        hosting: Hosting,
        mailer: Mailer,
        changes: WalletChanges | None = None,
    ) -> None:
        self.engine = engine
        self.changes = changes or WalletChanges()  # the wallets' listeners (CredentialService)
        self.hosting = hosting
        self.vault = hosting.vault
        self.site = hosting.site
        self.links = Links(hosting.site.public_url)
        self.mailer = mailer
        self.batches = BatchStore(engine, hosting)
        # Puts a credential issued to an email into the wallet of the worker who confirmed that
        # address, and says whether it did (set by CredentialService to Wallet.deliver_by_email).
        self.deliver_by_email: Callable[[str, str], bool] | None = None

    # -- achievements ----------------------------------------------------------------------------
    def define(
        self,
        principal: Principal,
        org_id: str,
        *,
        name: str,
        criteria: str,
        description: str = "",
        achievement_type: str = "Competency",
        skills: list[str] | None = None,
        levels: list[tuple[str, str]] | None = None,
    ) -> AchievementRecord:
        """A new Achievement. `skills` are skill codes or URIs from a current framework (ESCO,
        O*NET or the Essential Skills Framework); `levels` are (name, description) pairs."""
        prepared = self.prepare(
            principal,
            org_id,
            name=name,
            criteria=criteria,
            description=description,
            achievement_type=achievement_type,
            skills=skills,
            levels=levels,
        )
        with self.engine.begin() as conn:
            self.store(conn, principal, prepared)
        return self.achievement(principal, org_id, prepared.id)

    def prepare(
        self,
        principal: Principal,
        org_id: str,
        *,
        name: str,
        criteria: str,
        description: str = "",
        achievement_type: str = "Competency",
        skills: list[str] | None = None,
        levels: list[tuple[str, str]] | None = None,
        results: list[ResultDescription] | None = None,
        achievement_id: str | None = None,
    ) -> AchievementRecord:
        """An Achievement checked and ready to `store`, not yet stored, so a caller can store it
        in the same transaction as what it belongs to (a published microcredential). `results`
        are further result descriptions, one per outcome (OB 3.0 ResultDescription), whose ids
        may derive from `achievement_id` when the caller chooses it."""
        policy.require_issuer(principal, org_id)
        name, criteria = " ".join(name.split()), criteria.strip()
        if not 2 <= len(name) <= 200:
            raise InvalidInputError("Give the achievement a name (2 to 200 characters).")
        if not criteria:
            raise InvalidInputError("Say what a person must do to earn it (the criteria).")
        catalog = Catalog(self.engine)
        alignments = []
        for given in dict.fromkeys(s.strip() for s in skills or [] if s.strip()):
            framework, skill = catalog.skill(given)
            alignments.append(
                Alignment(skill.uri, skill.preferred_label, skill.code, framework.name)
            )
        rubric = [
            RubricLevel(f"urn:uuid:{uuid.uuid4()}", " ".join(n.split()), d.strip())
            for n, d in levels or []
            if n.strip()
        ]
        record = AchievementRecord(
            achievement_id or str(uuid.uuid4()),
            org_id,
            name,
            description.strip(),
            criteria,
            achievement_type,
            alignments,
            rubric,
            now(),
            list(results or []),
        )
        self._model(record, "check").to_json()
        return record

    @staticmethod
    def store(conn: Connection, principal: Principal, record: AchievementRecord) -> None:
        """Store a `prepare`d Achievement and its audit entry in the caller's transaction."""
        conn.execute(
            insert(c.achievements).values(
                id=record.id,
                org_id=record.org_id,
                name=record.name,
                description=record.description,
                criteria=record.criteria,
                achievement_type=record.achievement_type,
                alignments=[_alignment_row(a) for a in record.alignments],
                levels=[_level_row(r) for r in record.levels],
                results=[
                    {
                        "id": r.id,
                        "name": r.name,
                        "required_level": r.required_level,
                        "levels": [_level_row(level) for level in r.levels],
                        "alignments": [_alignment_row(a) for a in r.alignments],
                        "result_type": r.result_type,
                        "required_value": r.required_value,
                    }
                    for r in record.results
                ],
                created_by=principal.user.id,
                created_at=record.created_at,
            )
        )
        audit.record(
            conn,
            AuditAction.ACHIEVEMENT_DEFINE,
            actor_id=principal.user.id,
            org_id=record.org_id,
            target_type="achievement",
            target_id=record.id,
        )

    def achievements(self, principal: Principal, org_id: str) -> list[AchievementRecord]:
        policy.require_member(principal, org_id)
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(c.achievements)
                .where(c.achievements.c.org_id == org_id, c.achievements.c.archived_at.is_(None))
                .order_by(c.achievements.c.created_at.desc())
            ).all()
        return [_achievement(r) for r in rows]

    def achievement(
        self, principal: Principal, org_id: str, achievement_id: str
    ) -> AchievementRecord:
        policy.require_member(principal, org_id)
        return self._achievement_of(org_id, achievement_id)

    def _achievement_of(self, org_id: str, achievement_id: str) -> AchievementRecord:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(c.achievements).where(
                    c.achievements.c.id == achievement_id, c.achievements.c.org_id == org_id
                )
            ).first()
        if row is None:
            raise NotFoundError("no such achievement")
        return _achievement(row)

    def public_achievement(self, slug: str, achievement_id: str) -> dict[str, Any]:
        """The Achievement a credential's `achievement.id` points at, for anyone to read."""
        org_id, _name = self.hosting.org_by_slug(slug)
        return self._model(self._achievement_of(org_id, achievement_id), slug).to_json()

    def _model(self, record: AchievementRecord, slug: str) -> Achievement:
        return Achievement(
            self.site.achievement_url(slug, record.id),
            record.name,
            record.description,
            record.criteria,
            record.achievement_type,
            record.alignments,
            record.levels,
            record.results,
        )

    # -- issuing ---------------------------------------------------------------------------------
    def _issuer(self, org_id: str, proof_format: str = "ldp") -> tuple[dict[str, Any], str]:
        """The issuer profile: the organization's did:web DID, or its did:key (the active
        Ed25519 key) for `ldp-key`."""
        with self.engine.connect() as conn:
            org = conn.execute(
                select(t.organizations.c.slug, t.organizations.c.name).where(
                    t.organizations.c.id == org_id
                )
            ).one()
        did = self.site.org_did(org.slug)
        if proof_format == "ldp-key":
            did = did_key.PREFIX + self.hosting.signing_key(org_id).public_multibase
        return {"id": did, "name": org.name}, org.slug

    def _signer(self, principal: Principal, org_id: str, proof_format: str) -> Callable[..., str]:
        issuer, _slug = self._issuer(org_id, proof_format)
        did = issuer["id"]
        if proof_format in ("ldp", "ldp-key"):
            key = self.hosting.signing_key(org_id)
            seed = ed25519_seed(self.vault.private_key(principal, key.id))
            method = f"{did}#{key.public_multibase if proof_format == 'ldp-key' else key.id}"
            return lambda credential: json.dumps(
                data_integrity.sign(credential, seed, method), ensure_ascii=False
            )
        if proof_format == "jwt":
            try:
                key = self.vault.active(org_id, "RS256")
            except NotFoundError:
                key = self.vault.create_for_service(org_id, "RS256")
            private = self.vault.private_key(principal, key.id)
            kid = f"{did}#{key.id}"
            return lambda credential: jose.sign_jwt(
                credential, private, "RS256", kid=kid, legacy=True
            )
        raise InvalidInputError(f"the proof format must be one of {', '.join(PROOF_FORMATS)}")

    def issue(
        self,
        principal: Principal,
        org_id: str,
        achievement_id: str,
        recipient: Recipient,
        proof_format: str = "ldp",
    ) -> IssuedCredential:
        return self.issue_batch(principal, org_id, achievement_id, [recipient], proof_format)[0]

    def issue_batch(
        self,
        principal: Principal,
        org_id: str,
        achievement_id: str,
        recipients: list[Recipient],
        proof_format: str = "ldp",
        progress: Callable[[int], None] | None = None,
    ) -> list[IssuedCredential]:
        """Issue one Achievement to many people, all or nothing. Nobody is mailed, and no
        listing shows the batch, until every credential in it is stored."""
        policy.require_issuer(principal, org_id)
        record = self.achievement(principal, org_id, achievement_id)
        if not recipients:
            raise InvalidInputError("Name at least one person to issue to.")
        level_ids = {level.name.lower(): level.id for level in record.levels}
        for recipient in recipients:
            recipient.check()
            if recipient.level_id and recipient.level_id.lower() not in level_ids:
                where = f"line {recipient.line}: " if recipient.line else ""
                raise InvalidInputError(
                    f"{where}the achievement has no level {recipient.level_id!r}; "
                    f"its levels are {', '.join(lv.name for lv in record.levels) or 'none'}"
                )
        if proof_format not in PROOF_FORMATS:
            raise InvalidInputError(f"the proof format must be one of {', '.join(PROOF_FORMATS)}")
        issuer, slug = self._issuer(org_id, proof_format)
        achievement = self._model(record, slug)
        sign = self._signer(principal, org_id, proof_format)

        def signed(
            recipient: Recipient, credential_id: str, revocation: Slot, suspension: Slot
        ) -> str:
            unsigned = achievement_credential(
                achievement,
                issuer,
                recipient_did=recipient.did or None,
                recipient_email=recipient.email or None,
                level_id=level_ids.get(recipient.level_id.lower()) if recipient.level_id else None,
                credential_id=f"urn:uuid:{credential_id}",
                status=[
                    _entry(self.site.status_url(revocation[0]), revocation[1], "revocation"),
                    _entry(self.site.status_url(suspension[0]), suspension[1], "suspension"),
                ],
                evidence=[recipient.evidence_url] if recipient.evidence_url else None,
                results=recipient.results or None,
                values=recipient.values or None,
            )
            return sign(unsigned)

        batch = Batch(principal.user.id, org_id, record.id, record.name, proof_format)
        try:
            for start in range(0, len(recipients), CHUNK):
                self.batches.store_chunk(batch, recipients[start : start + CHUNK], signed, progress)
            self.batches.publish(batch)
        except BaseException:
            self.batches.discard(batch)
            raise
        for email, token, issued_id in batch.claims:
            if self.deliver_by_email is not None and self.deliver_by_email(issued_id, email):
                self.mailer.send(
                    email,
                    f"{issuer['name']} sent you a credential: {record.name}",
                    f'{issuer["name"]} gave you a digital credential for "{record.name}".\n\n'
                    "It is already in your Onramp wallet, because you have shown that this "
                    "email address is yours. Log in to see it.",
                    MailKind.NOTICE,
                )
                continue
            self.mailer.send(
                email,
                f"{issuer['name']} sent you a credential: {record.name}",
                f'{issuer["name"]} gave you a digital credential for "{record.name}".\n\n'
                f"To keep it in your Onramp wallet, log in and open this link:\n"
                f"{self.links.claim(token)}\n\n"
                "The link works once. If you did not expect this, you can ignore it.",
                MailKind.CREDENTIAL_CLAIM,
            )
        return [from_row(IssuedCredential, row) for row in batch.rows]

    def issued(
        self, principal: Principal, org_id: str, *, limit: int = 200, offset: int = 0
    ) -> list[IssuedCredential]:
        """The organization's credentials, newest first, a page at a time and without their
        documents (an organization may hold hundreds of thousands; `get_issued` gives one)."""
        policy.require_member(principal, org_id)
        if not 1 <= limit <= MAX_PAGE or offset < 0:
            raise InvalidInputError(f"ask for 1 to {MAX_PAGE} credentials, from 0 on")
        table = c.issued_credentials
        listed = [col for col in table.c if col.name != "document"]
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(*listed)
                .where(table.c.org_id == org_id, table.c.state != PENDING)
                .order_by(table.c.issued_at.desc(), table.c.id)
                .limit(limit)
                .offset(offset)
            ).all()
            listed_rows = [from_row(IssuedCredential, r) for r in rows]
            self._name_wallets(conn, listed_rows)
        return listed_rows

    @staticmethod
    def _name_wallets(conn: Any, issued: list[IssuedCredential]) -> None:
        """Put the owner's name on credentials sent to an Onramp wallet's DID: the worker gave
        the organization that DID, so the name is no news to it, and a DID means nothing to a
        registrar."""
        keys = {
            i.recipient_did[len(did_key.PREFIX) :]
            for i in issued
            if i.recipient_did.startswith(did_key.PREFIX)
        }
        if not keys:
            return
        names = dict(
            conn.execute(
                select(c.holder_keys.c.public_multibase, t.users.c.name)
                .join(t.users, t.users.c.id == c.holder_keys.c.user_id)
                .where(c.holder_keys.c.public_multibase.in_(keys))
            ).all()
        )
        for credential in issued:
            key = credential.recipient_did[len(did_key.PREFIX) :]
            if credential.recipient_did.startswith(did_key.PREFIX) and key in names:
                credential.recipient_name = names[key]

    def get_issued(self, principal: Principal, org_id: str, credential_id: str) -> IssuedCredential:
        policy.require_member(principal, org_id)
        with self.engine.connect() as conn:
            row = conn.execute(
                select(c.issued_credentials).where(
                    c.issued_credentials.c.id == credential_id,
                    c.issued_credentials.c.org_id == org_id,
                    c.issued_credentials.c.state != PENDING,
                )
            ).first()
            if row is None:
                raise NotFoundError("no such credential")
            found = from_row(IssuedCredential, row)
            self._name_wallets(conn, [found])
        return found

    def change_state(
        self, principal: Principal, org_id: str, credential_id: str, action: str
    ) -> IssuedCredential:
        """Revoke (final), suspend, or reinstate a suspended credential, by flipping its bits
        in the hosted status lists."""
        policy.require_issuer(principal, org_id)
        if action not in STATE_CHANGES:
            raise InvalidInputError(f"the action must be one of {', '.join(STATE_CHANGES)}")
        self.get_issued(principal, org_id, credential_id)  # in this organization, and issued
        # read and write under the write lock, so two changes to one list cannot lose a bit
        with write_transaction(self.engine) as conn:
            row = conn.execute(
                select(c.issued_credentials).where(c.issued_credentials.c.id == credential_id)
            ).one()
            if row.state == "revoked":
                raise InvalidInputError("This credential is revoked; that cannot be undone.")
            if action == "revoke":
                self.hosting.set_bit(conn, row.revocation_list_id, row.revocation_index, 1)
            else:
                self.hosting.set_bit(
                    conn, row.suspension_list_id, row.suspension_index, int(action == "suspend")
                )
            conn.execute(
                update(c.issued_credentials)
                .where(c.issued_credentials.c.id == credential_id)
                .values(state=STATE_CHANGES[action], changed_at=now())
            )
            holders: list[str] = sorted(
                conn.execute(
                    select(c.wallet_items.c.worker_id)
                    .where(c.wallet_items.c.issued_credential_id == credential_id)
                    .distinct()
                ).scalars()
            )
            for worker_id in holders:  # what their wallet shows changed with it
                self.changes.changed(conn, worker_id)
            audit.record(
                conn,
                AuditAction(f"credential.{action}"),
                actor_id=principal.user.id,
                org_id=org_id,
                target_type="credential",
                target_id=credential_id,
            )
        return self.get_issued(principal, org_id, credential_id)

    def endorse(
        self, principal: Principal, org_id: str, subject_id: str, comment: str
    ) -> dict[str, Any]:
        """A signed EndorsementCredential from this organization (for example, an employer
        vouching for a college's Achievement). Others embed it in their `endorsement` list."""
        policy.require_issuer(principal, org_id)
        issuer, _slug = self._issuer(org_id)
        unsigned = endorsement_credential(issuer, subject_id.strip(), comment)
        signed = dict(json.loads(self._signer(principal, org_id, "ldp")(unsigned)))
        with self.engine.begin() as conn:
            audit.record(
                conn,
                AuditAction.CREDENTIAL_ENDORSE,
                actor_id=principal.user.id,
                org_id=org_id,
                target_type="endorsement",
                target_id=str(signed["id"]),
                details={"subject": subject_id.strip()[:300]},
            )
        return signed

    def clr(self, principal: Principal, org_id: str, learner: str) -> dict[str, Any]:
        """A signed ClrCredential bundling every active, signed (JSON) credential this
        organization issued to one learner, named by email or DID."""
        policy.require_issuer(principal, org_id)
        key = learner.strip().lower() if "@" in learner else learner.strip()
        column = (
            c.issued_credentials.c.recipient_email
            if "@" in key
            else c.issued_credentials.c.recipient_did
        )
        with self.engine.connect() as conn:
            documents: Iterable[str] = conn.execute(
                select(c.issued_credentials.c.document).where(
                    c.issued_credentials.c.org_id == org_id,
                    column == key,
                    c.issued_credentials.c.kind == "ob3",
                    c.issued_credentials.c.proof_format == "ldp",
                    c.issued_credentials.c.state == "active",
                )
            ).scalars()
            credentials = [json.loads(d) for d in documents]
        if not credentials:
            raise NotFoundError("This organization issued no active credentials to that person.")
        issuer, _slug = self._issuer(org_id)
        learner_id = key if key.startswith("did:") else f"mailto:{key}"
        unsigned = clr_credential(credentials, issuer, learner_id)
        signed = json.loads(self._signer(principal, org_id, "ldp")(unsigned))
        with self.engine.begin() as conn:
            audit.record(
                conn,
                AuditAction.CREDENTIAL_CLR,
                actor_id=principal.user.id,
                org_id=org_id,
                target_type="clr",
                target_id=str(signed["id"]),
                details={"count": len(credentials)},
            )
        return dict(signed)


def _entry(url: str, index: int, purpose: str) -> dict[str, Any]:
    return {
        "id": f"{url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": url,
    }
