"""Browser sessions: HttpOnly cookies, CSRF on every state change, refresh and logout."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from auth.oauth import CREDENTIAL_READ
from graph.core.database import Graph
from server.settings import Settings
from tests.credential_world import scoped
from tests.factories import make_person

ME = {"query": "{ me { email } }"}


@pytest.fixture(autouse=True)
async def fresh_cookies(client: httpx.AsyncClient) -> AsyncIterator[None]:
    """The shared client must not carry one test's session into the next."""
    client.cookies.clear()
    yield
    client.cookies.clear()


async def _browser_login(client: httpx.AsyncClient, email: str) -> tuple[httpx.Response, str]:
    response = await client.post("/auth/dev-login", json={"email": email, "mode": "cookie"})
    assert response.status_code == 200, response.text
    return response, response.headers["x-csrf-token"]


async def test_cookie_session_needs_the_csrf_header_to_change_anything(
    client: httpx.AsyncClient, clean_graph: Graph
) -> None:
    await make_person(clean_graph, "li@x.example", "Li")
    response, csrf = await _browser_login(client, "li@x.example")
    assert "access_token" not in response.json()  # never readable by page scripts
    cookies = {c.name: c for c in client.cookies.jar}
    assert set(cookies) >= {"kring_access", "kring_refresh", "kring_csrf"}
    set_cookie = "\n".join(response.headers.get_list("set-cookie"))
    assert "kring_access=" in set_cookie
    assert "HttpOnly" in set_cookie
    assert "Path=/auth" in set_cookie
    assert "samesite=strict" in set_cookie.lower()

    read = await client.get("/graphql", params=ME)  # a read needs no CSRF token
    assert read.json()["data"]["me"] == {"email": "li@x.example"}
    refused = await client.post("/graphql", json=ME)
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    wrong = await client.post("/graphql", json=ME, headers={"x-csrf-token": "guess"})
    assert wrong.status_code == 403
    allowed = await client.post("/graphql", json=ME, headers={"x-csrf-token": csrf})
    assert allowed.json()["data"]["me"] == {"email": "li@x.example"}


async def test_cookie_refresh_and_logout(client: httpx.AsyncClient, clean_graph: Graph) -> None:
    await make_person(clean_graph, "mo@x.example", "Mo")
    _, csrf = await _browser_login(client, "mo@x.example")
    refreshed = await client.post(
        "/auth/token", data={"grant_type": "refresh_token"}, headers={"x-csrf-token": csrf}
    )
    assert refreshed.status_code == 200
    assert refreshed.json()["token_type"] == "cookie"
    csrf = refreshed.headers["x-csrf-token"]
    out = await client.post("/auth/logout", headers={"x-csrf-token": csrf})
    assert out.status_code == 204
    assert "kring_access" not in {c.name for c in client.cookies.jar}
    gone = await client.get("/graphql", params=ME)
    assert gone.json()["data"]["me"] is None
    client.cookies.clear()


async def test_apps_with_bearer_tokens_need_no_csrf_token(
    client: httpx.AsyncClient, clean_graph: Graph
) -> None:
    await make_person(clean_graph, "ny@x.example", "Ny")
    tokens = (await client.post("/auth/dev-login", json={"email": "ny@x.example"})).json()
    client.cookies.clear()
    response = await client.post(
        "/graphql", json=ME, headers={"authorization": f"Bearer {tokens['access_token']}"}
    )
    assert response.json()["data"]["me"] == {"email": "ny@x.example"}


async def test_verify_takes_the_csrf_token_from_signed_in_browsers(
    client: httpx.AsyncClient, clean_graph: Graph
) -> None:
    # The verify page sends it with an address of ours (tests/web/test_verify.py).
    await make_person(clean_graph, "ol@x.example", "Ol")
    _, csrf = await _browser_login(client, "ol@x.example")
    without = await client.post("/verify", content=b"{}")
    assert without.status_code == 403
    with_token = await client.post("/verify", content=b"{}", headers={"x-csrf-token": csrf})
    assert with_token.status_code == 400  # past CSRF: "{}" is simply not a credential


async def test_a_junk_cookie_does_not_switch_the_csrf_check_off(
    client: httpx.AsyncClient, clean_graph: Graph
) -> None:
    await make_person(clean_graph, "ned@x.example", "Ned")
    await _browser_login(client, "ned@x.example")
    session = {c.name: c.value or "" for c in client.cookies.jar}
    client.cookies.clear()
    # An illegal cookie name, as a hostile page or a sloppy subdomain could set one.
    cookie = "a@b=1; " + "; ".join(f"{k}={v}" for k, v in session.items() if k != "kring_csrf")
    mutation = {
        "query": 'mutation { saveArea(input: {name: "X", latitude: 51, longitude: 3.7, '
        "radiusKm: 1}) { id } }"
    }
    forged = await client.post("/graphql", json=mutation, headers={"cookie": cookie})
    assert forged.status_code == 403
    assert forged.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    # A plain cross-site form post cannot log the person out either.
    logout = await client.post(
        "/auth/logout",
        data={"x": "1"},
        headers={"cookie": "a@b=1; kring_refresh=" + session["kring_refresh"]},
    )
    assert logout.status_code == 403
    still = await client.get("/graphql", params=ME, headers={"cookie": cookie})
    assert still.json()["data"]["me"] == {"email": "ned@x.example"}
    areas = await client.get(
        "/graphql", params={"query": "{ savedAreas { id } }"}, headers={"cookie": cookie}
    )
    assert areas.json()["data"]["savedAreas"] == []


async def test_signing_out_everywhere_ends_every_session_of_the_person(
    client: httpx.AsyncClient, clean_graph: Graph, settings: Settings
) -> None:
    eve = await make_person(clean_graph, "eve@x.example", "Eve")
    await make_person(clean_graph, "ray@x.example", "Ray")
    # Other devices: an app of Eve's with bearer tokens, and another person's session.
    app = (await client.post("/auth/dev-login", json={"email": "eve@x.example"})).json()
    ray = (await client.post("/auth/dev-login", json={"email": "ray@x.example"})).json()
    client.cookies.clear()
    _, csrf = await _browser_login(client, "eve@x.example")
    bearer = {"authorization": f"Bearer {app['access_token']}"}

    # Riding on the session cookie without the CSRF header: refused, nothing ends.
    forged = await client.post("/auth/logout-everywhere")
    assert forged.status_code == 403
    assert forged.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    session = {c.name: c.value or "" for c in client.cookies.jar}
    client.cookies.clear()
    # Not signed in, or only through a token granted to a third-party app: not allowed.
    for headers in ({}, scoped(settings, eve, CREDENTIAL_READ)):
        nobody = await client.post("/auth/logout-everywhere", headers=headers)
        assert nobody.status_code == 401
        assert nobody.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert (await client.post("/graphql", json=ME, headers=bearer)).json()["data"]["me"]

    for name, value in session.items():
        client.cookies.set(name, value)
    done = await client.post("/auth/logout-everywhere", headers={"x-csrf-token": csrf})
    assert done.status_code == 200, done.text
    assert done.json() == {"sessionsEnded": 2}
    cleared = "\n".join(done.headers.get_list("set-cookie"))
    for name in ("kring_access", "kring_refresh", "kring_csrf"):
        assert f'{name}="";' in cleared
    client.cookies.clear()
    # The app's access and refresh tokens are dead too; the other person is still signed in.
    gone = await client.post("/graphql", json=ME, headers=bearer)
    assert (gone.status_code, gone.json()["errors"][0]["extensions"]["code"]) == (
        401,
        "UNAUTHENTICATED",
    )
    refresh = await client.post(
        "/auth/token", data={"grant_type": "refresh_token", "refresh_token": app["refresh_token"]}
    )
    assert refresh.status_code == 400
    still = await client.post(
        "/graphql", json=ME, headers={"authorization": f"Bearer {ray['access_token']}"}
    )
    assert still.json()["data"]["me"] == {"email": "ray@x.example"}


async def test_a_browser_signed_out_elsewhere_can_sign_out_and_in_again(
    client: httpx.AsyncClient, clean_graph: Graph
) -> None:
    await make_person(clean_graph, "ida@x.example", "Ida")
    _, csrf = await _browser_login(client, "ida@x.example")
    cookie = "; ".join(f"{c.name}={c.value}" for c in client.cookies.jar)
    client.cookies.clear()
    # On another device (an app of hers), she signs out everywhere.
    app = (await client.post("/auth/dev-login", json={"email": "ida@x.example"})).json()
    everywhere = await client.post(
        "/auth/logout-everywhere", headers={"authorization": f"Bearer {app['access_token']}"}
    )
    assert everywhere.json() == {"sessionsEnded": 2}
    client.cookies.clear()
    # The browser's session cookies are dead to the API...
    dead = await client.get("/graphql", params=ME, headers={"cookie": cookie})
    assert dead.status_code == 401
    # ...yet they do not stop it signing out (which clears them) or signing in again.
    out = await client.post("/auth/logout", headers={"cookie": cookie, "x-csrf-token": csrf})
    assert out.status_code == 204
    assert 'kring_access="";' in "\n".join(out.headers.get_list("set-cookie"))
    again = await client.post(
        "/auth/dev-login",
        json={"email": "ida@x.example", "mode": "cookie"},
        headers={"cookie": cookie, "x-csrf-token": csrf},
    )
    assert again.status_code == 200, again.text
    assert (await client.get("/graphql", params=ME)).json()["data"]["me"] == {
        "email": "ida@x.example"
    }
    client.cookies.clear()
