"""Where the verifier gets documents: DID documents, controller documents and status lists.

did:key and did:jwk are derived locally; every other document comes from an offline map of URL
to local file, or, only when a fetcher is given (`--online`), from an SSRF-safe HTTPS fetch.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from onramp.credentials.did import did_jwk, did_key
from onramp.credentials.did.fetch import SafeFetcher
from onramp.credentials.rdf.deadline import paused
from onramp.credentials.rdf.nesting import loads
from onramp.errors import InvalidInputError


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
        if not isinstance(mapping, dict):
            raise InvalidInputError(f"{path}: the offline map must be a JSON object")
        base = path.parent
        return cls({url: (base / file) for url, file in mapping.items()}, fetcher)

    def document(self, url: str) -> dict[str, Any]:
        if url.startswith(did_key.PREFIX):
            return did_key.resolve_did_key(url)
        if url.startswith(did_jwk.PREFIX):
            return did_jwk.resolve_did_jwk(url)
        target = did_web_url(url) if url.startswith("did:web:") else url
        local = self.offline.get(url) or self.offline.get(target)
        if local is not None:
            return _same_did(url, _read_local(local))
        if url.startswith("did:") and not url.startswith("did:web:"):
            method = url.split(":")[1] if url.count(":") >= 2 else ""
            raise InvalidInputError(f"unknown DID method '{method}' in {url}")
        elif not url.startswith(("https:", "http:", "did:web:")):
            scheme = url.split(":")[0] if ":" in url else ""
            raise InvalidInputError(
                f"{url} is not a DID or web address"
                if not scheme
                else f"unknown URI scheme '{scheme}' in {url}"
            )
        if self.fetcher is None:
            raise InvalidInputError(
                f"cannot retrieve {url}: fetching is off; give it in an offline map "
                "(--offline-map) or allow fetching (--online)"
            )
        try:
            with paused():  # the fetch has its own timeout; it is not work the budget covers
                fetched = self.fetcher.get(target.split("#")[0])
        except InvalidInputError as error:
            raise InvalidInputError(_why_not_fetched(target, error)) from None
        return _same_did(url, _parse(fetched, target))


def _why_not_fetched(target: str, error: InvalidInputError) -> str:
    """The fetch refusal, plus what to do when the address is a development server's."""
    try:
        parts = urlsplit(target)
        host, port = (parts.hostname or "").lower(), parts.port
    except ValueError:  # not a web address at all: the fetcher's own reason says so
        return str(error)
    local = host in ("localhost", "") or host.endswith((".localhost", ".local", ".internal"))
    try:
        address = ipaddress.ip_address(host)
        local = local or not address.is_global
    except ValueError:
        pass
    if parts.scheme != "https" or local or port not in (None, 443):
        return (
            f"{target} is not fetched: it is a development address (plain http, a port other "
            "than 443, or a loopback or private host), and Onramp fetches only public HTTPS "
            "addresses. Run this command where it reads that Onramp instance's database "
            f"(ONRAMP_HOME or ONRAMP_DATABASE_URL), or give the document in --offline-map ({error})"
        )
    return str(error)


def _same_did(url: str, document: dict[str, Any]) -> dict[str, Any]:
    """A DID document must be about the DID it was looked up for."""
    if url.startswith("did:") and document.get("id") != url:
        raise InvalidInputError(f"the DID document for {url} is about {document.get('id')}")
    return document


def _read_local(local: Path) -> dict[str, Any]:
    try:
        raw = local.read_bytes()
    except OSError as error:
        raise InvalidInputError(f"{local}: cannot be read ({error})") from None
    return _parse(raw, str(local))


def _parse(raw: bytes, label: str) -> dict[str, Any]:
    try:
        found = loads(raw)  # refuses deep nesting
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
