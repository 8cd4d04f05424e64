"""EU micro-credential elements: stated on validation, checked at the edge, shown on the class,
carried in the OB 3.0 credential (still verifying) and reported by /verify."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from graph.core.database import Graph
from tests.credential_world import hosted_credential, verify_report
from tests.factories import make_world
from tests.helpers import gql
from tests.review_steps import award_now

BELGIUM = "http://publications.europa.eu/resource/authority/country/BEL"
BLENDED = "http://data.europa.eu/snb/learning-assessment/e92d221e4d"
WITH_ID = "http://data.europa.eu/snb/supervision-verification/df2880c5cb"

ELEMENTS: dict[str, Any] = {
    "isMicroCredential": True,
    "learningOutcomes": ["Design a survey", "Analyse its answers"],
    "workloadHours": 60,
    "ectsCredits": 2.5,
    "eqfLevel": 6,
    "assessmentType": "Project with an oral defence",
    "participation": BLENDED,
    "qualityAssurance": "Faculty education committee, internal QA",
    "prerequisites": "A bachelor's course in statistics",
    "supervision": WITH_ID,
    "stackability": "Counts towards the Master of Data Science",
    "country": BELGIUM,
    "awardingBody": "Ghent University",
    "legalIdentifier": "BE0248015142",
}

VALIDATE = """
mutation($id: ID!, $m: MicroCredentialInput) {
  validateBadgeClass(id: $id, note: "Meets our criteria", microCredential: $m) {
    officiallyValidated
    microCredential {
      isMicroCredential learningOutcomes workloadHours ectsCredits assessmentType
      qualityAssurance prerequisites stackability awardingBody legalIdentifier
      eqfLevel { iri label } participation { iri label } supervision { iri label }
      country { iri label }
    }
  }
}
"""


def _with(**changes: Any) -> dict[str, Any]:
    return {**ELEMENTS, **changes}


async def test_a_university_states_the_elements_and_the_class_shows_them(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    curator = token_for(world.people["curator"])
    body = await gql(client, VALIDATE, {"id": world.badge_class, "m": ELEMENTS}, token=curator)
    stated = body["data"]["validateBadgeClass"]["microCredential"]
    assert stated["ectsCredits"] == 2.5
    assert stated["eqfLevel"] == {"iri": "http://data.europa.eu/snb/eqf/6", "label": "Level 6"}
    assert stated["participation"] == {"iri": BLENDED, "label": "Blended"}
    assert stated["country"] == {"iri": BELGIUM, "label": "Belgium"}
    assert stated["learningOutcomes"] == ["Design a survey", "Analyse its answers"]

    # Anyone sees them on the (public) class while it is OFFICIAL; not once withdrawn.
    read = "query($id: ID!) { badgeClass(id: $id) { microCredential { awardingBody } } }"
    public = await gql(client, read, {"id": world.badge_class})
    assert public["data"]["badgeClass"]["microCredential"] == {"awardingBody": "Ghent University"}
    await gql(
        client,
        'mutation($id: ID!) { withdrawBadgeClassValidation(id: $id, note: "Review") { id } }',
        {"id": world.badge_class},
        token=curator,
    )
    withdrawn = await gql(client, read, {"id": world.badge_class})
    assert withdrawn["data"]["badgeClass"]["microCredential"] is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ectsCredits": 0}, "microCredential.ectsCredits"),
        ({"ectsCredits": 60.5}, "microCredential.ectsCredits"),
        ({"eqfLevel": 0}, "microCredential.eqfLevel"),
        ({"eqfLevel": 9}, "microCredential.eqfLevel"),
        ({"workloadHours": 0}, "microCredential.workloadHours"),
        ({"country": "BE"}, "microCredential.country"),
        ({"participation": "http://example.org/online"}, "microCredential.participation"),
        ({"supervision": BELGIUM}, "microCredential.supervision"),
        ({"learningOutcomes": ["ok", "  "]}, "microCredential.learningOutcomes[1]"),
        ({"learningOutcomes": []}, "microCredential.learningOutcomes"),
        ({"learningOutcomes": ["x"] * 21}, "microCredential.learningOutcomes"),
        ({"assessmentType": None}, "microCredential.assessmentType"),
        ({"qualityAssurance": ""}, "microCredential.qualityAssurance"),
        ({"awardingBody": None}, "microCredential.awardingBody"),
        ({"eqfLevel": None}, "microCredential.eqfLevel"),
        ({"country": None}, "microCredential.country"),
        ({"legalIdentifier": "x" * 2001}, "microCredential.legalIdentifier"),
    ],
)
async def test_each_element_is_refused_when_wrong_naming_the_field(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    token_for: Callable[[str], str],
    changes: dict[str, Any],
    field: str,
) -> None:
    world = await make_world(clean_graph)
    curator = token_for(world.people["curator"])
    body = await gql(
        client, VALIDATE, {"id": world.badge_class, "m": _with(**changes)}, token=curator
    )
    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == field
    # Nothing was validated on a refusal.
    read = "query($id: ID!) { badgeClass(id: $id) { officiallyValidated } }"
    after = await gql(client, read, {"id": world.badge_class})
    assert after["data"]["badgeClass"]["officiallyValidated"] is False


async def test_a_class_not_marked_micro_credential_may_state_only_some(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    some = {"learningOutcomes": ["Design a survey"], "ectsCredits": 1}
    body = await gql(
        client,
        VALIDATE,
        {"id": world.badge_class, "m": some},
        token=token_for(world.people["curator"]),
    )
    stated = body["data"]["validateBadgeClass"]["microCredential"]
    assert (stated["isMicroCredential"], stated["ectsCredits"], stated["country"]) == (
        False,
        1.0,
        None,
    )


async def test_the_ob3_credential_carries_the_elements_and_still_verifies(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    await gql(
        client,
        VALIDATE,
        {"id": world.badge_class, "m": ELEMENTS},
        token=token_for(world.people["curator"]),
    )
    # The world's badge was awarded before the validation: it states no elements.
    before = await hosted_credential(client, world, token_for)
    assert "microCredential" not in before["credentialSubject"]["achievement"]
    awarded = await award_now(client, world, token_for)
    credential = await hosted_credential(client, world, token_for, awarded)
    assert "https://w3id.org/kring/micro-credential/v1" in credential["@context"]
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["achievementType"] == "MicroCredential"
    assert achievement["creditsAvailable"] == 2.5
    assert {
        "type": ["Alignment"],
        "targetName": "EQF level 6",
        "targetCode": "6",
        "targetFramework": "European Qualifications Framework",
        "targetUrl": "http://data.europa.eu/snb/eqf/6",
    } in achievement["alignment"]
    extension = achievement["microCredential"]
    assert extension["participationMode"] == BLENDED
    assert extension["learningOutcome"] == ["Design a survey", "Analyse its answers"]

    report = await verify_report(client, credential)
    assert report["verified"] is True
    assert report["credential_tier"] == "OFFICIAL"
    eu = report["micro_credential"]
    assert eu["ectsCredits"] == 2.5
    assert eu["eqfLevel"] == "http://data.europa.eu/snb/eqf/6"
    assert eu["country"] == BELGIUM
    assert eu["achievementType"] == "MicroCredential"

    # The report reads the signed credential, not Kring's records: a changed element breaks
    # the proof, and the report says what the (tampered) credential claims.
    achievement["microCredential"]["workloadHours"] = 6
    tampered = await verify_report(client, credential)
    assert (tampered["verdict"], tampered["micro_credential"]["workloadHours"]) == ("tampered", 6)


async def test_the_vocabulary_is_public_and_names_eu_iris(client: httpx.AsyncClient) -> None:
    body = await gql(
        client,
        "{ microCredentialVocabulary { eqfLevels { iri } participation { label } "
        "countries { iri } } }",
    )
    vocabulary = body["data"]["microCredentialVocabulary"]
    assert len(vocabulary["eqfLevels"]) == 8
    assert [p["label"] for p in vocabulary["participation"]] == ["Online", "On-site", "Blended"]
    assert {"iri": BELGIUM} in vocabulary["countries"]


async def test_stating_and_reading_the_elements_start_from_the_class_index(
    clean_graph: Graph,
) -> None:
    """Both walk from the class (its id is indexed) to its one MicroCredential node."""
    from graph.badge_classes.badge_classes import BY_IDS
    from graph.recognition.curation import STATE_ELEMENTS
    from tests.helpers import plan_operators, scans

    for statement, params in (
        (STATE_ELEMENTS, {"id": "b", "actor": "p", "elements": {"eqfLevel": 6}}),
        (BY_IDS, {"ids": ["b"]}),
    ):
        operators = await plan_operators(clean_graph, statement, params)
        assert scans(operators) == [], operators
