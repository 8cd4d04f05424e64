"""A learner's applications in Chromium: applied through the opportunity page, listed with
their state, withdrawn."""

from __future__ import annotations

import re

from playwright.async_api import Page, expect

from deploy.demo import EMAIL_DOMAIN
from tests.web.browser import assert_no_problems, check_accessibility, screenshot, sign_in_as


async def test_a_learner_sees_an_application_and_withdraws_it(page: Page) -> None:
    # One learner per screen size, since each applies once.
    size = page.viewport_size or {"width": 0}
    await sign_in_as(page, f"learner{11 if size['width'] < 600 else 12}@{EMAIL_DOMAIN}")
    await page.goto("/discover?q=garden")
    await page.get_by_role("link", name="Community garden Saturday").click()
    await page.get_by_label("Why do you want to take part?").fill("I grow tomatoes.")
    await page.get_by_role("button", name="Apply").click()
    await expect(page.get_by_role("status")).to_have_text(
        "You applied. The organisation will let you know."
    )

    await page.get_by_role("link", name="My applications").click()
    await expect(page).to_have_url(re.compile(r"/applications$"))
    mine = page.locator(".results article").filter(has_text="Community garden Saturday")
    await expect(mine.locator(".meta")).to_contain_text("Waiting for the organisation")
    await check_accessibility(page)
    await screenshot(page, "applications")

    await mine.get_by_role("button", name="Withdraw").click()
    await expect(page.get_by_role("status")).to_have_text(
        "Your application to Community garden Saturday is withdrawn."
    )
    await expect(mine.locator(".meta")).to_contain_text("Withdrawn")
    await expect(mine.get_by_role("button", name="Withdraw")).to_have_count(0)
    await assert_no_problems(page)


async def test_signed_out_the_applications_page_asks_to_sign_in(page: Page) -> None:
    await page.goto("/applications")
    link = page.get_by_role("link", name="Sign in to see your applications.")
    await expect(link).to_have_attribute("href", "/sign-in?next=/applications")
