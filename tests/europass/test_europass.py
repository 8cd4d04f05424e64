"""The Europass export: an OFFICIAL badge as a European Digital Credential, conformant to the
EDC generic SHACL shapes, signed by its university, and for nobody who may not see the badge."""

from __future__ import annotations

import copy
from collections.abc import Callable
from importlib import resources
from typing import Any

import httpx
import pyshacl
import rdflib
from pyld import jsonld

from badges import data_integrity
from badges.did import issuer_did
from badges.issuer_keys import IssuerKeys
from badges.jsonld import local_loader
from graph.core.database import Graph
from server.settings import Settings
from tests.factories import ROLES, World, make_world
from tests.helpers import error_codes, gql, run
from tests.review_steps import award_now

ELEMENTS: dict[str, Any] = {
    "isMicroCredential": True,
    "learningOutcomes": ["Design a survey"],
    "workloadHours": 50,
    "ectsCredits": 2,
    "eqfLevel": 6,
    "assessmentType": "Project",
    "participation": "http://data.europa.eu/snb/learning-assessment/920fbb3cbe",
    "qualityAssurance": "Internal QA by the faculty",
    "supervision": "http://data.europa.eu/snb/supervision-verification/c598449d64",
    "stackability": "Counts towards the Master of Data Science",
    "country": "http://publications.europa.eu/resource/authority/country/BEL",
    "awardingBody": "Ghent University",
    "legalIdentifier": "BE0248015142",
}
VALIDATE = (
    "mutation($id: ID!, $m: MicroCredentialInput) "
    '{ validateBadgeClass(id: $id, note: "ok", microCredential: $m) { id } }'
)


def conforms(document: dict[str, Any]) -> tuple[bool, str]:
    """Expand offline (bundled contexts only) and run the EDC generic shapes."""
    quads = jsonld.to_rdf(
        {k: v for k, v in document.items() if k != "proof"},
        {"documentLoader": local_loader, "format": "application/n-quads"},
    )
    data = rdflib.Graph().parse(data=quads, format="nt")
    shapes_file = resources.files("badges").joinpath("shapes", "EDC-generic-no-cv.ttl")
    shapes = rdflib.Graph().parse(data=shapes_file.read_text(encoding="utf-8"), format="turtle")
    ok, _, text = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    return bool(ok), str(text)


async def _official(
    client: httpx.AsyncClient, world: World, token_for: Callable[[str], str], elements: Any
) -> None:
    body = await gql(
        client,
        VALIDATE,
        {"id": world.badge_class, "m": elements},
        token=token_for(world.people["curator"]),
    )
    assert "errors" not in body, body


async def _export(client: httpx.AsyncClient, assertion: str, token: str | None) -> httpx.Response:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    return await client.get(f"/credentials/{assertion}/europass.jsonld", headers=headers)


async def test_the_learner_downloads_a_conformant_signed_europass_credential(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    token_for: Callable[[str], str],
    settings: Settings,
) -> None:
    world = await make_world(clean_graph)
    await _official(client, world, token_for, ELEMENTS)
    owner = token_for(world.people["owner"])
    [named] = await run(clean_graph, "MATCH (p:Person {id: $id}) RETURN p.name AS name",
                        id=world.people["owner"])  # fmt: skip
    awarded = await award_now(client, world, token_for)
    # The learner renames themselves afterwards: the university still names whom it awarded.
    await run(clean_graph, "MATCH (p:Person {id: $id}) SET p.name = 'Dr. Someone Else'",
              id=world.people["owner"])  # fmt: skip
    response = await _export(client, awarded, owner)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/ld+json")
    assert "attachment" in response.headers["content-disposition"]
    edc: dict[str, Any] = response.json()
    assert edc["type"] == ["VerifiableCredential", "EuropeanDigitalCredential"]
    assert edc["@context"][:2] == [
        "https://www.w3.org/2018/credentials/v1",
        "http://data.europa.eu/snb/model/context/edc-ap",
    ]
    assert edc["credentialSubject"]["fullName"] == {"en": named["name"]}
    # Signed when the university speaks, not back-dated to the award.
    assert edc["proof"]["created"] >= edc["issuanceDate"]
    spec = edc["credentialSubject"]["hasClaim"]["specifiedBy"]
    assert spec["creditPoint"]["point"] == "2"
    assert spec["eqfLevel"]["id"] == "http://data.europa.eu/snb/eqf/6"

    ok, text = conforms(edc)
    assert ok, text

    # Signed by the university that validated the class, with its own key.
    university = issuer_did(settings.public_url, world.university)
    assert edc["issuer"]["id"] == university
    assert edc["proof"]["verificationMethod"].startswith(university + "#")
    key = IssuerKeys(settings.key_dir).signing_key(world.university).private.public_key()
    assert data_integrity.verify(edc, lambda _: key).valid
    forged = copy.deepcopy(edc)
    forged["credentialSubject"]["hasClaim"]["title"] = {"en": "Doctor of Medicine"}
    assert not data_integrity.verify(forged, lambda _: key).valid

    # The shapes have teeth: without a mandatory element the export does not conform.
    for path in (
        ("displayParameter", "individualDisplay"),
        ("credentialSubject", "hasClaim", "provenBy", "grade"),
    ):
        broken = copy.deepcopy(edc)
        parent = broken
        for step in path[:-1]:
            parent = parent[step]
        del parent[path[-1]]
        ok, text = conforms(broken)
        assert not ok
        assert "MinCount" in text


async def test_only_official_badges_of_ones_own_are_exported(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    owner = token_for(world.people["owner"])
    # A community badge: its university never consented to speak for it.
    community = await _export(client, await award_now(client, world, token_for), owner)
    assert community.status_code == 409
    assert community.json()["errors"][0]["extensions"]["code"] == "CONFLICT"

    # Official, but its university has not stated its legal identifier for Europass.
    await _official(client, world, token_for, {"learningOutcomes": ["Design a survey"]})
    awarded = await award_now(client, world, token_for)
    unnamed = await _export(client, awarded, owner)
    assert unnamed.status_code == 409
    assert "legal identifier" in unnamed.json()["errors"][0]["message"]

    await gql(
        client,
        'mutation($id: ID!) { withdrawBadgeClassValidation(id: $id, note: "x") { id } }',
        {"id": world.badge_class},
        token=token_for(world.people["curator"]),
    )
    await _official(client, world, token_for, ELEMENTS)
    # Its badge keeps the elements it was awarded under (no legal identifier then); a badge
    # awarded under the new statement has them.
    assert (await _export(client, awarded, owner)).status_code == 409
    awarded = await award_now(client, world, token_for)
    assert (await _export(client, awarded, owner)).status_code == 200
    # A badge awarded before the validation: the university never consented to that award.
    before = await _export(client, world.assertion, owner)
    assert before.status_code == 409
    assert "before its class was officially validated" in before.json()["errors"][0]["message"]
    # Someone else's private badge looks the same as none, signed in or not.
    for token in (token_for(world.people["learner"]), None):
        refused = await _export(client, awarded, token)
        assert refused.status_code == 404


async def test_a_withdrawn_validation_stops_the_export(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    await _official(client, world, token_for, ELEMENTS)
    awarded = await award_now(client, world, token_for)
    body = await gql(
        client,
        'mutation($id: ID!) { withdrawBadgeClassValidation(id: $id, note: "x") { id } }',
        {"id": world.badge_class},
        token=token_for(world.people["curator"]),
    )
    assert error_codes(body) == []
    refused = await _export(client, awarded, token_for(world.people["owner"]))
    assert refused.status_code == 409


async def test_a_revoked_badge_is_not_exported(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    await _official(client, world, token_for, ELEMENTS)
    awarded = await award_now(client, world, token_for)
    assert (await _export(client, awarded, token_for(world.people["owner"]))).status_code == 200
    body = await gql(
        client,
        'mutation($id: ID!) { revokeAssertion(id: $id, reason: "copied") { id } }',
        {"id": awarded},
        token=token_for(world.people["org_admin"]),
    )
    assert error_codes(body) == []
    # No status travels with a Europass credential: the university signs nothing revoked.
    refused = await _export(client, awarded, token_for(world.people["owner"]))
    assert refused.status_code == 409
    assert "revoked" in refused.json()["errors"][0]["message"]


async def test_who_may_download_the_export(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    """The route's row of the authorisation matrix: the badge's learner (the badge is
    private), nobody else; a stranger and every other role get "no such credential"."""
    world = await make_world(clean_graph)
    await _official(client, world, token_for, ELEMENTS)
    awarded = await award_now(client, world, token_for)
    outcomes = {
        role: (await _export(client, awarded, token_for(world.people[role]))).status_code
        for role in ROLES
    }
    outcomes["stranger"] = (await _export(client, awarded, None)).status_code
    assert outcomes == {role: 200 if role == "owner" else 404 for role in (*ROLES, "stranger")}
