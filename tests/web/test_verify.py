"""The public verify page, in Chromium against the demo: a dropped or chosen baked image, pasted
JSON (one character changed: tampered) and VC-JWT, an address of ours (checked here, on load
from /verify?url=…), another site's address (fetched by the browser, CORS permitting), a
badge revoked meanwhile, and garbage."""

from __future__ import annotations

import base64
import json
import re
import uuid
from typing import Any
from urllib.parse import quote

import httpx
from playwright.async_api import FilePayload, Locator, Page, Route, expect

from deploy.demo import demo_id
from tests.web.browser import (
    VERDICT_TIMEOUT_MS,
    WebServer,
    assert_fits,
    assert_no_problems,
    check_accessibility,
    screenshot,
    verify_in_page,
    watched,
)

LEARNER01 = demo_id("person", "learner01")
BADGE = demo_id("assertion", "learner01:past")
# Nobody else's tests use them: this file issues and revokes badges of its own with them.
ISSUER_KEY = "stadsimkers-citadelpark"
LEARNER = "learner46"
ELSEWHERE = "https://badges.elsewhere.test"


def own_file(web_server: WebServer, person: str, path: str) -> httpx.Response:
    """A file of the person's own badge, as they download it from their wallet."""
    response = httpx.get(
        f"{web_server.url}{path}",
        headers={"authorization": f"Bearer {web_server.token_for(person)}"},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    return response


def api(web_server: WebServer, person: str, query: str, **variables: Any) -> dict[str, Any]:
    # A generous timeout: making a badge class draws its image, slow on a busy machine.
    body: dict[str, Any] = httpx.post(
        f"{web_server.url}/graphql",
        json={"query": query, "variables": variables},
        headers={"authorization": f"Bearer {web_server.token_for(person)}"},
        timeout=120,
    ).json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


def issue_public_badge(web_server: WebServer) -> str:
    """A fresh badge of LEARNER's, public, through the API: a class of its own at the
    organisation, self-asserted and approved there."""
    admin = demo_id("person", f"admin-{ISSUER_KEY}")
    learner = demo_id("person", LEARNER)
    made = api(
        web_server,
        admin,
        "mutation($i: ID!, $name: String!) { createBadgeClass(input: {issuerId: $i, "
        'name: $name, description: "Looked after a hive for a season.", criteria: "A season", '
        "domain: SUSTAINABILITY, level: BEGINNER, requires: [], "
        "endorsementPolicy: {minimum: 0, relationships: [PEER]}}) { id } }",
        i=demo_id("organisation", ISSUER_KEY),
        name=f"Beekeeping {uuid.uuid4().hex[:6]}",
    )
    claim = api(
        web_server,
        learner,
        'mutation($b: ID!) { selfAssert(input: {title: "Kept bees", narrative: "All summer",'
        " badgeClassId: $b}) { id } }",
        b=made["createBadgeClass"]["id"],
    )["selfAssert"]["id"]
    approved = api(
        web_server,
        admin,
        "mutation($c: ID!) { approveClaim(claimId: $c) { status assertionId } }",
        c=claim,
    )["approveClaim"]
    assert approved["status"] == "ISSUED", approved
    api(
        web_server,
        learner,
        "mutation($c: ID!) { setClaimVisibility(claimId: $c, visibility: PUBLIC) { id } }",
        c=claim,
    )
    assertion: str = approved["assertionId"]
    return assertion


async def drop(page: Page, name: str, content: bytes, media_type: str) -> None:
    """Drops a file on the drop area as a person dragging it from their desktop would."""
    transfer = await page.evaluate_handle(
        """([data, name, type]) => {
          const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
          const transfer = new DataTransfer();
          transfer.items.add(new File([bytes], name, { type }));
          return transfer;
        }""",
        [base64.b64encode(content).decode(), name, media_type],
    )
    zone = page.locator(".dropzone")
    await zone.dispatch_event("dragover", {"dataTransfer": transfer})
    await zone.dispatch_event("drop", {"dataTransfer": transfer})


async def paste_and_verify(page: Page, text: str) -> None:
    await page.get_by_label("A credential (JSON), a VC-JWT, or the web address").fill(text)
    await page.get_by_role("button", name="Verify", exact=True).click()


def verdict(page: Page) -> Locator:
    return page.locator("#verdict .verdict-word")


async def says(page: Page, word: str) -> None:
    """The page's verdict is `word` (given the time a proof check takes on a busy machine)."""
    await expect(verdict(page)).to_have_text(word, timeout=VERDICT_TIMEOUT_MS)


async def test_a_dropped_or_chosen_baked_image_of_a_valid_badge_is_valid(
    page: Page, web_server: WebServer
) -> None:
    png = own_file(web_server, LEARNER01, f"/credentials/{BADGE}/badge.png").content
    svg = own_file(web_server, LEARNER01, f"/credentials/{BADGE}/badge.svg").content
    await page.goto("/verify")
    await expect(page.get_by_role("heading", level=1, name="Verify a badge")).to_be_visible()
    await check_accessibility(page)
    await screenshot(page, "verify")

    await drop(page, "badge.png", png, "image/png")
    await says(page, "Valid")
    result = page.locator(".verify-result")
    details = result.locator("dl").first
    for term in ("Badge", "Issuer", "Awarded to", "Issued on", "Expires", "Tier"):
        await expect(details.locator("dt", has_text=term)).to_have_count(1)
    await expect(result.get_by_text("The signature matches the content.")).to_be_visible()
    await expect(result.get_by_text("The issuer's records: not revoked.")).to_be_visible()
    await expect(result.get_by_text("2 of 2 endorsements verified.")).to_be_visible()
    await check_accessibility(page)
    await assert_no_problems(page)
    await assert_fits(page)
    await screenshot(page, "verify-valid")

    # The drop area is also a plain file input, reachable and usable by keyboard.
    chooser = page.get_by_label("Badge image or credential file")
    await chooser.focus()
    await expect(chooser).to_be_focused()
    upload: FilePayload = {"name": "badge.svg", "mimeType": "image/svg+xml", "buffer": svg}
    await chooser.set_input_files(files=[upload])
    await says(page, "Valid")
    await expect(page.locator("#verdict")).to_be_focused()  # the answer is announced
    await assert_no_problems(page)


async def test_pasted_json_with_one_character_changed_is_tampered_and_the_jwt_is_valid(
    page: Page, web_server: WebServer
) -> None:
    credential = own_file(web_server, LEARNER01, f"/credentials/{BADGE}").json()
    token = own_file(web_server, LEARNER01, f"/credentials/{BADGE}/jwt").text
    name: str = credential["credentialSubject"]["achievement"]["name"]
    changed = ("X" if name[0] != "X" else "Y") + name[1:]
    credential["credentialSubject"]["achievement"]["name"] = changed
    await page.goto("/verify")

    await paste_and_verify(page, json.dumps(credential, indent=2))
    await says(page, "Tampered: the signature does not match")
    result = page.locator(".verify-result")
    await expect(result.get_by_text("What the credential says (not confirmed):")).to_be_visible()
    await expect(result.get_by_text(changed, exact=True)).to_be_visible()
    await expect(result.get_by_text("The signature does not match the content.")).to_be_visible()
    # Kring's record of the badge is not looked up for a forgery: it could name any badge.
    await expect(result.get_by_text("An e-mail address, kept as a salted hash")).to_be_visible()
    await expect(result.get_by_role("link", name="Open the badge's page")).to_have_count(0)
    await check_accessibility(page)
    await assert_no_problems(page)
    await assert_fits(page)
    await screenshot(page, "verify-tampered")

    await paste_and_verify(page, token)
    await says(page, "Valid")
    await expect(page.locator(".verify-result").get_by_text(name, exact=True)).to_be_visible()
    await assert_no_problems(page)


async def test_an_address_is_checked_on_load_and_a_revoked_badge_says_so(
    page: Page, web_server: WebServer
) -> None:
    assertion = issue_public_badge(web_server)
    learner_name = api(web_server, demo_id("person", LEARNER), "{ me { name } }")["me"]["name"]

    # The badge page's own link opens the verify page on its credential, checked at once.
    await page.goto(f"/badges/{assertion}")
    await page.get_by_role("link", name="Verify this badge").click()
    credential_url = quote(f"{web_server.url}/credentials/{assertion}", safe="")
    await expect(page).to_have_url(f"{web_server.url}/verify?url={credential_url}")
    await says(page, "Valid")
    result = page.locator(".verify-result")
    await expect(result.get_by_text(learner_name, exact=True)).to_be_visible()
    link = result.get_by_role("link", name="Open the badge's page")
    await expect(link).to_have_attribute("href", f"/badges/{assertion}")
    # Where the public transparency log recorded its issuance, as the log says (issue 20).
    await expect(
        result.get_by_text(re.compile(r"Recorded in the public log at index \d+"))
    ).to_be_visible()
    await check_accessibility(page)
    await assert_no_problems(page)

    # Its page's address and its OB 2.0 address are ours too: checked here, fetched by no one.
    assert await verify_in_page(page, f"{web_server.url}/badges/{assertion}") == "Valid"
    assert await verify_in_page(page, f"/ob2/assertions/{assertion}") == "Valid"

    api(
        web_server,
        demo_id("person", f"admin-{ISSUER_KEY}"),
        'mutation($id: ID!) { revokeAssertion(id: $id, reason: "Never kept bees") { status } }',
        id=assertion,
    )
    assert await verify_in_page(page, f"{web_server.url}/badges/{assertion}") == "Revoked"
    result = page.locator(".verify-result")
    await expect(result.get_by_text("Why: Never kept bees")).to_be_visible()
    await expect(result.get_by_text("The issuer's records: revoked.")).to_be_visible()
    await check_accessibility(page)
    await assert_no_problems(page)
    await assert_fits(page)
    await screenshot(page, "verify-revoked")


async def test_another_sites_address_is_fetched_by_the_browser_when_that_site_allows_it(
    page: Page, web_server: WebServer
) -> None:
    credential = own_file(web_server, LEARNER01, f"/credentials/{BADGE}").content

    async def elsewhere(route: Route) -> None:
        name = route.request.url.rsplit("/", 1)[-1]
        if name == "open.json":
            await route.fulfill(
                status=200,
                body=credential,
                content_type="application/ld+json",
                headers={"access-control-allow-origin": "*"},
            )
        elif name == "missing.json":
            await route.fulfill(status=404, body="no such thing")
        else:
            # A site that is down. (One that allows no CORS reads the same to the page, a
            # failed fetch; Playwright cannot play that one, as it makes what it answers
            # readable.)
            await route.abort("connectionrefused")

    await page.context.route(f"{ELSEWHERE}/**", elsewhere)
    assert await verify_in_page(page, f"{ELSEWHERE}/open.json") == "Valid"
    await assert_no_problems(page)

    for name in ("down.json", "missing.json"):
        address = f"{ELSEWHERE}/{name}"
        assert await verify_in_page(page, address) == "Could not be fetched"
        help_text = page.locator(".verdict-help")
        await expect(help_text).to_contain_text(address)
        await expect(help_text).to_contain_text("CORS")
        # Chromium notes the failed fetch in the console; nothing else went wrong.
        seen = watched(page)
        assert all(address in message for message in seen.console_errors), seen.console_errors
        seen.console_errors.clear()
        await assert_no_problems(page)
    await check_accessibility(page)
    await screenshot(page, "verify-unreachable")

    # Plain http from another site is never fetched (nor could a https page read it).
    assert await verify_in_page(page, "http://badges.elsewhere.test/c.json") == (
        "Could not be fetched"
    )
    await expect(page.locator(".verdict-help")).to_contain_text("Only https://")
    await assert_no_problems(page)


def forget_refusals(page: Page) -> None:
    """Drops the console's notes of POST /verify's 400 answers: Chromium logs every 4xx, and
    "not a credential" is one on purpose."""
    seen = watched(page)
    refused = "Failed to load resource: the server responded with a status of 400"
    seen.console_errors[:] = [
        m for m in seen.console_errors if not (m.startswith(refused) and m.endswith("/verify)"))
    ]


async def test_garbage_gets_a_clear_answer(page: Page) -> None:
    await page.goto("/verify")
    await page.get_by_role("button", name="Verify", exact=True).click()
    await expect(page.get_by_role("alert")).to_have_text(
        "Paste a credential, a VC-JWT or an address first."
    )

    await paste_and_verify(page, "This is not a badge at all.")
    await says(page, "Not a credential")
    await expect(page.locator(".verdict-help")).to_have_text(
        "Kring found no open badge credential to check in this."
    )
    await expect(page.locator(".verdict-reason")).not_to_be_empty()  # the server's reason
    await check_accessibility(page)
    forget_refusals(page)
    await assert_no_problems(page)
    await assert_fits(page)
    await screenshot(page, "verify-not-a-credential")

    await drop(page, "notes.png", b"\x89PNG\r\n\x1a\nnot really an image", "image/png")
    await says(page, "Not a credential")
    # An address of ours that stands for no badge (or one not shared).
    assert await verify_in_page(page, f"/badges/{uuid.UUID(int=1)}") == "Not found"
    forget_refusals(page)
    await assert_no_problems(page)

    # In Dutch, the same answer in Dutch.
    await page.get_by_label("Language").select_option("nl")
    await page.get_by_label("Een credential (JSON), een VC-JWT of het webadres").fill("Geen badge")
    await page.get_by_role("button", name="Controleren", exact=True).click()
    await says(page, "Geen credential")
    await page.get_by_label("Taal").select_option("en")
