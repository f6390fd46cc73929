"""The SSRF-safe fetcher: refused addresses are refused before any connection, on every redirect hop."""

from __future__ import annotations

import ipaddress
import socket
import time

import pytest

from factdesk.errors import FetchError
from factdesk.web.fetch import BlockedURLError, FetchPolicy, address_allowed, fetch_page

LOOPBACK_ONLY = FetchPolicy(timeout_s=5, allow=(ipaddress.ip_network("127.0.0.1/32"),))


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """Every outgoing connection the fetcher makes (made for real, only recorded)."""
    made: list[tuple] = []
    real = socket.create_connection

    def recording(address: tuple, *args: object, **kwargs: object) -> socket.socket:
        made.append(address)
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", recording)
    return made


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:9/",                       # loopback, not opted in
    "http://127.0.0.2/",                         # loopback outside the allowed /32
    "http://localhost/",                         # a name resolving to loopback
    "http://10.1.2.3/admin",                     # private
    "http://192.168.0.1/",                       # private
    "http://172.16.5.4:8080/",                   # private
    "http://169.254.169.254/latest/meta-data/",  # link-local (cloud metadata)
    "http://[::1]/",                             # IPv6 loopback
    "http://[fe80::1]/",                         # IPv6 link-local
    "http://[::ffff:10.0.0.1]/",                 # IPv4-mapped private
    "http://224.0.0.1/",                         # multicast
    "http://0.0.0.0/",                           # unspecified
    "http://100.64.0.1/",                        # shared address space (carrier NAT)
    "http://240.0.0.1/",                         # reserved
])
def test_refused_before_connecting(url: str, connections: list[tuple]) -> None:
    policy = FetchPolicy(timeout_s=5) if "127.0.0.1" in url or "localhost" in url else LOOPBACK_ONLY
    with pytest.raises(BlockedURLError, match="private or reserved"):
        fetch_page(url, policy)
    assert connections == []


@pytest.mark.parametrize("url", ["ftp://example.org/x", "file:///etc/passwd", "gopher://example.org/",
                                 "http://user:pw@example.org/"])
def test_only_plain_http_urls(url: str, connections: list[tuple]) -> None:
    with pytest.raises(BlockedURLError):
        fetch_page(url, FetchPolicy())
    assert connections == []


def test_public_addresses_pass_the_guard() -> None:
    for address in ("93.184.215.14", "2606:4700::6810:85e5", "8.8.8.8"):
        assert address_allowed(ipaddress.ip_address(address))
    assert not address_allowed(ipaddress.ip_address("10.0.0.1"))
    assert address_allowed(ipaddress.ip_address("10.0.0.1"), (ipaddress.ip_network("10.0.0.0/8"),))


def test_opted_in_loopback_is_fetched(web_server: str, connections: list[tuple]) -> None:
    page = fetch_page(f"{web_server}/pages/eiffel.html", LOOPBACK_ONLY)
    assert page.status == 200 and page.content_type == "text/html" and page.charset == "utf-8"
    assert b"Champ de Mars" in page.body
    assert [host for host, _ in connections] == ["127.0.0.1"]


def test_redirects_are_followed_and_each_hop_vetted(web_server: str, connections: list[tuple]) -> None:
    page = fetch_page(f"{web_server}/redirect-ok", LOOPBACK_ONLY)
    assert page.final_url == f"{web_server}/pages/eiffel.html" and page.redirects == [page.final_url]
    connections.clear()
    for path, refused in [("/redirect-private", "10.20.30.40"), ("/redirect-metadata", "169.254.169.254")]:
        with pytest.raises(BlockedURLError, match=refused):
            fetch_page(f"{web_server}{path}", LOOPBACK_ONLY)
    # only the first hop (to the allowed test server) was connected; never the private target
    assert [host for host, _ in connections] == ["127.0.0.1", "127.0.0.1"]
    with pytest.raises(BlockedURLError, match="only http and https"):
        fetch_page(f"{web_server}/redirect-file", LOOPBACK_ONLY)


def test_redirect_hop_limit(web_server: str) -> None:
    policy = FetchPolicy(timeout_s=5, max_redirects=3, allow=LOOPBACK_ONLY.allow)
    with pytest.raises(FetchError, match="more than 3 redirects"):
        fetch_page(f"{web_server}/redirect-loop", policy)
    with pytest.raises(FetchError, match="more than 0 redirects"):
        fetch_page(f"{web_server}/redirect-ok", FetchPolicy(max_redirects=0, allow=LOOPBACK_ONLY.allow))


def test_size_and_time_caps(web_server: str) -> None:
    small = FetchPolicy(timeout_s=5, max_bytes=100_000, allow=LOOPBACK_ONLY.allow)
    with pytest.raises(FetchError, match="100,000-byte page limit"):
        fetch_page(f"{web_server}/big", small)  # streamed without Content-Length
    with pytest.raises(FetchError, match="page limit"):
        fetch_page(f"{web_server}/pages/eiffel.html", FetchPolicy(max_bytes=200, allow=LOOPBACK_ONLY.allow))
    started = time.monotonic()
    with pytest.raises(FetchError, match="within 1 s"):
        fetch_page(f"{web_server}/slow", FetchPolicy(timeout_s=1, allow=LOOPBACK_ONLY.allow))
    assert time.monotonic() - started < 2.5  # a trickling server cannot hold the fetch past its deadline


def test_http_errors_and_dead_ports(web_server: str) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_page(f"{web_server}/missing", LOOPBACK_ONLY)
    with pytest.raises(FetchError, match="ConnectionRefused"):
        fetch_page("http://127.0.0.1:9/", LOOPBACK_ONLY)
