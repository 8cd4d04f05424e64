"""Portfolio pages: composed only from the learner's own record, shown to visitors as far as the
page and each item are shared, and never showing what is no longer theirs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from graph.core.database import Graph
from graph.portfolios.pages import BY_ID, MAX_PAGES, OF_LEARNER
from tests.factories import World, make_world, new_id
from tests.helpers import error_codes, gql, plan_operators, run, scans, seeks_on

FIELDS = """id title narrative visibility shareToken mine learnerName
  items { kind id caption name issuerName status visibility shownToVisitors revocationReason }"""
CREATE = (
    "mutation($input: PortfolioPageInput!) { createPortfolioPage(input: $input) { "
    + FIELDS
    + " } }"
)
UPDATE = (
    "mutation($id: ID!, $input: PortfolioPageInput!) { updatePortfolioPage(id: $id, "
    "input: $input) { " + FIELDS + " } }"
)
SHARE = (
    "mutation($id: ID!, $v: Visibility!, $r: Boolean! = false) { setPortfolioPageVisibility("
    "id: $id, visibility: $v, rotateLink: $r) { " + FIELDS + " } }"
)
DELETE = "mutation($id: ID!) { deletePortfolioPage(id: $id) }"
PAGE = "query($id: ID!, $t: String) { portfolioPage(id: $id, token: $t) { " + FIELDS + " } }"
MINE = "query { myPortfolioPages { id title items { kind id } } }"
CHOICES = "query { myPortfolioChoices { kind id name status } }"

# The world's claim by `owner` gets an evidence link; the owner's badge is PUBLIC.
EVIDENCE = """
MATCH (c:Claim {id: $claim})
CREATE (c)-[:HAS_EVIDENCE]->(e:Evidence {id: randomUUID(), kind: 'URL', name: 'Photos',
        url: 'https://example.org/photos', description: 'The day itself', addedAt: datetime()})
RETURN e.id AS id
"""


async def _world(graph: Graph) -> tuple[World, str]:
    world = await make_world(graph)
    await run(
        graph,
        "MATCH (a:Assertion {id: $a}) SET a.visibility = 'PUBLIC'",
        a=world.assertion,
    )
    evidence = (await run(graph, EVIDENCE, claim=world.open_claim))[0]["id"]
    return world, evidence


def _items(world: World, evidence: str) -> list[dict[str, str]]:
    return [
        {"kind": "BADGE", "id": world.assertion, "caption": "My first badge"},
        {"kind": "CLAIM", "id": world.open_claim, "caption": ""},
        {"kind": "EVIDENCE", "id": evidence, "caption": "Look"},
    ]


async def _create(
    client: httpx.AsyncClient, token: str, items: list[dict[str, str]], title: str = "My story"
) -> dict[str, Any]:
    body = await gql(
        client,
        CREATE,
        {"input": {"title": title, "narrative": "First.\r\n\r\nSecond.", "items": items}},
        token=token,
    )
    assert "errors" not in body, body
    page: dict[str, Any] = body["data"]["createPortfolioPage"]
    return page


async def test_a_learner_composes_reorders_captions_and_deletes_a_page(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world, evidence = await _world(clean_graph)
    token = token_for(world.people["owner"])
    choices = (await gql(client, CHOICES, token=token))["data"]["myPortfolioChoices"]
    assert {(c["kind"], c["id"]) for c in choices} >= {
        ("BADGE", world.assertion),
        ("CLAIM", world.open_claim),
        ("EVIDENCE", evidence),
    }
    page = await _create(client, token, _items(world, evidence))
    assert (page["visibility"], page["mine"], page["narrative"]) == (
        "PRIVATE",
        True,
        "First.\n\nSecond.",
    )
    assert [(i["kind"], i["caption"]) for i in page["items"]] == [
        ("BADGE", "My first badge"),
        ("CLAIM", ""),
        ("EVIDENCE", "Look"),
    ]
    assert page["items"][0]["status"] == "ACTIVE"
    assert page["items"][2]["name"] == "Photos"

    reordered = [
        {"kind": "EVIDENCE", "id": evidence, "caption": "Look again"},
        {"kind": "BADGE", "id": world.assertion, "caption": ""},
    ]
    body = await gql(
        client,
        UPDATE,
        {"id": page["id"], "input": {"title": "Renamed", "items": reordered}},
        token=token,
    )
    changed = body["data"]["updatePortfolioPage"]
    assert changed["title"] == "Renamed"
    assert [(i["kind"], i["caption"]) for i in changed["items"]] == [
        ("EVIDENCE", "Look again"),
        ("BADGE", ""),
    ]
    mine = (await gql(client, MINE, token=token))["data"]["myPortfolioPages"]
    assert [p["title"] for p in mine] == ["Renamed"]

    assert (await gql(client, DELETE, {"id": page["id"]}, token=token))["data"] == {
        "deletePortfolioPage": True
    }
    assert (await gql(client, MINE, token=token))["data"]["myPortfolioPages"] == []
    # The items themselves stay in the record.
    left = await run(clean_graph, "MATCH (a:Assertion {id: $a}) RETURN a.id", a=world.assertion)
    assert len(left) == 1


async def test_only_my_own_items_go_on_my_page_and_a_refusal_changes_nothing(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world, evidence = await _world(clean_graph)
    # Someone else's badge, claim and evidence: the same ids, offered by another learner.
    stranger = token_for(world.people["learner"])
    for item in _items(world, evidence):
        body = await gql(
            client, CREATE, {"input": {"title": "Not mine", "items": [item]}}, token=stranger
        )
        assert error_codes(body) == ["NOT_FOUND"], item
        assert body["errors"][0]["extensions"]["field"] == "items"
    # A badge id passed off as a claim is not the learner's claim either.
    token = token_for(world.people["owner"])
    wrong_kind = {"kind": "CLAIM", "id": world.assertion}
    assert error_codes(
        await gql(client, CREATE, {"input": {"title": "T", "items": [wrong_kind]}}, token=token)
    ) == ["NOT_FOUND"]
    stored = await run(clean_graph, "MATCH (p:PortfolioPage) RETURN count(p) AS n")
    assert stored[0]["n"] == 0

    page = await _create(client, token, _items(world, evidence)[:1])
    # An update with one foreign item keeps the page as it was.
    body = await gql(
        client,
        UPDATE,
        {
            "id": page["id"],
            "input": {"title": "Changed", "items": [{"kind": "BADGE", "id": new_id()}]},
        },
        token=token,
    )
    assert error_codes(body) == ["NOT_FOUND"]
    again = (await gql(client, PAGE, {"id": page["id"]}, token=token))["data"]["portfolioPage"]
    assert (again["title"], len(again["items"])) == ("My story", 1)
    # Another learner cannot change, share or delete it, nor tell it exists.
    for document, variables in (
        (UPDATE, {"id": page["id"], "input": {"title": "Mine now"}}),
        (SHARE, {"id": page["id"], "v": "PUBLIC"}),
        (DELETE, {"id": page["id"]}),
    ):
        assert error_codes(await gql(client, document, variables, token=stranger)) == ["NOT_FOUND"]


async def test_bad_input_is_refused_with_its_field(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world, _ = await _world(clean_graph)
    token = token_for(world.people["owner"])
    badge = {"kind": "BADGE", "id": world.assertion}
    cases = [
        ({"title": "  "}, "title"),
        ({"title": "x" * 121}, "title"),
        ({"title": "T", "narrative": "x" * 10_001}, "narrative"),
        ({"title": "T", "items": [badge, badge]}, "items.1.id"),
        ({"title": "T", "items": [{**badge, "caption": "c" * 281}]}, "items.0.caption"),
        ({"title": "T", "items": [badge] * 51}, "items"),
    ]
    for given, field in cases:
        body = await gql(client, CREATE, {"input": given}, token=token)
        assert error_codes(body) == ["BAD_USER_INPUT"], given
        assert body["errors"][0]["extensions"]["field"] == field
    for secret in ("<script>", "é" * 3, "x" * 65):
        body = await gql(client, PAGE, {"id": new_id(), "t": secret})
        assert error_codes(body) == ["BAD_USER_INPUT"], secret


async def test_at_most_twenty_pages(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    await run(
        clean_graph,
        "MATCH (p:Person {id: $p}) UNWIND range(1, $n) AS n "
        "CREATE (p)-[:COMPOSED]->(:PortfolioPage {id: randomUUID(), title: 'P' + n, "
        "visibility: 'PRIVATE', createdAt: datetime(), updatedAt: datetime(), version: 0})",
        p=world.people["owner"],
        n=MAX_PAGES,
    )
    body = await _try_create(client, token_for(world.people["owner"]))
    assert error_codes(body) == ["CONFLICT"]


async def _try_create(client: httpx.AsyncClient, token: str) -> dict[str, Any]:
    return await gql(client, CREATE, {"input": {"title": "One more"}}, token=token)


async def test_who_sees_a_page_private_link_public(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world, evidence = await _world(clean_graph)
    owner = token_for(world.people["owner"])
    other = token_for(world.people["learner"])
    page = await _create(client, owner, _items(world, evidence))
    key = {"id": page["id"]}

    async def seen(token: str | None, secret: str | None = None) -> dict[str, Any] | None:
        body = await gql(client, PAGE, {**key, "t": secret}, token=token)
        assert "errors" not in body, body
        found: dict[str, Any] | None = body["data"]["portfolioPage"]
        return found

    # PRIVATE: only its learner; anyone else gets what a missing page gives.
    assert (await seen(owner)) is not None
    assert await seen(other) is None
    assert await seen(None) is None

    # LINK: with the secret only; the visitor never reads the secret itself.
    shared = (await gql(client, SHARE, {**key, "v": "LINK"}, token=owner))["data"]
    secret = shared["setPortfolioPageVisibility"]["shareToken"]
    assert secret
    assert await seen(None) is None
    assert await seen(other, "wrong-secret") is None
    visitor = await seen(None, secret)
    assert visitor is not None
    assert (visitor["shareToken"], visitor["mine"]) == (None, False)
    # The badge is PUBLIC, the claim (and so its evidence) PRIVATE: kept back.
    assert [i["kind"] for i in visitor["items"]] == ["BADGE"]
    mine = await seen(owner)
    assert mine is not None
    assert [i["shownToVisitors"] for i in mine["items"]] == [True, False, False]

    # Rotating the link: the old secret stops working, the new one works.
    rotated = await gql(client, SHARE, {**key, "v": "LINK", "r": True}, token=owner)
    fresh = rotated["data"]["setPortfolioPageVisibility"]["shareToken"]
    assert fresh
    assert fresh != secret
    assert await seen(None, secret) is None
    assert await seen(None, fresh) is not None

    # The claim shared by link shows on a LINK page, with its evidence, but not on a public one.
    await run(
        clean_graph,
        "MATCH (c:Claim {id: $c}) SET c.visibility = 'LINK', c.shareToken = 'x'",
        c=world.open_claim,
    )
    linked = await seen(None, fresh)
    assert linked is not None
    assert [i["kind"] for i in linked["items"]] == ["BADGE", "CLAIM", "EVIDENCE"]
    await gql(client, SHARE, {**key, "v": "PUBLIC"}, token=owner)
    public = await seen(None)
    assert public is not None
    assert [i["kind"] for i in public["items"]] == ["BADGE"]
    assert (await seen(other)) == public

    # PRIVATE again retires the link: a later share gets a new one.
    await gql(client, SHARE, {**key, "v": "PRIVATE"}, token=owner)
    assert await seen(None, fresh) is None
    assert await seen(None) is None
    # Only a link can be rotated.
    assert error_codes(
        await gql(client, SHARE, {**key, "v": "PRIVATE", "r": True}, token=owner)
    ) == ["CONFLICT"]


async def test_my_private_badge_stays_off_my_public_page(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world, evidence = await _world(clean_graph)
    owner = token_for(world.people["owner"])
    page = await _create(client, owner, _items(world, evidence)[:1])
    await gql(client, SHARE, {"id": page["id"], "v": "PUBLIC"}, token=owner)
    await run(
        clean_graph,
        "MATCH (a:Assertion {id: $a}) SET a.visibility = 'PRIVATE', a.shareToken = null",
        a=world.assertion,
    )
    shown = (await gql(client, PAGE, {"id": page["id"]}))["data"]["portfolioPage"]
    assert (shown["title"], shown["items"]) == ("My story", [])


async def test_a_revoked_badge_shows_as_revoked_and_a_deleted_item_disappears(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world, evidence = await _world(clean_graph)
    owner = token_for(world.people["owner"])
    await run(
        clean_graph,
        "MATCH (c:Claim {id: $c}) SET c.visibility = 'PUBLIC'",
        c=world.open_claim,
    )
    page = await _create(client, owner, _items(world, evidence))
    await gql(client, SHARE, {"id": page["id"], "v": "PUBLIC"}, token=owner)
    await run(
        clean_graph,
        "MATCH (a:Assertion {id: $a}) SET a.revokedAt = datetime(), "
        "a.revocationReason = 'Issued in error'",
        a=world.assertion,
    )
    await run(clean_graph, "MATCH (e:Evidence {id: $e}) DETACH DELETE e", e=evidence)
    shown = (await gql(client, PAGE, {"id": page["id"]}))["data"]["portfolioPage"]
    assert [(i["kind"], i["status"]) for i in shown["items"]] == [
        ("BADGE", "REVOKED"),
        ("CLAIM", "OPEN"),
    ]
    assert shown["items"][0]["revocationReason"] == "Issued in error"
    # A badge that is no longer the learner's (held by someone else now) is gone from it.
    await run(
        clean_graph,
        "MATCH (p:Person)-[h:HOLDS]->(a:Assertion {id: $a}) DELETE h WITH a "
        "MATCH (q:Person {id: $q}) CREATE (q)-[:HOLDS]->(a)",
        a=world.assertion,
        q=world.people["learner"],
    )
    shown = (await gql(client, PAGE, {"id": page["id"]}))["data"]["portfolioPage"]
    assert [i["kind"] for i in shown["items"]] == ["CLAIM"]


async def test_an_external_credential_is_one_more_item(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    # Test data in the shape the external-credentials contract fixes.
    external = new_id()
    await run(
        clean_graph,
        "MATCH (p:Person {id: $p}) CREATE (p)-[:HOLDS_EXTERNAL]->(:ExternalCredential {"
        "id: $x, name: 'First aid', issuerName: 'Red Cross', issuerUrl: 'https://rc.example', "
        "kind: 'OB3_JSON', issuedOn: datetime(), verifiedAt: datetime(), status: 'VALID', "
        "document: '{}', importedAt: datetime()})",
        p=world.people["owner"],
        x=external,
    )
    owner = token_for(world.people["owner"])
    page = await _create(client, owner, [{"kind": "EXTERNAL", "id": external, "caption": ""}])
    assert [(i["name"], i["issuerName"], i["status"], i["visibility"]) for i in page["items"]] == [
        ("First aid", "Red Cross", "VALID", None)
    ]
    await gql(client, SHARE, {"id": page["id"], "v": "PUBLIC"}, token=owner)
    shown = (await gql(client, PAGE, {"id": page["id"]}))["data"]["portfolioPage"]
    assert [i["name"] for i in shown["items"]] == ["First aid"]
    stranger = token_for(world.people["learner"])
    body = await gql(
        client,
        CREATE,
        {"input": {"title": "T", "items": [{"kind": "EXTERNAL", "id": external}]}},
        token=stranger,
    )
    assert error_codes(body) == ["NOT_FOUND"]


async def test_reading_pages_starts_from_an_index(clean_graph: Graph) -> None:
    for statement, params, index in (
        (BY_ID, {"id": new_id()}, "p:PortfolioPage(id)"),
        (OF_LEARNER, {"learner": new_id()}, "me:Person(id)"),
    ):
        operators = await plan_operators(clean_graph, statement, params)
        assert scans(operators) == [], "\n".join(operators)
        assert seeks_on(operators, index), "\n".join(operators)
