"""The issuance tests' steps through the API: create a badge class, self-assert, invite,
approve."""

from __future__ import annotations

from typing import Any

import httpx

from tests.helpers import gql

CREATE_CLASS = """
mutation($i: ID!, $name: String!, $requires: [ID!]!, $min: Int!, $auto: Boolean!) {
  createBadgeClass(input: {issuerId: $i, name: $name, description: "d", criteria: "c",
    domain: SUSTAINABILITY, level: BEGINNER, requires: $requires,
    endorsementPolicy: {minimum: $min, relationships: [PEER, TEACHER]},
    autoIssueOnCompletion: $auto}) { id issuance { autoIssueOnCompletion } }
}
"""
SELF_ASSERT = """
mutation($b: ID!) { selfAssert(input: {title: "Did it", narrative: "Really", badgeClassId: $b})
  { id status } }
"""
APPROVE = "mutation($c: ID!) { approveClaim(claimId: $c) { status assertionId } }"
INVITE = "mutation($c: ID!, $p: ID!) { requestEndorsement(claimId: $c, personId: $p) { id } }"


async def badge_class(
    client: httpx.AsyncClient,
    token: str,
    issuer: str,
    name: str,
    *,
    requires: list[str] | None = None,
    minimum: int = 0,
    auto: bool = False,
) -> str:
    body = await gql(
        client,
        CREATE_CLASS,
        {"i": issuer, "name": name, "requires": requires or [], "min": minimum, "auto": auto},
        token=token,
    )
    assert "errors" not in body, body
    made: str = body["data"]["createBadgeClass"]["id"]
    return made


async def self_assert(client: httpx.AsyncClient, token: str, badge: str) -> dict[str, Any]:
    return await gql(client, SELF_ASSERT, {"b": badge}, token=token)


# The university's recorded consent to issue learners' own one-off claims under its key (the
# default policy's terms): without it such a claim goes to its claim reviewers.
CONSENT = """
mutation($u: ID!) { setCommunityPolicy(universityId: $u, policy: {minimum: 2,
  relationships: [TEACHER, SUPERVISOR, PEER], requireOneOf: [TEACHER, SUPERVISOR]})
  { communityPolicy { minimum } } }
"""


async def consent_to_community_policy(
    client: httpx.AsyncClient, curator_token: str, university: str
) -> None:
    body = await gql(client, CONSENT, {"u": university}, token=curator_token)
    assert "errors" not in body, body
