"""Setting up a deployment in Chromium: the platform admin finds "Add a university" in the work
hub, is told beside the form when a colour code is wrong or badge text would not read (what was
typed kept), adds the university, lands on its people page told to appoint its first moderator,
appoints one, and that moderator then finds the university's work in their own hub."""

from __future__ import annotations

import re
import uuid

from playwright.async_api import Browser, Page, expect

from deploy.demo import EMAIL_DOMAIN
from tests.web.browser import (
    WebServer,
    assert_fits,
    assert_no_problems,
    check_accessibility,
    screenshot,
    sign_in_as,
    signed_out,
)


async def test_a_platform_admin_adds_a_university_and_appoints_its_first_moderator(
    page: Page, browser: Browser, web_server: WebServer
) -> None:
    name = f"Hogeschool Opstart {uuid.uuid4().hex[:8]}"
    admin, moderator = f"platform-admin@{EMAIL_DOMAIN}", f"moderator@{EMAIL_DOMAIN}"

    await sign_in_as(page, admin)
    await page.goto("/work")
    platform = page.get_by_role("article", name="The platform")
    await expect(platform.get_by_role("link", name=re.compile("^People of "))).not_to_have_count(0)
    await check_accessibility(page)
    await assert_fits(page)
    await platform.get_by_role("link", name="Add a university").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Add a university")

    await page.get_by_label("Name of the university").fill(name)
    website = page.get_by_label("Website (optional)")
    await website.fill("hogent.example")
    primary = page.get_by_role("group", name="Primary colour").get_by_label("Colour code (#RRGGBB)")
    # Each picker is named by its colour.
    for colour in ("Primary colour", "Secondary colour"):
        await expect(page.get_by_label(f"Pick ({colour})")).to_have_attribute("type", "color")
    await primary.fill("#12345")
    await expect(page.get_by_text("Badge text reads on the primary colour")).to_have_count(0)
    # The contrast status is there from the start, empty until the colour is whole, and stays
    # the same element whose text changes.
    contrast = page.locator(".brand-preview").get_by_role("status")
    await expect(contrast).to_have_text("")
    status = await contrast.element_handle()
    assert status is not None
    await page.get_by_role("button", name="Add the university").click()
    # Refused beside the fields, first problem focused, everything typed still there.
    await expect(page.get_by_text("Give a web address starting with https://")).to_be_visible()
    await expect(page.get_by_text("Give a colour code like #1F3A5F")).to_be_visible()
    await expect(website).to_be_focused()
    await expect(primary).to_have_value("#12345")
    await expect(page.get_by_label("Name of the university")).to_have_value(name)
    await check_accessibility(page)
    await assert_fits(page)

    await website.fill("https://opstart.example")
    # A mid grey: neither ink reads at 4.5:1, and the admin is told so before adding it.
    await primary.fill("#777777")
    await expect(page.get_by_text("Badge text will be hard to read")).to_be_visible()
    await expect(page.get_by_text("contrast 3.8:1")).to_be_visible()
    await primary.fill("#0B3D2E")
    await expect(page.get_by_text("Badge text reads on the primary colour")).to_be_visible()
    assert "Badge text reads on the primary colour" in (await status.text_content() or "")
    await check_accessibility(page)
    await screenshot(page, "new-university")
    await page.get_by_role("button", name="Add the university").click()

    await expect(page.get_by_role("heading", level=1)).to_have_text(f"People: {name}")
    await expect(page).to_have_url(re.compile(r"/universities/[0-9a-f-]{36}/people\?created=1$"))
    await expect(
        page.get_by_role("status").filter(has_text=f"{name} is added. Now appoint its first")
    ).to_be_visible()
    await check_accessibility(page)
    await assert_fits(page)
    await page.get_by_label("E-mail address", exact=True).fill(moderator)
    await page.get_by_label("Role", exact=True).select_option("MODERATOR")
    await page.get_by_role("button", name="Add", exact=True).click()
    await expect(page.get_by_role("status").filter(has_text="is now Moderator")).to_be_visible()
    await expect(page.locator(".members")).to_contain_text("Mo Moderator")
    await assert_no_problems(page)

    # The new university is listed for the platform admin, leading to its people.
    await page.goto("/work")
    await page.get_by_role("link", name=f"People of {name}").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"People: {name}")

    async with signed_out(browser, web_server, page) as appointed:
        await sign_in_as(appointed, moderator)
        await appointed.goto("/work")
        hub = appointed.get_by_role("article", name=name)
        await expect(hub).to_contain_text("Moderator")
        for link in ("Moderation", "People", "Badge classes", "Community policy", "Insights"):
            await expect(hub.get_by_role("link", name=link, exact=True)).to_be_visible()
        # Not a platform admin: no platform part, and the page says who adds universities.
        await expect(appointed.get_by_role("article", name="The platform")).to_have_count(0)
        await check_accessibility(appointed)
        await appointed.goto("/universities/new")
        await expect(
            appointed.get_by_text("Only the platform's admins add universities")
        ).to_be_visible()
        await expect(appointed.get_by_role("button", name="Add the university")).to_have_count(0)
        await check_accessibility(appointed)
        await assert_no_problems(appointed)
