"""Benchmark: the whole issuing service, as an organization uses it.

`CredentialService.issue` on a real SQLite store: check every row, draw two random status
indexes per credential (revocation and suspension) in the hosted lists, build and sign each
OB 3.0 credential (eddsa-rdfc-2022) with the organization's did:web key, and store them 500 at
a time in short write transactions, shown together at the end (ADR 11). The baseline, measured
in the same run, is signing alone (the same credentials built and signed in memory), so the
ratio shows what the store and the status lists add.
Also timed: revoking one credential and re-signing its 131,072-entry status list.

    taskset -c 0 .venv/bin/python bench/issue_service.py [--count 10000]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from onramp.credentials.formats.ob3 import achievement_credential
from onramp.credentials.hosting import ed25519_seed
from onramp.credentials.issuing import Recipient
from onramp.credentials.service import CredentialService
from onramp.platform import AccountKind, OrgKind, Platform
from onramp.store import make_engine, upgrade

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="onramp-bench-"))
    engine = make_engine(f"sqlite:///{folder / 'bench.db'}")
    upgrade(engine)
    platform = Platform(engine)
    admin = platform.accounts.principal(
        platform.accounts.sign_up(
            "ada@college.example", "correct horse battery", "Ada", AccountKind.STAFF
        )
    )
    org = platform.orgs.create(admin, "River College", OrgKind.TRAINING_PROVIDER)
    admin = platform.accounts.principal(admin.user)
    service = CredentialService(
        engine,
        platform.mailer,
        platform.consents,
        secrets_dir=folder / "secrets",
        public_url="https://onramp.example",
    )
    achievement = service.issuing.define(
        admin, org.id, name="Forklift Safety", criteria="Passed a practical test."
    )
    recipients = [Recipient(did=f"did:example:learner-{n}") for n in range(args.count)]

    started = time.perf_counter()
    issued = service.issue(admin, org.id, achievement.id, recipients)
    service_seconds = time.perf_counter() - started

    # baseline: the same credentials, built and signed in memory, nothing stored
    record = service.issuing.achievement(admin, org.id, achievement.id)
    model = service.issuing._model(record, org.slug)  # noqa: SLF001 - the bench mirrors issue()
    issuer = {"id": service.site.org_did(org.slug), "name": org.name}
    key = service.hosting.signing_key(org.id)
    seed = ed25519_seed(service.vault.private_key(admin, key.id))
    from onramp.credentials.proofs.data_integrity import sign

    status = json.loads(issued[0].document)["credentialStatus"]
    started = time.perf_counter()
    for recipient in recipients:
        unsigned = achievement_credential(model, issuer, recipient_did=recipient.did, status=status)
        json.dumps(sign(unsigned, seed, f"{issuer['id']}#{key.id}"))
    baseline_seconds = time.perf_counter() - started

    started = time.perf_counter()
    service.issuing.change_state(admin, org.id, issued[0].id, "revoke")
    list_id = status[0]["statusListCredential"].rsplit("/", 1)[1]
    service.hosting.list_credential(list_id)
    revoke_seconds = time.perf_counter() - started

    result = {
        "count": args.count,
        "service_seconds": round(service_seconds, 2),
        "service_per_second": round(args.count / service_seconds, 1),
        "sign_only_seconds": round(baseline_seconds, 2),
        "sign_only_per_second": round(args.count / baseline_seconds, 1),
        "ratio_service_to_sign_only": round(service_seconds / baseline_seconds, 2),
        "revoke_and_resign_list_ms": round(revoke_seconds * 1000, 1),
        "python": sys.version.split()[0],
    }
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "issue_service.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
