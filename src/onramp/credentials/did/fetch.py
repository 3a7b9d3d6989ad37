"""Fetching documents named by credentials (did:web DID documents, status lists), SSRF-safely.

A credential is untrusted input, and the URLs in it must not turn Onramp into a tool for
reaching inside the network it runs in. So: HTTPS only, on port 443; a malformed address is
refused before any lookup; the host name is resolved once and every address is checked (no
loopback, private, link-local, multicast, reserved or unspecified addresses, and no IPv6 form
that carries an IPv4 address); the connection goes to the checked address (no second lookup an
attacker could rebind), with TLS verified against the host name; no redirects; short timeouts;
and a cap on the size of the answer. Answers are cached briefly in memory.
"""

from __future__ import annotations

import http.client
import ipaddress
import re
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


# Never fetched from, whatever `ipaddress` thinks of them in this Python version (IANA special-
# purpose registries, RFC 6890). IPv6 forms that carry or tunnel an IPv4 address are refused
# outright (6to4, NAT64, Teredo, IPv4-compatible): the IPv4 address inside could be anything,
# including this machine. An IPv4-mapped address (::ffff:a.b.c.d) is judged as its IPv4 address.
REFUSED_NETWORKS = tuple(
    ipaddress.ip_network(network)
    for network in (
        "0.0.0.0/8",  # "this network"
        "10.0.0.0/8",
        "100.64.0.0/10",  # carrier-grade NAT
        "127.0.0.0/8",
        "169.254.0.0/16",  # link-local, cloud metadata services
        "172.16.0.0/12",
        "192.0.0.0/24",  # IETF protocol assignments
        "192.0.2.0/24",
        "192.88.99.0/24",  # 6to4 relay anycast
        "192.168.0.0/16",
        "198.18.0.0/15",  # benchmarking
        "198.51.100.0/24",
        "203.0.113.0/24",
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, and the broadcast address
        "::/96",  # unspecified, loopback and IPv4-compatible (deprecated, RFC 4291)
        "64:ff9b::/96",  # NAT64 well-known prefix (RFC 6052)
        "64:ff9b:1::/48",  # NAT64 local use (RFC 8215)
        "100::/64",  # discard only
        "2001::/32",  # Teredo
        "2001:db8::/32",
        "2002::/16",  # 6to4
        "fc00::/7",  # unique local
        "fe80::/10",  # link-local
        "fec0::/10",  # site-local (deprecated, RFC 3879)
        "ff00::/8",  # multicast
    )
)


def check_address(address: str) -> None:
    """Refuse any address that is not a plain public unicast address."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        raise FetchError(f"{address!r} is not an IP address") from None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if (
        any(ip in network for network in REFUSED_NETWORKS)
        or ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    ):
        raise FetchError(f"refusing to connect to the non-public address {address}")


def check_url(url: str) -> tuple[str, str]:
    """(host, path) of an acceptable URL: https, default port, no credentials, a host that is
    a well-formed name or a public IP address."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:  # "https://[::1/x", a port over 65535 or not a number
        raise FetchError(f"{url!r} is not a valid web address ({error})") from None
    if parts.scheme != "https":
        raise FetchError(f"only https URLs are fetched, not {url}")
    if parts.username or parts.password:
        raise FetchError("URLs with credentials are not fetched")
    if port not in (None, 443):
        raise FetchError("only the default https port is fetched")
    host = parts.hostname or ""
    if not host:
        raise FetchError(f"{url} names no host")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        _check_host_name(host)  # a name: its addresses are checked after lookup
    else:
        check_address(host)  # a literal IP address in the URL
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return host, path


def _check_host_name(host: str) -> None:
    """Letter-digit-hyphen labels of 1 to 63 characters (RFC 1123), after IDNA for names in
    other scripts, 253 characters at most."""
    try:
        name = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise FetchError(f"{host!r} is not a valid host name") from None
    labels = name.rstrip(".").split(".")
    if len(name) > 253 or not all(_HOST_LABEL.match(label) for label in labels):
        raise FetchError(f"{host!r} is not a valid host name")


_HOST_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")


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
