"""A learner's paths, in Chromium against the demo: the next steps of a pathway they started
on the home page (and how a pathway starts when there are none yet), and the history of
their self-assessment, each change newest first."""

from __future__ import annotations

import re
import uuid

from playwright.async_api import Page, expect

from deploy.demo import EMAIL_DOMAIN
from tests.web.browser import (
    WebServer,
    api_as,
    assert_fits,
    assert_no_problems,
    check_accessibility,
    register_verified,
    screenshot,
    sign_in_as,
)

NEXT_STEPS = "{ nextSteps(first: 6) { pathway opportunity { id title } } }"
# Reads only: the demo's learner01 completed a repair café that starts a pathway.
LEARNER01 = f"learner01@{EMAIL_DOMAIN}"
COMPETENCY = "Finding and judging information online"


async def new_learner(web_server: WebServer, page: Page, name: str) -> None:
    """A learner of their own, signed in in `page`: no other test's data changes what they see."""
    email = f"paths-{uuid.uuid4().hex[:12]}@learners.example"
    await register_verified(web_server, email, name, "a walk along the Leie")
    await sign_in_as(page, email)


async def test_a_learner_who_started_a_pathway_sees_a_next_step_and_follows_it(
    page: Page, web_server: WebServer
) -> None:
    expected = (await api_as(web_server, LEARNER01, NEXT_STEPS))["nextSteps"]
    assert expected, "the demo should give learner01 a next step on its pathway"
    first = expected[0]
    await sign_in_as(page, LEARNER01)
    await page.goto("/")
    section = page.get_by_role("region", name="Next steps")
    await expect(section).to_be_visible()
    await expect(section.get_by_role("link")).to_have_count(len(expected))
    title = first["opportunity"]["title"]
    # `has` is relative to each item, so its locator starts from the page.
    item = section.get_by_role("listitem").filter(
        has=page.get_by_role("link", name=title, exact=True)
    )
    await expect(item.first).to_contain_text(f"Continues your pathway “{first['pathway']}”.")
    # Listed once: not again under For you.
    for_you = page.get_by_role("region", name="For you")
    await expect(for_you.get_by_role("link", name=title, exact=True)).to_have_count(0)
    await check_accessibility(page)
    await assert_fits(page)
    await screenshot(page, "next-steps")

    await item.first.get_by_role("link", name=title, exact=True).click()
    await expect(page).to_have_url(f"{web_server.url}/opportunities/{first['opportunity']['id']}")
    await expect(page.get_by_role("heading", level=1)).to_have_text(title)
    await assert_no_problems(page)


async def test_without_a_pathway_the_home_page_says_how_one_starts(
    page: Page, web_server: WebServer
) -> None:
    await page.goto("/")
    await expect(page.get_by_role("heading", level=1)).to_be_visible()
    await expect(page.get_by_role("region", name="Next steps")).to_have_count(0)

    await new_learner(web_server, page, "Nina Newcomer")
    await page.goto("/")
    section = page.get_by_role("region", name="Next steps")
    await expect(section).to_contain_text("A pathway is a badge that stacks several others")
    await expect(section.get_by_role("link")).to_have_count(0)
    if page.viewport_size is not None and page.viewport_size["width"] >= 1000:
        await page.get_by_label("Language").select_option("nl")
        await expect(page.get_by_role("region", name="Volgende stappen")).to_contain_text(
            "Een traject is een badge"
        )
    await check_accessibility(page)
    await assert_no_problems(page)


async def test_a_learner_sees_each_change_of_a_rating_newest_first(
    page: Page, web_server: WebServer
) -> None:
    await new_learner(web_server, page, "Hugo History")
    await page.goto("/self-assessment")
    competency = page.get_by_role("group", name=COMPETENCY)
    history = competency.locator("details.history")
    await history.locator("summary").click()
    await expect(history).to_contain_text("No changes yet")
    saved = page.get_by_role("status").filter(has_text="Saved.")

    await competency.get_by_role("radio", name="Beginner").check()
    await page.get_by_role("button", name="Save my self-assessment").click()
    await expect(saved).to_be_visible()
    # The open history reads again after a save.
    await expect(history.get_by_role("listitem")).to_have_count(1)
    await expect(history.get_by_role("listitem")).to_contain_text("Rated “Beginner”.")

    await competency.get_by_role("radio", name="Intermediate").check()
    await competency.get_by_label("I want to develop this").check()
    await page.get_by_role("button", name="Save my self-assessment").click()
    changes = history.get_by_role("listitem")
    await expect(changes).to_have_count(2)
    await expect(changes.nth(0)).to_contain_text(
        "From “Beginner” to “Intermediate”. Marked to develop."
    )
    await expect(changes.nth(1)).to_contain_text("Rated “Beginner”.")
    await expect(changes.nth(0).locator("time")).to_have_attribute(
        "datetime", re.compile(r"^\d{4}-")
    )
    await check_accessibility(page)
    await assert_fits(page)
    await screenshot(page, "self-assessment-history")

    # Closed and opened again on a fresh page: the same two, asked for when opened.
    await page.reload()
    history = page.get_by_role("group", name=COMPETENCY).locator("details.history")
    await expect(history.get_by_role("listitem")).to_have_count(0)
    await history.locator("summary").click()
    await expect(history.get_by_role("listitem")).to_have_count(2)
    await expect(history.get_by_role("listitem").nth(0)).to_contain_text("Intermediate")
    await assert_no_problems(page)
