"""Local accounts: register, verify, log in, throttles, reset; no answer reveals an account."""

from __future__ import annotations

import logging
import re

import httpx
import pytest
from asgi_lifespan import LifespanManager

from graph.core.database import Graph, Neo4jTarget
from server.app import create_app
from server.settings import Settings
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
    # The link opens the web app's page, which posts the token (a link checker's GET of the
    # page uses nothing up).
    assert "http://testserver/verify-email?token=" in link
    verified = await client.post("/auth/verify-email", json={"token": token_in(link)})
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
    # A quarter of an hour later (the address heard from Kring just now):
    await run(clean_graph, "MATCH (t:Throttle) DELETE t")
    taken = await _register(client, "ha@x.example", "another password!")
    assert (taken.status_code, taken.json()) == (first_new.status_code, first_new.json())
    told = last_mail(caplog, "ha@x.example")
    assert "already have a Kring account" in told
    assert "http://testserver/forgot-password" in told
    assert (await _login(client, "ha@x.example", PASSWORD)).status_code == 200


async def test_wrong_passwords_slow_down_the_guesser_and_tell_the_owner(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    caplog: pytest.LogCaptureFixture,
    settings: Settings,
    neo4j_target: Neo4jTarget,
) -> None:
    caplog.set_level(logging.INFO, logger="kring.mail")
    await _register(client, "io@x.example")
    await client.get(f"/auth/verify-email?token={token_in(last_mail(caplog, 'io@x.example'))}")
    wrong = await _login(client, "io@x.example", "not the password")
    unknown = await _login(client, "nobody@x.example", "not the password")
    assert (wrong.status_code, wrong.json()) == (unknown.status_code, unknown.json())
    # Guesses alternate between two replicas of the app: they count as one.
    other = create_app(settings, neo4j_target)
    async with LifespanManager(other) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as peer:
            for n in range(5):
                await _login(peer if n % 2 else client, "io@x.example", "still wrong!!")
            slowed = await _login(peer, "io@x.example", PASSWORD)
        assert slowed.status_code == 429  # the right password waits its turn too
        assert int(slowed.headers["retry-after"]) >= 1
        assert slowed.json()["error"] == "too_many_attempts"
        # The owner, signing in from another client, is not held up by the guesser's.
        elsewhere = httpx.ASGITransport(app=manager.app, client=("10.9.8.7", 4321))
        async with httpx.AsyncClient(transport=elsewhere, base_url="http://testserver") as own:
            assert (await _login(own, "io@x.example", PASSWORD)).status_code == 200
    # ...and heard about the guessing, once.
    told = await run(
        clean_graph,
        "MATCH (n:Notification {kind: 'SIGN_IN_ATTEMPTS'})-[:TO]->(:Person {email: $e}) "
        "RETURN count(n) AS n",
        e="io@x.example",
    )
    assert told == [{"n": 1}]
    # Once the delay has passed, the guesser's client may try again (and here succeeds).
    await run(clean_graph, "MATCH (t:Throttle) SET t.blockedUntil = datetime() - duration('PT1S')")
    assert (await _login(client, "io@x.example", PASSWORD)).status_code == 200


async def test_registration_mail_and_clients_are_throttled(
    client: httpx.AsyncClient, clean_graph: Graph, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="kring.mail")

    def mails(to: str) -> int:
        return sum(
            1 for r in caplog.records if r.name == "kring.mail" and getattr(r, "to", None) == to
        )

    # Registering one address again and again mails it once a quarter of an hour.
    answers = [(await _register(client, "victim@x.example")).status_code for _ in range(3)]
    assert answers == [202, 202, 202]
    assert mails("victim@x.example") == 1
    # One client registering many addresses is slowed down after ten.
    codes = [(await _register(client, f"bulk{n}@x.example")).status_code for n in range(10)]
    assert codes == [202] * 7 + [429] * 3  # three already went to victim@ above
    assert mails("bulk9@x.example") == 0


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
    assert "http://testserver/reset-password?token=" in last_mail(caplog, "jo@x.example")
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
