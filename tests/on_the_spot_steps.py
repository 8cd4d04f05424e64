"""The on-the-spot tests' steps through the API: a template, then badges issued from it."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.helpers import gql

TEMPLATE_FIELDS = "id name universityId archived rubric { id name levels minimumLevel }"
CREATE_TEMPLATE = (
    """
mutation($u: ID!, $input: BadgeTemplateInput!) {
  createBadgeTemplate(universityId: $u, input: $input) { """
    + TEMPLATE_FIELDS
    + " } }"
)
TEMPLATES = (
    "query($u: ID!, $a: Boolean!) { badgeTemplates(universityId: $u, includeArchived: $a) { "
    + TEMPLATE_FIELDS
    + " } }"
)
ISSUE = """
mutation($input: IssueOnTheSpotInput!) {
  issueOnTheSpot(input: $input) {
    requestId badgeClassId badges { email learnerId learnerName assertionId }
  }
}
"""
RUBRIC = [
    {
        "name": "Listening",
        "description": "Hears what the visitor needs",
        "levels": ["Sometimes", "Mostly", "Always"],
        "minimumLevel": 2,
    },
    {"name": "Fixing", "levels": ["Tried", "Fixed it"]},
]


def template_input(name: str = "Helped at the repair café", **changes: Any) -> dict[str, Any]:
    return {
        "name": name,
        "description": "Helped visitors repair their things.",
        "criteria": "Helped at least one visitor repair something, explaining as they went.",
        "domain": "SUSTAINABILITY",
        "level": "BEGINNER",
        "rubric": RUBRIC,
        **changes,
    }


async def create_template(
    client: httpx.AsyncClient, token: str, university: str, **changes: Any
) -> dict[str, Any]:
    body = await gql(
        client, CREATE_TEMPLATE, {"u": university, "input": template_input(**changes)}, token=token
    )
    assert "errors" not in body, body
    made: dict[str, Any] = body["data"]["createBadgeTemplate"]
    return made


def levels(template: dict[str, Any], *chosen: int) -> list[dict[str, Any]]:
    """A level per criterion of the template, in its order."""
    return [
        {"criterionId": k["id"], "level": level}
        for k, level in zip(template["rubric"], chosen, strict=True)
    ]


def issue_input(
    template: dict[str, Any], issuer: str, learners: list[str], **changes: Any
) -> dict[str, Any]:
    return {
        "requestId": str(uuid.uuid4()),
        "templateId": template["id"],
        "issuerId": issuer,
        "learners": learners,
        "observation": "Fixed a lamp and explained every step to its owner.",
        "context": "Repair café De Koer, Saturday morning",
        "assessment": levels(template, 3, 2) if template["rubric"] else [],
        **changes,
    }


async def issue(
    client: httpx.AsyncClient, token: str | None, request: dict[str, Any]
) -> dict[str, Any]:
    return await gql(client, ISSUE, {"input": request}, token=token)
