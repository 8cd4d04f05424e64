"""A bounded, SSRF-safe GET for hosted Open Badges documents (JSON / JSON-LD only).

Every hop is resolved by us, each resolved address is checked against an AddressPolicy, and
the connection goes to that checked address (TLS still verifies the host's name), so a DNS
answer cannot change between the check and the connect. Redirects are followed by hand, at
most MAX_REDIRECTS, each target checked the same way. The body is read while streaming and
abandoned past the size cap; connect and total time are bounded.
"""

from __future__ import annotations

import asyncio
import enum
import ipaddress
import json
import socket
import ssl
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

MAX_BYTES = 256 * 1024
MAX_REDIRECTS = 3
CONNECT_SECONDS = 5.0
TOTAL_SECONDS = 10.0
JSON_TYPES = frozenset({"application/json", "application/ld+json"})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
# NAT64 and 6to4 carry an IPv4 address inside: judged by the address they carry.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


class Problem(enum.StrEnum):
    TOO_BIG = "TOO_BIG"
    UNREACHABLE = "UNREACHABLE"
    PRIVATE_ADDRESS = "PRIVATE_ADDRESS"
    UNSUPPORTED_FORMAT = "UNSUPPORTED_FORMAT"


class FetchError(Exception):
    """The document could not be fetched; `problem` says which rule or failure."""

    def __init__(self, problem: Problem, message: str) -> None:
        super().__init__(message)
        self.problem = problem
        self.message = message


@dataclass(frozen=True)
class AddressPolicy:
    """Which addresses and schemes a fetch may reach. The default reaches public https
    addresses only; tests pass their own (e.g. 127.0.0.1 over http), never a global switch."""

    allowed: tuple[IPNetwork, ...] = ()
    allow_http: bool = False
    schemes: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        schemes = {"https", "http"} if self.allow_http else {"https"}
        object.__setattr__(self, "schemes", frozenset(schemes))

    def permits(self, address: IPAddress) -> bool:
        if any(address in net for net in self.allowed if net.version == address.version):
            return True
        return is_public(address)


DEFAULT_POLICY = AddressPolicy()


def is_public(address: IPAddress) -> bool:
    """A globally routable unicast address (IPv4-mapped, NAT64 and 6to4 judged inside)."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = address.ipv4_mapped or address.sixtofour
        if inner is None and address in _NAT64:
            inner = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if inner is None and address.teredo is not None:
            inner = address.teredo[1]
        if inner is not None:
            return is_public(inner)
    return (
        address.is_global
        and not address.is_multicast
        and not address.is_reserved
        and not address.is_loopback
        and not address.is_link_local
        and not address.is_private
        and not address.is_unspecified
    )


class _CheckedBackend(httpcore.AsyncNetworkBackend):
    """Resolves the host, refuses it unless every address passes, connects to the first."""

    def __init__(self, policy: AddressPolicy) -> None:
        self._policy = policy
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        address = await checked_address(host, port, self._policy)
        return await self._inner.connect_tcp(
            str(address), port, timeout=timeout, socket_options=socket_options
        )

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise FetchError(Problem.PRIVATE_ADDRESS, "Unix sockets are never fetched.")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


async def checked_address(host: str, port: int, policy: AddressPolicy) -> IPAddress:
    """The address to connect to, once every address the name resolves to is permitted."""
    try:
        literal: IPAddress | None = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        literal = None
    if literal is not None:
        found = [literal]
    else:
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(
                host, port, type=socket.SOCK_STREAM
            )
        except (OSError, UnicodeError):
            raise FetchError(Problem.UNREACHABLE, f"{host} could not be resolved.") from None
        found = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
    if not found:
        raise FetchError(Problem.UNREACHABLE, f"{host} could not be resolved.")
    for address in found:
        if not policy.permits(address):
            raise FetchError(
                Problem.PRIVATE_ADDRESS, f"{host} is a private or reserved address; refused."
            )
    return found[0]


@dataclass(frozen=True)
class Fetched:
    url: str  # the final URL, after redirects
    text: str
    document: Any


def _check_url(url: str, policy: AddressPolicy) -> None:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        raise FetchError(Problem.UNREACHABLE, "That is not a URL.") from None
    if parts.scheme not in policy.schemes:
        raise FetchError(Problem.UNSUPPORTED_FORMAT, "Only https URLs are fetched.")
    if not parts.hostname or parts.username or parts.password:
        raise FetchError(Problem.UNREACHABLE, "The URL has no host (or carries credentials).")


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> str | None:
    for key, value in headers:
        if key.lower() == name:
            return value.decode("latin-1")
    return None


async def fetch_json(
    url: str,
    policy: AddressPolicy = DEFAULT_POLICY,
    *,
    max_bytes: int = MAX_BYTES,
    connect_seconds: float = CONNECT_SECONDS,
    total_seconds: float = TOTAL_SECONDS,
) -> Fetched:
    """GET a JSON / JSON-LD document under the policy's rules; raises FetchError."""
    try:
        async with asyncio.timeout(total_seconds):
            return await _fetch(url, policy, max_bytes, connect_seconds, total_seconds)
    except TimeoutError:
        raise FetchError(Problem.UNREACHABLE, "The server took too long to answer.") from None


async def _fetch(
    url: str, policy: AddressPolicy, max_bytes: int, connect_seconds: float, total_seconds: float
) -> Fetched:
    timeouts = {
        "connect": connect_seconds,
        "read": total_seconds,
        "write": total_seconds,
        "pool": connect_seconds,
    }
    async with httpcore.AsyncConnectionPool(
        ssl_context=ssl.create_default_context(),
        network_backend=_CheckedBackend(policy),
        max_connections=1,
        retries=0,
    ) as pool:
        for _ in range(MAX_REDIRECTS + 1):
            _check_url(url, policy)
            try:
                async with pool.stream(
                    "GET",
                    url,
                    headers={
                        "Accept": "application/ld+json, application/json",
                        "User-Agent": "Kring-verifier",
                    },
                    extensions={"timeout": timeouts},
                ) as response:
                    if response.status in REDIRECTS:
                        location = _header(response.headers, b"location")
                        if not location:
                            raise FetchError(Problem.UNREACHABLE, "A redirect without a target.")
                        url = urljoin(url, location)
                        continue
                    body = await _body(response, max_bytes)
            except (httpcore.TimeoutException, TimeoutError):
                raise FetchError(Problem.UNREACHABLE, "The server took too long.") from None
            except (httpcore.ProtocolError, httpcore.NetworkError, httpcore.UnsupportedProtocol):
                raise FetchError(Problem.UNREACHABLE, "The server could not be reached.") from None
            except OSError:
                raise FetchError(Problem.UNREACHABLE, "The server could not be reached.") from None
            try:
                text = body.decode("utf-8")
                return Fetched(url, text, json.loads(text))
            except (UnicodeDecodeError, ValueError, RecursionError):
                raise FetchError(Problem.UNSUPPORTED_FORMAT, "The document is not JSON.") from None
        raise FetchError(Problem.UNREACHABLE, f"More than {MAX_REDIRECTS} redirects.")


async def _body(response: httpcore.Response, max_bytes: int) -> bytes:
    """A 200 JSON answer's body, read while streaming and abandoned past the cap."""
    if response.status != 200:
        raise FetchError(Problem.UNREACHABLE, f"The server answered {response.status}.")
    kind = (_header(response.headers, b"content-type") or "").split(";")[0].strip().lower()
    if kind not in JSON_TYPES:
        raise FetchError(
            Problem.UNSUPPORTED_FORMAT, f"The server sent {kind or 'no type'}, not JSON."
        )
    length = _header(response.headers, b"content-length")
    if length and length.isdigit() and int(length) > max_bytes:
        raise FetchError(Problem.TOO_BIG, _too_big(max_bytes))
    body = bytearray()
    async for chunk in response.aiter_stream():
        body.extend(chunk)
        if len(body) > max_bytes:
            raise FetchError(Problem.TOO_BIG, _too_big(max_bytes))
    return bytes(body)


def _too_big(max_bytes: int) -> str:
    return f"The document is larger than {max_bytes // 1024} KiB."
