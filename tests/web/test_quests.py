"""Quests in Chromium against the demo: a learner asks for help, another finds it near the
place and offers; the giver accepts and marks it done with a testimonial, and the helper finds
the Helping hand badge in their wallet. The exact address is never shown to a third person; a
report hides a quest until the university's moderator restores it. Fresh accounts only."""

from __future__ import annotations

import re
import uuid

from playwright.async_api import Browser, Page, Route, expect

from deploy.demo import EMAIL_DOMAIN, UNIVERSITY
from tests.web.browser import (
    TILE_ORIGIN,
    WebServer,
    api_as,
    as_page,
    assert_fits,
    assert_no_problems,
    blank_tile,
    check_accessibility,
    register_verified,
    screenshot,
    sign_in_as,
    signed_out,
)

MODERATOR = f"moderator@{EMAIL_DOMAIN}"
ADDRESS = "Sleepstraat 1, 9000 Gent"
AREA = "Muide, Gent"
LATITUDE, LONGITUDE = 51.0612, 3.7301
QUEST_ID = re.compile(r"/quests/([0-9a-f-]{36})$")

ENABLE = "mutation($u: ID!) { enableHelpingHand(universityId: $u) { id } }"
POST = """mutation($input: PostQuestInput!) { postQuest(input: $input) { id } }"""
EXACT = "query($id: ID!) { quest(id: $id) { address location { latitude } status } }"


async def check(page: Page, name: str) -> None:
    """The state a person sees: accessible, fitting the window, no console or CSP problem."""
    await check_accessibility(page)
    await assert_fits(page)
    await assert_no_problems(page)
    await screenshot(page, name)


async def with_tiles(page: Page) -> Page:
    """A second person's browser answering map tiles as the page fixture's does."""
    tile = blank_tile()

    async def answer_tile(route: Route) -> None:
        await route.fulfill(status=200, content_type="image/png", body=tile)

    await page.context.route(f"{TILE_ORIGIN}/**", answer_tile)
    return page


async def person(web_server: WebServer, role: str) -> tuple[str, str]:
    """A freshly registered, confirmed account: its address and display name."""
    tag = uuid.uuid4().hex[:8]
    email = f"quest-{role}-{tag}@example.org"
    name = f"{role.capitalize()} {tag}"
    await register_verified(web_server, email, name, f"quests {role} {tag} password")
    return email, name


async def test_a_quest_from_posting_to_the_helpers_badge(
    page: Page, browser: Browser, web_server: WebServer
) -> None:
    # The university consents in advance (its moderator may; enabling twice changes nothing).
    await api_as(web_server, MODERATOR, ENABLE, u=UNIVERSITY["id"])
    giver, giver_name = await person(web_server, "giver")
    helper, helper_name = await person(web_server, "helper")
    third, _ = await person(web_server, "neighbour")
    title = f"Set up my new laptop {uuid.uuid4().hex[:6]}"

    # The giver posts it: first empty, which names every field to fill in.
    await sign_in_as(page, giver)
    await page.goto("/discover")
    await page.get_by_role("link", name="Quests near you").click()
    await expect(page.get_by_role("heading", level=1, name="Quests near you")).to_be_visible()
    await page.get_by_role("link", name="Ask for help").click()
    await expect(page.get_by_role("heading", level=1, name="Ask for help")).to_be_visible()
    await check(page, "quest-new")
    await page.get_by_role("button", name="Post the quest").click()
    summary = page.get_by_role("alert")
    await expect(summary).to_contain_text("fields need a look")
    await expect(summary.get_by_role("link", name=re.compile("^Title: "))).to_be_visible()
    await expect(page.get_by_label("Title", exact=True)).to_have_attribute("aria-invalid", "true")
    await check(page, "quest-new-problems")
    await page.get_by_label("Community").select_option(label=UNIVERSITY["name"])
    await page.get_by_label("Title", exact=True).fill(title)
    await page.get_by_label("Description").fill("It is new and I do not know where to start.")
    await page.get_by_label("Domain").select_option(label="Digital literacy")
    await page.get_by_label("Exact address").fill(ADDRESS)
    await page.get_by_label("Public area name").fill(AREA)
    await page.get_by_label("Latitude").fill(str(LATITUDE))
    await page.get_by_label("Longitude").fill(str(LONGITUDE))
    await page.get_by_role("button", name="Post the quest").click()
    await expect(page).to_have_url(QUEST_ID, timeout=30_000)
    quest_id = QUEST_ID.search(page.url)
    assert quest_id is not None
    quest = quest_id.group(1)
    await expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    await expect(page.get_by_text(f"Exact address: {ADDRESS}")).to_be_visible()  # the giver's own
    await expect(page.get_by_role("button", name="Close the quest")).to_be_visible()
    await expect(page.get_by_role("button", name="Report this quest")).to_have_count(0)
    await check(page, "quest-giver-open")

    async with signed_out(browser, web_server, page) as helping:
        await with_tiles(helping)
        # Someone nearby finds it on the list near the place, without its address.
        await sign_in_as(helping, helper)
        await helping.goto(f"/quests?lat={LATITUDE + 0.002}&lon={LONGITUDE}&r=1")
        found = helping.get_by_role("listitem").filter(has=helping.get_by_role("link", name=title))
        await expect(found).to_contain_text(AREA)
        await expect(found).to_contain_text(f"Asked by {giver_name}")
        await expect(found).to_contain_text("Digital literacy")
        await expect(found).to_contain_text(re.compile(r"\d+ m away"))
        await expect(helping.get_by_text("Sleepstraat")).to_have_count(0)
        await check(helping, "quests-near")
        await found.get_by_role("link", name=title).click()
        await expect(helping.get_by_role("heading", level=1, name=title)).to_be_visible()
        await expect(helping.get_by_text("Sleepstraat")).to_have_count(0)
        await expect(
            helping.get_by_text("The exact address is shown to the helper")
        ).to_be_visible()
        await helping.get_by_label(f"Message to {giver_name} (optional)").fill(
            "I set up laptops weekly."
        )
        await helping.get_by_role("button", name="Offer to help").click()
        await expect(
            helping.get_by_role("status").filter(has_text="You offered to help")
        ).to_be_visible()
        await expect(helping.get_by_text("Your offer: Waiting for an answer")).to_be_visible()
        await expect(helping.get_by_role("button", name="Withdraw my offer")).to_be_visible()
        await check(helping, "quest-offered")

        # A third person sees neither the address on the page nor through the API.
        async with signed_out(browser, web_server, page) as neighbour:
            await with_tiles(neighbour)
            await sign_in_as(neighbour, third)
            await neighbour.goto(f"/quests/{quest}")
            await expect(neighbour.get_by_role("heading", level=1, name=title)).to_be_visible()
            await expect(neighbour.get_by_text("Sleepstraat")).to_have_count(0)
            exact = await as_page(neighbour, EXACT, id=quest)
            assert exact["quest"]["address"] is None
            assert exact["quest"]["location"] is None
            await check(neighbour, "quest-neighbour")

        # The giver accepts the offer, then marks the quest done with a testimonial.
        await page.reload()
        offer = page.get_by_role("listitem").filter(has_text=helper_name)
        await expect(offer).to_contain_text("I set up laptops weekly.")
        await offer.get_by_role("button", name=f"Accept {helper_name}").click()
        await expect(
            page.get_by_role("status").filter(has_text=f"You accepted {helper_name}")
        ).to_be_visible()
        await expect(
            page.get_by_text(f"You accepted {helper_name}. Mark the quest")
        ).to_be_visible()
        await check(page, "quest-giver-accepted")

        # Accepted, the helper sees where to go.
        await helping.reload()
        await expect(helping.get_by_text(f"Exact address: {ADDRESS}")).to_be_visible()
        await expect(helping.get_by_text("You are the helper.")).to_be_visible()

        await page.get_by_role("button", name="Mark as done").click()
        await expect(page.get_by_text("Write a few words about the help.")).to_be_visible()
        await page.get_by_label(f"What did {helper_name} do?").fill(
            "Installed everything and showed me how to make backups."
        )
        await page.get_by_label("You are their").select_option("OTHER")
        await page.get_by_role("button", name="Mark as done").click()
        # Issuing the helper's badge (signing included) may take a while on a busy machine.
        await expect(page.get_by_role("status").filter(has_text="Marked as done")).to_be_visible(
            timeout=90_000
        )
        await expect(page.get_by_text("Status: Done")).to_be_visible()
        await check(page, "quest-giver-done")

        # The helper: done, a link to the claim, and the Helping hand badge in the wallet.
        await helping.reload()
        await expect(helping.get_by_text("Done, thank you!")).to_be_visible()
        await helping.get_by_role("link", name="See my claim").click()
        await expect(helping).to_have_url(re.compile(r"/claims/[0-9a-f-]{36}$"))
        await helping.goto("/wallet")
        await expect(
            helping.get_by_text(re.compile("Helping hand — digital literacy")).first
        ).to_be_visible()
        await helping.goto("/quests/mine")
        mine = helping.get_by_role("listitem").filter(has=helping.get_by_role("link", name=title))
        await expect(mine).to_contain_text("Done")
        await expect(mine).to_contain_text("Your offer: Accepted")
        await check(helping, "quests-mine-helper")
        await assert_no_problems(helping)

    await page.goto("/quests/mine")
    posted = page.locator("section[aria-labelledby='posted-title']")
    await expect(posted.get_by_role("link", name=title)).to_be_visible()
    await check(page, "quests-mine-giver")


async def test_a_report_hides_a_quest_until_a_moderator_restores_it(
    page: Page, browser: Browser, web_server: WebServer
) -> None:
    await api_as(web_server, MODERATOR, ENABLE, u=UNIVERSITY["id"])
    giver, _ = await person(web_server, "giver")
    reporter, _ = await person(web_server, "reporter")
    title = f"Translate a letter {uuid.uuid4().hex[:6]}"
    posted = await api_as(
        web_server,
        giver,
        POST,
        input={
            "universityId": UNIVERSITY["id"],
            "title": title,
            "description": "A letter from the city, in Dutch.",
            "domain": "GLOBAL_CITIZENSHIP",
            "latitude": LATITUDE,
            "longitude": LONGITUDE,
            "address": ADDRESS,
            "areaName": AREA,
        },
    )
    quest = posted["postQuest"]["id"]

    await sign_in_as(page, reporter)
    await page.goto(f"/quests/{quest}")
    await page.get_by_role("button", name="Report this quest").click()
    await page.get_by_role("button", name="Report", exact=True).click()
    await expect(page.get_by_text("Say why, in a few words.")).to_be_visible()
    await check(page, "quest-report")
    await page.get_by_label("Why should a moderator look at it?").fill("Looks like an advert.")
    await page.get_by_role("button", name="Report", exact=True).click()
    await expect(page.get_by_role("status").filter(has_text="The quest is hidden")).to_be_visible()
    await page.goto(f"/quests?lat={LATITUDE}&lon={LONGITUDE}&r=1")
    await expect(
        page.get_by_role("status").filter(has_text=re.compile("quests|No open"))
    ).to_be_visible()
    await expect(page.get_by_role("link", name=title)).to_have_count(0)

    async with signed_out(browser, web_server, page) as moderator:
        await with_tiles(moderator)
        await sign_in_as(moderator, MODERATOR)
        await moderator.goto(f"/universities/{UNIVERSITY['id']}/moderation")
        section = moderator.locator("section[aria-labelledby='reported-quests']")
        await expect(section.get_by_role("heading", name="Reported quests")).to_be_visible()
        item = section.get_by_role("article").filter(has=moderator.get_by_role("link", name=title))
        await expect(item).to_be_visible()
        await check(moderator, "quests-reported")
        await item.get_by_role("button", name=f"Restore: {title}").click()
        await expect(section.get_by_role("status")).to_have_text(f"“{title}” is open again.")
        await expect(section.get_by_role("link", name=title)).to_have_count(0)
        await assert_no_problems(moderator)

    await page.reload()
    await expect(page.get_by_role("link", name=title)).to_be_visible()


async def test_discover_lists_quests_beside_opportunities_nearest_first(page: Page) -> None:
    # Near the demo's Muide quest: choosing "Opportunities and quests" lists both in one
    # order, the quest marked as one and linked to its page, never with its address.
    await page.goto("/discover?lat=51.06900&lon=3.73300&r=2")
    titles = page.locator(".results h2")
    await expect(titles.first).to_be_visible()
    await expect(page.locator(".results .quest-item")).to_have_count(0)
    await page.get_by_label("Show").select_option(label="Opportunities and quests")
    await expect(page).to_have_url(re.compile(r"[?&]kind=all\b"))
    quest = page.locator(".results li").filter(has_text="Help me set up my new laptop")
    await expect(quest).to_contain_text("Quest")
    await expect(quest).to_contain_text("Muide, Gent")
    await expect(page.get_by_text("Voorhavenlaan")).to_have_count(0)
    # The quest stands 0 m from the search point: first, ahead of every opportunity.
    await expect(titles.first).to_have_text("Help me set up my new laptop")
    await expect(page.locator(".results article:not(.quest-item)").first).to_be_visible()
    await check(page, "discover-opportunities-and-quests")
    # Quests alone drop the filters a quest does not have.
    await page.get_by_label("Show").select_option(label="Quests")
    await expect(page).to_have_url(re.compile(r"[?&]kind=quest\b"))
    await expect(page.get_by_label("Level")).to_have_count(0)
    await expect(page.locator(".results article:not(.quest-item)")).to_have_count(0)
    # Its page asks a visitor to sign in first: a quest shows people, if only by name.
    await quest.get_by_role("link", name="Help me set up my new laptop").click()
    await expect(page).to_have_url(QUEST_ID)
    await expect(page.get_by_role("link", name="Sign in to offer help.")).to_be_visible()
