"""The verifier: reads a credential (JSON, compact JWT, a badge baked into PNG or SVG, or an
Open Badges 2.0 assertion) and builds its verification report.

Order: parse, contexts, types, schema, structure, proof, key binding, validity dates, status,
endorsements, issuer trust. A credential is verified when no check fails. What is not built yet
says so as a warning; it never passes silently.

Keys and status lists come from a `Resolver` (see `resolver.py`): did:key is derived locally;
every other document comes from an offline map of URL to local file, or, when allowed, from an
SSRF-safe fetch.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from onramp.credentials.did import did_jwk, did_key
from onramp.credentials.did.resolver import Resolver, did_web_url
from onramp.credentials.formats import baked, vcdm
from onramp.credentials.proofs import jose
from onramp.credentials.rdf.deadline import PLAIN as TOO_LONG
from onramp.credentials.rdf.deadline import VERIFY_SECONDS, VerificationTimeoutError, within
from onramp.credentials.rdf.nesting import PLAIN as TOO_DEEP
from onramp.credentials.rdf.nesting import loads as nesting_loads
from onramp.credentials.rdf.nesting import refusal as nesting_refusal
from onramp.credentials.rdf.values import as_list
from onramp.credentials.status import status_list
from onramp.credentials.verify import ob2
from onramp.credentials.verify.checks_model import (
    contexts_check,
    schema_check,
    structure_check,
    types_check,
)
from onramp.credentials.verify.checks_proof import check_proofs, issuer_id
from onramp.credentials.verify.endorsement import MAX_COUNT, MAX_DEPTH, endorsements_of
from onramp.credentials.verify.limits import check_credential_size
from onramp.credentials.verify.report import Check, CheckId, Outcome, Report, Status, Verdict
from onramp.credentials.verify.trust import TrustRegistry, claimed_skills
from onramp.errors import InvalidInputError

__all__ = [
    "Check",
    "CheckId",
    "Outcome",
    "Report",
    "Resolver",
    "Status",
    "Verdict",
    "Verifier",
    "did_web_url",
]

REVOCATION_LIST_1EDTECH = "1EdTechRevocationList"
# a purpose that decides validity: (the word for it, its outcome when set, when clear)
_PURPOSE_OUTCOMES = {
    status_list.REVOCATION: ("revoked", Outcome.REVOKED, Outcome.NOT_REVOKED),
    status_list.SUSPENSION: ("suspended", Outcome.SUSPENDED, Outcome.NOT_SUSPENDED),
}


class Verifier:
    time_budget = VERIFY_SECONDS  # seconds for one credential, endorsements included

    def __init__(
        self,
        resolver: Resolver | None = None,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        extra_contexts: Mapping[str, dict[str, Any]] | None = None,
        trust: TrustRegistry | None = None,
    ) -> None:
        self.resolver = resolver or Resolver()
        self.now = now
        self.contexts = extra_contexts
        self.trust = trust

    # -- entry point ---------------------------------------------------------------------------
    def verify(self, data: bytes | str, name: str = "<input>") -> Report:
        """The report for one credential, checked within its time budget. Input over
        MAX_CREDENTIAL_BYTES is refused (TooLargeError) before anything is read."""
        check_credential_size(data.encode("utf-8") if isinstance(data, str) else data)
        with within(self.time_budget):
            try:
                return self._verify_bytes(data, name)
            except VerificationTimeoutError as error:
                return _refused(name, "time_budget", str(error), TOO_LONG)

    def _verify_bytes(self, data: bytes | str, name: str) -> Report:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        kind = baked.image_kind(raw)
        if kind is None:
            return self._verify_text(raw.decode("utf-8", "replace"), name, 0)
        try:
            payload = baked.unbake(raw)
        except InvalidInputError as error:
            report = Report(name, kind)
            report.add(
                "parse",
                Status.FAIL,
                f"no readable badge in this {kind.upper()}: {error}",
                "This image does not hold a badge Onramp can read.",
            )
            return report
        report = self._verify_text(payload, name, 0)
        report.format = f"{kind}-{report.format}"
        first = report.checks[0] if report.checks else None
        if first is not None and first.id == "parse" and first.status is Status.PASS:
            first.message = f"{first.message}, baked into a {kind.upper()} image"
        return report

    def _verify_text(self, text: str, name: str, depth: int) -> Report:
        too_deep = nesting_refusal(text)
        if too_deep:
            return _refused(name, "parse", too_deep, TOO_DEEP)
        stripped = text.strip()
        if stripped.count(".") == 2 and not stripped.startswith(("{", "[", "<")):
            return self._verify_jwt(stripped, name, depth)
        report = Report(name, "json")
        try:
            credential = json.loads(stripped)
        except ValueError as error:
            report.add(
                "parse",
                Status.FAIL,
                f"not JSON or a compact JWT ({error.args[0]})",
                "This file is not a credential Onramp can read.",
            )
            return report
        if not isinstance(credential, dict):
            report.add(
                "parse",
                Status.FAIL,
                "the JSON is not an object",
                "This file is not a credential Onramp can read.",
            )
            return report
        if ob2.is_ob2(credential):
            return ob2.legacy_report(credential, name)
        return self.verify_document(credential, name, depth)

    def verify_document(self, credential: dict[str, Any], name: str, depth: int = 0) -> Report:
        """The report for a parsed JSON credential with an embedded proof."""
        report = Report(name, _format(credential), credential=credential)
        report.add("parse", Status.PASS, "read as JSON", "We could read the credential.")
        contexts_check(report, credential, self.contexts or {})
        types_check(report, credential)
        schema_check(report, credential)
        structure_check(report, credential)
        check_proofs(report, credential, self.resolver, self.contexts)
        self._tail_checks(report, credential, depth)
        return report

    def _verify_jwt(self, token: str, name: str, depth: int) -> Report:
        too_deep = nesting_refusal(token)
        if too_deep:
            return _refused(name, "parse", too_deep, TOO_DEEP)
        report = Report(name, "jwt")
        try:
            decoded = jose.decode_jwt(token, self._jwt_key(token))
        except InvalidInputError as error:
            legacy = _ob2_payload(token)
            if legacy is not None:
                return ob2.legacy_report(legacy, name, signed=True)
            report.add("parse", Status.PASS, "read as a compact JWT", "We could read it.")
            report.add(
                "proof", Status.FAIL, str(error), "The seal on this credential does not check out."
            )
            return report
        report.credential = decoded.credential
        report.format = "jwt-" + _format(decoded.credential)
        report.add("parse", Status.PASS, "read as a compact JWT", "We could read the credential.")
        contexts_check(report, decoded.credential, self.contexts or {}, checked=False)
        types_check(report, decoded.credential)
        schema_check(report, decoded.credential)
        structure_check(report, decoded.credential)
        report.add(
            "proof",
            Status.PASS,
            f"JWT signature checks ({decoded.header.get('alg')})",
            "The seal is intact: nobody changed this credential.",
        )
        if decoded.key_source == "header-jwk":
            # anyone can sign with a key of their own and name any issuer. An issuer that is a
            # DID or web address could have been checked, so the token fails; a URN names
            # nothing to check against, as for an embedded proof (checks_proof)
            issuer = issuer_id(decoded.credential)
            report.add(
                "key_binding",
                Status.WARN if issuer.startswith("urn:") else Status.FAIL,
                f"the key came from the JWT's own header; nothing ties it to the issuer {issuer}",
                "We could not confirm the key belongs to the issuer.",
                Outcome.WRONG_KEY,
            )
        else:
            controller = str(decoded.header.get("kid", "")).split("#")[0]
            issuer = issuer_id(decoded.credential)
            if controller == issuer:
                report.add(
                    "key_binding",
                    Status.PASS,
                    f"{controller} is the issuer's key",
                    "The seal belongs to the issuer.",
                )
            else:
                report.add_outcome(
                    "key_binding",
                    Status.FAIL,
                    f"the key's controller {controller} is not the issuer {issuer}",
                    Outcome.WRONG_KEY,
                )
        self._tail_checks(report, decoded.credential, depth)
        return report

    def _jwt_key(self, token: str) -> Any:
        """The issuer's key named by `kid`, when the kid is a did:key; else None (header jwk)."""
        import jwt as pyjwt
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

        try:
            kid = pyjwt.get_unverified_header(token).get("kid", "")
        except pyjwt.PyJWTError:
            return None
        if isinstance(kid, str) and kid.startswith(did_key.PREFIX):
            document = self.resolver.document(kid.split("#")[0])
            bound = did_key.bound_key(document, kid, "assertionMethod")
            return Ed25519PublicKey.from_public_bytes(bound.public_key)
        if isinstance(kid, str) and kid.startswith(did_jwk.PREFIX):
            document = did_jwk.resolve_did_jwk(kid.split("#")[0])
            if kid not in document.get("assertionMethod", []):
                raise InvalidInputError(f"{kid} is not an assertion key of its did:jwk")
            return pyjwt.PyJWK(did_jwk.jwk_of(kid)).key
        if isinstance(kid, str) and kid:
            return _assertion_key(self.resolver.document(kid.split("#")[0]), kid)
        return None

    # -- the checks after the proof ------------------------------------------------------------
    def _tail_checks(self, report: Report, credential: dict[str, Any], depth: int) -> None:
        moment = self.now()
        start, end = vcdm.validity_window(credential)
        if start is not None and start > moment:
            report.add_outcome(
                CheckId.VALIDITY,
                Status.FAIL,
                f"not valid until {start.isoformat()}",
                Outcome.NOT_YET_VALID,
            )
        elif end is not None and end <= moment:
            report.add_outcome(
                CheckId.VALIDITY, Status.FAIL, f"expired on {end.isoformat()}", Outcome.EXPIRED
            )
        else:
            report.add_outcome(
                CheckId.VALIDITY, Status.PASS, "within its validity dates", Outcome.VALID_DATES
            )
        self._status_check(report, credential)
        self._endorsements_check(report, credential, depth)
        self._trust_check(report, credential)

    def _endorsements_check(self, report: Report, credential: dict[str, Any], depth: int) -> None:
        """Each endorsement is reported on itself. An endorsement vouches for the issuer or the
        achievement; a bad one is a warning and never decides the credential it rides on."""
        found = endorsements_of(credential)
        if not found:
            report.add(
                CheckId.ENDORSEMENTS, Status.SKIP, "no endorsements", "There are no endorsements."
            )
            return
        if depth >= MAX_DEPTH:
            report.add(
                CheckId.ENDORSEMENTS,
                Status.WARN,
                f"not checked: endorsements nested deeper than {MAX_DEPTH} levels",
                "Some endorsements were too deep to check.",
            )
            return
        if len(found) > MAX_COUNT:
            report.add(
                CheckId.ENDORSEMENTS,
                Status.WARN,
                f"not checked: {len(found)} endorsements; more than {MAX_COUNT} are not checked",
                "This credential has too many endorsements for us to check them.",
            )
            return
        failed = []
        for i, item in enumerate(found, 1):
            label = f"endorsement {i} at {item.where}"
            if isinstance(item.value, str):
                sub = self._verify_jwt(item.value.strip(), label, depth + 1)
            elif isinstance(item.value, dict):
                sub = self.verify_document(item.value, label, depth + 1)
                if "EndorsementCredential" not in (item.value.get("type") or []):
                    sub.add(CheckId.TYPES, Status.FAIL, "not an EndorsementCredential", "")
            else:
                failed.append(f"{label}: not a credential")
                continue
            if not sub.verified:
                ident = sub.credential.get("id") if sub.credential else None
                named = f"{label}" + (f" ({ident})" if ident else "")
                failed.append(f"{named}: {sub.failures()}")
        if failed:
            report.add(
                CheckId.ENDORSEMENTS,
                Status.WARN,
                f"{len(failed)} of {len(found)} endorsement(s) do not check out: "
                + "; ".join(failed),
                "An endorsement on this credential does not check out. "
                "That does not change the credential itself.",
            )
        else:
            report.add(
                CheckId.ENDORSEMENTS,
                Status.PASS,
                f"{len(found)} endorsement(s) verify",
                "The endorsements on this credential check out.",
            )

    def _trust_check(self, report: Report, credential: dict[str, Any]) -> None:
        if self.trust is None:
            report.add(
                "issuer_trust",
                Status.WARN,
                "no trust registry configured",
                # read by workers and the public as well as staff: no one here has a list
                "No trust list was used. Each group you show it to decides if it trusts this "
                "issuer.",
            )
            return
        decision = self.trust.assess(issuer_id(credential), claimed_skills(credential))
        if not decision.member:
            report.add(
                "issuer_trust",
                Status.WARN,
                f"{decision.issuer} is not in the trust registry",
                "This issuer is not on your trust list.",
            )
        elif decision.not_allowed:
            report.add(
                "issuer_trust",
                Status.WARN,
                f"{decision.issuer} is trusted, but not for: {', '.join(decision.not_allowed)}",
                "You trust this issuer, but not for all of these skills.",
            )
        else:
            report.add(
                "issuer_trust",
                Status.PASS,
                f"{decision.issuer} is trusted for the {len(decision.allowed)} skill(s) claimed",
                "You trust this issuer for these skills.",
            )

    # -- status --------------------------------------------------------------------------------
    def _trust_status_list(self, listed: dict[str, Any]) -> None:
        """A status list counts only with a valid proof, inside its validity window."""
        sub = Report("status list", _format(listed))
        check_proofs(sub, listed, self.resolver, self.contexts)
        problem = sub.failures()
        if problem:
            raise status_list.StatusListError(f"the status list's own proof fails ({problem})")
        moment = self.now()
        start, end = vcdm.validity_window(listed)
        if start and start > moment:
            raise status_list.StatusListError("the status list is not valid yet")
        if end and end <= moment:
            raise status_list.StatusListError(f"the status list expired on {end.isoformat()}")

    def _status_check(self, report: Report, credential: dict[str, Any]) -> None:
        """Each status entry in turn. Fail closed: an entry for revocation or suspension whose
        list cannot be read, is not signed by a key we can check, is out of date or is broken
        is a failure with its own code, never a pass (Bitstring Status List v1.0, section 3.2,
        and the OB 3.0 1EdTech Revocation List method)."""
        given = credential.get("credentialStatus")
        if not given:
            report.add_outcome(
                CheckId.STATUS, Status.SKIP, "no credentialStatus", Outcome.NO_STATUS
            )
            return
        for item in as_list(given):
            kind = item.get("type") if isinstance(item, dict) else None
            if not isinstance(item, dict):
                _unconfirmed(report, "a credentialStatus entry is not an object")
            elif kind == REVOCATION_LIST_1EDTECH:
                self._revocation_list_1edtech(report, credential, item)
            elif kind in status_list.ENTRY_TYPES:
                self._status_list_entry(report, item)
            else:
                _unconfirmed(report, f"the status type {kind!r} is not one Onramp can check")

    def _status_list_entry(self, report: Report, item: dict[str, Any]) -> None:
        try:
            entry = status_list.entry_of(item)
        except InvalidInputError as error:
            _unconfirmed(report, f"the status entry is broken: {error}")
            return
        try:
            listed = self.resolver.document(entry.list_credential)
            self._trust_status_list(listed)
            reading = status_list.read_status(listed, entry)
        except InvalidInputError as error:
            if entry.decides_validity:
                _unconfirmed(report, f"{entry.purpose} status not confirmed: {error}")
            else:
                report.add(
                    CheckId.STATUS,
                    Status.WARN,
                    f"{entry.purpose} status not read: {error}",
                    "We could not read a status note the issuer keeps on this credential.",
                    Outcome.STATUS_MESSAGE,
                )
            return
        if reading.shortfall:
            report.add_outcome(
                CheckId.STATUS,
                Status.WARN,
                f"the {entry.purpose} list holds {reading.entries} entries, fewer than the "
                f"{status_list.MIN_ENTRIES} the spec asks for; its bit was read all the same",
                Outcome.STATUS_LIST_SHORT,
            )
        where = f"index {entry.index} of {entry.list_credential}"
        if entry.decides_validity:
            word, set_, clear = _PURPOSE_OUTCOMES[entry.purpose]
            if reading.value:
                report.add_outcome(CheckId.STATUS, Status.FAIL, f"{word} ({where})", set_)
            else:
                report.add_outcome(CheckId.STATUS, Status.PASS, f"not {word} ({where})", clear)
        else:
            note = f": {reading.message}" if reading.message else ""
            report.add_outcome(
                CheckId.STATUS,
                Status.PASS,
                f"{entry.purpose} status is {reading.value:#x}{note} ({where})",
                Outcome.STATUS_MESSAGE,
            )

    def _revocation_list_1edtech(
        self, report: Report, credential: dict[str, Any], item: dict[str, Any]
    ) -> None:
        """OB 3.0 appendix '1EdTech Revocation List Status Method': a JSON list of revoked
        credential ids at the status id. It is not signed, so it can revoke but not vouch."""
        try:
            listed = self.resolver.document(str(item.get("id", "")))
        except InvalidInputError as error:
            _unconfirmed(report, f"the 1EdTech revocation list cannot be read: {error}")
            return
        revoked = listed.get("revokedCredentials")
        if not isinstance(revoked, list):
            _unconfirmed(report, "the 1EdTech revocation list has no revokedCredentials list")
            return
        ids = {r.get("id") for r in revoked if isinstance(r, dict)}
        if credential.get("id") in ids:
            report.add_outcome(
                CheckId.STATUS,
                Status.FAIL,
                "revoked: listed in the issuer's 1EdTech revocation list",
                Outcome.REVOKED,
            )
        else:
            report.add_outcome(
                CheckId.STATUS,
                Status.PASS,
                "not in the issuer's 1EdTech revocation list",
                Outcome.NOT_REVOKED,
            )


def _assertion_key(document: dict[str, Any], kid: str) -> Any:
    """The public key of `kid`, which its controller's document must list for assertions."""
    import jwt as pyjwt
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    subject = str(document.get("id", ""))
    listed = {
        subject + m if m.startswith("#") else m
        for m in (
            x if isinstance(x, str) else x.get("id", "") if isinstance(x, dict) else ""
            for x in document.get("assertionMethod", []) or []
        )
    }
    if kid not in listed:
        raise InvalidInputError(f"{kid} is not listed under assertionMethod in {subject}")
    for method in document.get("verificationMethod", []) or []:
        if not isinstance(method, dict):
            continue
        found = str(method.get("id", ""))
        if (subject + found if found.startswith("#") else found) != kid:
            continue
        if method.get("controller") != subject:
            raise InvalidInputError(f"{kid} is not controlled by {subject}")
        jwk = method.get("publicKeyJwk")
        if isinstance(jwk, dict):
            if "d" in jwk:
                raise InvalidInputError(f"{kid} publishes private key material; refused")
            try:
                return pyjwt.PyJWK(jwk).key
            except pyjwt.PyJWTError as error:
                raise InvalidInputError(f"{kid}: unusable public key ({error})") from None
        if "publicKeyMultibase" in method:
            bound = did_key.bound_key(document, kid, "assertionMethod")
            return Ed25519PublicKey.from_public_bytes(bound.public_key)
        raise InvalidInputError(f"{kid} has no public key Onramp can use")
    raise InvalidInputError(f"{kid} is not described in {subject}'s document")


def _ob2_payload(token: str) -> dict[str, Any] | None:
    """The payload of a signed OB 2.0 assertion (a JWS), read without checking it."""
    import base64

    try:
        part = token.split(".")[1]
        payload = nesting_loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    except (IndexError, ValueError, InvalidInputError):
        return None
    return payload if isinstance(payload, dict) and ob2.is_ob2(payload) else None


def _format(credential: dict[str, Any]) -> str:
    types = as_list(credential.get("type"))
    for name, label in (
        ("ClrCredential", "clr"),
        ("OpenBadgeCredential", "ob3"),
        ("AchievementCredential", "ob3"),
        ("EndorsementCredential", "ob3"),
    ):
        if name in types:
            return label
    return "vc"


def _unconfirmed(report: Report, why: str) -> None:
    report.add_outcome(CheckId.STATUS, Status.FAIL, why, Outcome.STATUS_UNCONFIRMED)


def _refused(name: str, check_id: str, message: str, plain: str) -> Report:
    """A report of one failed check, for input refused before (or while) it was checked: too
    deep, or over its time budget."""
    report = Report(name, "json")
    report.add(check_id, Status.FAIL, message, plain, Outcome.TOO_COMPLEX)
    return report
