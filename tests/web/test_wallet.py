"""The wallet and the public badge page, in Chromium against the demo: learner01's community
badge with its tier and state, its visibility, its share links, and what someone signed out
sees of it (its page and endorsements when public; "not found or not shared" when private)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urlsplit

from playwright.async_api import Browser, Page, expect

from deploy.demo import EMAIL_DOMAIN, demo_id
from tests.web.browser import (
    WebServer,
    assert_fits,
    assert_no_problems,
    check_accessibility,
    screenshot,
    sign_in_as,
    signed_out,
)

LEARNER01 = f"learner01@{EMAIL_DOMAIN}"
BADGE = demo_id("assertion", "learner01:past")
NOT_SHARED = "This badge was not found, or it is not shared."


async def test_the_wallet_shows_the_badge_and_its_visibility_decides_who_sees_its_page(
    page: Page, browser: Browser, web_server: WebServer
) -> None:
    await sign_in_as(page, LEARNER01)
    await page.goto("/wallet")
    await expect(page.get_by_role("heading", level=1, name="My badges")).to_be_visible()
    item = page.locator(f'article[aria-labelledby="badge-{BADGE}"]')
    await expect(item).to_be_visible()
    await expect(item.locator(".tier-mark")).to_have_text("Community")
    await expect(item.locator(".tier-mark svg")).to_have_count(1)
    await expect(item.locator(".state")).to_contain_text("Valid")
    await expect(item.get_by_role("img")).to_have_count(0)  # decorative: the heading names it
    image = await page.request.get(f"/assertions/{BADGE}/image")
    assert image.ok
    assert image.headers["content-type"] == "image/svg+xml"

    # Private first (whatever an earlier run left): signed out, the page does not exist.
    private = item.get_by_role("radio", name="Private")
    await private.check()
    await expect(item.get_by_role("status").filter(has_text="Saved: Private.")).to_be_visible()
    await item.locator("summary", has_text="Share").click()
    await expect(item.get_by_text("This badge is private.")).to_be_visible()
    async with signed_out(browser, web_server, page) as anonymous:
        await anonymous.goto(f"/badges/{BADGE}")
        await expect(anonymous.get_by_role("heading", level=1)).to_have_text(NOT_SHARED)
        await expect(anonymous.get_by_text("Repair")).to_have_count(0)
        hidden = await anonymous.request.get(f"/credentials/{BADGE}")
        assert hidden.status == 404
        await assert_no_problems(anonymous)
        await screenshot(anonymous, "badge-not-shared")

    # Then public, with its share links.
    await item.get_by_role("radio", name="Public").check()
    await expect(item.get_by_role("status").filter(has_text="Saved: Public.")).to_be_visible()
    await expect(item.get_by_role("radio", name="Public")).to_be_checked()
    link = item.get_by_label("Link to its public page")
    await expect(link).to_have_value(f"{web_server.url}/badges/{BADGE}")
    linkedin = await item.get_by_role("link", name=re.compile("Add to LinkedIn")).get_attribute(
        "href"
    )
    assert linkedin is not None
    parts = urlsplit(linkedin)
    assert (parts.netloc, parts.path) == ("www.linkedin.com", "/profile/add"), linkedin
    fields = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert fields["startTask"] == "CERTIFICATION_NAME"
    assert fields["certId"] == BADGE
    assert fields["certUrl"] == f"{web_server.url}/badges/{BADGE}"
    assert fields["name"]
    assert fields["organizationName"]
    assert fields["issueYear"].isdigit()
    assert 1 <= int(fields["issueMonth"]) <= 12
    mail = await item.get_by_role("link", name="Share by e-mail").get_attribute("href")
    assert mail is not None
    assert mail.startswith("mailto:?subject=")
    await item.locator("summary", has_text="Download").click()
    json_href = await item.get_by_role("link", name=re.compile(r"JSON\)")).get_attribute("href")
    assert json_href == f"/credentials/{BADGE}"
    for href in (json_href, f"/credentials/{BADGE}/jwt", f"/credentials/{BADGE}/badge.png"):
        assert (await page.request.get(href)).ok, href
    await check_accessibility(page)
    await assert_no_problems(page)
    await assert_fits(page)
    await screenshot(page, "wallet")

    # Signed out, the public page shows the badge, its endorsements and where to verify it.
    async with signed_out(browser, web_server, page) as anonymous:
        await anonymous.goto(f"/badges/{BADGE}")
        heading = anonymous.get_by_role("heading", level=1)
        await expect(heading).not_to_have_text(NOT_SHARED)
        await expect(heading).not_to_be_empty()
        await expect(anonymous.locator(".tier-mark")).to_have_text("Community")
        await expect(anonymous.locator("dd.status-text")).to_contain_text("Valid")
        endorsements = anonymous.locator(".endorsements li")
        await expect(endorsements).to_have_count(2)
        await expect(endorsements.filter(has_text="supervisor")).to_have_count(1)
        await expect(endorsements.filter(has_text="peer")).to_have_count(1)
        await expect(
            endorsements.filter(has_text="Patient and clear with first-timers.")
        ).to_have_count(1)
        await expect(anonymous.get_by_role("link", name="Verify this badge")).to_have_attribute(
            "href", f"/verify?url={quote(f'{web_server.url}/credentials/{BADGE}', safe='')}"
        )
        await expect(anonymous.get_by_role("img", name="Badge image")).to_be_visible()
        await check_accessibility(anonymous)
        await assert_no_problems(anonymous)
        await assert_fits(anonymous)
        await screenshot(anonymous, "badge-public")


async def test_signed_out_the_wallet_asks_to_sign_in_and_comes_back(page: Page) -> None:
    await page.goto("/wallet")
    link = page.get_by_role("link", name="Sign in to see your badges")
    await expect(link).to_have_attribute("href", "/sign-in?next=/wallet")
    await expect(page.get_by_role("link", name="My badges")).to_have_count(0)
    await check_accessibility(page)
    await assert_no_problems(page)


async def test_a_private_badge_of_another_learner_is_not_found_signed_out(page: Page) -> None:
    # learner08's badge stays private in the demo.
    await page.goto(f"/badges/{demo_id('assertion', 'learner08:ai-cafe')}")
    await expect(page.get_by_role("heading", level=1)).to_have_text(NOT_SHARED)
    await assert_no_problems(page)
    await screenshot(page, "badge-private")


async def test_a_badge_that_does_not_exist_is_not_found(page: Page) -> None:
    await page.goto("/badges/0b6c8a5e-3a4f-4c1e-9a0d-2f6b7c8d9e01")
    await expect(page.get_by_role("heading", level=1)).to_have_text(NOT_SHARED)
    await check_accessibility(page)
    await assert_no_problems(page)
