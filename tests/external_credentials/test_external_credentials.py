"""Credentials from elsewhere through the API: Kring's own artefacts (baked PNG, OB 3.0 JSON,
VC-JWT) and another platform's (signed in the test with its own key), checked before
anything is kept, imported on acceptance, re-checked on view, private to their learner,
exported and erased; a curator's mapping is the only way one counts."""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from deploy.demo import FRAMEWORK, FRAMEWORK_DOMAINS, FRAMEWORK_NAME
from graph.competencies import case, frameworks
from graph.core.database import Graph
from graph.external_credentials import external_credentials as externals
from graph.people import records
from tests.credential_world import auth_headers, hosted_credential, rich_world
from tests.factories import World
from tests.foreign_platform import ForeignIssuer
from tests.helpers import error_codes, gql, run

CHECK = """
mutation($c: ExternalCredentialInput!) {
  checkExternalCredential(credential: $c) {
    credentialId format name issuerName issuerId achievementId status message canImport
  }
}
"""
IMPORT = """
mutation($c: ExternalCredentialInput!) {
  importExternalCredential(credential: $c) {
    id credentialId kind name issuerName status external verifiedAt mappedTo
  }
}
"""
MINE = "query { myExternalCredentials { id name status } }"
ONE = "query($id: ID!) { externalCredential(id: $id) { id name status message verifiedAt } }"
REMOVE = "mutation($id: ID!) { removeExternalCredential(id: $id) }"
OWNER_EMAIL = "owner@world.example"


def reasons(body: dict[str, Any]) -> list[str | None]:
    return [e["extensions"].get("reason") for e in body.get("errors", [])]


@pytest.fixture
async def world(clean_graph: Graph) -> World:
    return await rich_world(clean_graph)


async def kring_artefacts(
    client: httpx.AsyncClient, world: World, token_for: Callable[[str], str]
) -> dict[str, dict[str, str]]:
    """The owner's badge as Kring hands it out: JSON, VC-JWT and baked PNG."""
    headers = auth_headers(token_for, world, "owner")
    credential = await hosted_credential(client, world, token_for)
    jwt = await client.get(f"/credentials/{world.assertion}/jwt", headers=headers)
    png = await client.get(f"/credentials/{world.assertion}/badge.png", headers=headers)
    assert jwt.status_code == png.status_code == 200
    return {
        "json": {"text": json.dumps(credential)},
        "jwt": {"text": jwt.text},
        "png": {"fileBase64": base64.b64encode(png.content).decode()},
    }


async def test_kring_made_artefacts_are_checked_then_imported(
    client: httpx.AsyncClient, world: World, token_for: Callable[[str], str]
) -> None:
    owner = token_for(world.people["owner"])
    artefacts = await kring_artefacts(client, world, token_for)
    for name, given in artefacts.items():
        checked = await gql(client, CHECK, {"c": given}, token=owner)
        report = checked["data"]["checkExternalCredential"]
        assert (report["status"], report["canImport"]) == ("VALID", True), (name, report)
        assert report["credentialId"].endswith(world.assertion)
        assert report["name"] == "Test Badge"
    # Checking kept nothing.
    assert (await gql(client, MINE, token=owner))["data"]["myExternalCredentials"] == []
    stored = await gql(client, IMPORT, {"c": artefacts["png"]}, token=owner)
    held = stored["data"]["importExternalCredential"]
    assert (held["kind"], held["status"], held["external"]) == ("OB3_JSON", "VALID", True)
    # The same credential again, in any form, is refused.
    for given in (artefacts["json"], artefacts["jwt"]):
        again = await gql(client, IMPORT, {"c": given}, token=owner)
        assert error_codes(again) == ["CONFLICT"]
        report = (await gql(client, CHECK, {"c": given}, token=owner))["data"]
        assert report["checkExternalCredential"]["canImport"] is False
    listed = (await gql(client, MINE, token=owner))["data"]["myExternalCredentials"]
    assert [x["id"] for x in listed] == [held["id"]]


async def test_someone_elses_badge_is_not_imported(
    client: httpx.AsyncClient, world: World, token_for: Callable[[str], str]
) -> None:
    artefacts = await kring_artefacts(client, world, token_for)
    learner = token_for(world.people["learner"])
    report = await gql(client, CHECK, {"c": artefacts["json"]}, token=learner)
    found = report["data"]["checkExternalCredential"]
    assert (found["status"], found["canImport"]) == ("INVALID", False)
    refused = await gql(client, IMPORT, {"c": artefacts["jwt"]}, token=learner)
    assert (error_codes(refused), reasons(refused)) == (["BAD_USER_INPUT"], ["INVALID"])


async def test_foreign_credentials_valid_tampered_expired_and_unsigned(
    client: httpx.AsyncClient, world: World, token_for: Callable[[str], str]
) -> None:
    owner = token_for(world.people["owner"])
    issuer = ForeignIssuer()
    valid = issuer.sign(issuer.credential(OWNER_EMAIL))
    tampered = json.loads(json.dumps(valid))
    tampered["credentialSubject"]["achievement"]["name"] = "Brain surgeon"
    expired = issuer.sign(
        issuer.credential(OWNER_EMAIL, valid_until=datetime.now(UTC) - timedelta(days=1))
    )
    as_jwt = issuer.jwt(issuer.credential(OWNER_EMAIL, name="Bike mechanic"))
    forged_jwt = ForeignIssuer().jwt(issuer.credential(OWNER_EMAIL))  # kid names another key
    expected = {
        json.dumps(valid): "VALID",
        json.dumps(tampered): "INVALID",
        json.dumps(expired): "EXPIRED",
        as_jwt: "VALID",
        forged_jwt: "INVALID",
    }
    for text, status in expected.items():
        body = await gql(client, CHECK, {"c": {"text": text}}, token=owner)
        assert body["data"]["checkExternalCredential"]["status"] == status, body
    report = (await gql(client, CHECK, {"c": {"text": json.dumps(valid)}}, token=owner))["data"]
    assert report["checkExternalCredential"]["issuerName"] == "Foreign Academy"
    assert report["checkExternalCredential"]["issuerId"] == issuer.did
    # Tampered: nothing kept. Expired: kept, as what it was.
    refused = await gql(client, IMPORT, {"c": {"text": json.dumps(tampered)}}, token=owner)
    assert reasons(refused) == ["INVALID"]
    old = await gql(client, IMPORT, {"c": {"text": json.dumps(expired)}}, token=owner)
    assert old["data"]["importExternalCredential"]["status"] == "EXPIRED"
    jwt = await gql(client, IMPORT, {"c": {"text": as_jwt}}, token=owner)
    assert jwt["data"]["importExternalCredential"]["kind"] == "VC_JWT"


async def test_bad_input_has_stable_reasons(
    client: httpx.AsyncClient, world: World, token_for: Callable[[str], str]
) -> None:
    owner = token_for(world.people["owner"])
    cases: list[tuple[dict[str, str], str]] = [
        ({"url": "https://169.254.169.254/latest/meta-data"}, "PRIVATE_ADDRESS"),
        ({"url": "https://10.0.0.1/assertion"}, "PRIVATE_ADDRESS"),
        ({"url": "https://[::1]/assertion"}, "PRIVATE_ADDRESS"),
        ({"url": "http://example.org/assertion"}, "UNSUPPORTED_FORMAT"),
        ({"url": "https://unreachable.invalid/assertion"}, "UNREACHABLE"),
        ({"text": "x" * (300 * 1024)}, "TOO_BIG"),
        ({"fileBase64": "A" * (800 * 1024)}, "TOO_BIG"),
        ({"text": "not a credential"}, "UNSUPPORTED_FORMAT"),
        ({"fileBase64": "!!!"}, "UNSUPPORTED_FORMAT"),
        ({"text": "{}", "url": "https://a.example/"}, "UNSUPPORTED_FORMAT"),
    ]
    for given, reason in cases:
        body = await gql(client, CHECK, {"c": given}, token=owner)
        assert (error_codes(body), reasons(body)) == (["BAD_USER_INPUT"], [reason]), given
    assert error_codes(await gql(client, CHECK, {"c": {"text": "{}"}})) == ["UNAUTHENTICATED"]


async def test_only_the_owner_sees_and_removes(
    client: httpx.AsyncClient, world: World, token_for: Callable[[str], str]
) -> None:
    owner = token_for(world.people["owner"])
    issuer = ForeignIssuer()
    text = json.dumps(issuer.sign(issuer.credential(OWNER_EMAIL)))
    held = (await gql(client, IMPORT, {"c": {"text": text}}, token=owner))["data"]
    x = held["importExternalCredential"]["id"]
    for role in ("learner", "curator", "platform_admin"):
        other = token_for(world.people[role])
        assert (await gql(client, ONE, {"id": x}, token=other))["data"][
            "externalCredential"
        ] is None
        assert (await gql(client, MINE, token=other))["data"]["myExternalCredentials"] == []
        assert error_codes(await gql(client, REMOVE, {"id": x}, token=other)) == ["NOT_FOUND"]
    assert (await gql(client, ONE, {"id": x}, token=owner))["data"]["externalCredential"]["id"] == x
    assert (await gql(client, REMOVE, {"id": x}, token=owner))["data"][
        "removeExternalCredential"
    ] == x
    assert (await gql(client, MINE, token=owner))["data"]["myExternalCredentials"] == []


async def test_a_stale_result_is_checked_again_on_view(
    client: httpx.AsyncClient, world: World, token_for: Callable[[str], str], clean_graph: Graph
) -> None:
    owner = token_for(world.people["owner"])
    artefacts = await kring_artefacts(client, world, token_for)
    held = (await gql(client, IMPORT, {"c": artefacts["json"]}, token=owner))["data"]
    x = held["importExternalCredential"]["id"]
    # Revoked at the source since: a fresh result is still shown as it was...
    await run(
        clean_graph, "MATCH (a:Assertion {id: $a}) SET a.revokedAt = datetime()", a=world.assertion
    )
    assert (await gql(client, ONE, {"id": x}, token=owner))["data"]["externalCredential"][
        "status"
    ] == "VALID"
    # ...until it is older than a day.
    stale = "MATCH (x:ExternalCredential {id: $x}) SET x.verifiedAt = datetime() - duration('P2D')"
    await run(clean_graph, stale, x=x)
    seen = (await gql(client, ONE, {"id": x}, token=owner))["data"]["externalCredential"]
    assert seen["status"] == "REVOKED"
    assert datetime.fromisoformat(seen["verifiedAt"]) > datetime.now(UTC) - timedelta(minutes=5)
    # A hosted one out of reach shows UNREACHABLE and stays.
    hosted = await run(
        clean_graph,
        "MATCH (p:Person {id: $p}) CREATE (p)-[:HOLDS_EXTERNAL]->(x:ExternalCredential {"
        "id: randomUUID(), holderKey: randomUUID(), "
        "credentialId: 'https://badges.unreachable.invalid/a/1', kind: 'OB2_HOSTED', "
        "name: 'First aid', issuerName: 'Old', status: 'VALID', message: '', document: '{}', "
        "verifiedAt: datetime() - duration('P3D'), importedAt: datetime() - duration('P3D')}) "
        "RETURN x.id AS id",
        p=world.people["owner"],
    )
    gone = (await gql(client, ONE, {"id": hosted[0]["id"]}, token=owner))["data"]
    assert gone["externalCredential"]["status"] == "UNREACHABLE"
    statuses = {
        x["name"]: x["status"]
        for x in (await gql(client, MINE, token=owner))["data"]["myExternalCredentials"]
    }
    assert statuses == {"Test Badge": "REVOKED", "First aid": "UNREACHABLE"}


MY_ASSESSMENT = """
query($f: ID!) { mySelfAssessment(frameworkId: $f) { competency { code } shownBy { name } } }
"""
MAP = """
mutation($b: ID!, $i: String!, $a: String!) {
  mapExternalAchievement(badgeClassId: $b, issuerId: $i, achievementId: $a) {
    id badgeClassName mappedBy
  }
}
"""


async def test_only_a_curators_mapping_makes_an_external_credential_count(
    client: httpx.AsyncClient, world: World, token_for: Callable[[str], str], clean_graph: Graph
) -> None:
    framework = await frameworks.import_case(
        clean_graph, world.university, case.parse(FRAMEWORK.read_bytes()), FRAMEWORK_DOMAINS, None
    )
    await run(
        clean_graph,
        "MATCH (b:BadgeClass {id: $b}), (k:Competency {key: $key}) MERGE (b)-[:ALIGNED_TO]->(k)",
        b=world.badge_class,
        key=f"{FRAMEWORK_NAME}|SU.1",
    )
    learner = token_for(world.people["learner"])
    email = "learner@world.example"
    issuer, forger = ForeignIssuer(), ForeignIssuer("Forger")
    achievement = "https://foreign.example/achievements/repair"
    for who in (issuer, forger):  # the same achievement id, claimed by another issuer too
        text = json.dumps(who.sign(who.credential(email, achievement_id=achievement)))
        assert "errors" not in await gql(client, IMPORT, {"c": {"text": text}}, token=learner)

    async def shown() -> list[dict[str, str]]:
        body = await gql(client, MY_ASSESSMENT, {"f": framework.id}, token=learner)
        items = body["data"]["mySelfAssessment"]
        found: list[dict[str, str]] = next(i for i in items if i["competency"]["code"] == "SU.1")[
            "shownBy"
        ]
        return found

    assert await shown() == []  # unmapped: no effect
    variables = {"b": world.badge_class, "i": issuer.did, "a": achievement}
    denied = await gql(client, MAP, variables, token=token_for(world.people["uni_moderator"]))
    assert error_codes(denied) == ["FORBIDDEN"]
    mapped = await gql(client, MAP, variables, token=token_for(world.people["curator"]))
    assert mapped["data"]["mapExternalAchievement"]["mappedBy"] == "curator"
    assert await shown() == [{"name": "Test Badge"}]
    held = await gql(
        client, "query { myExternalCredentials { issuerName mappedTo } }", token=learner
    )
    assert {
        (x["issuerName"], tuple(x["mappedTo"])) for x in held["data"]["myExternalCredentials"]
    } == {
        ("Foreign Academy", ("Test Badge",)),
        ("Forger", ()),
    }
    # A credential that no longer verifies stops counting.
    await run(
        clean_graph,
        "MATCH (x:ExternalCredential {issuerId: $i}) SET x.status = 'REVOKED'",
        i=issuer.did,
    )
    assert await shown() == []


async def test_export_and_erasure(
    client: httpx.AsyncClient, world: World, token_for: Callable[[str], str], clean_graph: Graph
) -> None:
    owner = token_for(world.people["owner"])
    issuer = ForeignIssuer()
    text = json.dumps(issuer.sign(issuer.credential(OWNER_EMAIL)))
    await gql(client, IMPORT, {"c": {"text": text}}, token=owner)
    exported = await records.export(clean_graph, world.people["owner"])
    [item] = exported["externalCredentials"]
    assert (item["issuerName"], item["status"], item["document"]) == (
        "Foreign Academy",
        "VALID",
        text,
    )
    await records.delete_account(clean_graph, world.people["owner"])
    left = await run(clean_graph, "MATCH (x:ExternalCredential) RETURN count(x) AS n")
    assert left == [{"n": 0}]


async def test_checks_are_rate_limited_per_learner(
    client: httpx.AsyncClient, world: World, token_for: Callable[[str], str], clean_graph: Graph
) -> None:
    learner = world.people["learner"]
    for _ in range(externals.CHECKS_PER_DAY):
        await externals.throttle_check(clean_graph, learner)
    text = json.dumps(ForeignIssuer().sign(ForeignIssuer().credential("learner@world.example")))
    body = await gql(client, CHECK, {"c": {"text": text}}, token=token_for(learner))
    assert error_codes(body) == ["CONFLICT"]
    # Another learner is not held up.
    other = await gql(client, CHECK, {"c": {"text": text}}, token=token_for(world.people["owner"]))
    assert "errors" not in other


async def test_the_same_credential_imported_twice_at_once_is_kept_once(
    client: httpx.AsyncClient, world: World, token_for: Callable[[str], str]
) -> None:
    owner = token_for(world.people["owner"])
    issuer = ForeignIssuer()
    text = json.dumps(issuer.sign(issuer.credential(OWNER_EMAIL)))
    bodies = await asyncio.gather(
        *(gql(client, IMPORT, {"c": {"text": text}}, token=owner) for _ in range(2))
    )
    assert sorted(str(error_codes(b)) for b in bodies) == ["['CONFLICT']", "[]"], bodies
    mine = (await gql(client, MINE, token=owner))["data"]["myExternalCredentials"]
    assert [m["name"] for m in mine] == [json.loads(text)["name"]]
