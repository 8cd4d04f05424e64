"""The OAuth security review's findings, each shown closed: an app's token is never the learner's
session, revoking works for every client, an ended family stays ended, tokens stay out of the
logs, and registration takes only well-formed metadata."""

from __future__ import annotations

import base64
import json
import logging
import secrets
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from auth.oauth import CREDENTIAL_READ, PROFILE_READ
from auth.token_keys import load_or_create_signing_key
from auth.tokens import TokenSettings, issue_access_token
from graph.core.database import Graph
from graph.core.errors import Conflict
from graph.core.migrations import MIGRATIONS
from graph.oauth import oauth
from server.logs import configure_logging
from server.settings import Settings
from tests.factories import make_world
from tests.helpers import error_codes, gql, run
from tests.oauth.apps import CREDENTIALS, REDIRECT, Wallet, bearer

APPS = "query { connectedApps { id clientName } }"
REVOKE_APP = "mutation($id: ID!) { revokeConnectedApp(id: $id) }"
CREATE_PAGE = """mutation($input: PortfolioPageInput!) {
  createPortfolioPage(input: $input) { id }
}"""


def claims_of(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    decoded: dict[str, Any] = json.loads(base64.urlsafe_b64decode(payload + "=" * 4))
    return decoded


def minted(settings: Settings, person: str, **kwargs: Any) -> str:
    """A token signed with the server's own key, as if the server had issued it."""
    key = load_or_create_signing_key(settings.key_dir)
    token_settings = TokenSettings(
        settings.token_issuer, settings.token_audience, settings.token_ttl_seconds
    )
    return issue_access_token(key, token_settings, person, **kwargs)


async def refresh_raw(wallet: Wallet, refresh_token: str, scope_field: str) -> httpx.Response:
    """A refresh request for a public client, with the scope field exactly as written."""
    body = (
        f"grant_type=refresh_token&refresh_token={refresh_token}"
        f"&client_id={wallet.client_id}&scope={scope_field}"
    )
    return await wallet.client.post(
        "/oauth/token",
        content=body,
        headers={"content-type": "application/x-www-form-urlencoded"},
    )


# F1 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("blank", ["+", "%20", "%09", "+%09+"])
async def test_a_blank_scope_on_refresh_keeps_the_granted_scope_and_never_makes_a_session(
    blank: str,
    client: httpx.AsyncClient,
    clean_graph: Graph,
    token_for: Callable[[str], str],
) -> None:
    world = await make_world(clean_graph)
    session = token_for(world.people["owner"])
    wallet = await Wallet.register(client, public=True, scope=PROFILE_READ)
    tokens = await wallet.tokens(session, PROFILE_READ)

    answer = await refresh_raw(wallet, tokens["refresh_token"], blank)
    assert answer.status_code == 200, answer.text
    refreshed = answer.json()
    # Blank is absent: the scope originally granted, no more and no less.
    assert refreshed["scope"] == PROFILE_READ
    access = refreshed["access_token"]
    assert claims_of(access)["scope"] == PROFILE_READ
    assert (await client.get("/ims/ob/v3p0/profile", headers=bearer(access))).status_code == 200
    # Still only the app's: no account session on GraphQL, no consent on the learner's behalf.
    assert error_codes(await gql(client, APPS, token=access)) == ["UNAUTHENTICATED"]
    query = wallet.authorization(PROFILE_READ, secrets.token_urlsafe(48))
    assert (await wallet.decide(query, access)).status_code == 401
    # The rotated refresh token kept the scope too.
    again = await wallet.token(grant_type="refresh_token", refresh_token=refreshed["refresh_token"])
    assert again.status_code == 200, again.text
    assert again.json()["scope"] == PROFILE_READ


async def test_a_refresh_token_that_holds_no_scope_gets_no_token(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    wallet = await Wallet.register(client, public=True)
    tokens = await wallet.tokens(token_for(world.people["owner"]), CREDENTIAL_READ)
    # As the hole left them: a refresh token saved with an empty scope.
    await run(clean_graph, "MATCH (t:OAuthToken) SET t.scope = ''")
    answer = await wallet.token(grant_type="refresh_token", refresh_token=tokens["refresh_token"])
    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_scope"
    assert "access_token" not in answer.json()


async def test_an_apps_token_is_marked_and_never_a_session_whatever_its_scopes(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    token_for: Callable[[str], str],
    settings: Settings,
) -> None:
    world = await make_world(clean_graph)
    owner = world.people["owner"]
    wallet = await Wallet.register(client)
    tokens = await wallet.tokens(token_for(owner), f"{CREDENTIAL_READ} {PROFILE_READ}")
    claims = claims_of(tokens["access_token"])
    assert claims["client_id"] == wallet.client_id
    assert claims["sub"] == owner
    # Marked as an app's, even with no scope at all, it is refused as a session.
    for token in (tokens["access_token"], minted(settings, owner, client_id=wallet.client_id)):
        assert error_codes(await gql(client, APPS, token=token)) == ["UNAUTHENTICATED"]
        query = wallet.authorization(CREDENTIAL_READ, secrets.token_urlsafe(48))
        assert (await wallet.decide(query, token)).status_code == 401
    # The learner's own sessions keep working: the web app's and a development token.
    for token in (token_for(owner), minted(settings, owner, session="a-sign-in")):
        assert error_codes(await gql(client, APPS, token=token)) == []


# F2 -------------------------------------------------------------------------------------------


async def test_revoking_and_disconnecting_stop_a_client_without_refresh_tokens(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    session = token_for(world.people["owner"])
    wallet = await Wallet.register(client, grant_types=["authorization_code"])

    tokens = await wallet.tokens(session, CREDENTIAL_READ)
    assert "refresh_token" not in tokens
    access = tokens["access_token"]
    assert (await client.get(CREDENTIALS, headers=bearer(access))).status_code == 200
    assert (await wallet.revoke(access)).status_code == 200
    assert (await client.get(CREDENTIALS, headers=bearer(access))).status_code == 401

    access = (await wallet.tokens(session, CREDENTIAL_READ))["access_token"]
    assert (await client.get(CREDENTIALS, headers=bearer(access))).status_code == 200
    [app] = (await gql(client, APPS, token=session))["data"]["connectedApps"]
    assert (await gql(client, REVOKE_APP, {"id": app["id"]}, token=session))["data"]
    assert (await client.get(CREDENTIALS, headers=bearer(access))).status_code == 401


# F3 -------------------------------------------------------------------------------------------


async def test_an_apps_token_sees_only_what_anyone_sees_outside_the_ob_api(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)  # its badge is the owner's, PRIVATE
    session = token_for(world.people["owner"])
    created = await gql(
        client,
        CREATE_PAGE,
        {
            "input": {
                "title": "Mine",
                "narrative": "n",
                "items": [{"kind": "BADGE", "id": world.assertion, "caption": "c"}],
            }
        },
        token=session,
    )
    page = created["data"]["createPortfolioPage"]["id"]
    wallet = await Wallet.register(client)
    app = (await wallet.tokens(session, f"{CREDENTIAL_READ} {PROFILE_READ}"))["access_token"]

    paths = (
        f"/credentials/{world.assertion}",
        f"/credentials/{world.assertion}/jwt",
        f"/credentials/{world.assertion}/certificate.pdf",
        f"/ob2/assertions/{world.assertion}",
        f"/assertions/{world.assertion}/image",
        f"/portfolios/{page}/page.pdf",
        f"/portfolios/{page}/clr.json",
    )
    for path in paths:
        mine = await client.get(path, headers=bearer(session))
        assert mine.status_code == 200, (path, mine.text)
        anyone = await client.get(path)
        theirs = await client.get(path, headers=bearer(app))
        assert anyone.status_code == 404, path
        assert (theirs.status_code, theirs.content) == (404, anyone.content), path


async def test_an_apps_token_never_gets_the_sessions_stored_reply(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    session = token_for(world.people["owner"])
    wallet = await Wallet.register(client)
    app = (await wallet.tokens(session, CREDENTIAL_READ))["access_token"]
    body = {"query": APPS}
    key = {"idempotency-key": "export-1"}
    mine = await client.post("/graphql", json=body, headers={**bearer(session), **key})
    assert mine.json()["data"]["connectedApps"][0]["clientName"] == "Pocket Wallet"
    theirs = await client.post("/graphql", json=body, headers={**bearer(app), **key})
    assert "idempotent-replayed" not in theirs.headers
    assert error_codes(theirs.json()) == ["UNAUTHENTICATED"]


# F4 -------------------------------------------------------------------------------------------


async def _grant_of(graph: Graph) -> str:
    [found] = await run(graph, "MATCH (g:OAuthGrant) RETURN g.id AS id")
    return str(found["id"])


async def _tokens_in(graph: Graph, family: str) -> int:
    found = await run(graph, "MATCH (t:OAuthToken {family: $f}) RETURN count(t) AS n", f=family)
    return int(found[0]["n"])


async def test_a_family_ended_while_its_code_is_exchanged_issues_nothing(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    wallet = await Wallet.register(client)
    verifier = secrets.token_urlsafe(48)
    code = await wallet.code_for(token_for(world.people["owner"]), CREDENTIAL_READ, verifier)

    # The exchange's two steps, with a replay of the code between them.
    used = await oauth.redeem_code(clean_graph, oauth.digest(code), wallet.client_id)
    assert isinstance(used, oauth.Redeemed)
    replayed = await oauth.redeem_code(clean_graph, oauth.digest(code), wallet.client_id)
    assert replayed == oauth.Refused(used.family)
    saved = await oauth.save_tokens(
        clean_graph, used.grant_id, used.family, oauth.digest("r" * 43), CREDENTIAL_READ, 3600
    )
    assert saved is False
    assert await _tokens_in(clean_graph, used.family) == 0


async def test_a_family_ended_while_its_token_is_refreshed_stays_ended(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    wallet = await Wallet.register(client)
    tokens = await wallet.tokens(token_for(world.people["owner"]), CREDENTIAL_READ)
    grant = await _grant_of(clean_graph)

    # The refresh's two steps, with the family revoked between them.
    using = await oauth.use_refresh_token(
        clean_graph, oauth.digest(tokens["refresh_token"]), wallet.client_id
    )
    assert isinstance(using, oauth.Refreshing)
    await oauth.end_family(clean_graph, using.family)
    rotated = secrets.token_urlsafe(32)
    saved = await oauth.save_tokens(
        clean_graph, grant, using.family, oauth.digest(rotated), CREDENTIAL_READ, 3600
    )
    assert saved is False
    answer = await wallet.token(grant_type="refresh_token", refresh_token=rotated)
    assert answer.json()["error"] == "invalid_grant"

    # Even a token of it that got in somehow, long after the feed forgot the end, is refused.
    stray = secrets.token_urlsafe(32)
    await run(
        clean_graph,
        "MATCH (g:OAuthGrant {id: $g}) CREATE (g)-[:ISSUED]->(:OAuthToken {hash: $h, "
        "family: $f, scope: $s, issuedAt: datetime(), expiresAt: datetime() + duration('P1D')}) "
        "WITH 1 AS done MATCH (r:Revocation) DELETE r",
        g=grant,
        h=oauth.digest(stray),
        f=using.family,
        s=CREDENTIAL_READ,
    )
    answer = await wallet.token(grant_type="refresh_token", refresh_token=stray)
    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_grant"


# F5 -------------------------------------------------------------------------------------------


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture
def debug_logs() -> Iterator[_Collect]:
    """The server's logging as KRING_LOG_LEVEL=DEBUG sets it up, everything collected."""
    root, authlib = logging.getLogger(), logging.getLogger("authlib")
    saved = (root.handlers[:], root.level, authlib.level, logging.getLogger("neo4j").level)
    configure_logging("DEBUG")
    collect = _Collect()
    root.addHandler(collect)
    yield collect
    root.handlers[:], _, _, _ = saved
    root.setLevel(saved[1])
    authlib.setLevel(saved[2])
    logging.getLogger("neo4j").setLevel(saved[3])


async def test_debug_logging_writes_no_token(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    token_for: Callable[[str], str],
    debug_logs: _Collect,
) -> None:
    world = await make_world(clean_graph)
    wallet = await Wallet.register(client)
    tokens = await wallet.tokens(token_for(world.people["owner"]), CREDENTIAL_READ)
    refreshed = (
        await wallet.token(grant_type="refresh_token", refresh_token=tokens["refresh_token"])
    ).json()
    assert debug_logs.lines  # DEBUG is on: the server did log
    written = "\n".join(debug_logs.lines)
    for secret in (tokens["access_token"], tokens["refresh_token"], refreshed["access_token"]):
        assert secret not in written


# F6 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "metadata",
    [
        {"client_uri": 5},
        {"client_uri": ["https://wallet.example"]},
        {"logo_uri": {"href": "https://wallet.example/logo.png"}},
        {"redirect_uris": [5]},
        {"redirect_uris": REDIRECT},
        {"scope": [CREDENTIAL_READ]},
        {"client_name": ["Pocket"]},
        {"grant_types": "authorization_code"},
        {"contacts": [{"mail": "x"}]},
        {"client_uri": "http://wallet.example"},
    ],
)
async def test_registration_refuses_malformed_metadata(
    metadata: dict[str, Any], client: httpx.AsyncClient, clean_graph: Graph
) -> None:
    body = {"client_name": "Pocket", "redirect_uris": [REDIRECT], **metadata}
    answer = await client.post("/oauth/register", json=body)
    assert answer.status_code == 400, answer.text
    assert answer.json()["error"] == "invalid_client_metadata"
    assert await run(clean_graph, "MATCH (c:OAuthClient) RETURN c.id AS id") == []


async def test_registration_keeps_what_the_consent_screen_shows_safe(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    session = token_for(world.people["owner"])
    wallet = await Wallet.register(
        client,
        client_name="Pocket\u202e tellaW\u200b\x07",
        client_uri="http://localhost:8080",
        redirect_uris=["https://bücher.example/cb"],
        scope=f" {CREDENTIAL_READ} ",
    )
    verifier = secrets.token_urlsafe(48)
    query = wallet.authorization(
        CREDENTIAL_READ, verifier, redirect_uri="https://bücher.example/cb"
    )
    consent = await gql(
        client,
        "query($r: String!) { oauthConsent(request: $r) { clientName redirectHost scopes } }",
        {"r": query},
        token=session,
    )
    assert consent["data"]["oauthConsent"] == {
        "clientName": "Pocket tellaW",
        "redirectHost": "xn--bcher-kva.example",
        "scopes": [CREDENTIAL_READ],
    }
    await wallet.decide(query, session)
    [app] = (
        await gql(client, "query { connectedApps { clientName redirectHosts } }", token=session)
    )["data"]["connectedApps"]
    assert app == {"clientName": "Pocket tellaW", "redirectHosts": ["xn--bcher-kva.example"]}


async def test_registrations_are_limited_per_ipv6_network_and_in_all(
    clean_graph: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    def app(n: int) -> oauth.Client:
        return oauth.Client(
            id=f"app-{n}",
            secret_hash=None,
            name="Spam",
            uri=None,
            logo_uri=None,
            redirect_uris=(REDIRECT,),
            scope=CREDENTIAL_READ,
            auth_method="none",
            grant_types=("authorization_code",),
            response_types=("code",),
        )

    # One /64 is one address, however many of its addresses ask.
    for n in range(oauth.REGISTER_RULE.free):
        await oauth.register_client(clean_graph, app(n), f"2001:db8:1:2::{n + 1:x}")
    with pytest.raises(Conflict):
        await oauth.register_client(clean_graph, app(99), "2001:db8:1:2:ffff::1")
    await oauth.register_client(clean_graph, app(100), "2001:db8:1:3::1")  # another network

    # However many addresses ask, registrations an hour have a ceiling.
    monkeypatch.setattr(
        oauth,
        "REGISTER_ALL_RULE",
        oauth.REGISTER_ALL_RULE.__class__("oauth-register-all-test", 3, 60, 3600, 3600),
    )
    for n in range(3):
        await oauth.register_client(clean_graph, app(200 + n), f"192.0.2.{n + 1}")
    with pytest.raises(Conflict):
        await oauth.register_client(clean_graph, app(300), "198.51.100.1")


async def test_clients_nobody_let_in_are_pruned_after_a_while(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    used = await Wallet.register(client, client_name="Used")
    await used.tokens(token_for(world.people["owner"]), CREDENTIAL_READ)
    await Wallet.register(client, client_name="Unused")
    await Wallet.register(client, client_name="New")
    await run(
        clean_graph,
        "MATCH (c:OAuthClient) WHERE c.name <> 'New' "
        "SET c.registeredAt = datetime() - duration({days: $d})",
        d=oauth.CLIENT_UNUSED_DAYS + 1,
    )
    await oauth.prune(clean_graph)
    names = await run(clean_graph, "MATCH (c:OAuthClient) RETURN c.name AS n ORDER BY n")
    assert [r["n"] for r in names] == ["New", "Used"]


async def test_migration_35_keeps_the_families_tokens_and_codes_started(
    clean_graph: Graph,
) -> None:
    # The graph as it was: families only on refresh tokens and used codes, one family ended
    # (its tokens revoked), one refresh token left with an empty scope by the blank-scope hole.
    await run(
        clean_graph,
        "CREATE (c:OAuthClient {id: 'app'})<-[:TO]-(g:OAuthGrant {id: 'g', "
        "grantedAt: datetime() - duration('P3D')}) "
        "CREATE (g)-[:ISSUED]->(:OAuthToken {hash: 'a1', family: 'live', scope: $s, "
        "issuedAt: datetime(), expiresAt: datetime() + duration('P30D')}) "
        "CREATE (g)-[:ISSUED]->(:OAuthToken {hash: 'b1', family: 'ended', scope: $s, "
        "issuedAt: datetime(), expiresAt: datetime() + duration('P30D'), "
        "revokedAt: datetime()}) "
        "CREATE (g)-[:ISSUED]->(:OAuthToken {hash: 'c1', family: 'blank', scope: ' ', "
        "issuedAt: datetime(), expiresAt: datetime() + duration('P30D')}) "
        "CREATE (g)-[:ISSUED]->(:OAuthCode {hash: 'd1', family: 'code-only', "
        "usedAt: datetime(), expiresAt: datetime()})",
        s=CREDENTIAL_READ,
    )
    [migration] = [m for m in MIGRATIONS if m.version == 35]
    for statement in migration.statements:
        if not statement.startswith("CREATE "):  # the schema is there already
            await run(clean_graph, statement)
    families = await run(
        clean_graph,
        "MATCH (:OAuthGrant {id: 'g'})-[:ISSUED]->(f:OAuthFamily) "
        "RETURN f.id AS id, f.endedAt IS NOT NULL AS ended ORDER BY id",
    )
    assert families == [
        {"id": "blank", "ended": True},
        {"id": "code-only", "ended": False},
        {"id": "ended", "ended": True},
        {"id": "live", "ended": False},
    ]
    # The scope-less access tokens the hole gave stop with their family (the session feed).
    ended = await run(clean_graph, "MATCH (r:Revocation) RETURN r.family AS family")
    assert ended == [{"family": "blank"}]
    [client] = await run(clean_graph, "MATCH (c:OAuthClient) RETURN c.lastGrantedAt IS NULL AS n")
    assert client == {"n": False}  # a client with a grant is never pruned as unused
