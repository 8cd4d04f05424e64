"""The loopback push service accepts what pywebpush sends and refuses what a real one would."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid
from pywebpush import WebPusher, WebPushException, webpush_async

from tests.push_service import (
    Device,
    PushService,
    Rejected,
    Respond,
    b64url_decode,
    decrypt,
)

SUB = "mailto:ops@kring.example"


@pytest.fixture
async def push() -> AsyncIterator[PushService]:
    async with PushService() as service:
        yield service


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client:
        yield client


def new_vapid() -> Any:
    vapid = Vapid()
    vapid.generate_keys()
    return vapid


@pytest.fixture(scope="module")
def vapid() -> Any:
    return new_vapid()


def vapid_key(vapid: Any) -> str:
    """The k= a py_vapid key puts in its Authorization header."""
    header: str = vapid.sign({"sub": SUB, "aud": "http://x"})["Authorization"]
    return header.rpartition("k=")[2]


def subscription_info(device: Device, endpoint: str | None = None) -> dict[str, Any]:
    sub = device.subscription()
    return {
        "endpoint": endpoint or sub["endpoint"],
        "keys": {"p256dh": sub["p256dh"], "auth": sub["auth"]},
    }


async def send(
    session: aiohttp.ClientSession,
    device: Device,
    payload: Any,
    vapid: Any,
    *,
    claims: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    endpoint: str | None = None,
    client_timeout: float = 5.0,
) -> Any:
    return await webpush_async(
        subscription_info=subscription_info(device, endpoint),
        data=json.dumps(payload),
        vapid_private_key=vapid,
        vapid_claims=claims or {"sub": SUB},
        ttl=60,
        headers=headers,
        timeout=aiohttp.ClientTimeout(total=client_timeout),
        aiohttp_session=session,
    )


def status_of(exc: pytest.ExceptionInfo[WebPushException]) -> int:
    status: int = exc.value.response.status
    return status


async def test_decrypts_the_rfc_8291_appendix_a_vector() -> None:
    private = b64url_decode("q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94")
    device = Device(
        token="rfc",
        endpoint="http://rfc",
        private_key=ec.derive_private_key(int.from_bytes(private), ec.SECP256R1()),
        auth_secret=b64url_decode("BTBZMqHH6r4Tts7J_aSIgg"),
    )
    body = b64url_decode(
        "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAm"
        "S6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_"
        "Qulcy4a-fN"
    )
    assert device.subscription()["p256dh"] == (
        "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4"
    )
    assert decrypt(device, body) == b"When I grow up, I want to be a watermelon"
    with pytest.raises(Rejected, match="authentication"):
        decrypt(device, body[:-1] + bytes([body[-1] ^ 1]))


async def test_receives_what_pywebpush_sends(
    push: PushService, session: aiohttp.ClientSession, vapid: Any
) -> None:
    device = push.device()
    payload = {"title": "New endorsement", "url": "/badges/42"}
    response = await send(
        session, device, payload, vapid, headers={"Urgency": "high", "Topic": "badge-42"}
    )
    assert response.status == 201
    await push.wait_for(1)

    [message] = push.for_device(device)
    assert message.payload == payload
    assert message.vapid_claims["aud"] == push.base_url
    assert message.vapid_claims["sub"] == SUB
    assert message.vapid_key == vapid_key(vapid)
    assert message.headers["ttl"] == "60"
    assert message.headers["urgency"] == "high"
    assert message.headers["topic"] == "badge-42"
    assert message.headers["content-encoding"] == "aes128gcm"
    assert [(a.token, a.status) for a in push.attempts] == [(device.token, 201)]
    assert push.rejections == []
    assert push.for_device(push.device()) == []


async def test_rejects_a_tampered_body(
    push: PushService, session: aiohttp.ClientSession, vapid: Any
) -> None:
    device = push.device()
    encoded = WebPusher(subscription_info(device)).encode(json.dumps({"n": 1}).encode())
    body = bytearray(encoded["body"])
    body[-1] ^= 0x01
    headers = vapid.sign({"sub": SUB, "aud": push.base_url, "exp": int(time.time()) + 3600})
    headers |= {"TTL": "60", "Content-Encoding": "aes128gcm"}

    async with session.post(device.endpoint, data=bytes(body), headers=headers) as response:
        assert response.status == 400
    assert push.received == []
    assert len(push.rejections) == 1
    assert "failed authentication" in push.rejections[0]


async def test_rejects_a_jwt_not_signed_by_k(
    push: PushService, session: aiohttp.ClientSession, vapid: Any
) -> None:
    device = push.device()
    encoded = WebPusher(subscription_info(device)).encode(json.dumps({"n": 1}).encode())
    signed = new_vapid().sign({"sub": SUB, "aud": push.base_url})["Authorization"]
    jwt = signed.partition("t=")[2].partition(",")[0]
    headers = {
        "Authorization": f"vapid t={jwt}, k={vapid_key(vapid)}",
        "TTL": "0",
        "Content-Encoding": "aes128gcm",
    }

    async with session.post(device.endpoint, data=encoded["body"], headers=headers) as response:
        assert response.status == 403
    assert push.received == []
    assert len(push.rejections) == 1
    assert "does not verify" in push.rejections[0]


async def test_rejects_a_wrong_audience(
    push: PushService, session: aiohttp.ClientSession, vapid: Any
) -> None:
    device = push.device()
    with pytest.raises(WebPushException) as exc:
        await send(session, device, {"n": 1}, vapid, claims={"sub": SUB, "aud": "http://a.test"})
    assert status_of(exc) == 403
    assert push.received == []
    assert len(push.rejections) == 1
    assert "aud 'http://a.test'" in push.rejections[0]


async def test_scripted_failure_then_default_success(
    push: PushService, session: aiohttp.ClientSession, vapid: Any
) -> None:
    device = push.device()
    push.script(device, Respond(500, headers={"Retry-After": "1"}))
    with pytest.raises(WebPushException) as exc:
        await send(session, device, {"n": 1}, vapid)
    assert status_of(exc) == 500
    assert exc.value.response.headers["Retry-After"] == "1"
    await send(session, device, {"n": 2}, vapid)

    assert [a.status for a in push.attempts] == [500, 201]
    assert [m.payload for m in push.received] == [{"n": 2}]
    assert push.rejections == []


async def test_abandoned_delayed_answer_is_not_received(
    push: PushService, session: aiohttp.ClientSession, vapid: Any
) -> None:
    device = push.device()
    push.script(device, Respond(delay=0.5))
    with pytest.raises(TimeoutError):
        await send(session, device, {"n": 1}, vapid, client_timeout=0.1)
    await push.wait_for_attempts(1, timeout=2)

    assert [(a.status, a.abandoned) for a in push.attempts] == [(201, True)]
    assert push.received == []
    with pytest.raises(AssertionError, match="did not see 1 messages"):
        await push.wait_for(1, timeout=0.05)


async def test_unknown_token_is_gone(
    push: PushService, session: aiohttp.ClientSession, vapid: Any
) -> None:
    device = push.device()
    with pytest.raises(WebPushException) as exc:
        await send(session, device, {"n": 1}, vapid, endpoint=f"{push.base_url}/push/expired")
    assert status_of(exc) == 404
    assert [(a.token, a.status) for a in push.attempts] == [("expired", 404)]
    assert push.received == []
    assert push.rejections == []


async def test_expected_key_restricts_the_sender(
    session: aiohttp.ClientSession, vapid: Any
) -> None:
    async with PushService(expected_key=vapid_key(vapid)) as push:
        device = push.device()
        await send(session, device, {"from": "us"}, vapid)
        with pytest.raises(WebPushException) as exc:
            await send(session, device, {"from": "them"}, new_vapid())

    assert status_of(exc) == 403
    assert [m.payload for m in push.received] == [{"from": "us"}]
    assert len(push.rejections) == 1
    assert "is not the subscription's" in push.rejections[0]
