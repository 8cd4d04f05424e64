"""Local accounts: register, verify, log in, lock out, reset; no answer reveals an account."""

from __future__ import annotations

import logging
import re

import httpx
import pytest

from graph.database import Graph
from tests.factories import make_person
from tests.helpers import gql, run

PASSWORD = "correct horse battery"


def last_mail(caplog: pytest.LogCaptureFixture, to: str) -> str:
    """The body of the newest message to `to` (development mode writes mail to the log)."""
    bodies = [
        str(getattr(r, "body", ""))
        for r in caplog.records
        if r.name == "kring.mail" and getattr(r, "to", None) == to
    ]
    assert bodies, f"no mail to {to}"
    return bodies[-1]


def token_in(body: str) -> str:
    match = re.search(r"token=([A-Za-z0-9_-]+)|: ([A-Za-z0-9_-]{30,})$", body)
    assert match, body
    return match.group(1) or match.group(2)


async def _register(
    client: httpx.AsyncClient, email: str, password: str = PASSWORD
) -> httpx.Response:
    return await client.post(
        "/auth/register", json={"email": email, "name": "Gert", "password": password}
    )


async def _login(client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    return await client.post("/auth/login", json={"email": email, "password": password})


async def test_register_verify_and_log_in(
    client: httpx.AsyncClient, clean_graph: Graph, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="kring.mail")
    assert (await _register(client, "Gert@Buurt.example")).status_code == 202
    early = await _login(client, "gert@buurt.example", PASSWORD)
    assert early.json()["error_description"] == "Confirm your e-mail address first."
    link = last_mail(caplog, "gert@buurt.example")
    verified = await client.get(f"/auth/verify-email?token={token_in(link)}")
    assert verified.json() == {"verified": True}
    again = await client.get(f"/auth/verify-email?token={token_in(link)}")
    assert again.status_code == 400  # single use
    tokens = (await _login(client, "gert@buurt.example", PASSWORD)).json()
    me = await gql(client, "{ me { email name } }", token=tokens["access_token"])
    assert me["data"]["me"] == {"email": "gert@buurt.example", "name": "Gert"}
    stored = await run(
        clean_graph, "MATCH (p:Person {email: 'gert@buurt.example'}) RETURN p.passwordHash AS h"
    )
    assert stored[0]["h"].startswith("$argon2id$")


async def test_registering_a_taken_address_reveals_nothing(
    client: httpx.AsyncClient, clean_graph: Graph, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="kring.mail")
    await _register(client, "ha@x.example")
    await client.get(f"/auth/verify-email?token={token_in(last_mail(caplog, 'ha@x.example'))}")
    first_new = await _register(client, "new@x.example")
    taken = await _register(client, "ha@x.example", "another password!")
    assert (taken.status_code, taken.json()) == (first_new.status_code, first_new.json())
    assert "already have a Kring account" in last_mail(caplog, "ha@x.example")
    assert (await _login(client, "ha@x.example", PASSWORD)).status_code == 200


async def test_wrong_passwords_lock_the_account_and_look_like_unknown_addresses(
    client: httpx.AsyncClient, clean_graph: Graph, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="kring.mail")
    await _register(client, "io@x.example")
    await client.get(f"/auth/verify-email?token={token_in(last_mail(caplog, 'io@x.example'))}")
    wrong = await _login(client, "io@x.example", "not the password")
    unknown = await _login(client, "nobody@x.example", "not the password")
    assert (wrong.status_code, wrong.json()) == (unknown.status_code, unknown.json())
    for _ in range(4):
        await _login(client, "io@x.example", "still wrong!!")
    locked = await _login(client, "io@x.example", PASSWORD)
    assert locked.status_code == 400  # the right password does not help while locked
    await run(
        clean_graph,
        "MATCH (p:Person {email: 'io@x.example'}) "
        "SET p.lockedUntil = datetime() - duration('PT1S')",
    )
    assert (await _login(client, "io@x.example", PASSWORD)).status_code == 200


async def test_password_reset_ends_old_sessions(
    client: httpx.AsyncClient, clean_graph: Graph, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="kring.mail")
    await _register(client, "jo@x.example")
    await client.get(f"/auth/verify-email?token={token_in(last_mail(caplog, 'jo@x.example'))}")
    session = (await _login(client, "jo@x.example", PASSWORD)).json()
    unknown = await client.post("/auth/password-reset", json={"email": "ghost@x.example"})
    asked = await client.post("/auth/password-reset", json={"email": "jo@x.example"})
    assert (asked.status_code, asked.json()) == (unknown.status_code, unknown.json())
    reset_token = token_in(last_mail(caplog, "jo@x.example"))
    weak = await client.post(
        "/auth/password-reset/confirm", json={"token": reset_token, "password": "short"}
    )
    assert weak.status_code == 400
    done = await client.post(
        "/auth/password-reset/confirm", json={"token": reset_token, "password": "a new long secret"}
    )
    assert done.status_code == 204
    assert (await _login(client, "jo@x.example", PASSWORD)).status_code == 400
    assert (await _login(client, "jo@x.example", "a new long secret")).status_code == 200
    refresh = await client.post(
        "/auth/token",
        data={"grant_type": "refresh_token", "refresh_token": session["refresh_token"]},
    )
    assert refresh.status_code == 400
    reused = await client.post(
        "/auth/password-reset/confirm", json={"token": reset_token, "password": "yet another one"}
    )
    assert reused.status_code == 400


async def test_an_invited_person_registers_into_their_existing_record(
    client: httpx.AsyncClient, clean_graph: Graph, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="kring.mail")
    invited = await make_person(clean_graph, "ka@x.example", "ka@x.example")
    await _register(client, "ka@x.example")
    await client.get(f"/auth/verify-email?token={token_in(last_mail(caplog, 'ka@x.example'))}")
    tokens = (await _login(client, "ka@x.example", PASSWORD)).json()
    me = await gql(client, "{ me { id name } }", token=tokens["access_token"])
    assert me["data"]["me"] == {"id": invited, "name": "Gert"}
