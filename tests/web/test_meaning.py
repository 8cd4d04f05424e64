"""Discovery by meaning in Chromium against the demo (embedded by `kring serve --demo`): an
opportunity's page shows others about the same thing, a search that finds nothing says what
comes closest and offers a larger circle, and Dutch words find English titles."""

from __future__ import annotations

import asyncio
import json
import re

from playwright.async_api import Page, Route, expect

from deploy.demo import demo_id
from tests.web.browser import (
    WEB_DIST,
    assert_fits,
    assert_no_problems,
    check_accessibility,
    screenshot,
)

# Citadelpark: the demo's digital help desk (De Krook) is about 1.2 km away, so a 1 km circle
# here holds nothing about phones and a 2 km one does.
CITADELPARK = (51.0379, 3.7227)


async def test_an_opportunity_page_shows_others_about_the_same_thing(page: Page) -> None:
    await page.goto(f"/opportunities/{demo_id('opportunity', 'Smartphone café for seniors')}")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Smartphone café for seniors")
    similar = page.get_by_role("region", name="Similar opportunities")
    links = similar.get_by_role("link")
    await expect(links.first).to_be_visible()
    titles = await links.all_inner_texts()
    assert 1 <= len(titles) <= 4, titles
    # Other digital help, not this page again nor what is about something else entirely.
    assert "Password hygiene workshop assistant" in titles, titles
    assert "Smartphone café for seniors" not in titles
    assert not {"Canal clean-up crew", "Count bees in the park", "Language café buddy"} & set(
        titles
    ), titles
    await expect(similar).to_contain_text("by Digidak De Krook")
    await assert_fits(page)
    await assert_no_problems(page)
    await check_accessibility(page)
    await screenshot(page, "opportunity-similar")

    # Following one opens its page, whose own list is about it and leaves it out.
    await links.filter(has_text="Password hygiene workshop assistant").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        "Password hygiene workshop assistant"
    )
    await expect(similar.get_by_role("link").first).to_be_visible()
    await expect(
        similar.get_by_role("link", name="Password hygiene workshop assistant")
    ).to_have_count(0)
    # Digital help again: the smartphone café, unless the demo's help desk today is nearer.
    alike = set(await similar.get_by_role("link").all_inner_texts())
    digital_help = {"Smartphone café for seniors", "Digital help desk (today, with check-in)"}
    assert digital_help & alike, alike
    await assert_no_problems(page)


async def test_the_page_stands_without_its_similar_opportunities(page: Page) -> None:
    """The list is its own request: when it fails, the opportunity is still all there."""
    manifest = json.loads((WEB_DIST / "persisted-documents.json").read_text(encoding="utf-8"))
    similar_hash = next(
        key.removeprefix("sha256:")
        for key, text in manifest.items()
        if text.startswith("query SimilarOpportunities")
    )

    failed = asyncio.Event()

    async def fail_similar(route: Route) -> None:
        body = route.request.post_data_json or {}
        sent = body.get("extensions", {}).get("persistedQuery", {}).get("sha256Hash")
        if sent == similar_hash or "SimilarOpportunities" in body.get("query", ""):
            await route.fulfill(
                json={
                    "errors": [{"message": "down", "extensions": {"code": "INTERNAL_SERVER_ERROR"}}]
                }
            )
            failed.set()
        else:
            await route.continue_()

    await page.route("**/graphql", fail_similar)
    await page.goto(f"/opportunities/{demo_id('opportunity', 'Smartphone café for seniors')}")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Smartphone café for seniors")
    await expect(page.get_by_role("link", name="Sign in to apply.")).to_be_visible()
    await expect(page.get_by_role("heading", name="Competencies")).to_be_visible()
    # Asked for once the page is shown, and its failure leaves the page as it was.
    await asyncio.wait_for(failed.wait(), timeout=20)
    await page.wait_for_timeout(500)
    await expect(page.get_by_role("region", name="Similar opportunities")).to_have_count(0)
    await expect(page.get_by_role("alert")).to_have_count(0)
    await assert_no_problems(page)


async def test_a_search_that_finds_nothing_in_a_small_circle_suggests_and_widens(
    page: Page,
) -> None:
    latitude, longitude = CITADELPARK
    await page.goto(f"/discover?q=smartphone&lat={latitude}&lon={longitude}&r=1")
    await expect(page.get_by_role("status").filter(has_text="Nothing matched")).to_have_text(
        "Nothing matched “smartphone”."
    )
    await expect(page.locator(".results article")).to_have_count(0)
    closest = page.get_by_role("region", name="Closest in meaning")
    await expect(closest.get_by_role("link").first).to_have_text("Smartphone café for seniors")
    widen = page.get_by_role("button", name="Search within 2 km")
    await expect(widen).to_be_visible()
    await assert_fits(page)
    await check_accessibility(page)
    await screenshot(page, "discover-nothing-suggests")

    await widen.click()
    await expect(page).to_have_url(re.compile(r"[?&]r=2\b"))
    await expect(page).to_have_url(re.compile(r"[?&]q=smartphone\b"))
    found = page.locator(".results article").filter(has_text="Smartphone café for seniors")
    await expect(found).to_have_count(1)
    await expect(found).to_contain_text("km away")
    # Found now: no suggestions and no offer to widen further.
    await expect(closest).to_have_count(0)
    await expect(page.get_by_role("button", name=re.compile(r"^Search within"))).to_have_count(0)
    await expect(page.get_by_label("Within")).to_have_value("2")
    await assert_no_problems(page)
    await check_accessibility(page)
    await screenshot(page, "discover-widened")

    # The back button returns to the small circle and what it suggested.
    await page.go_back()
    await expect(page).to_have_url(re.compile(r"[?&]r=1\b"))
    await expect(closest.get_by_role("link").first).to_have_text("Smartphone café for seniors")


async def test_dutch_words_find_an_english_opportunity_and_its_similar_ones_in_dutch(
    page: Page,
) -> None:
    await page.goto("/discover")
    await page.get_by_label("Language").select_option("nl")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Leerkansen ontdekken")
    # No word of the query is in the title, the synopsis or the description.
    await page.get_by_label("Wat wil je doen?").fill("ouderen helpen met hun gsm")
    await page.get_by_role("button", name="Zoeken", exact=True).click()
    await expect(page).to_have_url(re.compile(r"/discover\?q=ouderen\+helpen\+met\+hun\+gsm$"))
    first = page.locator(".results h2").first
    await expect(first).to_have_text("Smartphone café for seniors")
    await check_accessibility(page)
    await screenshot(page, "discover-dutch-meaning")

    await first.get_by_role("link").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Smartphone café for seniors")
    similar = page.get_by_role("region", name="Vergelijkbare leerkansen")
    await expect(similar.get_by_role("link").first).to_be_visible()
    await expect(similar).to_contain_text("door Digidak De Krook")
    await assert_no_problems(page)
    await check_accessibility(page)
