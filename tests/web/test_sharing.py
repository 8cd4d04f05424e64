"""Sharing a badge in Chromium against the demo: shared by link, its page, QR code, embeddable
snippet (copied, or selected when the clipboard refuses) and PDF certificate reach someone
signed out, and stop once it is private again; and the wallet opens read-only offline, only for
the person it belongs to."""

from __future__ import annotations

import asyncio
import io
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pypdfium2
import resvg_py
import zxingcpp
from PIL import Image
from playwright.async_api import Browser, Page, expect

from deploy.demo import EMAIL_DOMAIN, UNIVERSITY, demo_id
from tests.web.browser import (
    WebServer,
    assert_fits,
    assert_no_problems,
    check_accessibility,
    screenshot,
    sign_in_as,
    signed_out,
)

NOT_SHARED = "This badge was not found, or it is not shared."
KEPT = "localStorage.getItem('kring.personal.wallet') !== null"
SELF_ASSERT = """
mutation($u: ID!) { selfAssert(input: {title: "Ran the repair café's welcome desk",
  narrative: "Four Saturdays at the welcome desk.", universityId: $u, domain: SUSTAINABILITY})
  { id } }
"""
INVITE = "mutation($c: ID!, $p: ID!) { requestEndorsement(claimId: $c, personId: $p) { id } }"
ENDORSE = """
mutation($c: ID!, $r: Relationship!) { endorseClaim(claimId: $c, relationship: $r,
  testimonial: "Saw it every Saturday.") { status assertionId } }
"""


def email(person: str) -> str:
    return f"{person}@{EMAIL_DOMAIN}"


async def as_person(server: WebServer, person: str, query: str, **variables: Any) -> Any:
    async with httpx.AsyncClient(base_url=server.url, timeout=60) as http:
        signed_in = await http.post("/auth/dev-login", json={"email": email(person)})
        token = signed_in.json()["access_token"]
        answer = await http.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers={"authorization": f"Bearer {token}"},
        )
    body = answer.json()
    assert "errors" not in body, body
    return body["data"]


async def fresh_badge(server: WebServer, learner: str) -> str:
    """A community badge just issued to `learner` through the API: a one-off self-assertion
    that the teacher and a peer endorsed, under the university's community policy."""
    claim = (await as_person(server, learner, SELF_ASSERT, u=UNIVERSITY["id"]))["selfAssert"]["id"]
    endorsed: dict[str, Any] = {}
    for endorser, relationship in (("teacher", "TEACHER"), ("learner49", "PEER")):
        await as_person(server, learner, INVITE, c=claim, p=demo_id("person", endorser))
        endorsed = (await as_person(server, endorser, ENDORSE, c=claim, r=relationship))[
            "endorseClaim"
        ]
    assert endorsed["status"] == "ISSUED", endorsed
    badge: str = endorsed["assertionId"]
    return badge


async def until(page: Page, script: str, wanted: object, seconds: float = 20) -> None:
    """Polls `script` until it gives `wanted` (wait_for_function's polling needs eval, which
    the app's CSP refuses)."""
    found = None
    for _ in range(int(seconds * 4)):
        found = await page.evaluate(script)
        if found == wanted:
            return
        await asyncio.sleep(0.25)
    raise AssertionError(f"{script}: gave up waiting for {wanted!r}, last saw {found!r}")


def scan(png: bytes) -> list[str]:
    return [found.text for found in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


async def test_a_badge_shared_by_link_reaches_someone_signed_out_until_it_is_private(
    page: Page, browser: Browser, web_server: WebServer
) -> None:
    # One learner per screen size, since each shares and unshares a badge of their own.
    learner = "learner32" if (page.viewport_size or {"width": 0})["width"] < 600 else "learner33"
    badge = await fresh_badge(web_server, learner)
    await page.context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=web_server.url
    )
    await sign_in_as(page, email(learner))
    await page.goto("/wallet")
    item = page.locator(f'article[aria-labelledby="badge-{badge}"]')
    await expect(item).to_be_visible()
    name = await item.get_by_role("heading", level=2).inner_text()

    await item.get_by_role("radio", name="Anyone with the link").check()
    await expect(
        item.get_by_role("status").filter(has_text="Saved: Anyone with the link.")
    ).to_be_visible()
    await item.locator("summary", has_text="Share").click()
    field = item.get_by_label("Link to its public page")
    await expect(field).to_have_value(re.compile(rf"/badges/{badge}\?token=[\w-]+$"))
    link = await field.input_value()
    token = parse_qs(urlsplit(link).query)["token"][0]

    # The QR code shows, and scans to the very link.
    qr = item.get_by_role("img", name="QR code of the link to its public page")
    await expect(qr).to_be_visible()
    assert await qr.evaluate("img => img.complete && img.naturalWidth > 0")
    drawn = await page.request.get(await qr.get_attribute("src") or "")
    assert scan(bytes(resvg_py.svg_to_bytes(svg_string=await drawn.text(), width=400))) == [link]

    # The snippet: a link with the picture and the name, no script; copied whole.
    snippet = await item.get_by_label("HTML to paste into your website").input_value()
    assert snippet.startswith(f'<a href="{link}"'), snippet
    assert f'src="{web_server.url}/assertions/{badge}/image.png?token={token}"' in snippet
    assert "<script" not in snippet
    await item.get_by_role("button", name="Copy HTML").click()
    await expect(item.get_by_role("status").filter(has_text="HTML copied.")).to_be_visible()
    assert await page.evaluate("navigator.clipboard.readText()") == snippet
    # Where the clipboard refuses, the snippet is selected for the keyboard, and that is said.
    await page.evaluate(
        "() => { navigator.clipboard.writeText = () =>"
        " Promise.reject(new DOMException('refused', 'NotAllowedError')); }"
    )
    await item.get_by_role("button", name="Copy HTML").click()
    await expect(
        item.get_by_role("status").filter(has_text="the HTML is selected, press Ctrl+C")
    ).to_be_visible()
    selected = await page.evaluate(
        "() => { const f = document.activeElement;"
        " return [f.tagName, f.value.substring(f.selectionStart, f.selectionEnd)]; }"
    )
    assert selected == ["TEXTAREA", snippet]

    await item.locator("summary", has_text="Download").click()
    certificate = item.get_by_role("link", name="Certificate (PDF)")
    href = await certificate.get_attribute("href")
    assert href == f"/credentials/{badge}/certificate.pdf?lang=en"
    pdf = await page.request.get(href)
    assert pdf.ok
    assert pdf.headers["content-type"] == "application/pdf"
    text = pypdfium2.PdfDocument(await pdf.body())[0].get_textpage().get_text_range()
    assert name in text.replace("\r\n", " ")
    await check_accessibility(page)
    await assert_no_problems(page)
    await assert_fits(page)
    await screenshot(page, "wallet-sharing")

    async with signed_out(browser, web_server, page) as anonymous:
        await anonymous.goto(link)
        await expect(anonymous.get_by_role("heading", level=1)).to_have_text(name)
        # Where the public transparency log recorded it, as the log says (issue 20).
        await expect(
            anonymous.get_by_text(re.compile(r"Recorded in the public log at index \d+"))
        ).to_be_visible()
        own = anonymous.get_by_role("link", name="Download the certificate (PDF)")
        await expect(own).to_have_attribute(
            "href", f"/credentials/{badge}/certificate.pdf?lang=en&token={token}"
        )
        assert (await anonymous.request.get(await own.get_attribute("href") or "")).ok
        await check_accessibility(anonymous)
        await assert_no_problems(anonymous)
        await assert_fits(anonymous)
        await screenshot(anonymous, "badge-shared-by-link")
        # Without the link's secret it is not shared.
        await anonymous.goto(f"/badges/{badge}")
        await expect(anonymous.get_by_role("heading", level=1)).to_have_text(NOT_SHARED)

    await item.get_by_role("radio", name="Private").check()
    await expect(item.get_by_role("status").filter(has_text="Saved: Private.")).to_be_visible()
    async with signed_out(browser, web_server, page) as anonymous:
        await anonymous.goto(link)
        await expect(anonymous.get_by_role("heading", level=1)).to_have_text(NOT_SHARED)
        gone = await anonymous.request.get(f"/credentials/{badge}/certificate.pdf?token={token}")
        assert gone.status == 404
        await assert_no_problems(anonymous)


async def test_offline_the_wallet_opens_read_only_and_only_for_its_person(page: Page) -> None:
    badge = demo_id("assertion", "learner01:past")
    item = page.locator(f'article[aria-labelledby="badge-{badge}"]')
    await sign_in_as(page, email("learner01"))
    await page.goto("/wallet")
    await page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    # The first visit installs the worker; the next load is the one it controls and caches.
    await page.reload()
    await until(page, "navigator.serviceWorker.controller !== null", True)
    await expect(item).to_be_visible()
    await until(page, KEPT, True)

    await page.context.set_offline(True)
    try:
        await page.reload()
        await expect(page.get_by_text("Offline — showing your wallet as of")).to_be_visible()
        await expect(item.get_by_role("heading", level=2)).not_to_be_empty()
        await expect(item.locator(".tier-mark")).to_have_text("Community")
        for choice in ("Private", "Anyone with the link", "Public"):
            await expect(item.get_by_role("radio", name=choice)).to_be_disabled()
        await expect(item.locator("summary")).to_have_count(0)  # no downloads, no sharing
        await expect(item.get_by_text("Downloads and sharing come back")).to_be_visible()
        await check_accessibility(page)
        await assert_fits(page)
        await screenshot(page, "wallet-offline")
    finally:
        await page.context.set_offline(False)

    # learner01's session ends (cookies gone) and someone else signs in on this browser:
    # what was kept for learner01 is gone as soon as the app knows who is here.
    await page.context.clear_cookies()
    await sign_in_as(page, email("learner34"))
    await page.goto("/discover")
    await until(page, KEPT, False)
    await page.context.set_offline(True)
    try:
        await page.goto("/wallet")
        await expect(page.get_by_role("link", name="Sign in to see your badges")).to_be_visible()
        await expect(item).to_have_count(0)
    finally:
        await page.context.set_offline(False)

    # Signing out forgets it too.
    await page.context.clear_cookies()
    await sign_in_as(page, email("learner01"))
    await page.goto("/wallet")
    await expect(item).to_be_visible()
    await until(page, KEPT, True)
    await page.get_by_role("button", name="Sign out").click()
    await until(page, KEPT, False)
