"""The verification report: an ordered list of checks, each pass, fail, warn or skip, with a
technical reason and a plain sentence a worker can read.

Order: parse, contexts, types, schema, structure, proof, key binding, validity dates, status,
endorsements, issuer trust. A credential is verified when no check fails. What is not built yet
says so as a warning; it never passes silently.

Keys and status lists come from a `Resolver`: did:key is derived locally; every other document
(did:web DID documents, controller documents, status list credentials) comes from an offline map
of URL to local file. Fetching them over the network is not built yet and is reported as such.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from onramp.credentials import data_integrity, did_jwk, did_key, jose, status_list, vcdm
from onramp.credentials.contexts import UnknownContextError, known_urls
from onramp.credentials.fetch import SafeFetcher
from onramp.credentials.jsonld import UnsafeJsonLdError
from onramp.credentials.rdfc import CanonicalizationBudgetError
from onramp.errors import InvalidInputError

VC_V1 = "https://www.w3.org/2018/credentials/v1"
VC_V2 = "https://www.w3.org/ns/credentials/v2"


class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    WARN = "warn"
    SKIP = "skip"


@dataclass(slots=True)
class Check:
    id: str
    status: Status
    message: str
    plain: str


@dataclass(slots=True)
class Report:
    file: str
    format: str
    checks: list[Check] = field(default_factory=list)
    credential: dict[str, Any] | None = None

    @property
    def verified(self) -> bool:
        return bool(self.checks) and not any(c.status is Status.FAIL for c in self.checks)

    def add(self, id_: str, status: Status, message: str, plain: str) -> None:
        self.checks.append(Check(id_, status, message, plain))

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "verified": self.verified,
            "format": self.format,
            "checks": [
                {"id": c.id, "status": str(c.status), "message": c.message, "plain": c.plain}
                for c in self.checks
            ],
            "errors": [f"{c.id}: {c.message}" for c in self.checks if c.status is Status.FAIL],
            "warnings": [f"{c.id}: {c.message}" for c in self.checks if c.status is Status.WARN],
        }


class Resolver:
    """Documents by URL: did:key derived locally, then an offline map, then (only when a fetcher
    is given, e.g. `--online`) an SSRF-safe HTTPS fetch."""

    def __init__(
        self, offline: Mapping[str, Path] | None = None, fetcher: SafeFetcher | None = None
    ) -> None:
        self.offline = dict(offline or {})
        self.fetcher = fetcher

    @classmethod
    def from_map_file(cls, path: Path, fetcher: SafeFetcher | None = None) -> Resolver:
        try:
            mapping = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise InvalidInputError(f"{path}: not a readable JSON offline map ({error})") from None
        base = path.parent
        return cls({url: (base / file) for url, file in mapping.items()}, fetcher)

    def document(self, url: str) -> dict[str, Any]:
        if url.startswith(did_key.PREFIX):
            return did_key.resolve_did_key(url)
        if url.startswith(did_jwk.PREFIX):
            return did_jwk.resolve_did_jwk(url)
        target = url
        if url.startswith("did:web:"):
            target = did_web_url(url)
        local = self.offline.get(url) or self.offline.get(target)
        if local is None:
            if self.fetcher is None:
                raise InvalidInputError(
                    f"cannot retrieve {url}: fetching is off; give it in an offline map "
                    "(--offline-map) or allow fetching (--online)"
                )
            raw = self.fetcher.get(target.split("#")[0])
            label = target
        else:
            try:
                raw = local.read_bytes()
            except OSError as error:
                raise InvalidInputError(f"{local}: cannot be read ({error})") from None
            label = str(local)
        try:
            found = json.loads(raw)
        except ValueError as error:
            raise InvalidInputError(f"{label}: not readable JSON ({error})") from None
        if not isinstance(found, dict):
            raise InvalidInputError(f"{label}: not a JSON object")
        return found


def did_web_url(did: str) -> str:
    """did:web:example.com:user:alice -> https://example.com/user/alice/did.json"""
    parts = did[len("did:web:") :].split(":")
    host = parts[0].replace("%3A", ":")
    path = "/".join(parts[1:])
    return f"https://{host}/{path}/did.json" if path else f"https://{host}/.well-known/did.json"


def _issuer_id(credential: dict[str, Any]) -> str:
    issuer = credential.get("issuer")
    return str(issuer.get("id", "")) if isinstance(issuer, dict) else str(issuer or "")


class Verifier:
    def __init__(
        self,
        resolver: Resolver | None = None,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        extra_contexts: Mapping[str, dict[str, Any]] | None = None,
    ) -> None:
        self.resolver = resolver or Resolver()
        self.now = now
        self.contexts = extra_contexts

    # -- entry point ---------------------------------------------------------------------------
    def verify(self, data: bytes | str, name: str = "<input>") -> Report:
        text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
        stripped = text.strip()
        if stripped.count(".") == 2 and not stripped.startswith(("{", "[", "<")):
            return self._verify_jwt(stripped, name)
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
        report.credential = credential
        report.format = _format(credential)
        report.add("parse", Status.PASS, "read as JSON", "We could read the credential.")
        self._common_checks(report, credential)
        self._proof_checks(report, credential)
        self._tail_checks(report, credential)
        return report

    def _verify_jwt(self, token: str, name: str) -> Report:
        report = Report(name, "jwt")
        try:
            decoded = jose.decode_jwt(token, self._jwt_key(token))
        except InvalidInputError as error:
            report.add("parse", Status.PASS, "read as a compact JWT", "We could read it.")
            report.add(
                "proof", Status.FAIL, str(error), "The seal on this credential does not check out."
            )
            return report
        report.credential = decoded.credential
        report.format = "jwt-" + _format(decoded.credential)
        report.add("parse", Status.PASS, "read as a compact JWT", "We could read the credential.")
        self._common_checks(report, decoded.credential, contexts_are_checked=False)
        report.add(
            "proof",
            Status.PASS,
            f"JWT signature checks ({decoded.header.get('alg')})",
            "The seal is intact: nobody changed this credential.",
        )
        if decoded.key_source == "header-jwk":
            report.add(
                "key_binding",
                Status.WARN,
                "the key came from the JWT's own header; it is not tied to the issuer",
                "We could not confirm the key belongs to the issuer.",
            )
        else:
            controller = str(decoded.header.get("kid", "")).split("#")[0]
            issuer = _issuer_id(decoded.credential)
            if controller == issuer:
                report.add(
                    "key_binding",
                    Status.PASS,
                    f"{controller} is the issuer's key",
                    "The seal belongs to the issuer.",
                )
            else:
                report.add(
                    "key_binding",
                    Status.FAIL,
                    f"the key's controller {controller} is not the issuer {issuer}",
                    "The seal was made by someone other than the issuer.",
                )
        self._tail_checks(report, decoded.credential)
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
        return None

    # -- checks --------------------------------------------------------------------------------
    def _common_checks(
        self, report: Report, credential: dict[str, Any], contexts_are_checked: bool = True
    ) -> None:
        contexts = credential.get("@context")
        listed = contexts if isinstance(contexts, list) else [contexts]
        known = set(known_urls()) | set(self.contexts or {})
        if not listed or listed[0] not in (VC_V1, VC_V2):
            report.add(
                "contexts",
                Status.FAIL,
                "the first @context is not the VC v1 or v2 context",
                "This is not a standard credential.",
            )
        else:
            unknown = [c for c in listed if isinstance(c, str) and c not in known]
            if unknown and contexts_are_checked:
                report.add(
                    "contexts",
                    Status.FAIL,
                    f"unknown JSON-LD context(s), never fetched: {', '.join(unknown)}",
                    "This credential uses a format Onramp does not know.",
                )
            else:
                report.add(
                    "contexts",
                    Status.PASS if not unknown else Status.WARN,
                    "all contexts are known"
                    if not unknown
                    else f"contexts not checked for a JWT: {', '.join(unknown)}",
                    "The credential uses known formats.",
                )
        types = credential.get("type", [])
        types = types if isinstance(types, list) else [types]
        if "VerifiableCredential" not in types:
            report.add(
                "types",
                Status.FAIL,
                "type lacks VerifiableCredential",
                "This is not a standard credential.",
            )
        else:
            report.add(
                "types",
                Status.PASS,
                f"types: {', '.join(map(str, types))}",
                "It is the right kind of record.",
            )
        report.add(
            "schema",
            Status.WARN,
            "JSON Schema validation is not built yet",
            "Some detailed checks are not done yet.",
        )
        if listed and listed[0] == VC_V2:
            problems = vcdm.check_credential(credential, jsonld=False)
        else:
            problems = [
                f"{f} is required" for f in ("issuer", "credentialSubject") if not credential.get(f)
            ]
            if credential.get("issuer") and not _issuer_id(credential):
                problems.append("issuer must have an id")
        if problems:
            report.add(
                "structure",
                Status.FAIL,
                "; ".join(problems),
                "This credential does not follow the standard.",
            )
        else:
            report.add(
                "structure",
                Status.PASS,
                "meets the data model's rules",
                "It says who issued it and who it is about.",
            )

    def _proof_checks(self, report: Report, credential: dict[str, Any]) -> None:
        try:
            proof = data_integrity.single_proof(credential)
        except InvalidInputError as error:
            plain = (
                "This credential has no seal, so anyone could have made it."
                if str(error) == "no proof"
                else "We cannot check this kind of seal yet."
            )
            report.add("proof", Status.FAIL, str(error), plain)
            return
        suite = f"{proof.get('type')}/{proof.get('cryptosuite', '')}".rstrip("/")
        if (proof.get("type"), proof.get("cryptosuite")) not in data_integrity.ACCEPTED:
            report.add(
                "proof",
                Status.FAIL,
                f"unsupported proof {suite}",
                "We cannot check this kind of seal yet.",
            )
            return
        method = str(proof.get("verificationMethod", ""))
        try:
            document = self.resolver.document(method.split("#")[0])
            bound = did_key.bound_key(document, method, str(proof.get("proofPurpose", "")))
        except InvalidInputError as error:
            report.add(
                "proof",
                Status.FAIL,
                f"cannot get the key: {error}",
                "We could not find the issuer's key to check the seal.",
            )
            report.add(
                "key_binding",
                Status.FAIL,
                str(error),
                "We could not confirm who sealed this credential.",
            )
            return
        try:
            ok = data_integrity.verify(credential, bound.public_key, self.contexts)
        except (UnsafeJsonLdError, UnknownContextError, CanonicalizationBudgetError) as error:
            report.add("proof", Status.FAIL, str(error), "This credential is not safe to check.")
            return
        except InvalidInputError as error:
            report.add(
                "proof", Status.FAIL, str(error), "The seal on this credential does not check out."
            )
            return
        if ok:
            report.add(
                "proof",
                Status.PASS,
                f"{data_integrity.CRYPTOSUITE} signature checks",
                "The seal is intact: nobody changed this credential.",
            )
        else:
            report.add(
                "proof",
                Status.FAIL,
                "the signature does not match the credential",
                "Someone changed this credential after it was sealed.",
            )
        issuer = _issuer_id(credential)
        if bound.controller == issuer:
            report.add(
                "key_binding",
                Status.PASS,
                f"{method} is controlled by the issuer",
                "The seal belongs to the issuer.",
            )
        elif issuer.startswith("urn:"):
            # an issuer named by a URN claims no DID or web address the key could be tied to
            report.add(
                "key_binding",
                Status.WARN,
                f"the issuer {issuer} is not a DID or URL, so the key "
                f"{bound.controller} cannot be tied to it",
                "We could not confirm the key belongs to the issuer.",
            )
        else:
            report.add(
                "key_binding",
                Status.FAIL,
                f"the key's controller {bound.controller} is not the issuer {issuer}",
                "The seal was made by someone other than the issuer.",
            )

    def _tail_checks(self, report: Report, credential: dict[str, Any]) -> None:
        moment = self.now()
        start, end = vcdm.validity_window(credential)
        if start is not None and start > moment:
            report.add(
                "validity",
                Status.FAIL,
                f"not valid until {start.isoformat()}",
                "This credential is not valid yet.",
            )
        elif end is not None and end <= moment:
            report.add(
                "validity",
                Status.FAIL,
                f"expired on {end.isoformat()}",
                "This credential has expired.",
            )
        else:
            report.add(
                "validity",
                Status.PASS,
                "within its validity dates",
                "The dates on this credential are fine.",
            )
        self._status_check(report, credential)
        endorsements = credential.get("endorsement") or credential.get("endorsementJwt")
        if endorsements:
            report.add(
                "endorsements",
                Status.WARN,
                "endorsements are not checked yet",
                "We did not check the endorsements yet.",
            )
        else:
            report.add("endorsements", Status.SKIP, "no endorsements", "There are no endorsements.")
        report.add(
            "issuer_trust",
            Status.WARN,
            "no trust registry is configured for this check",
            "We do not know yet if your organization trusts this issuer.",
        )

    def _trust_status_list(self, listed: dict[str, Any]) -> None:
        """A status list counts only with a valid proof, inside its validity window."""
        sub = Report("status list", _format(listed))
        self._proof_checks(sub, listed)
        problem = _list_problem(sub)
        if problem:
            raise status_list.StatusListError(f"the status list's own proof fails ({problem})")
        moment = self.now()
        start, end = vcdm.validity_window(listed)
        if (start and start > moment) or (end and end <= moment):
            raise status_list.StatusListError("the status list is outside its validity dates")

    def _status_check(self, report: Report, credential: dict[str, Any]) -> None:
        try:
            entries = status_list.entries_of(credential)
        except InvalidInputError as error:
            report.add("status", Status.FAIL, str(error), "The status part is broken.")
            return
        if not entries:
            report.add("status", Status.SKIP, "no status list", "This credential has no status.")
            return
        for entry in entries:
            try:
                listed = self.resolver.document(entry.list_credential)
                self._trust_status_list(listed)
                value = status_list.status_in(listed, entry)
            except InvalidInputError as error:
                report.add(
                    "status",
                    Status.WARN,
                    f"status unknown: {error}",
                    "We could not check if this credential was withdrawn.",
                )
                continue
            if value:
                report.add(
                    "status",
                    Status.FAIL,
                    f"{entry.purpose} is set (index {entry.index})",
                    "The issuer has taken this credential back."
                    if entry.purpose == "revocation"
                    else "The issuer has put this credential on hold.",
                )
            else:
                report.add(
                    "status",
                    Status.PASS,
                    f"not {entry.purpose} (index {entry.index})",
                    "The issuer has not taken this credential back.",
                )


def _list_problem(sub: Report) -> str:
    failed = [c for c in sub.checks if c.status is Status.FAIL]
    return "; ".join(f"{c.id}: {c.message}" for c in failed)


def _format(credential: dict[str, Any]) -> str:
    types = credential.get("type", [])
    types = types if isinstance(types, list) else [types]
    for name, label in (
        ("ClrCredential", "clr"),
        ("OpenBadgeCredential", "ob3"),
        ("AchievementCredential", "ob3"),
        ("EndorsementCredential", "ob3"),
    ):
        if name in types:
            return label
    return "vc"
