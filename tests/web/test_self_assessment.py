"""My competences, in Chromium against the demo: a learner rates themselves on the demo
university's framework, marks what they want to develop, and finds both kept."""

from __future__ import annotations

import uuid

from playwright.async_api import Page, expect

from tests.web.browser import (
    WebServer,
    assert_fits,
    assert_no_problems,
    check_accessibility,
    register_verified,
    screenshot,
    sign_in_as,
)

COMPETENCY = "Finding and judging information online"


async def test_a_learner_assesses_themselves_and_finds_it_kept(
    page: Page, web_server: WebServer
) -> None:
    # A new learner, so that no other test's page changes with this one's wishes.
    email = f"self-{uuid.uuid4().hex[:12]}@learners.example"
    await register_verified(web_server, email, "Sam Self", "a walk along the Leie")
    await sign_in_as(page, email)
    await page.goto("/wallet")
    await page.get_by_role("link", name="Assess your competences").click()
    await expect(page.get_by_role("heading", level=1, name="My competences")).to_be_visible()
    competency = page.get_by_role("group", name=COMPETENCY)
    await expect(competency).to_contain_text("No badge of yours shows this yet.")
    # The level descriptors come from the framework's CASE rubric.
    await competency.get_by_role("radio", name="Beginner").check()
    await expect(competency).to_contain_text("Finds information with help")
    await competency.get_by_label("I want to develop this").check()
    await check_accessibility(page)
    await assert_fits(page)
    await screenshot(page, "self-assessment")
    await page.get_by_role("button", name="Save my self-assessment").click()
    await expect(page.get_by_role("status").filter(has_text="Saved.")).to_be_visible()

    await page.reload()
    competency = page.get_by_role("group", name=COMPETENCY)
    await expect(competency.get_by_role("radio", name="Beginner")).to_be_checked()
    await expect(competency.get_by_label("I want to develop this")).to_be_checked()
    await expect(competency).to_contain_text("Not yet recognised")
    await assert_no_problems(page)


async def test_someone_signed_out_is_asked_to_sign_in(page: Page, web_server: WebServer) -> None:
    await page.goto("/self-assessment")
    await expect(page.get_by_role("link", name="Sign in to assess yourself.")).to_be_visible()
    await check_accessibility(page)
    await assert_no_problems(page)
