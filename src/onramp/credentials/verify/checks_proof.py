"""The proof and key-binding checks, for one proof or a set or chain of proofs.

Spec: W3C Verifiable Credential Data Integrity 1.0 (https://www.w3.org/TR/vc-data-integrity/),
section 2.1.1 (proof sets and proof chains) and 4.3 (verify proof). Each proof Onramp supports is
checked on its own: `eddsa-rdfc-2022` and `Ed25519Signature2020` (RDFC-1.0), `eddsa-jcs-2022`
(RFC 8785 JCS). A proof with `previousProof` is checked over the document that holds the proofs
it names, as a proof chain requires. The proof check passes when at least one supported proof
verifies and none that Onramp supports fails; proofs of a kind Onramp cannot check are named in
a warning (or a failure, when nothing else is there to check).

The legacy `eddsa-2022` cryptosuite (the 2022 drafts' name for `eddsa-rdfc-2022`: the same
RDFC canonicalization, SHA-256 hashes and Ed25519 signature) is checked the same way, with a
warning; its documents name the Data Integrity v1 context, which Onramp ships (`contexts`).

A credential's proof must have the purpose `assertionMethod`.

Key binding: the key must be listed for the proof's purpose in its controller's document, and
that controller must be the issuer, or the issuer's own document must list the key under
`assertionMethod` (a controller document that delegates to, say, a did:key).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from onramp.credentials.did import did_key
from onramp.credentials.did.resolver import Resolver
from onramp.credentials.proofs import data_integrity, eddsa_jcs
from onramp.credentials.proofs.multikey import multibase_decode
from onramp.credentials.rdf import deadline as time_budget
from onramp.credentials.rdf.contexts import MUTABLE_CONTEXTS, UnknownContextError
from onramp.credentials.rdf.jsonld import UnsafeJsonLdError, canonical_nquads
from onramp.credentials.rdf.rdfc import CanonicalizationBudgetError
from onramp.credentials.rdf.values import as_list
from onramp.credentials.verify.report import Outcome, Report, Status
from onramp.errors import InvalidInputError

RDFC_SUITES = data_integrity.ACCEPTED
JCS_SUITE = ("DataIntegrityProof", eddsa_jcs.CRYPTOSUITE)
LEGACY_EDDSA_2022 = ("DataIntegrityProof", "eddsa-2022")
MAX_PROOFS = 16
Contexts = Mapping[str, dict[str, Any]] | None


@dataclass(slots=True)
class ProofResult:
    suite: str
    method: str
    supported: bool
    verified: bool
    reason: str
    controller: str = ""
    key_problem: bool = False
    plain: str = ""  # the error's own plain sentence, when it has one


def suite_of(proof: dict[str, Any]) -> str:
    return f"{proof.get('type')}/{proof.get('cryptosuite', '')}".rstrip("/")


def issuer_id(credential: dict[str, Any]) -> str:
    issuer = credential.get("issuer")
    return str(issuer.get("id", "")) if isinstance(issuer, dict) else str(issuer or "")


def _proofs(credential: dict[str, Any]) -> list[dict[str, Any]]:
    given = credential.get("proof")
    items = given if isinstance(given, list) else ([given] if given is not None else [])
    if not items:
        raise InvalidInputError("no proof")
    if len(items) > MAX_PROOFS:
        raise InvalidInputError(f"more than {MAX_PROOFS} proofs")
    if not all(isinstance(p, dict) for p in items):
        raise InvalidInputError("a proof is not a JSON object")
    return items


def _rdfc_hash(
    document: dict[str, Any], proof: dict[str, Any], contexts: Contexts, doc_hash: bytes | None
) -> bytes:
    """proofHash || docHash, reusing the document hash across a proof set."""
    if doc_hash is None:
        return data_integrity.hash_data(document, proof, contexts)
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    config["@context"] = document.get("@context")
    canonical = canonical_nquads(config, extra_contexts=contexts).nquads
    return hashlib.sha256(canonical.encode()).digest() + doc_hash


def _chained_document(
    credential: dict[str, Any], proof: dict[str, Any], proofs: list[dict[str, Any]]
) -> dict[str, Any]:
    """The document a chained proof signed: it holds the proofs named by previousProof."""
    wanted = proof["previousProof"]
    names = [wanted] if isinstance(wanted, str) else list(wanted)
    found = [p for p in proofs if p.get("id") in names]
    if len(found) != len(names):
        raise InvalidInputError(f"previousProof names a proof that is not here: {wanted}")
    unsecured = {k: v for k, v in credential.items() if k != "proof"}
    unsecured["proof"] = found[0] if isinstance(wanted, str) else found
    return unsecured


def _verify_one(
    credential: dict[str, Any],
    proof: dict[str, Any],
    proofs: list[dict[str, Any]],
    resolver: Resolver,
    contexts: Contexts,
    doc_hash: bytes | None,
) -> ProofResult:
    suite = suite_of(proof)
    key = (proof.get("type"), proof.get("cryptosuite"))
    method = str(proof.get("verificationMethod", ""))
    if key not in RDFC_SUITES and key not in (JCS_SUITE, LEGACY_EDDSA_2022):
        name = proof.get("cryptosuite") or proof.get("type")
        label = "cryptosuite" if proof.get("cryptosuite") else "proof type"
        return ProofResult(suite, method, False, False, f"unsupported {label} {name}")
    purpose = str(proof.get("proofPurpose", ""))
    if "VerifiableCredential" in as_list(credential.get("type")) and purpose != "assertionMethod":
        reason = f"a credential's proof must have proofPurpose assertionMethod, not '{purpose}'"
        return ProofResult(suite, method, True, False, reason)
    try:
        document = resolver.document(method.split("#")[0])
        bound = did_key.bound_key(document, method, purpose)
    except InvalidInputError as error:
        return ProofResult(suite, method, True, False, f"cannot get the key: {error}", "", True)
    try:
        chained = "previousProof" in proof
        target = _chained_document(credential, proof, proofs) if chained else credential
        value = proof.get("proofValue")
        if not isinstance(value, str):
            raise InvalidInputError("the proof has no proofValue")
        if key == JCS_SUITE:
            target = {k: v for k, v in target.items() if k != "proof"} if not chained else target
            ok = _jcs_verify(target, proof, bound.public_key)
        else:
            data = _rdfc_hash_for(target, proof, contexts, None if chained else doc_hash)
            ok = _ed25519(bound.public_key, multibase_decode(value), data)
    except InvalidInputError as error:
        plain = str(getattr(error, "plain", ""))
        return ProofResult(suite, method, True, False, str(error), bound.controller, plain=plain)
    reason = f"{proof.get('cryptosuite') or proof.get('type')} signature checks"
    if not ok:
        reason = "the signature does not match the credential"
    return ProofResult(suite, method, True, ok, reason, bound.controller)


def _rdfc_hash_for(
    target: dict[str, Any], proof: dict[str, Any], contexts: Contexts, doc_hash: bytes | None
) -> bytes:
    if "proof" in target and "previousProof" in proof:
        # a chained proof signs the document with its earlier proofs inside
        config = {k: v for k, v in proof.items() if k != "proofValue"}
        config["@context"] = target.get("@context")
        doc = canonical_nquads(target, extra_contexts=contexts).nquads
        conf = canonical_nquads(config, extra_contexts=contexts).nquads
        return hashlib.sha256(conf.encode()).digest() + hashlib.sha256(doc.encode()).digest()
    return _rdfc_hash(target, proof, contexts, doc_hash)


def _jcs_verify(target: dict[str, Any], proof: dict[str, Any], public_key: bytes) -> bool:
    if "previousProof" not in proof:
        return eddsa_jcs.verify_proof(target, proof, public_key)
    config = eddsa_jcs.proof_config(target, proof)
    data = (
        hashlib.sha256(eddsa_jcs.canonicalize(config).encode()).digest()
        + hashlib.sha256(eddsa_jcs.canonicalize(target).encode()).digest()
    )
    return _ed25519(public_key, multibase_decode(str(proof["proofValue"])), data)


def _ed25519(public_key: bytes, signature: bytes, data: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def _document_hash(credential: dict[str, Any], contexts: Contexts) -> bytes:
    unsecured = {k: v for k, v in credential.items() if k != "proof"}
    canonical = canonical_nquads(unsecured, extra_contexts=contexts).nquads
    return hashlib.sha256(canonical.encode()).digest()


def check_proofs(
    report: Report, credential: dict[str, Any], resolver: Resolver, contexts: Contexts
) -> None:
    """Add the `proof` and `key_binding` checks to the report."""
    time_budget.check()
    try:
        proofs = _proofs(credential)
    except InvalidInputError as error:
        if str(error) == "no proof":
            report.add_outcome("proof", Status.FAIL, str(error), Outcome.NO_PROOF)
        else:
            report.add("proof", Status.FAIL, str(error), "We cannot check this kind of seal.")
        return
    doc_hash: bytes | None = None
    rdfc_unchained = [
        p
        for p in proofs
        if (p.get("type"), p.get("cryptosuite")) in RDFC_SUITES and "previousProof" not in p
    ]
    if len(rdfc_unchained) > 1:
        try:
            doc_hash = _document_hash(credential, contexts)
        except (UnsafeJsonLdError, UnknownContextError, CanonicalizationBudgetError) as error:
            plain = getattr(error, "plain", "This credential is not safe to check.")
            report.add("proof", Status.FAIL, str(error), plain)
            return
        except InvalidInputError as error:
            report.add("proof", Status.FAIL, str(error), "The seal does not check out.")
            return
    results = [_verify_one(credential, p, proofs, resolver, contexts, doc_hash) for p in proofs]
    _report_proofs(report, results, _mutable_contexts(credential))
    _report_binding(report, credential, results, resolver)


def _mutable_contexts(credential: dict[str, Any]) -> list[str]:
    """The unversioned contexts the document names, whose publishers edit them in place."""
    listed = as_list(credential.get("@context"))
    return [c for c in listed if isinstance(c, str) and c in MUTABLE_CONTEXTS]


def _report_proofs(
    report: Report, results: list[ProofResult], mutable: list[str] | None = None
) -> None:
    supported = [r for r in results if r.supported]
    unsupported = [r for r in results if not r.supported]
    failed = [r for r in supported if not r.verified]
    several = len(results) > 1
    if not supported:
        report.add(
            "proof",
            Status.FAIL,
            "; ".join(r.reason for r in unsupported),
            "We cannot check this kind of seal.",
        )
        return
    if failed:
        first = failed[0]
        prefix = f"proof {results.index(first) + 1} of {len(results)}: " if several else ""
        code = ""
        if first.plain:
            plain = first.plain
        elif first.key_problem:
            plain, code = Outcome.KEY_UNAVAILABLE.label, Outcome.KEY_UNAVAILABLE
        elif "does not match" in first.reason and mutable:
            # signed over an older copy of a context its publisher edits in place, or changed:
            # the two cannot be told apart, so it is not called tampering
            first.reason += (
                f"; it names {', '.join(mutable)}, which its publisher has changed in place, so "
                "it may have been sealed over an older copy Onramp does not have"
            )
            plain, code = Outcome.SEAL_UNCHECKABLE.label, Outcome.SEAL_UNCHECKABLE
        elif "does not match" in first.reason:
            plain, code = Outcome.SEAL_BROKEN.label, Outcome.SEAL_BROKEN
        else:
            plain = "The seal on this credential does not check out."
        report.add("proof", Status.FAIL, prefix + first.reason, plain, code)
    else:
        count = f"{len(supported)} proofs check" if len(supported) > 1 else supported[0].reason
        report.add(
            "proof", Status.PASS, count, "The seal is intact: nobody changed this credential."
        )
    legacy = [r for r in supported if r.verified and r.suite == "DataIntegrityProof/eddsa-2022"]
    if legacy:
        report.add(
            "proof_legacy",
            Status.WARN,
            "legacy cryptosuite eddsa-2022 (the draft name of eddsa-rdfc-2022); checked as that",
            "The seal uses an older method, and it checks out.",
        )
    if unsupported:
        report.add(
            "proof_unsupported",
            Status.WARN,
            "not checked: " + "; ".join(r.reason for r in unsupported),
            "One extra seal is of a kind we cannot check; we checked the others.",
        )


def _report_binding(
    report: Report, credential: dict[str, Any], results: list[ProofResult], resolver: Resolver
) -> None:
    key_problems = [r for r in results if r.key_problem]
    verified = [r for r in results if r.verified]
    if not verified:
        if key_problems:
            report.add(
                "key_binding",
                Status.FAIL,
                key_problems[0].reason.removeprefix("cannot get the key: "),
                "We could not confirm who sealed this credential.",
                Outcome.KEY_UNAVAILABLE,
            )
        return
    issuer = issuer_id(credential)
    for result in verified:
        if result.controller == issuer:
            report.add(
                "key_binding",
                Status.PASS,
                f"{result.method} is controlled by the issuer",
                "The seal belongs to the issuer.",
            )
            return
    if issuer.startswith("urn:"):
        # an issuer named by a URN claims no DID or web address the key could be tied to: the
        # credential is intact and signed by that key, and who the issuer is stays unconfirmed
        # (a warning; an organization's trust registry decides whether to accept it)
        report.add(
            "key_binding",
            Status.WARN,
            f"the issuer {issuer} is not a DID or URL, so the key "
            f"{verified[0].controller} cannot be tied to it",
            "We could not confirm the key belongs to the issuer.",
        )
        return
    problem = ""
    try:
        listed = _issuer_lists(resolver.document(issuer), issuer)
    except InvalidInputError as error:
        listed, problem = set(), f"; the issuer's document: {error}"
    for result in verified:
        if result.method in listed:
            report.add(
                "key_binding",
                Status.PASS,
                f"the issuer's document lists {result.method} for assertions",
                "The seal belongs to the issuer.",
            )
            return
    report.add_outcome(
        "key_binding",
        Status.FAIL,
        f"the key's controller {verified[0].controller} is not the issuer {issuer}{problem}",
        Outcome.WRONG_KEY,
    )


def _issuer_lists(document: dict[str, Any], issuer: str) -> set[str]:
    """The verification methods an issuer's own document lists under assertionMethod."""
    if document.get("id") != issuer:
        return set()
    found = set()
    for item in document.get("assertionMethod", []) or []:
        ref = item if isinstance(item, str) else item.get("id") if isinstance(item, dict) else None
        if isinstance(ref, str):
            found.add(issuer + ref if ref.startswith("#") else ref)
    return found
