"""Fetch a web page found by a search, safely (SSRF guard).

Every hop (the first URL and each redirect) is checked before any byte is sent: only http/https, no
credentials in the URL, and every address the host name resolves to must be public; then the connection
is made to exactly the address that was checked (no second DNS lookup an attacker could answer
differently). Private, loopback, link-local, multicast, reserved and other non-global addresses are
refused unless they fall in `FetchPolicy.allow`. The body is capped in bytes and the whole fetch in time.

    page = fetch_page("https://example.org/story", FetchPolicy())
    page.final_url, page.content_type, len(page.body)
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
import urllib.parse
from dataclasses import dataclass, field

from factdesk.errors import FetchError
from factdesk.ingest.fetch import USER_AGENT
from factdesk.web.config import Network

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
REDIRECTS = {301, 302, 303, 307, 308}
_CHUNK = 65536


class BlockedURLError(FetchError):
    """The URL (or a redirect) points somewhere the guard refuses; nothing was sent."""


@dataclass(frozen=True)
class FetchPolicy:
    timeout_s: float = 10.0
    max_bytes: int = 2_000_000
    max_redirects: int = 5
    allow: tuple[Network, ...] = ()  # address ranges exempt from the guard (a test server, an intranet)


@dataclass
class FetchedPage:
    url: str
    final_url: str
    status: int
    content_type: str
    charset: str | None
    body: bytes
    redirects: list[str] = field(default_factory=list)


def address_allowed(ip: IPAddress, allow: tuple[Network, ...] = ()) -> bool:
    if any(ip.version == net.version and ip in net for net in allow):
        return True
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return address_allowed(ip.ipv4_mapped, allow)  # ::ffff:127.0.0.1 is 127.0.0.1
    # is_global is False for private, loopback, link-local, shared (100.64/10), reserved and documentation ranges
    return ip.is_global and not ip.is_multicast


def vet(url: str, policy: FetchPolicy) -> tuple[urllib.parse.SplitResult, IPAddress]:
    """The parsed URL and the checked address to connect to; BlockedURLError when the guard refuses."""
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise BlockedURLError(f"{url}: malformed URL ({exc})") from None
    if parts.scheme not in ("http", "https"):
        raise BlockedURLError(f"{url}: only http and https URLs are fetched")
    if parts.username is not None or parts.password is not None:
        raise BlockedURLError(f"{url}: URLs with credentials are not fetched")
    host = parts.hostname
    if not host:
        raise BlockedURLError(f"{url}: no host")
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise FetchError(f"{url}: cannot resolve {host} ({exc})") from None
        addresses = [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]
    refused = [ip for ip in addresses if not address_allowed(ip, policy.allow)]
    if refused or not addresses:
        # one bad address refuses the host: a name resolving to both public and private is not trusted
        raise BlockedURLError(f"{url}: {host} resolves to {refused[0] if refused else 'nothing'}, "
                              "a private or reserved address (allow it in web.json allow_networks)")
    return parts, addresses[0]


class _PinnedHTTP(http.client.HTTPConnection):
    """Connects to the vetted address while speaking HTTP to the host name."""

    def __init__(self, host: str, port: int, ip: IPAddress, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._ip = str(ip)

    def connect(self) -> None:
        self.sock = socket.create_connection((self._ip, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, ip: IPAddress, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._ip = str(ip)

    def connect(self) -> None:
        sock = socket.create_connection((self._ip, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # certificate checked for the name


def fetch_page(url: str, policy: FetchPolicy) -> FetchedPage:
    """GET `url`, following at most `policy.max_redirects` redirects, each hop vetted; FetchError on failure."""
    deadline = time.monotonic() + policy.timeout_s
    current = url
    redirects: list[str] = []
    while True:
        parts, ip = vet(current, policy)
        status, headers, body = _get(current, parts, ip, policy, deadline)
        location = headers.get("Location")
        if status in REDIRECTS and location:
            if len(redirects) >= policy.max_redirects:
                raise FetchError(f"{url}: more than {policy.max_redirects} redirects")
            current = urllib.parse.urljoin(current, location.strip())
            redirects.append(current)
            continue
        if status >= 400:
            raise FetchError(f"{current}: HTTP {status}")
        content_type = headers.get_content_type()
        return FetchedPage(url=url, final_url=current, status=status, content_type=content_type,
                           charset=headers.get_content_charset(), body=body, redirects=redirects)


def _remaining(deadline: float, url: str, timeout: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(f"{url}: no complete answer within {timeout:g} s")
    return left


def _get(url: str, parts: urllib.parse.SplitResult, ip: IPAddress, policy: FetchPolicy,
         deadline: float) -> tuple[int, http.client.HTTPMessage, bytes]:
    https = parts.scheme == "https"
    port = parts.port or (443 if https else 80)
    timeout = _remaining(deadline, url, policy.timeout_s)
    conn = (_PinnedHTTPS if https else _PinnedHTTP)(parts.hostname or "", port, ip, timeout)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        conn.request("GET", target, headers={
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1",
            "Accept-Encoding": "identity",  # no decompression bombs: the byte cap is the real size
        })
        sock = conn.sock  # kept: getresponse() hands the socket to the response when the server closes after it
        response = conn.getresponse()
        if response.status in REDIRECTS:
            return response.status, response.headers, b""
        length = response.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > policy.max_bytes:
            raise FetchError(f"{url}: larger than the {policy.max_bytes:,}-byte page limit")
        chunks: list[bytes] = []
        size = 0
        while True:
            left = _remaining(deadline, url, policy.timeout_s)
            if sock is not None:
                sock.settimeout(left)
            chunk = response.read1(_CHUNK)  # returns as soon as some bytes arrive, so the deadline is kept
            if not chunk:
                break
            size += len(chunk)
            if size > policy.max_bytes:
                raise FetchError(f"{url}: larger than the {policy.max_bytes:,}-byte page limit")
            chunks.append(chunk)
        return response.status, response.headers, b"".join(chunks)
    except TimeoutError:
        raise FetchError(f"{url}: no complete answer within {policy.timeout_s:g} s") from None
    except (OSError, http.client.HTTPException) as exc:
        raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from None
    finally:
        conn.close()
