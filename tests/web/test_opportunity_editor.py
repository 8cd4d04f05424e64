"""An organisation's admin drafts an opportunity in Chromium: the location typed as coordinates
(the map's tiles are blank here), edits it, submits it; the buttons offered follow the state,
a moderator of the university rejects it from the same page, and the history shows each step."""

from __future__ import annotations

import re
import uuid

from playwright.async_api import Browser, Page, Route, expect

from deploy.demo import EMAIL_DOMAIN, PLACES, demo_id
from tests.web.browser import (
    TILE_ORIGIN,
    WebServer,
    assert_fits,
    assert_no_problems,
    blank_tile,
    check_accessibility,
    screenshot,
    sign_in_as,
    signed_out,
)

MODERATOR = f"moderator@{EMAIL_DOMAIN}"


def _organisation(page: Page) -> str:
    """One organisation per screen size: each run drafts and submits one of its own."""
    mobile = (page.viewport_size or {"width": 0})["width"] < 600
    return "haven-muide" if mobile else "watersport-blaarmeersen"


async def test_an_admin_drafts_submits_and_a_moderator_rejects(
    page: Page, browser: Browser, web_server: WebServer
) -> None:
    key = _organisation(page)
    place = PLACES[key]
    organisation = demo_id("organisation", key)
    title = f"Harbour walk {uuid.uuid4().hex[:6]}"
    await sign_in_as(page, f"admin-{key}@{EMAIL_DOMAIN}")

    # The organisation's list, and a new draft from it.
    await page.goto(f"/organisations/{organisation}/opportunities")
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Opportunities of {place.name}"
    )
    await expect(page.get_by_role("heading", name=re.compile("^Published"))).to_be_visible()
    await check_accessibility(page)
    await assert_fits(page)
    await screenshot(page, "organisation-opportunities")
    await page.get_by_role("link", name="New opportunity").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("New opportunity")

    # Saving an empty form says what is missing, field by field, before anything is sent.
    await page.get_by_role("button", name="Save draft").click()
    problems = page.get_by_role("alert")
    await expect(problems).to_contain_text("need attention")
    await expect(problems.get_by_role("link", name="Title: fill this in")).to_be_visible()
    await expect(page.get_by_label("Title")).to_have_attribute("aria-invalid", "true")
    await check_accessibility(page)
    await assert_fits(page)
    await screenshot(page, "opportunity-new")

    await page.get_by_label("Title").fill(title)
    await page.get_by_label("Summary").fill("Walk the old docks and hear their stories.")
    await page.get_by_label("Description").fill("We meet at the entrance. Good shoes help.")
    await page.get_by_label("Badge class").select_option(index=1)
    await expect(page.locator("#badge-hint")).to_contain_text("Domain:")
    await page.get_by_label("Address").fill(place.address)
    # The tiles are blank: the place is typed as coordinates, in Dutch notation for one.
    await page.get_by_label("Latitude").fill(f"{place.latitude}")
    await page.get_by_label("Longitude").fill(f"{place.longitude}".replace(".", ","))
    await page.get_by_label("Starts").fill("2031-05-03T14:00")
    await page.get_by_label("Ends").fill("2031-05-03T16:30")
    await page.get_by_label("Places").fill("15")
    await expect(page.locator(".map path.leaflet-interactive")).to_have_count(1)
    await expect(page.get_by_role("alert")).to_have_count(0)
    await page.get_by_role("button", name="Save draft").click()

    # The draft's own page: saved as typed, in Brussels time; only the admin's steps offered.
    # The first draft of a cold, busy server can take a while (seconds per request here).
    await expect(page).to_have_url(re.compile(r"/opportunities/[0-9a-f-]{36}/edit"), timeout=60_000)
    opportunity = page.url.split("/")[-2]
    await expect(page.get_by_role("status").filter(has_text="Draft saved")).to_be_visible()
    await expect(page.get_by_role("heading", level=1)).to_have_text(title)
    await expect(page.get_by_label("Latitude")).to_have_value(f"{place.latitude:.6f}")
    await expect(page.get_by_label("Longitude")).to_have_value(f"{place.longitude:.6f}")
    await expect(page.get_by_label("Starts")).to_have_value("2031-05-03T14:00")
    lifecycle = page.locator(".lifecycle")
    await expect(lifecycle).to_contain_text("Draft")
    await expect(lifecycle.get_by_role("button")).to_have_text(
        ["Submit for publication", "Archive"]
    )

    await page.get_by_label("Places").fill("20")
    await page.get_by_role("button", name="Save changes").click()
    await expect(page.get_by_role("status").filter(has_text="Saved.")).to_be_visible()
    await expect(page.get_by_label("Places")).to_have_value("20")
    await check_accessibility(page)
    await assert_fits(page)
    await screenshot(page, "opportunity-draft")

    await lifecycle.get_by_role("button", name="Submit for publication").click()
    await expect(
        page.get_by_role("status").filter(has_text="Submitted to the university's moderators.")
    ).to_be_visible()
    await expect(lifecycle).to_contain_text("Submitted")
    # Nothing for the organisation to do now: no steps, no editing.
    await expect(lifecycle.get_by_role("button")).to_have_count(0)
    await expect(page.get_by_label("Title")).to_be_disabled()
    await expect(page.get_by_role("button", name="Save changes")).to_have_count(0)
    trail = page.locator(".audit-trail li")
    await expect(trail).to_have_count(3)
    await expect(trail.locator(".audit-action")).to_have_text(["Submitted", "Edited", "Drafted"])
    await expect(trail.nth(1)).to_contain_text("capacity")
    await expect(trail.nth(0)).to_contain_text(f"Admin {place.name}")

    # The university's moderator, on the same page, is offered publish and reject.
    async with signed_out(browser, web_server, page) as moderator:
        tile = blank_tile()

        async def answer_tile(route: Route) -> None:
            await route.fulfill(status=200, content_type="image/png", body=tile)

        # As the page fixture's context does: no test reaches for real tiles.
        await moderator.context.route(f"{TILE_ORIGIN}/**", answer_tile)
        await sign_in_as(moderator, MODERATOR)
        await moderator.goto(f"/opportunities/{opportunity}/edit")
        steps = moderator.locator(".lifecycle")
        await expect(steps.get_by_role("button")).to_have_text(["Publish", "Reject…"])
        await expect(moderator.get_by_text("Only the organisation's admins change")).to_be_visible()
        await steps.get_by_role("button", name="Reject…").click()
        await moderator.get_by_label("Why is it rejected?").fill("Add the meeting point, please.")
        await moderator.get_by_role("button", name="Reject the opportunity").click()
        await expect(steps).to_contain_text("Rejected")
        await expect(steps.get_by_role("button")).to_have_count(0)
        await check_accessibility(moderator)
        await assert_no_problems(moderator)

    # Back with the admin: the reason, editing and submitting again are offered.
    await page.reload()
    await expect(lifecycle).to_contain_text(
        "The moderator's reason: Add the meeting point, please."
    )
    await expect(lifecycle.get_by_role("button")).to_have_text(
        ["Submit for publication", "Archive"]
    )
    await expect(page.get_by_label("Title")).to_be_enabled()
    await expect(trail.locator(".audit-action").first).to_have_text("Rejected")
    await expect(trail.first).to_contain_text("Mo Moderator")
    await check_accessibility(page)
    await screenshot(page, "opportunity-rejected")
    await assert_no_problems(page)


async def test_a_supervisor_reads_but_is_offered_no_editing(page: Page) -> None:
    key = _organisation(page)
    await sign_in_as(page, f"supervisor-{key}@{EMAIL_DOMAIN}")
    await page.goto(f"/organisations/{demo_id('organisation', key)}/opportunities")
    await expect(page.get_by_role("heading", level=1)).to_contain_text("Opportunities of")
    await expect(page.get_by_role("link", name="New opportunity")).to_have_count(0)
    await page.locator(".staff-list h3 a").first.click()
    await expect(page).to_have_url(re.compile(r"/opportunities/[0-9a-f-]{36}/edit"))
    await expect(page.get_by_text("Only the organisation's admins change")).to_be_visible()
    await expect(page.locator(".lifecycle button")).to_have_count(0)
    await expect(page.get_by_role("button", name="Save changes")).to_have_count(0)
    await assert_no_problems(page)
