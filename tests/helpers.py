"""Small helpers for talking to the app under test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from server.settings import REPO_ROOT


async def gql(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    token: str | None = None,
) -> dict[str, Any]:
    """POST a GraphQL operation and return the decoded body (any HTTP status)."""
    headers = {"authorization": f"Bearer {token}"} if token else {}
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )
    body: dict[str, Any] = response.json()
    body["_status"] = response.status_code
    return body


def error_codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]


def repo_path(*parts: str) -> Path:
    return REPO_ROOT.joinpath(*parts)
