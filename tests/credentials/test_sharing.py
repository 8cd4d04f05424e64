"""Sharing a badge beyond its page (server/routes/sharing.py), against the real graph: the QR
code of its address scans to that address, and the PDF certificate states the badge, says when
it is revoked, carries a QR code of its page, and is served only to whoever may see the badge."""

from __future__ import annotations

import io
from collections.abc import Callable

import httpx
import pypdfium2
import resvg_py
import zxingcpp
from PIL import Image

from graph.core.database import Graph
from tests.credential_world import auth_headers
from tests.factories import make_world
from tests.helpers import run

SECRET = "s3cret-Link_token0123456789abcdef"
# A name Helvetica could not draw: the certificate needs a Unicode font.
NAME = "\u015e\u00fckr\u00fc Y\u0131lmaz"


def scanned(image: Image.Image) -> list[str]:
    return [found.text for found in zxingcpp.read_barcodes(image)]


def scan_svg(svg: str) -> list[str]:
    png = resvg_py.svg_to_bytes(svg_string=svg, width=424, height=424)
    return scanned(Image.open(io.BytesIO(bytes(png))))


def read_pdf(pdf: bytes) -> tuple[str, list[str]]:
    """The certificate's text and what the QR codes on its first page say."""
    document = pypdfium2.PdfDocument(pdf)
    text = "\n".join(page.get_textpage().get_text_range() for page in document)
    return text, scanned(document[0].render(scale=2).to_pil())


async def share(graph: Graph, assertion: str, visibility: str, token: str | None) -> None:
    await run(
        graph,
        "MATCH (a:Assertion {id: $a}) SET a.visibility = $v, a.shareToken = $t",
        a=assertion,
        v=visibility,
        t=token,
    )


async def test_the_qr_code_scans_to_the_badge_page_with_its_secret(
    client: httpx.AsyncClient,
) -> None:
    badge = "0b6c8a5e-3a4f-4c1e-9a0d-2f6b7c8d9e01"
    shared = await client.get(f"/badges/{badge}/qr.svg", params={"token": SECRET})
    assert shared.status_code == 200, shared.text
    assert shared.headers["content-type"] == "image/svg+xml"
    assert shared.headers["content-security-policy"] == "default-src 'none'"
    assert "<script" not in shared.text
    assert scan_svg(shared.text) == [f"http://testserver/badges/{badge}?token={SECRET}"]

    public = await client.get(f"/badges/{badge}/qr.svg", headers={"accept-language": "nl"})
    assert scan_svg(public.text) == [f"http://testserver/badges/{badge}"]
    assert "QR-code van de pagina van de badge" in public.text

    for bad in ("a b", "x" * 65, "<svg>"):
        refused = await client.get(f"/badges/{badge}/qr.svg", params={"token": bad})
        assert refused.status_code == 400, bad
        assert refused.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert (await client.get("/badges/not-a-badge/qr.svg")).status_code == 404


async def test_the_certificate_states_the_badge_and_its_qr_code_leads_to_its_page(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    await run(
        clean_graph,
        "MATCH (p:Person {id: $p}) SET p.name = $name WITH p "
        "MATCH (b:BadgeClass {id: $b}) SET b.criteria = 'Host two repair afternoons.'",
        p=world.people["owner"],
        name=NAME,
        b=world.badge_class,
    )
    await share(clean_graph, world.assertion, "LINK", SECRET)
    url = f"/credentials/{world.assertion}/certificate.pdf"
    answer = await client.get(url, params={"token": SECRET, "lang": "en"})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.headers["cache-control"] == "no-store"
    assert answer.content.startswith(b"%PDF-")
    text, codes = read_pdf(answer.content)
    page = f"http://testserver/badges/{world.assertion}?token={SECRET}"
    for words in (
        "Certificate",
        NAME,
        "Test Badge",
        "Buurtwerk Test",
        "Hogeschool Test",
        "Community",
        "Valid",
        "Host two repair afternoons.",
    ):
        assert words in text, words
    assert page in text.replace("\r", "").replace("\n", "")
    assert codes == [page]

    # In Dutch, by the reader's language, for the learner without the link's secret.
    dutch = await client.get(
        url,
        headers={**auth_headers(token_for, world, "owner"), "accept-language": "nl-BE,nl;q=0.9"},
    )
    assert dutch.status_code == 200, dutch.text
    text, codes = read_pdf(dutch.content)
    assert "Certificaat" in text
    assert "Geldig" in text
    assert codes == [page]


async def test_a_private_certificate_is_its_learners_alone(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    url = f"/credentials/{world.assertion}/certificate.pdf"
    nobody = await client.get(url)
    assert nobody.status_code == 404
    assert nobody.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    someone = await client.get(url, headers=auth_headers(token_for, world, "learner"))
    assert someone.status_code == 404
    mine = await client.get(url, headers=auth_headers(token_for, world, "owner"))
    assert mine.status_code == 200
    text, codes = read_pdf(mine.content)
    assert "only its holder can open this link" in text
    assert codes == [f"http://testserver/badges/{world.assertion}"]

    # Shared by link: the secret opens it, a wrong or missing one does not.
    await share(clean_graph, world.assertion, "LINK", SECRET)
    assert (await client.get(url)).status_code == 404
    assert (await client.get(url, params={"token": "wrong-secret"})).status_code == 404
    assert (await client.get(url, params={"token": SECRET})).status_code == 200
    await share(clean_graph, world.assertion, "PUBLIC", None)
    assert (await client.get(url)).status_code == 200
    unknown = "/credentials/0b6c8a5e-3a4f-4c1e-9a0d-2f6b7c8d9e01/certificate.pdf"
    assert (await client.get(unknown)).status_code == 404


async def test_a_revoked_badges_certificate_says_it_is_revoked(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    await run(
        clean_graph,
        "MATCH (a:Assertion {id: $a}) SET a.revokedAt = datetime('2026-04-01T10:00:00Z'), "
        "a.revocationReason = 'Issued in error'",
        a=world.assertion,
    )
    answer = await client.get(
        f"/credentials/{world.assertion}/certificate.pdf",
        params={"lang": "en"},
        headers=auth_headers(token_for, world, "owner"),
    )
    assert answer.status_code == 200, answer.text
    text, _ = read_pdf(answer.content)
    assert "REVOKED on 1 April 2026" in text
    assert "Reason: Issued in error" in text
    assert "Revoked on 1 April 2026" in text
    assert "Valid" not in text


async def test_the_badge_picture_comes_as_a_png_for_whoever_may_see_it(
    client: httpx.AsyncClient, clean_graph: Graph
) -> None:
    world = await make_world(clean_graph)
    url = f"/assertions/{world.assertion}/image.png"
    assert (await client.get(url)).status_code == 404
    await share(clean_graph, world.assertion, "LINK", SECRET)
    answer = await client.get(url, params={"token": SECRET})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "image/png"
    assert answer.headers["cache-control"] == "no-store"
    assert Image.open(io.BytesIO(answer.content)).size == (512, 512)
