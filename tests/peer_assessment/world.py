"""A small network for peer assessment: an issuing university, a level-3 class with a rubric,
its level-2 step held by possible reviewers, staff, and a learner."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx

from graph.core.database import Graph
from graph.core.vocabulary import Role
from tests.factories import make_person, make_university, new_id
from tests.helpers import gql, run

Tokens = Callable[[str], str]

CONFIGURE = """
mutation($b: ID!, $s: PeerAssessmentSettingsInput) {
  configurePeerAssessment(badgeClassId: $b, settings: $s) {
    enabled reviewers passingScore disagreement expiryDays maxScore consentAt
  }
}
"""
SUBMISSION_FIELDS = """
id state disputeReason learnerName badgeClassName narrative reviewersNeeded reviewsPending
passingScore disagreement assertionId evidence { name url downloadUrl }
rubric { id name levels }
reviews { id reviewerName anonymous total passed scores { criterionId level comment } }
"""
SUBMIT = (
    "mutation($i: SubmitPortfolioInput!) { submitPortfolio(input: $i) { "
    + SUBMISSION_FIELDS
    + " } }"
)
MINE = "{ myPeerSubmissions { " + SUBMISSION_FIELDS + " } }"
ASSIGNMENTS = (
    "{ myPeerAssignments { id status expiresAt submission { " + SUBMISSION_FIELDS + " } "
    "myReview { total passed anonymous } } }"
)
REVIEW = """
mutation($a: ID!, $s: [PeerScoreInput!]!, $anon: Boolean! = false) {
  reviewPortfolio(assignmentId: $a, scores: $s, anonymous: $anon) {
    id status myReview { total passed anonymous reviewerName }
  }
}
"""
DISPUTES = "query($i: ID!) { peerDisputes(issuerId: $i) { " + SUBMISSION_FIELDS + " } }"
DECIDE = """
mutation($c: ID!, $issue: Boolean!, $note: String! = "") {
  decidePeerDispute(claimId: $c, issue: $issue, note: $note) { id state assertionId }
}
"""


@dataclass
class PeerWorld:
    university: str
    badge_class: str  # level 3, RESEARCH, a rubric of two criteria with four levels each
    step: str  # level 2, RESEARCH, another issuer's: the level-2 step
    criteria: list[str]
    people: dict[str, str]
    tokens: dict[str, str]

    def token(self, name: str) -> str:
        return self.tokens[name]


async def make_badge_class(
    graph: Graph, issuer: str, name: str, level: int, *, rubric: bool = True
) -> tuple[str, list[str]]:
    bid = new_id()
    criteria = [new_id(), new_id()] if rubric else []
    await run(
        graph,
        "MATCH (u {id: $issuer}) WHERE u:University OR u:Organisation "
        "CREATE (b:BadgeClass {id: $id, name: $name, description: $name, criteria: $name, "
        "domain: 'RESEARCH', level: $level, createdAt: datetime(), policyMinimum: 2, "
        "policyRelationships: ['TEACHER', 'PEER'], policyRequireOneOf: []})-[:ISSUED_BY]->(u) "
        "WITH b UNWIND range(0, size($criteria) - 1) AS i "
        "CREATE (b)-[:HAS_CRITERION]->(:RubricCriterion {id: $criteria[i], position: i, "
        "name: 'Criterion ' + toString(i + 1), description: '', "
        "levels: ['weak', 'fair', 'good', 'excellent']})",
        issuer=issuer,
        id=bid,
        name=name,
        level=level,
        criteria=criteria,
    )
    return bid, criteria


async def give_badge(
    graph: Graph,
    person: str,
    badge_class: str,
    *,
    revoked: bool = False,
    consent: str = "REVIEWED",
) -> str:
    """The person holds a badge of the class, issued with `consent` (default: a person of the
    issuer reviewed their claim, which makes a level-2 holder an eligible reviewer)."""
    aid = new_id()
    await run(
        graph,
        "MATCH (p:Person {id: $p}) MATCH (b:BadgeClass {id: $b}) "
        "CREATE (p)-[:HOLDS]->(a:Assertion {id: $id, issuedAt: datetime(), visibility: 'PRIVATE', "
        "consent: $consent, revokedAt: CASE WHEN $revoked THEN datetime() END})"
        "-[:OF_BADGE]->(b)",
        p=person,
        b=badge_class,
        id=aid,
        revoked=revoked,
        consent=consent,
    )
    return aid


async def endorsed_before(graph: Graph, endorser: str, learner: str, badge_class: str) -> None:
    """The endorser endorsed one of the learner's earlier claims."""
    await run(
        graph,
        "MATCH (l:Person {id: $l}) MATCH (e:Person {id: $e}) MATCH (b:BadgeClass {id: $b}) "
        "CREATE (l)-[:CLAIMED]->(c:Claim {id: randomUUID(), kind: 'SELF_ASSERTED', "
        "title: 'Earlier', narrative: '', status: 'WITHDRAWN', visibility: 'PRIVATE', "
        "createdAt: datetime(), version: 0})-[:FOR_BADGE]->(b) "
        "CREATE (e)-[:ENDORSED]->(:Endorsement {id: randomUUID(), relationship: 'PEER', "
        "testimonial: 'Good', status: 'ACTIVE', createdAt: datetime()})-[:OF]->(c)",
        l=learner,
        e=endorser,
        b=badge_class,
    )


async def make_peer_world(
    graph: Graph,
    client: httpx.AsyncClient,
    token_for: Tokens,
    *,
    holders: tuple[str, ...] = ("ann", "bob", "cat"),
    reviewers: int = 3,
    passing: int = 5,
    disagreement: int = 2,
    enable: bool = True,
) -> PeerWorld:
    university = await make_university(graph, "Peer University")
    other = await make_university(graph, "Other University")
    people = {
        "curator": await make_person(
            graph, "cur@p.example", "Cu Rator", role=Role.CURATOR, body_id=university
        ),
        "teacher": await make_person(
            graph, "teach@p.example", "Tea Cher", role=Role.TEACHER, body_id=university
        ),
        "learner": await make_person(graph, "learner@p.example", "Lea Rner"),
        "stranger": await make_person(graph, "stranger@p.example", "Stran Ger"),
    }
    for name in holders:
        people[name] = await make_person(graph, f"{name}@p.example", name.title())
    badge_class, criteria = await make_badge_class(graph, university, "Research III", 3)
    # The level-2 step is another university's: reviewers come from the whole network.
    step, _ = await make_badge_class(graph, other, "Research II", 2, rubric=False)
    for name in holders:
        await give_badge(graph, people[name], step)
    tokens = {k: token_for(v) for k, v in people.items()}
    world = PeerWorld(university, badge_class, step, criteria, people, tokens)
    if enable:
        body = await configure(
            client, world, reviewers=reviewers, passing=passing, disagreement=disagreement
        )
        assert "errors" not in body, body
    return world


async def configure(
    client: httpx.AsyncClient,
    world: PeerWorld,
    *,
    who: str = "curator",
    reviewers: int = 3,
    passing: int = 5,
    disagreement: int = 2,
    expiry: int = 7,
    off: bool = False,
) -> dict[str, Any]:
    settings = (
        None
        if off
        else {
            "reviewers": reviewers,
            "passingScore": passing,
            "disagreement": disagreement,
            "expiryDays": expiry,
        }
    )
    return await gql(
        client, CONFIGURE, {"b": world.badge_class, "s": settings}, token=world.token(who)
    )


async def submit(
    client: httpx.AsyncClient, world: PeerWorld, who: str = "learner"
) -> dict[str, Any]:
    body = await gql(
        client,
        SUBMIT,
        {
            "i": {
                "badgeClassId": world.badge_class,
                "narrative": "What I researched, how, and what I would do differently.",
                "evidence": [{"url": "https://example.org/report", "name": "My report"}],
            }
        },
        token=world.token(who),
    )
    assert "errors" not in body, body
    submitted: dict[str, Any] = body["data"]["submitPortfolio"]
    return submitted


async def assigned(graph: Graph, claim_id: str, status: str = "OPEN") -> dict[str, str]:
    """Reviewer id -> assignment id, of the submission's assignments in that status."""
    found = await run(
        graph,
        "MATCH (p:Person)-[:ASSIGNED]->(x:PeerAssignment {status: $s})-[:FOR]->(:Claim {id: $c}) "
        "RETURN p.id AS p, x.id AS x",
        c=claim_id,
        s=status,
    )
    return {r["p"]: r["x"] for r in found}


def names(world: PeerWorld, ids: object) -> set[str]:
    by_id = {v: k for k, v in world.people.items()}
    return {by_id[i] for i in ids}  # type: ignore[attr-defined]


def scores(
    world: PeerWorld, *levels: int, comment: str = "Because of the report"
) -> list[dict[str, Any]]:
    return [
        {"criterionId": k, "level": level, "comment": comment}
        for k, level in zip(world.criteria, levels, strict=True)
    ]


async def review(
    client: httpx.AsyncClient,
    world: PeerWorld,
    who: str,
    assignment: str,
    *levels: int,
    anonymous: bool = False,
) -> dict[str, Any]:
    return await gql(
        client,
        REVIEW,
        {"a": assignment, "s": scores(world, *levels), "anon": anonymous},
        token=world.token(who),
    )


NOW = datetime.now(UTC)
