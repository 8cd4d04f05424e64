"""Credentials from elsewhere in Chromium against the demo: a learner imports a badge file
Kring made (their own baked PNG) on the import page, sees the result first, keeps it, finds it
in the wallet marked external, and removes it; learner13's demo credential from a foreign
issuer shows in their wallet."""

from __future__ import annotations

import uuid

from playwright.async_api import Browser, FilePayload, Page, expect

from deploy.demo import EMAIL_DOMAIN, PEER_CLASS_ID
from tests.web.browser import (
    WebServer,
    as_page,
    assert_fits,
    assert_no_problems,
    check_accessibility,
    screenshot,
    sign_in_as,
    signed_out,
)

# learner08 holds an issued badge of De Krook (an AI café claim, returned once).
LEARNER08 = f"learner08@{EMAIL_DOMAIN}"
LEARNER13 = f"learner13@{EMAIL_DOMAIN}"
BADGES = "query { myAssertions(first: 1) { edges { node { id badgeClassName } } } }"


async def test_importing_a_badge_file_shows_the_result_then_keeps_it(
    page: Page, web_server: WebServer
) -> None:
    await sign_in_as(page, LEARNER08)
    await page.goto("/wallet")
    await expect(page.get_by_role("heading", level=2, name="From elsewhere")).to_be_visible()
    [edge] = (await as_page(page, BADGES))["myAssertions"]["edges"]
    badge = edge["node"]
    png = await page.request.get(f"/credentials/{badge['id']}/badge.png")
    assert png.ok

    await page.get_by_role("link", name="Import a credential from elsewhere").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        "Import a credential from elsewhere"
    )
    await check_accessibility(page)
    await assert_fits(page)
    # Nothing chosen yet: said in words, nothing sent.
    await page.get_by_role("button", name="Check it").click()
    await expect(page.get_by_role("alert")).to_contain_text("Choose a file")
    upload: FilePayload = {"name": "badge.png", "mimeType": "image/png", "buffer": await png.body()}
    await page.get_by_label("Badge file").set_input_files(files=[upload])
    await page.get_by_role("button", name="Check it").click()
    result = page.locator("section.external-result")
    await expect(result.get_by_role("heading", name="What Kring found")).to_be_visible()
    await expect(result).to_contain_text(badge["badgeClassName"])
    await expect(result).to_contain_text("Valid: the signature holds")
    await check_accessibility(page)
    await screenshot(page, "external-credential-checked")
    await result.get_by_role("button", name="Keep it in my record").click()
    await expect(result.get_by_role("status")).to_contain_text("Kept in your record")

    await result.get_by_role("link", name="Back to my badges").click()
    kept = page.locator("article.external-item", has_text=badge["badgeClassName"])
    await expect(kept).to_be_visible()
    await expect(kept.locator(".external-mark")).to_have_text("External")
    await expect(kept).to_contain_text("Last checked")
    await check_accessibility(page)
    await assert_fits(page)
    # Removed again, so the other viewport's run starts from the same demo.
    await kept.get_by_role("button", name="Remove").click()
    await expect(page.get_by_role("status").filter(has_text="Removed.")).to_be_visible()
    await expect(kept).to_have_count(0)
    await assert_no_problems(page)


async def test_a_private_link_is_refused_in_plain_words(page: Page, web_server: WebServer) -> None:
    await sign_in_as(page, LEARNER08)
    await page.goto("/credentials/import")
    await page.get_by_role("radio", name="A link to an Open Badges 2.0 hosted badge").check()
    await page.get_by_label("Badge link").fill("https://169.254.169.254/latest/meta-data")
    await page.get_by_role("button", name="Check it").click()
    await expect(page.get_by_role("alert")).to_contain_text("private or local")
    await assert_no_problems(page)


async def test_the_demo_learners_credential_from_elsewhere_is_in_their_wallet(
    page: Page, web_server: WebServer
) -> None:
    await sign_in_as(page, LEARNER13)
    await page.goto("/wallet")
    item = page.locator("article.external-item", has_text="Bike repair basics")
    await expect(item).to_be_visible()
    await expect(item).to_contain_text("Issued by Open Makers Academy (Rotterdam)")
    await expect(item).to_contain_text("Valid")
    await expect(item.locator(".external-mark")).to_have_text("External")
    await assert_no_problems(page)


async def test_a_curator_makes_an_achievement_from_elsewhere_count_and_takes_it_back(
    page: Page, web_server: WebServer, browser: Browser
) -> None:
    # On a university class's designer page, only its curator sees the mappings.
    async with signed_out(browser, web_server, page) as moderator:
        await sign_in_as(moderator, f"moderator@{EMAIL_DOMAIN}")
        await moderator.goto(f"/badge-classes/{PEER_CLASS_ID}/edit")
        await expect(moderator.get_by_role("heading", level=1)).to_be_visible()
        mappings = moderator.get_by_role("heading", name="Achievements from elsewhere")
        await expect(mappings).to_have_count(0)

    await sign_in_as(page, f"curator@{EMAIL_DOMAIN}")
    await page.goto(f"/badge-classes/{PEER_CLASS_ID}/edit")
    section = page.get_by_role("region", name="Achievements from elsewhere")
    await expect(section.get_by_text("No achievement from elsewhere counts")).to_be_visible()
    achievement = f"https://badges.example.org/research-{uuid.uuid4().hex[:8]}"
    await section.get_by_role("button", name="Count it as this badge").click()
    await expect(section.get_by_role("alert")).to_have_text(
        "Give both the issuer's id and the achievement's id."
    )
    await section.get_by_label("Issuer's id").fill("did:web:badges.example.org")
    await section.get_by_label("Achievement's id").fill(achievement)
    await section.get_by_role("button", name="Count it as this badge").click()
    await expect(section.get_by_role("status")).to_have_text("It counts as this badge from now on.")
    await expect(section.get_by_role("listitem")).to_contain_text(achievement)
    await check_accessibility(page)
    await assert_fits(page)
    await assert_no_problems(page)
    await screenshot(page, "external-mappings")
    await section.get_by_role("button", name=f"Stop counting {achievement}").click()
    await expect(section.get_by_role("status")).to_have_text("It no longer counts as this badge.")
    await expect(section.get_by_role("listitem")).to_have_count(0)
