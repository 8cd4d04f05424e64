"""Becoming an issuer in Chromium against the demo: a freshly registered person applies in the
guided form and sees it pending; the demo moderator approves it on the moderation page; the
applicant finds it approved under Work, edits the profile with a logo and manages members."""

from __future__ import annotations

import io
import re
import uuid

from PIL import Image
from playwright.async_api import Browser, FilePayload, Page, expect

from deploy.demo import EMAIL_DOMAIN, UNIVERSITY
from tests.web.browser import (
    WebServer,
    assert_fits,
    assert_no_problems,
    check_accessibility,
    register_verified,
    screenshot,
    sign_in_as,
    signed_out,
)

MODERATOR = f"moderator@{EMAIL_DOMAIN}"
PASSWORD = "repairing bicycles since 1999"


def logo_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (96, 96), (14, 77, 100)).save(buffer, format="PNG")
    return buffer.getvalue()


async def check_page(page: Page, name: str) -> None:
    await assert_fits(page)
    await check_accessibility(page)
    await screenshot(page, name)


async def test_an_organisation_applies_is_approved_and_edits_its_profile(
    page: Page, browser: Browser, web_server: WebServer
) -> None:
    suffix = uuid.uuid4().hex[:8]
    email = f"applicant-{suffix}@organisations.example"
    name = f"Fietsatelier {suffix}"
    await register_verified(web_server, email, "Ada Applicant", PASSWORD)

    # From the home page, signed out: applying asks to sign in first and comes back.
    await page.goto("/")
    await page.get_by_role("link", name="Register an organisation as a community issuer").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Become a community issuer")
    await page.get_by_role("link", name="Sign in (or register) to apply").click()
    await page.get_by_label("E-mail address").fill(email)
    await page.get_by_label("Password", exact=True).fill(PASSWORD)
    await page.get_by_role("main").get_by_role("button", name="Sign in", exact=True).click()
    await expect(page).to_have_url(re.compile(r"/organisations/apply$"))
    await expect(page.get_by_role("heading", level=2)).to_have_text("Step 1 of 5: What you do")
    # The header offers no "Work" to someone without a role.
    main_nav = page.get_by_role("navigation", name="Main")
    await expect(main_nav.get_by_role("link", name="Work", exact=True)).to_have_count(0)
    await check_page(page, "organisation-apply")

    # Each step says what is missing before it moves on.
    await page.get_by_role("button", name="Next").click()
    await expect(page.get_by_label("Name of the organisation")).to_be_focused()
    await expect(page.get_by_text("Fill this in.")).to_have_count(2)
    await page.get_by_label("Name of the organisation").fill(name)
    await page.get_by_label("What the organisation does").fill(
        "A neighbourhood workshop where people learn to repair their bicycles."
    )
    await page.get_by_label("Website (optional)").fill("https://fietsatelier.example")
    await page.get_by_role("button", name="Next").click()

    step = page.get_by_role("heading", level=2)
    await expect(step).to_have_text("Step 2 of 5: Where you are")
    await expect(step).to_be_focused()
    await page.get_by_label("Address", exact=True).fill("Macharius 1, 9000 Gent")
    # A click on the map places the organisation; typed coordinates always work too.
    await page.locator(".org-map.leaflet-container").click()
    await expect(page.get_by_label("Latitude")).not_to_have_value("")
    await page.get_by_label("Latitude").fill("51,0527")
    await page.get_by_label("Longitude").fill("400")
    await page.get_by_role("button", name="Next").click()
    await expect(page.get_by_text(re.compile("^Give a longitude between"))).to_be_visible()
    await page.get_by_label("Longitude").fill("3.7359")
    await check_page(page, "organisation-apply-place")
    await page.get_by_role("button", name="Next").click()

    await expect(step).to_have_text("Step 3 of 5: Contact")
    await page.get_by_label("Contact e-mail address").fill(f"hallo-{suffix}@organisations.example")
    await page.get_by_role("button", name="Next").click()

    await expect(step).to_have_text("Step 4 of 5: University")
    await page.get_by_role("radio", name=UNIVERSITY["name"]).check()
    await page.get_by_role("button", name="Next").click()

    await expect(step).to_have_text("Step 5 of 5: Check and send")
    await expect(page.get_by_text("Macharius 1, 9000 Gent (51,0527, 3.7359)")).to_be_visible()
    await page.get_by_role("button", name="Send the application").click()

    # Its own page: pending, with the applicant as its first admin.
    await expect(page).to_have_url(re.compile(r"/organisations/[0-9a-f-]{36}$"))
    organisation_url = page.url
    await expect(page.get_by_role("heading", level=1)).to_have_text(name)
    await expect(page.get_by_text("Pending.")).to_be_visible()
    await expect(
        page.get_by_text("Members can be added once the organisation is approved.")
    ).to_be_visible()
    await expect(page.locator(".members")).to_contain_text("Ada Applicant")
    await check_page(page, "organisation-pending")

    async with signed_out(browser, web_server, page) as moderator:
        await sign_in_as(moderator, MODERATOR)
        await moderator.goto(f"/universities/{UNIVERSITY['id']}/moderation")
        await expect(moderator.get_by_role("heading", level=1)).to_have_text(
            f"Moderation for {UNIVERSITY['name']}"
        )
        item = moderator.get_by_role("article").filter(
            has=moderator.get_by_role("heading", name=name)
        )
        await expect(item).to_contain_text("A neighbourhood workshop")
        await expect(
            moderator.get_by_role("heading", name="Opportunities waiting for publication")
        ).to_be_visible()
        await check_page(moderator, "moderation")
        # A rejection needs its reason; nothing is sent without one.
        await item.get_by_role("button", name=f"Reject: {name}").click()
        await expect(item.get_by_text("Say why, to reject.")).to_be_visible()
        await item.get_by_role("button", name=f"Approve: {name}").click()
        await expect(
            moderator.get_by_role("status").filter(has_text=f"{name} is approved.")
        ).to_be_visible()
        await expect(moderator.get_by_role("heading", name=name)).to_have_count(0)
        await assert_no_problems(moderator)

    # The applicant sees it approved, and now has work.
    await page.reload()
    await expect(page.get_by_text("Approved.")).to_be_visible()
    await main_nav.get_by_role("link", name="Work", exact=True).click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Work")
    hub = page.get_by_role("article").filter(has=page.get_by_role("heading", name=name))
    for link in ("Profile and members", "Opportunities", "Badge classes", "Insights"):
        await expect(hub.get_by_role("link", name=link, exact=True)).to_be_visible()
    await check_page(page, "work")
    await hub.get_by_role("link", name="Profile and members").click()
    await expect(page).to_have_url(organisation_url)

    # The profile, edited by its admin, with a logo.
    await page.get_by_role("button", name="Edit the profile").click()
    await page.get_by_label("What the organisation does").fill(
        "Repair workshops for bicycles and the people who ride them."
    )
    await page.get_by_label("Contact phone (optional)").fill("+32 9 123 45 67")
    await page.get_by_label("Logo (optional)").set_input_files(
        files=FilePayload(name="logo.png", mimeType="image/png", buffer=logo_png())
    )
    await expect(page.get_by_text("logo.png is ready")).to_be_visible()
    await check_page(page, "organisation-edit")
    await page.get_by_role("button", name="Save the profile").click()
    await expect(page.get_by_role("status").filter(has_text="Saved")).to_be_visible()
    await expect(page.get_by_text("Repair workshops for bicycles")).to_be_visible()
    await expect(page.get_by_text("+32 9 123 45 67")).to_be_visible()
    logo = page.get_by_role("img", name=f"Logo of {name}")
    await expect(logo).to_be_visible()
    # The logo route serves the very image: it loads, 96 pixels wide.
    await page.wait_for_function(
        "() => { const i = document.querySelector('.organisation-head .logo');"
        " return i !== null && i.complete && i.naturalWidth === 96; }"
    )

    # Members: the only admin cannot be removed; someone without an account is told apart.
    await expect(page.get_by_role("button", name="Remove Ada Applicant as Admin")).to_have_count(0)
    newcomer = f"newcomer-{suffix}@organisations.example"
    await page.get_by_label("E-mail address", exact=True).fill(newcomer)
    await page.get_by_label("Role", exact=True).select_option("SUPERVISOR")
    await page.get_by_role("button", name="Add", exact=True).click()
    await expect(
        page.get_by_role("status").filter(has_text="we e-mailed them an invitation")
    ).to_be_visible()
    await expect(page.locator(".members")).to_contain_text(newcomer)
    await page.get_by_role("button", name=f"Remove {newcomer} as Supervisor").click()
    await page.get_by_role("button", name="Yes, remove").click()
    await expect(
        page.get_by_role("status").filter(has_text="is no longer Supervisor")
    ).to_be_visible()
    await expect(page.locator(".members")).not_to_contain_text(newcomer)
    await check_page(page, "organisation-approved")
    await assert_no_problems(page)
