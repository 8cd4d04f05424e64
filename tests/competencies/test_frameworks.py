"""Competency frameworks: imported from 1EdTech CASE packages by a university's staff."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from deploy.demo import FRAMEWORK, FRAMEWORK_DOMAINS
from graph.competencies import case
from graph.core.database import Graph
from tests.factories import new_id
from tests.helpers import error_codes, gql, run

IMPORT = """
mutation($u: ID!, $package: String!, $domains: [CaseDomainInput!], $domain: Domain) {
  importCompetencyFramework(universityId: $u, package: $package, domains: $domains,
                            domain: $domain) {
    id name universityName
    competencies { code name domain levels }
  }
}
"""
DEMO_DOMAINS = [{"code": code, "domain": d.value} for code, d in FRAMEWORK_DOMAINS.items()]


@pytest.fixture
async def staff(clean_graph: Graph) -> dict[str, str]:
    """A university with a curator, a teacher, and a learner who works nowhere."""
    people = {"university": new_id(), "curator": new_id(), "teacher": new_id(), "learner": new_id()}
    await run(
        clean_graph,
        """
        CREATE (u:University {id: $university, name: 'Hogeschool Gent'})
        CREATE (:Person {id: $curator, name: 'Cas'})-[:MEMBER_OF {role: 'CURATOR'}]->(u)
        CREATE (:Person {id: $teacher, name: 'Tess'})-[:MEMBER_OF {role: 'TEACHER'}]->(u)
        CREATE (:Person {id: $learner, name: 'Lou'})
        """,
        **people,
    )
    return people


def _package(**changes: Any) -> str:
    package = json.loads(FRAMEWORK.read_text(encoding="utf-8"))
    package.update(changes)
    return json.dumps(package)


async def test_a_curator_imports_a_case_package_with_domains_and_level_descriptors(
    client: httpx.AsyncClient, staff: dict[str, str], token_for: Callable[[str], str]
) -> None:
    body = await gql(
        client,
        IMPORT,
        {"u": staff["university"], "package": _package(), "domains": DEMO_DOMAINS},
        token=token_for(staff["curator"]),
    )
    assert "errors" not in body, body
    framework = body["data"]["importCompetencyFramework"]
    assert framework["name"] == "Portus Ganda community competences"
    assert framework["universityName"] == "Hogeschool Gent"
    # The five groupings are domains, not competencies: their ten children are.
    competencies = framework["competencies"]
    assert [c["code"] for c in competencies][:3] == ["DL.1", "DL.2", "SU.1"]
    assert len(competencies) == 10
    empathy = next(c for c in competencies if c["name"] == "Understanding other people")
    assert empathy["domain"] == "GLOBAL_CITIZENSHIP"  # from its parent "GC"
    assert len(empathy["levels"]) == 3
    assert empathy["levels"][0].startswith("Listens to people")
    listed = await gql(
        client,
        "query($u: ID) { competencyFrameworks(universityId: $u) { name competencies { code } } }",
        {"u": staff["university"]},
    )
    assert listed["data"]["competencyFrameworks"][0]["name"] == framework["name"]


async def test_only_the_universitys_moderators_and_curators_import(
    client: httpx.AsyncClient, staff: dict[str, str], token_for: Callable[[str], str]
) -> None:
    variables = {"u": staff["university"], "package": _package(), "domains": DEMO_DOMAINS}
    for person in ("teacher", "learner"):
        body = await gql(client, IMPORT, variables, token=token_for(staff[person]))
        assert error_codes(body) == ["FORBIDDEN"], person
    assert error_codes(await gql(client, IMPORT, variables)) == ["UNAUTHENTICATED"]
    # Nobody else gets as far as having their package read.
    junk = {**variables, "package": "not json"}
    assert error_codes(await gql(client, IMPORT, junk, token=token_for(staff["teacher"]))) == [
        "FORBIDDEN"
    ]
    listed = await gql(client, "{ competencyFrameworks { name } }")
    assert listed["data"]["competencyFrameworks"] == []


async def test_the_same_framework_twice_is_a_conflict_and_changes_nothing(
    client: httpx.AsyncClient, staff: dict[str, str], token_for: Callable[[str], str]
) -> None:
    variables = {"u": staff["university"], "package": _package(), "domains": DEMO_DOMAINS}
    token = token_for(staff["curator"])
    assert "errors" not in await gql(client, IMPORT, variables, token=token)
    assert error_codes(await gql(client, IMPORT, variables, token=token)) == ["CONFLICT"]
    listed = await gql(client, "{ competencyFrameworks { competencies { code } } }")
    assert [len(f["competencies"]) for f in listed["data"]["competencyFrameworks"]] == [10]


@pytest.mark.parametrize(
    ("package", "says"),
    [
        ("not json", "not JSON"),
        (json.dumps({"CFItems": []}), "CFDocument"),
        (_package(CFItems=[]), "no CFItems"),
        (_package(CFItems=[{"identifier": "x"}] * (case.MAX_ITEMS + 1)), "more than 500"),
        (_package(CFItems=[{"identifier": "x", "fullStatement": "A"}] * 2), "appears twice"),
    ],
)
async def test_an_unreadable_package_is_refused_with_what_is_wrong(
    client: httpx.AsyncClient,
    staff: dict[str, str],
    token_for: Callable[[str], str],
    package: str,
    says: str,
) -> None:
    body = await gql(
        client,
        IMPORT,
        {"u": staff["university"], "package": package, "domains": DEMO_DOMAINS},
        token=token_for(staff["curator"]),
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert says in body["errors"][0]["message"]


async def test_a_competency_without_a_domain_is_refused_unless_a_default_is_given(
    client: httpx.AsyncClient, staff: dict[str, str], token_for: Callable[[str], str]
) -> None:
    token = token_for(staff["curator"])
    partial = {"u": staff["university"], "package": _package(), "domains": DEMO_DOMAINS[:4]}
    body = await gql(client, IMPORT, partial, token=token)
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert "GC.1 has no domain" in body["errors"][0]["message"]
    body = await gql(client, IMPORT, {**partial, "domain": "RESEARCH"}, token=token)
    found = {
        c["code"]: c["domain"] for c in body["data"]["importCompetencyFramework"]["competencies"]
    }
    assert found["GC.1"] == "RESEARCH"
    assert found["DL.1"] == "DIGITAL_LITERACY"


def test_a_package_whose_items_are_each_others_parents_still_reads() -> None:
    items = [{"identifier": x, "fullStatement": x, "humanCodingScheme": x} for x in "abc"]

    def child_of(child: str, parent: str) -> dict[str, Any]:
        return {
            "associationType": "isChildOf",
            "originNodeURI": {"identifier": child},
            "destinationNodeURI": {"identifier": parent},
        }

    package = {
        "CFDocument": {"identifier": "d", "title": "Loop"},
        "CFItems": items,
        "CFAssociations": [child_of("a", "b"), child_of("b", "a"), child_of("c", "a")],
    }
    parsed = case.parse(json.dumps(package))
    # a and b are groupings (parents of something); c is the one competency, and the walk up
    # its ancestors stops where the loop closes.
    assert [c.code for c in parsed.competencies] == ["c"]
    assert parsed.competencies[0].ancestors == ("a", "a", "b", "b")
