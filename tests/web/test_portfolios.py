"""Portfolio pages in Chromium against the demo: a learner composes a page from the wallet,
keeps it private (another signed-in person finds nothing), shares it by link; and the demo's
public page reads well for anyone, with its PDF."""

from __future__ import annotations

import re

from playwright.async_api import Browser, Page, expect

from deploy.demo import EMAIL_DOMAIN, PORTFOLIO_LEARNER, demo_id
from tests.web.browser import (
    WebServer,
    assert_fits,
    assert_no_problems,
    check_accessibility,
    screenshot,
    sign_in_as,
    signed_out,
)

# The demo's Helping hand helper holds one badge; no other browser test signs in as them.
AUTHOR = f"learner27@{EMAIL_DOMAIN}"
OTHER = f"learner08@{EMAIL_DOMAIN}"
DEMO_PAGE = demo_id("portfolio", PORTFOLIO_LEARNER)
NOT_SHARED = "This page does not exist, or it is not shared with you."
SLOW = 60_000


async def test_a_learner_composes_a_page_that_stays_private_until_shared(
    page: Page, browser: Browser, web_server: WebServer
) -> None:
    size = page.viewport_size or {"width": 0}
    title = f"My helping story {size['width']}"
    await sign_in_as(page, AUTHOR)
    await page.goto("/wallet")
    await page.get_by_role("link", name="My portfolio pages").click()
    await expect(page.get_by_role("heading", level=1, name="My portfolio pages")).to_be_visible()
    # On a machine this busy the shared server can take many seconds per request.
    await expect(page.get_by_text("Loading…")).to_have_count(0, timeout=SLOW)
    await page.get_by_label("Title of a new page").fill(title)
    await page.get_by_role("button", name="Start a page").click()
    await expect(page.get_by_role("heading", level=1, name="Edit portfolio page")).to_be_visible(
        timeout=SLOW
    )
    await expect(page.get_by_role("button", name="Save the page")).to_be_visible(timeout=SLOW)
    editor_url = page.url
    page_id = re.search(r"/portfolios/([0-9a-f-]{36})/edit", editor_url)
    assert page_id is not None, editor_url
    await page.get_by_label("Your story").fill("I helped a neighbour.\n\nThen I helped more.")
    add = page.get_by_role("button", name=re.compile(r"^Add Helping hand"))
    await add.first.click()
    await page.get_by_label(re.compile("^Caption for Helping hand")).fill("Where it began.")
    await page.get_by_role("button", name="Save the page").click()
    await expect(page.get_by_role("status").filter(has_text="Saved.")).to_be_visible()
    await expect(page.get_by_role("radio", name="Only me")).to_be_checked()
    await assert_fits(page)
    await check_accessibility(page)
    await screenshot(page, "portfolio-editor")

    view = f"/portfolios/{page_id.group(1)}"
    async with signed_out(browser, web_server, page) as other:
        await sign_in_as(other, OTHER)
        await other.goto(view)
        await expect(other.get_by_text(NOT_SHARED)).to_be_visible()
        await expect(other.get_by_text(title)).to_have_count(0)
        assert (await other.request.get(f"{view}/page.pdf")).status == 404
        await assert_no_problems(other)

    await page.get_by_role("radio", name="Anyone with the link").check()
    await expect(page.get_by_role("status")).to_contain_text("Anyone with the link")
    link = page.locator("a.share-link")
    await expect(link).to_have_text(re.compile(r"\?token="))
    shared = await link.get_attribute("href")
    assert shared is not None
    async with signed_out(browser, web_server, page) as anonymous:
        await anonymous.goto(shared)
        await expect(anonymous.get_by_role("heading", level=1, name=title)).to_be_visible()
        await expect(anonymous.get_by_text("Then I helped more.")).to_be_visible()
        # The badge is private in the wallet: the learner's own choice keeps it off the page.
        await expect(anonymous.get_by_text("Where it began.")).to_have_count(0)
        await expect(anonymous.get_by_role("link", name="Edit this page")).to_have_count(0)
        await assert_fits(anonymous)
        await check_accessibility(anonymous)
        await assert_no_problems(anonymous)

    await page.get_by_role("button", name=re.compile("^Make a new link")).click()
    await expect(page.get_by_role("status")).to_contain_text("New link made")
    async with signed_out(browser, web_server, page) as anonymous:
        await anonymous.goto(shared)
        await expect(anonymous.get_by_text(NOT_SHARED)).to_be_visible()

    page.once("dialog", lambda dialog: dialog.accept())
    await page.get_by_role("button", name="Delete this page").click()
    await expect(page.get_by_role("heading", level=1, name="My portfolio pages")).to_be_visible()
    await expect(page.get_by_role("link", name=title)).to_have_count(0)
    await assert_no_problems(page)


async def test_the_demo_public_page_reads_well_and_downloads_as_pdf(
    page: Page, web_server: WebServer
) -> None:
    await page.goto(f"/portfolios/{DEMO_PAGE}")
    await expect(
        page.get_by_role("heading", level=1, name="Fixing things together")
    ).to_be_visible()
    await expect(page.get_by_text(re.compile("^The learning story of "))).to_be_visible()
    items = page.locator(".portfolio-item")
    await expect(items).to_have_count(3)
    await expect(items.nth(0)).to_contain_text("Helped at the repair café")
    await expect(items.nth(1)).to_contain_text("Presented to the group")
    await expect(items.nth(2)).to_contain_text("Claim")
    await expect(page.get_by_role("link", name="Edit this page")).to_have_count(0)
    pdf = await page.request.get(f"/portfolios/{DEMO_PAGE}/page.pdf?lang=en")
    assert pdf.ok
    assert pdf.headers["content-type"] == "application/pdf"
    clr = page.get_by_role("link", name="Download the badges as a CLR 2.0 record")
    href = await clr.get_attribute("href")
    assert href is not None
    record = await page.request.get(href)
    assert record.ok
    assert "ClrCredential" in (await record.json())["type"]
    # Printed, the page is the learner's story alone; other pages print with the site's header.
    await page.emulate_media(media="print")
    await expect(
        page.get_by_role("heading", level=1, name="Fixing things together")
    ).to_be_visible()
    await expect(page.locator("header").first).to_be_hidden()
    await expect(clr).to_be_hidden()
    await page.goto("/verify")
    await expect(page.locator("header").first).to_be_visible()
    await page.emulate_media(media="screen")
    await page.goto(f"/portfolios/{DEMO_PAGE}")
    await expect(clr).to_be_visible()
    await assert_fits(page)
    await check_accessibility(page)
    await assert_no_problems(page)
    await screenshot(page, "portfolio-public")
