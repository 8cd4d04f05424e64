"""The SSRF-safe fetcher: private addresses refused (also behind a redirect), bounded in
size, time and redirects, JSON only. A local server is reached only with the test's own
explicit allowance; the default policy refuses it."""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterator

import pytest

from badges.fetching import (
    DEFAULT_POLICY,
    MAX_BYTES,
    FetchError,
    Problem,
    checked_address,
    fetch_json,
    is_public,
)
from tests.foreign_platform import LOCAL, JsonServer, Route, json_server


@pytest.fixture
def server() -> Iterator[JsonServer]:
    with json_server() as running:
        yield running


async def problem_of(url: str, **kw: object) -> Problem:
    with pytest.raises(FetchError) as caught:
        await fetch_json(url, **kw)  # type: ignore[arg-type]
    return caught.value.problem


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/badge.json",
        "https://10.1.2.3/badge.json",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/badge.json",
        "https://[::ffff:10.0.0.1]/badge.json",
        "https://[fe80::1]/badge.json",
        "https://localhost/badge.json",
        "https://0.0.0.0/badge.json",
    ],
)
async def test_the_default_policy_refuses_private_addresses(url: str) -> None:
    assert await problem_of(url) is Problem.PRIVATE_ADDRESS


async def test_the_default_policy_refuses_the_local_server_the_test_may_reach(
    server: JsonServer,
) -> None:
    url = server.json("/a.json", {"ok": True})
    https = url.replace("http://", "https://")
    assert await problem_of(https) is Problem.PRIVATE_ADDRESS
    # And plain http is not even tried.
    assert await problem_of(url) is Problem.UNSUPPORTED_FORMAT
    assert (await fetch_json(url, LOCAL)).document == {"ok": True}


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data",
        "http://10.0.0.1/x",
        "http://127.0.0.2/x",  # loopback, but not the address the test allowed
        "http://[::1]/x",
        "http://[::ffff:127.0.0.1]/x",
    ],
)
async def test_a_redirect_to_a_private_address_is_refused(server: JsonServer, target: str) -> None:
    url = server.redirect("/moved", target)
    assert await problem_of(url, policy=LOCAL) is Problem.PRIVATE_ADDRESS


async def test_redirects_are_followed_up_to_three(server: JsonServer) -> None:
    final = server.json("/final", {"n": 3})
    hop = final
    for n in range(3):
        hop = server.redirect(f"/hop{n}", hop)
    assert (await fetch_json(hop, LOCAL)).url == final
    one_more = server.redirect("/hop3", hop)
    assert await problem_of(one_more, policy=LOCAL) is Problem.UNREACHABLE


async def test_size_is_capped_while_streaming(server: JsonServer) -> None:
    big = json.dumps({"x": "a" * MAX_BYTES}).encode()
    server.routes["/declared"] = Route(big)
    server.routes["/streamed"] = Route(big, chunked=True)
    assert await problem_of(f"{server.base}/declared", policy=LOCAL) is Problem.TOO_BIG
    assert await problem_of(f"{server.base}/streamed", policy=LOCAL) is Problem.TOO_BIG


async def test_only_json_is_read(server: JsonServer) -> None:
    server.routes["/page"] = Route(b"<html></html>", content_type="text/html")
    server.routes["/broken"] = Route(b"{not json", content_type="application/json")
    assert await problem_of(f"{server.base}/page", policy=LOCAL) is Problem.UNSUPPORTED_FORMAT
    assert await problem_of(f"{server.base}/broken", policy=LOCAL) is Problem.UNSUPPORTED_FORMAT


async def test_missing_and_slow_documents_are_unreachable(server: JsonServer) -> None:
    server.routes["/slow"] = Route(b"{}", delay=2.0)
    assert await problem_of(f"{server.base}/nothing", policy=LOCAL) is Problem.UNREACHABLE
    slow = await problem_of(f"{server.base}/slow", policy=LOCAL, total_seconds=0.5)
    assert slow is Problem.UNREACHABLE
    assert await problem_of("https://nowhere.invalid/x") is Problem.UNREACHABLE


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2606:4700:4700::1111", True),
        ("100.64.0.1", False),  # carrier-grade NAT
        ("192.168.1.1", False),
        ("224.0.0.1", False),  # multicast
        ("240.0.0.1", False),  # reserved
        ("ff02::1", False),
        ("fc00::1", False),  # unique local
        ("::ffff:169.254.169.254", False),  # IPv4-mapped
        ("64:ff9b::a00:1", False),  # NAT64 of 10.0.0.1
        ("2002:a00:1::1", False),  # 6to4 of 10.0.0.1
    ],
)
def test_public_means_globally_routable_unicast(address: str, public: bool) -> None:
    assert is_public(ipaddress.ip_address(address)) is public


async def test_a_name_is_refused_when_any_of_its_addresses_is_private() -> None:
    with pytest.raises(FetchError) as caught:
        await checked_address("localhost", 443, DEFAULT_POLICY)
    assert caught.value.problem is Problem.PRIVATE_ADDRESS
    allowed = await checked_address("127.0.0.1", 80, LOCAL)
    assert str(allowed) == "127.0.0.1"
