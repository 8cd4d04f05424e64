"""Discovering and taking part, in Chromium against the demo: the search in the URL, the
list and map, the back button, the opportunity page, signing in and applying."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

import httpx
from playwright.async_api import Page, Request, expect

from deploy.demo import EMAIL_DOMAIN, demo_id, sign_in_picker
from tests.web.browser import (
    WEB_DIST,
    WebServer,
    as_page,
    assert_no_problems,
    check_accessibility,
    register_verified,
    screenshot,
)

KORENMARKT = (51.0545, 3.7217)


async def test_a_text_search_lives_in_the_url_and_the_back_button_returns_to_it(
    page: Page,
) -> None:
    await page.goto("/discover?q=garden")
    results = page.locator(".results h2")
    await expect(results.first).to_be_visible()
    assert "Community garden Saturday" in await results.all_inner_texts()

    await page.get_by_label("What do you want to do?").fill("repair")
    await page.get_by_role("button", name="Search").click()
    await expect(page).to_have_url(re.compile(r"/discover\?q=repair$"))
    await expect(results.filter(has_text="Repair café host")).to_have_count(1)
    titles = await results.all_inner_texts()
    # Most relevant first: titles with the word before descriptions with it.
    assert "repair" in titles[0].lower(), titles
    assert "Community garden Saturday" not in titles

    await page.go_back()
    await expect(page).to_have_url(re.compile(r"/discover\?q=garden$"))
    await expect(results.filter(has_text="Community garden Saturday")).to_have_count(1)
    await expect(page.get_by_label("What do you want to do?")).to_have_value("garden")
    await assert_no_problems(page)
    await check_accessibility(page)
    await screenshot(page, "discover-text")


async def test_near_a_place_the_list_is_nearest_first_with_distances(page: Page) -> None:
    latitude, longitude = KORENMARKT
    await page.goto(f"/discover?lat={latitude}&lon={longitude}&r=2")
    items = page.locator(".results article")
    await expect(items.first).to_be_visible()
    metas = await page.locator(".results article .meta:first-of-type").all_inner_texts()
    distances = [_km(m) for m in metas]
    assert distances == sorted(distances), metas
    assert all(d <= 2.0 for d in distances), metas
    # The map shows a marker per result plus the searched place, tiles or not.
    await expect(page.locator(".map path.leaflet-interactive")).to_have_count(
        await items.count() + 1
    )
    await check_accessibility(page)
    await screenshot(page, "discover-near")


def _km(meta: str) -> float:
    found = re.search(r"([\d.,]+)\s*(k?m) away", meta)
    assert found, meta
    value = float(found.group(1).replace(",", "."))
    return value if found.group(2) == "km" else value / 1000


async def test_filters_narrow_the_list(page: Page) -> None:
    await page.goto("/discover?domain=SUSTAINABILITY&level=BEGINNER")
    titles = page.locator(".results h2")
    await expect(titles.first).to_be_visible()
    listed = set(await titles.all_inner_texts())
    await expect(page.get_by_label("Domain")).to_have_value("SUSTAINABILITY")
    await expect(page.get_by_label("Level")).to_have_value("BEGINNER")
    # Other tests share this database, so only the demo's titles are judged.
    assert {"Repair café host", "Community garden Saturday", "Canal clean-up crew"} <= listed
    assert not listed & {
        "Bicycle repair coach",
        "Smartphone café for seniors",
        "Mentor a coding club",
    }


async def test_a_learner_signs_in_from_the_demo_picker_and_applies(page: Page) -> None:
    # One learner per screen size, since each applies once; both are in the picker.
    size = page.viewport_size or {"width": 0}
    email = f"learner0{3 if size['width'] < 600 else 8}@{EMAIL_DOMAIN}"
    learner = next(p for p in sign_in_picker() if p["email"] == email)

    await page.goto("/discover?q=canal")
    await page.get_by_role("link", name="Canal clean-up crew").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Canal clean-up crew")
    await expect(page.locator(".tier")).to_contain_text("community badge of")
    await check_accessibility(page)
    await page.get_by_role("link", name="Sign in to apply.").click()
    await expect(page).to_have_url(re.compile(r"/sign-in\?next="))
    await page.get_by_role("button", name=f"Sign in as {learner['name']}").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Canal clean-up crew")
    await expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    await page.get_by_label("Why do you want to take part?").fill("I row on this canal weekly.")
    await page.get_by_role("button", name="Apply").click()
    await expect(page.get_by_role("status")).to_have_text(
        "You applied. The organisation will let you know."
    )
    await assert_no_problems(page)
    await screenshot(page, "opportunity-applied")

    # The application is real: the learner's own list through the API has it, pending.
    person = (await as_page(page, "{ myApplications { status motivation opportunityTitle } }"))[
        "myApplications"
    ]
    assert {
        "status": "PENDING",
        "motivation": "I row on this canal weekly.",
        "opportunityTitle": "Canal clean-up crew",
    } in person


async def test_the_app_speaks_dutch_when_asked_and_remembers_it(page: Page) -> None:
    await page.goto("/discover")
    await page.get_by_label("Language").select_option("nl")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Leerkansen ontdekken")
    assert await page.evaluate("document.documentElement.lang") == "nl"
    await page.reload()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Leerkansen ontdekken")
    await check_accessibility(page)
    await screenshot(page, "discover-nl")


async def test_the_first_half_of_the_journey_works_by_keyboard_alone(
    page: Page, web_server: WebServer
) -> None:
    """Find by words, open, sign in and apply, with the keyboard only (a new account)."""
    email = f"keys-{uuid.uuid4().hex[:12]}@learners.example"
    await register_verified(web_server, email, "Kim Keyboard", "typing all the way home")
    await page.goto("/")
    await page.keyboard.press("Tab")
    await expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    await page.get_by_role("link", name="Find an opportunity").focus()
    await page.keyboard.press("Enter")
    await expect(page).to_have_url(re.compile(r"/discover$"))
    search = page.get_by_label("What do you want to do?")
    await search.focus()
    await page.keyboard.type("heat pump")
    await page.keyboard.press("Enter")
    await expect(page).to_have_url(re.compile(r"/discover\?q=heat\+pump$"))
    link = page.get_by_role("link", name="Heat-pump information evenings")
    await link.focus()
    await page.keyboard.press("Enter")
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        "Heat-pump information evenings"
    )
    await page.get_by_role("link", name="Sign in to apply.").focus()
    await page.keyboard.press("Enter")
    await page.get_by_label("E-mail address").focus()
    await page.keyboard.type(email)
    await page.keyboard.press("Tab")
    await expect(page.get_by_label("Password")).to_be_focused()
    await page.keyboard.type("typing all the way home")
    await page.keyboard.press("Enter")
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        "Heat-pump information evenings"
    )
    await page.get_by_label("Why do you want to take part?").focus()
    await page.keyboard.type("I want to explain heat pumps to my neighbours.")
    await page.keyboard.press("Tab")
    await expect(page.get_by_role("button", name="Apply")).to_be_focused()
    await page.keyboard.press("Enter")
    await expect(page.get_by_role("status")).to_have_text(
        "You applied. The organisation will let you know."
    )
    await expect(page.get_by_role("link", name="Notifications, 0 unread")).to_be_visible()
    await assert_no_problems(page)


async def test_sorting_by_start_date_reorders_the_same_results_and_lives_in_the_url(
    page: Page, web_server: WebServer
) -> None:
    latitude, longitude = KORENMARKT
    await page.goto(f"/discover?lat={latitude}&lon={longitude}&r=5")
    titles = page.locator(".results h2")
    await expect(titles.first).to_be_visible()
    nearest_first = await titles.all_inner_texts()
    # The form shows the search it came from, so re-sorting keeps the radius.
    await expect(page.get_by_label("Within")).to_have_value("5")
    sort = page.get_by_label("Sort by")
    # Without words to match, relevance is not offered: only what the search allows.
    assert await sort.locator("option").all_inner_texts() == ["distance", "start date"]
    await sort.select_option(label="start date")
    await expect(page).to_have_url(re.compile(r"[?&]sort=start\b"))
    await expect(titles.first).not_to_have_text(nearest_first[0])
    # The list is the API's first page in each order (more come on scrolling).
    near = {"latitude": latitude, "longitude": longitude, "radiusKm": 5}
    assert nearest_first == await _titles_from_api(web_server, {"near": near})
    assert await titles.all_inner_texts() == await _titles_from_api(
        web_server, {"near": near, "sort": "START"}
    )
    await page.go_back()
    await expect(titles.first).to_have_text(nearest_first[0])
    await check_accessibility(page)


async def _titles_from_api(web_server: WebServer, search: dict[str, Any]) -> list[str]:
    async with httpx.AsyncClient(base_url=web_server.url, timeout=30) as http:
        answer = await http.post(
            "/graphql",
            json={
                "query": "query($f: OpportunityFilter) { opportunities(filter: $f, first: 20)"
                " { edges { node { title } } } }",
                "variables": {"f": search},
            },
        )
    edges = answer.json()["data"]["opportunities"]["edges"]
    return [e["node"]["title"] for e in edges]


async def test_the_opportunity_page_shows_its_place_on_a_map_and_its_competencies(
    page: Page,
) -> None:
    await page.goto(f"/opportunities/{demo_id('opportunity', 'Repair café host')}")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Repair café host")
    place = page.get_by_role("region", name="Where “Repair café host” takes place")
    # One marker, tiles or not; the address beside it says the same in words.
    await expect(place.locator("path.leaflet-interactive")).to_have_count(1)
    await expect(page.get_by_role("link", name="Open in OpenStreetMap")).to_have_attribute(
        "href", re.compile(r"^https://www\.openstreetmap\.org/\?mlat=51\.\d+&mlon=3\.\d+")
    )
    await expect(page.get_by_role("heading", name="Competencies")).to_be_visible()
    await expect(page.locator(".competencies li")).to_have_text(
        ["Valuing sustainability (GreenComp)"]
    )
    await assert_no_problems(page)
    await check_accessibility(page)
    await screenshot(page, "opportunity")


async def test_the_app_sends_its_documents_by_hash_not_by_text(page: Page) -> None:
    """Persisted documents: every GraphQL request of the discover page names a document of
    the build's manifest, and none carries a document's text."""
    manifest = json.loads((WEB_DIST / "persisted-documents.json").read_text(encoding="utf-8"))
    known = {key.removeprefix("sha256:") for key in manifest}
    sent: list[Any] = []

    def record(request: Request) -> None:
        if request.url.endswith("/graphql") and request.method == "POST":
            sent.append(request.post_data_json)

    page.on("request", record)
    latitude, longitude = KORENMARKT
    await page.goto(f"/discover?lat={latitude}&lon={longitude}&r=2")
    await expect(page.locator(".results article").first).to_be_visible()
    assert sent
    for body in sent:
        assert "query" not in body, body
        assert body["extensions"]["persistedQuery"]["sha256Hash"] in known, body
