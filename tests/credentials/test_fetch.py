"""SSRF-safe fetching: what is refused before any connection is made."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onramp.credentials.did.fetch import FetchError, SafeFetcher, check_address, check_url
from onramp.credentials.verify.verifier import did_web_url


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/did.json",
        "ftp://example.org/x",
        "https://user:pass@example.org/x",
        "https://example.org:8443/x",
        "https://127.0.0.1/x",
        "https://[::1]/x",
        "https://169.254.169.254/latest/meta-data",
        "https://10.0.0.5/x",
        "https:///x",
    ],
)
def test_urls_refused_before_connecting(url: str) -> None:
    with pytest.raises(FetchError):
        SafeFetcher(resolve=lambda host: ["93.184.216.34"]).get(url)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "0.0.0.0",
        "224.0.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "100.64.0.1",
    ],
)
def test_non_public_addresses_are_refused(address: str) -> None:
    with pytest.raises(FetchError):
        check_address(address)


def test_a_name_that_resolves_inside_is_refused() -> None:
    """DNS answers are checked too, and the connection goes to the checked address only."""
    fetcher = SafeFetcher(resolve=lambda host: ["93.184.216.34", "10.0.0.1"])
    with pytest.raises(FetchError, match="non-public address 10.0.0.1"):
        fetcher.get("https://issuer.example/.well-known/did.json")


def test_public_addresses_pass_and_urls_split() -> None:
    check_address("93.184.216.34")
    check_address("2606:2800:220:1:248:1893:25c8:1946")
    assert check_url("https://issuer.example/a/b?x=1") == ("issuer.example", "/a/b?x=1")


def test_did_web_urls() -> None:
    assert did_web_url("did:web:example.com") == "https://example.com/.well-known/did.json"
    assert (
        did_web_url("did:web:example.com:user:alice") == "https://example.com/user/alice/did.json"
    )


@given(st.ip_addresses())
def test_only_global_unicast_addresses_pass(
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address,
) -> None:
    plain = ip.ipv4_mapped if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped else ip
    try:
        check_address(str(ip))
    except FetchError:
        return
    assert plain.is_global and not plain.is_multicast and not plain.is_loopback


def test_resolver_uses_the_fetcher_only_when_given() -> None:
    from onramp.credentials.verify.verifier import Resolver
    from onramp.errors import InvalidInputError

    with pytest.raises(InvalidInputError, match="fetching is off"):
        Resolver().document("did:web:issuer.example")
    asked: list[str] = []

    class Recording(SafeFetcher):
        def get(self, url: str) -> bytes:
            asked.append(url)
            return b'{"id": "did:web:issuer.example"}'

    found = Resolver(None, Recording()).document("did:web:issuer.example")
    assert found["id"] == "did:web:issuer.example"
    assert asked == ["https://issuer.example/.well-known/did.json"]


@pytest.mark.parametrize(
    "address",
    [
        "2002:7f00:1::1",  # 6to4 around 127.0.0.1
        "2002:c0a8:101::1",  # 6to4 around 192.168.1.1
        "2002:808:808::1",  # 6to4 even around a public address: a tunnel, not a host
        "64:ff9b::7f00:1",  # NAT64 well-known prefix around 127.0.0.1
        "64:ff9b:1::a9fe:a9fe",  # NAT64 local use around 169.254.169.254
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
        "::7f00:1",  # IPv4-compatible 127.0.0.1
        "::ffff:10.0.0.1",  # IPv4-mapped
        "fec0::1",  # site-local
        "0.1.2.3",
        "100.64.0.1",
        "169.254.169.254",
        "192.0.0.9",  # IETF protocol assignments, all of 192.0.0.0/24
        "198.18.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "239.1.2.3",
        "ff02::1",
    ],
)
def test_embedded_ipv4_and_special_ranges_are_refused(address: str) -> None:
    with pytest.raises(FetchError):
        check_address(address)


@pytest.mark.parametrize(
    "url",
    [
        "https://[::1/x",  # an unclosed IPv6 literal
        "https://example.org:99999/x",  # a port out of range
        "https://example.org:port/x",
        "https://xn--/x",  # a host IDNA cannot encode
        "https://exa mple.org/x",
        "https://a..b/x",
        "https://-bad-.example/x",
    ],
)
def test_malformed_urls_are_refused_plainly_before_any_lookup(url: str) -> None:
    def no_lookup(host: str) -> list[str]:
        raise AssertionError(f"looked up {host}")

    with pytest.raises(FetchError, match="not a valid"):
        SafeFetcher(resolve=no_lookup).get(url)
