"""A portfolio page's PDF and CLR downloads, served as the page is (its learner's export and
erasure of pages: tests/people/test_records.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pypdfium2

from graph.core.database import Graph
from tests.credential_world import rich_world, second_badge, verify_report
from tests.external_credentials.test_external_credentials import IMPORT
from tests.factories import make_world
from tests.foreign_platform import ForeignIssuer
from tests.helpers import gql, run

CREATE = """mutation($input: PortfolioPageInput!) {
  createPortfolioPage(input: $input) { id }
}"""
SHARE = """mutation($id: ID!, $v: Visibility!) {
  setPortfolioPageVisibility(id: $id, visibility: $v) { shareToken }
}"""


def pdf_text(pdf: bytes) -> str:
    document = pypdfium2.PdfDocument(pdf)
    return "\n".join(page.get_textpage().get_text_range() for page in document)


async def _page(
    client: httpx.AsyncClient, token: str, items: list[dict[str, str]], title: str
) -> str:
    body = await gql(
        client,
        CREATE,
        {"input": {"title": title, "narrative": "Wat ik leerde.\n\nEn waarom.", "items": items}},
        token=token,
    )
    assert "errors" not in body, body
    page_id: str = body["data"]["createPortfolioPage"]["id"]
    return page_id


async def test_the_pdf_holds_the_title_and_the_badges_and_follows_the_page_visibility(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    await run(
        clean_graph,
        "MATCH (a:Assertion {id: $a})-[:OF_BADGE]->(b:BadgeClass) "
        "SET a.visibility = 'PUBLIC', a.revokedAt = datetime(), a.revocationReason = 'Oops', "
        "b.name = 'Łucja helpt mee'",
        a=world.assertion,
    )
    owner = {"authorization": f"Bearer {token_for(world.people['owner'])}"}
    page = await _page(
        client,
        token_for(world.people["owner"]),
        [{"kind": "BADGE", "id": world.assertion, "caption": "Mijn eerste"}],
        "Mijn leerverhaal",
    )
    url = f"/portfolios/{page}/page.pdf"
    # PRIVATE: its learner only; anyone else gets 404, as for no page at all.
    assert (await client.get(url)).status_code == 404
    other = {"authorization": f"Bearer {token_for(world.people['learner'])}"}
    assert (await client.get(url, headers=other)).status_code == 404
    mine = await client.get(url, params={"lang": "nl"}, headers=owner)
    assert mine.status_code == 200, mine.text
    assert mine.headers["content-type"] == "application/pdf"
    assert mine.headers["cache-control"] == "no-store"
    text = pdf_text(mine.content)
    for expected in ("Mijn leerverhaal", "Łucja helpt mee", "Mijn eerste", "INGETROKKEN", "Oops"):
        assert expected in text, (expected, text)
    assert "Wat ik leerde." in text

    shared = await gql(
        client, SHARE, {"id": page, "v": "LINK"}, token=token_for(world.people["owner"])
    )
    secret = shared["data"]["setPortfolioPageVisibility"]["shareToken"]
    assert (await client.get(url)).status_code == 404
    assert (await client.get(url, params={"token": "wrong"})).status_code == 404
    english = await client.get(url, params={"token": secret, "lang": "en"})
    assert english.status_code == 200
    text = pdf_text(english.content)
    assert "REVOKED" in text
    # pdfium reports a hyphen that ends a line as U+FFFE; the link may break anywhere.
    unbroken = text.replace("\r", "").replace("\n", "").replace("\ufffe", "-")
    assert f"/portfolios/{page}?token={secret}" in unbroken
    assert (await client.get(url, params={"token": "<bad>"})).status_code == 400


async def test_the_clr_of_a_page_holds_its_badges_and_verifies(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await rich_world(clean_graph)
    second = await second_badge(clean_graph, world)
    token = token_for(world.people["owner"])
    items = [{"kind": "BADGE", "id": i} for i in (second, world.assertion)]
    items.append({"kind": "CLAIM", "id": world.open_claim})
    page = await _page(client, token, items, "Two badges")
    url = f"/portfolios/{page}/clr.json"
    assert (await client.get(url)).status_code == 404
    response = await client.get(url, headers={"authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    clr: dict[str, Any] = response.json()
    inner = clr["credentialSubject"]["verifiableCredential"]
    assert [c["id"] for c in inner] == [
        f"http://testserver/credentials/{i}" for i in (second, world.assertion)
    ]
    report = await verify_report(client, clr)
    assert (report["verified"], report["credential_type"]) == (True, "ClrCredential")
    assert [c["verified"] for c in report["credentials"]] == [True, True]

    # Public page, one badge private: a visitor's record holds only the public one.
    await run(
        clean_graph,
        "MATCH (a:Assertion) WHERE a.id = $a SET a.visibility = 'PUBLIC'",
        a=second,
    )
    await gql(client, SHARE, {"id": page, "v": "PUBLIC"}, token=token)
    visitor = (await client.get(url)).json()
    assert [c["id"] for c in visitor["credentialSubject"]["verifiableCredential"]] == [
        f"http://testserver/credentials/{second}"
    ]


async def test_an_imported_ob3_credential_travels_in_the_pages_clr_as_it_was_signed(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await rich_world(clean_graph)
    token = token_for(world.people["owner"])
    issuer = ForeignIssuer()
    foreign = issuer.sign(issuer.credential("owner@world.example"))
    imported = await gql(client, IMPORT, {"c": {"text": json.dumps(foreign)}}, token=token)
    assert "errors" not in imported, imported
    external = imported["data"]["importExternalCredential"]["id"]
    # A VC-JWT is no OB 3.0 document to embed: it stays on the page but not in the record.
    as_jwt = issuer.jwt(issuer.credential("owner@world.example", name="Bike mechanic"))
    jwt = await gql(client, IMPORT, {"c": {"text": as_jwt}}, token=token)
    jwt_id = jwt["data"]["importExternalCredential"]["id"]
    items = [
        {"kind": "BADGE", "id": world.assertion},
        {"kind": "EXTERNAL", "id": external},
        {"kind": "EXTERNAL", "id": jwt_id},
    ]
    page = await _page(client, token, items, "Here and elsewhere")
    response = await client.get(
        f"/portfolios/{page}/clr.json", headers={"authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.text
    clr: dict[str, Any] = response.json()
    inner = clr["credentialSubject"]["verifiableCredential"]
    assert [c["id"] for c in inner] == [
        f"http://testserver/credentials/{world.assertion}",
        foreign["id"],
    ]
    assert inner[1] == foreign  # byte for byte what its issuer signed
    report = await verify_report(client, clr)
    assert report["proof_valid"] is True
    checked = {c["id"]: c for c in report["credentials"]}
    assert checked[foreign["id"]]["proof_valid"] is True
    assert checked[foreign["id"]]["issuer_id"] == issuer.did
    assert checked[f"http://testserver/credentials/{world.assertion}"]["verified"] is True

    # Someone else's imported credential never enters my page, and so not my record.
    other = token_for(world.people["learner"])
    theirs = await gql(
        client,
        IMPORT,
        {"c": {"text": json.dumps(issuer.sign(issuer.credential("learner@world.example")))}},
        token=other,
    )
    refused = await gql(
        client,
        CREATE,
        {
            "input": {
                "title": "Borrowed",
                "items": [
                    {"kind": "EXTERNAL", "id": theirs["data"]["importExternalCredential"]["id"]}
                ],
            }
        },
        token=token,
    )
    assert refused["errors"][0]["extensions"]["code"] == "NOT_FOUND"
