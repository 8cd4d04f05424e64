"""Open Badges 2.0 hosted verification, followed link by link as a validator would."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import httpx
from cryptography.hazmat.primitives import serialization

from graph.core.database import Graph
from tests.credential_world import hosted_credential, rich_world
from tests.factories import World, make_world
from tests.helpers import gql, run


def _local(url: str) -> str:
    return url.replace("http://testserver", "")


async def _share(graph: Graph, world: World, visibility: str = "PUBLIC") -> None:
    await run(
        graph, "MATCH (a:Assertion {id: $a}) SET a.visibility = $v", a=world.assertion, v=visibility
    )


async def _get(client: httpx.AsyncClient, url: str, **headers: str) -> dict[str, Any]:
    response = await client.get(_local(url), headers=headers)
    assert response.status_code == 200, (url, response.status_code)
    assert response.headers["content-type"].startswith("application/ld+json")
    body: dict[str, Any] = response.json()
    return body


async def test_a_shared_assertion_resolves_to_its_badge_class_and_issuer(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await rich_world(clean_graph)
    await _share(clean_graph, world)
    assertion = await _get(client, f"/ob2/assertions/{world.assertion}")
    assert assertion["@context"] == "https://w3id.org/openbadges/v2"
    assert assertion["type"] == "Assertion"
    assert assertion["verification"] == {"type": "hosted"}
    recipient = assertion["recipient"]
    expected = hashlib.sha256(("owner@world.example" + recipient["salt"]).encode()).hexdigest()
    assert recipient == {
        "type": "email",
        "hashed": True,
        "salt": recipient["salt"],
        "identity": "sha256$" + expected,
    }
    assert assertion["evidence"][0]["id"] == "https://photos.example/1"
    assert assertion["narrative"] == "I hosted five sessions"
    assert "expires" in assertion

    badge = await _get(client, assertion["badge"])
    assert badge["type"] == "BadgeClass"
    assert badge["criteria"]["narrative"] == "c"
    assert badge["alignment"][0]["targetCode"] == "S1"
    issuer = await _get(client, badge["issuer"])
    assert issuer["type"] == "Issuer"
    assert issuer["name"] == "Buurtwerk Test"
    assert "Hogeschool Test" in issuer["description"]
    revocations = await _get(client, issuer["revocationList"])
    assert revocations["revokedAssertions"] == []


async def test_private_and_link_only_assertions_are_not_hosted_for_strangers(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    url = f"/ob2/assertions/{world.assertion}"
    assert (await client.get(url)).status_code == 404
    await _share(clean_graph, world, "LINK")  # OB 2.0 hosting has no room for the link's secret
    assert (await client.get(url)).status_code == 404
    owner = {"authorization": f"Bearer {token_for(world.people['owner'])}"}
    assert (await client.get(url, headers=owner)).status_code == 200


async def test_a_revoked_assertion_says_so_and_is_listed(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    await _share(clean_graph, world)
    await gql(
        client,
        'mutation($id: ID!) { revokeAssertion(id: $id, reason: "Plagiarised") { status } }',
        {"id": world.assertion},
        token=token_for(world.people["org_admin"]),
    )
    gone = await client.get(f"/ob2/assertions/{world.assertion}")
    assert gone.status_code == 410
    assert gone.json()["revoked"] is True
    assert gone.json()["revocationReason"] == "Plagiarised"
    listed = await _get(client, f"/ob2/issuers/{world.organisation}/revocations")
    # A private badge's revocation is nobody else's business: not listed, not hosted.
    await _share(clean_graph, world, "PRIVATE")
    assert (await client.get(f"/ob2/assertions/{world.assertion}")).status_code == 404
    hidden = await _get(client, f"/ob2/issuers/{world.organisation}/revocations")
    assert hidden["revokedAssertions"] == []
    assert listed["revokedAssertions"] == [
        {
            "id": f"http://testserver/ob2/assertions/{world.assertion}",
            "revocationReason": "Plagiarised",
        }
    ]


async def test_people_get_a_page_with_open_graph_tags(
    client: httpx.AsyncClient, clean_graph: Graph
) -> None:
    world = await make_world(clean_graph)
    await run(
        clean_graph,
        "MATCH (b:BadgeClass {id: $b}) SET b.name = '<b>Bold</b> & \"x\"'",
        b=world.badge_class,
    )
    page = await client.get(
        f"/ob2/badge-classes/{world.badge_class}", headers={"accept": "text/html"}
    )
    assert page.headers["content-type"].startswith("text/html")
    assert (
        '<meta property="og:title" content="&lt;b&gt;Bold&lt;/b&gt; &amp; &quot;x&quot;">'
        in page.text
    )
    assert "<b>Bold</b>" not in page.text
    machine = await client.get(f"/ob2/badge-classes/{world.badge_class}")
    assert machine.json()["name"] == '<b>Bold</b> & "x"'


async def test_issuer_keys_are_published_as_cryptographic_keys(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await rich_world(clean_graph)
    await hosted_credential(client, world, token_for)  # signing creates the issuer's first key
    issuer = await _get(client, f"/ob2/issuers/{world.organisation}")
    key = await _get(client, issuer["publicKey"][0])
    assert key["type"] == "CryptographicKey"
    assert key["owner"] == issuer["id"]
    serialization.load_pem_public_key(key["publicKeyPem"].encode())


async def test_the_baked_ob2_svg_points_at_the_hosted_assertion(
    client: httpx.AsyncClient, clean_graph: Graph
) -> None:
    world = await make_world(clean_graph)
    await _share(clean_graph, world, "PUBLIC")
    svg = await client.get(f"/ob2/assertions/{world.assertion}/badge.svg")
    assert svg.status_code == 200
    assert 'xmlns:openbadges="http://openbadges.org"' in svg.text
    assert f'verify="http://testserver/ob2/assertions/{world.assertion}"' in svg.text
    refused = await client.post("/verify", content=svg.content)
    assert refused.status_code == 400
    assert "Open Badges 2.0" in refused.json()["errors"][0]["message"]
    assert (await client.get("/ob2/assertions/not-an-id")).status_code == 404
    assert (await client.get(f"/ob2/assertions/{world.assertion}/badge.gif")).status_code == 404


async def test_endorsements_are_hosted_with_the_shared_badge(
    client: httpx.AsyncClient, clean_graph: Graph
) -> None:
    world = await make_world(clean_graph)
    await run(
        clean_graph,
        "MATCH (a:Assertion {id: $a}), (t:Person {id: $t}) "
        "CREATE (t)-[:ENDORSED]->(e:Endorsement {id: randomUUID(), relationship: 'TEACHER', "
        "testimonial: 'Careful and kind', observed: 'Three repairs', status: 'ACTIVE', "
        "createdAt: datetime()}) CREATE (a)-[:CARRIES]->(e)",
        a=world.assertion,
        t=world.people["teacher"],
    )
    teacher_profile = f"/ob2/people/{world.people['teacher']}"
    assert (await client.get(teacher_profile)).status_code == 404  # nothing shared yet
    await _share(clean_graph, world)
    assertion = await _get(client, f"/ob2/assertions/{world.assertion}")
    [endorsement_url] = assertion["endorsement"]
    endorsement = await _get(client, endorsement_url)
    assert endorsement["type"] == "Endorsement"
    assert endorsement["claim"] == {
        "id": assertion["id"],
        "endorsementComment": "As teacher: Careful and kind Observed: Three repairs",
    }
    endorser = await _get(client, endorsement["issuer"])
    assert endorser == {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Profile",
        "id": endorsement["issuer"],
        "name": "teacher",
        "url": endorsement["issuer"],  # no public page of a person: their profile itself
    }
    png = await client.get(f"/ob2/assertions/{world.assertion}/badge.png")
    from badges import baking

    assert baking.unbake_png(png.content) == baking.Baked(2, assertion["id"])
