"""Fetching documents named by credentials (did:web DID documents, status lists), SSRF-safely.

A credential is untrusted input, and the URLs in it must not turn Onramp into a tool for
reaching inside the network it runs in. So: HTTPS only, on port 443; the host name is resolved
once and every address is checked (no loopback, private, link-local, multicast, reserved or
unspecified addresses); the connection goes to the checked address (no second lookup an
attacker could rebind), with TLS verified against the host name; no redirects; short timeouts;
and a cap on the size of the answer. Answers are cached briefly in memory.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from onramp.errors import InvalidInputError

MAX_BYTES = 256 * 1024
TIMEOUT_SECONDS = 5.0
CACHE_SECONDS = 300.0

Resolve = Callable[[str], list[str]]


class FetchError(InvalidInputError):
    code = "fetch_refused"


def _system_resolve(host: str) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, 443, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise FetchError(f"cannot find the host {host} ({error})") from None
    return sorted({str(info[4][0]) for info in infos})


def check_address(address: str) -> None:
    """Refuse any address that is not a plain public unicast address."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    ):
        raise FetchError(f"refusing to connect to the non-public address {address}")


def check_url(url: str) -> tuple[str, str]:
    """(host, path) of an acceptable URL: https, default port, no credentials."""
    parts = urlsplit(url)
    if parts.scheme != "https":
        raise FetchError(f"only https URLs are fetched, not {url}")
    if parts.username or parts.password:
        raise FetchError("URLs with credentials are not fetched")
    if parts.port not in (None, 443):
        raise FetchError("only the default https port is fetched")
    host = parts.hostname or ""
    if not host:
        raise FetchError(f"{url} names no host")
    with contextlib.suppress(ValueError):  # a host name: its addresses are checked after lookup
        check_address(host)  # a literal IP address in the URL
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return host, path


@dataclass
class SafeFetcher:
    resolve: Resolve = _system_resolve
    max_bytes: int = MAX_BYTES
    timeout: float = TIMEOUT_SECONDS

    def __post_init__(self) -> None:
        self._cache: dict[str, tuple[float, bytes]] = {}
        self._lock = threading.Lock()

    def get(self, url: str) -> bytes:
        with self._lock:
            cached = self._cache.get(url)
            if cached and time.monotonic() - cached[0] < CACHE_SECONDS:
                return cached[1]
        host, path = check_url(url)
        addresses = self.resolve(host)
        if not addresses:
            raise FetchError(f"the host {host} has no address")
        for address in addresses:
            check_address(address)
        body = self._download(host, addresses[0], path)
        with self._lock:
            self._cache[url] = (time.monotonic(), body)
        return body

    def _download(self, host: str, address: str, path: str) -> bytes:
        context = ssl.create_default_context()
        connection = _PinnedHTTPSConnection(host, address, self.timeout, context)
        try:
            connection.request(
                "GET",
                path,
                headers={
                    "Host": host,
                    "Accept": "application/did+json, application/json, */*;q=0.1",
                    "User-Agent": "Onramp-verifier",
                },
            )
            response = connection.getresponse()
            if 300 <= response.status < 400:
                raise FetchError(f"{host} answered with a redirect; redirects are not followed")
            if response.status != 200:
                raise FetchError(f"{host} answered {response.status}")
            declared = response.getheader("Content-Length")
            if declared and declared.isdigit() and int(declared) > self.max_bytes:
                raise FetchError(f"the answer from {host} is larger than {self.max_bytes} bytes")
            body = response.read(self.max_bytes + 1)
            if len(body) > self.max_bytes:
                raise FetchError(f"the answer from {host} is larger than {self.max_bytes} bytes")
            return body
        except (OSError, http.client.HTTPException) as error:
            raise FetchError(f"cannot fetch from {host} ({error})") from None
        finally:
            connection.close()


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to an already-checked address, with TLS verified against the host name."""

    def __init__(self, host: str, address: str, timeout: float, context: ssl.SSLContext):
        super().__init__(host, 443, timeout=timeout, context=context)
        self._address = address
        self._context = context

    def connect(self) -> None:
        raw = socket.create_connection((self._address, 443), self.timeout)
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)
