"""The credentials capability as one object for the API, the pages and the CLI: keys, hosting,
issuing, the wallet, trust registries and operator-pinned JSON-LD contexts over one store."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine

from onramp.credentials.changes import WalletChanges
from onramp.credentials.did.fetch import SafeFetcher
from onramp.credentials.hosting import Hosting, Site, StoreResolver
from onramp.credentials.issuing import IssuedCredential, Issuing, Recipient
from onramp.credentials.proofs.keys import KeyVault
from onramp.credentials.rdf.context_registry import ContextRegistry
from onramp.credentials.trust_store import TrustedIssuers
from onramp.credentials.verify.verifier import Resolver, Verifier
from onramp.credentials.wallet import Wallet
from onramp.platform import Principal
from onramp.platform.consent import Consents
from onramp.platform.emails import Emails
from onramp.platform.links import Links
from onramp.platform.mail import Mailer


class CredentialService:
    def __init__(
        self,
        engine: Engine,
        mailer: Mailer,
        consents: Consents,
        *,
        secrets_dir: Path,
        public_url: str,
        fetcher: SafeFetcher | None = None,
        emails: Emails | None = None,
    ) -> None:
        self.engine = engine
        self.vault = KeyVault(engine, secrets_dir)
        self.site = Site(public_url.rstrip("/"))
        self.hosting = Hosting(engine, self.vault, self.site)
        # told, in the writing transaction, of each change to what a wallet shows
        self.wallet_changes = WalletChanges()
        self.issuing = Issuing(engine, self.hosting, mailer, self.wallet_changes)
        self.emails = emails or Emails(engine, mailer, Links(self.site.public_url))
        self.wallet = Wallet(
            engine,
            self.hosting,
            consents,
            fetcher,
            self.verifier,
            self.emails,
            changes=self.wallet_changes,
        )
        self.issuing.deliver_by_email = self.wallet.deliver_by_email
        self.trust = TrustedIssuers(engine)
        self.contexts = ContextRegistry(engine)

    def issue(
        self,
        principal: Principal,
        org_id: str,
        achievement_id: str,
        recipients: list[Recipient],
        proof_format: str = "ldp",
        progress: Callable[[int], None] | None = None,
    ) -> list[IssuedCredential]:
        """Issue, then put credentials addressed to an Onramp wallet's DID into that wallet.
        People named by an email a worker has confirmed find it in their wallet (with a notice
        by mail); others are mailed a claim link."""
        issued = self.issuing.issue_batch(
            principal, org_id, achievement_id, recipients, proof_format, progress
        )
        for credential in issued:
            worker_id = self.wallet.worker_of_did(credential.recipient_did)
            if worker_id:
                self.wallet.deliver(worker_id, credential.id, credential.document)
        return issued

    def verifier(self, org_id: str | None = None, base: Resolver | None = None) -> Verifier:
        """A verifier that reads Onramp's own DIDs and status lists from the store, knows the
        JSON-LD contexts an operator pinned, and, for an organization, checks issuers against
        its trust registry."""
        trust = self.trust.registry(org_id) if org_id else None
        pinned = self.contexts.documents() or None
        return Verifier(StoreResolver(self.hosting, base), trust=trust, extra_contexts=pinned)

    def wallet_address(self, worker_id: str, account_email: str) -> str:
        """The address to issue to so a credential lands in a worker's wallet: the account's
        email when the worker confirmed it (or confirmed none: then it is mailed with a claim
        link), else another address they confirmed."""
        confirmed = self.emails.confirmed(worker_id)
        account = account_email.lower()
        if account in confirmed or not confirmed:
            return account
        return sorted(confirmed)[0]
