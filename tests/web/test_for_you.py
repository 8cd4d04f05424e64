"""For you on the home page, in Chromium against the demo: a learner with badges sees
recommendations and why, in English and in Dutch; someone signed out sees none."""

from __future__ import annotations

from playwright.async_api import Page, expect

from deploy.demo import EMAIL_DOMAIN
from tests.web.browser import (
    WebServer,
    api_as,
    assert_fits,
    assert_no_problems,
    check_accessibility,
    screenshot,
    sign_in_as,
)

FOR_YOU = (
    "{ recommendations(first: 6) { opportunity { id title } reasons { why because } } "
    "nextSteps(first: 6) { opportunity { id } } }"
)
# Reads only: any learner's page shows the same thing at both sizes.
LEARNER01 = f"learner01@{EMAIL_DOMAIN}"


async def test_a_learner_sees_what_kring_recommends_and_why(
    page: Page, web_server: WebServer
) -> None:
    answer = await api_as(web_server, LEARNER01, FOR_YOU)
    # What continues a pathway is listed once, under Next steps (tests/web/test_learner_paths).
    steps = {step["opportunity"]["id"] for step in answer["nextSteps"]}
    expected = [r for r in answer["recommendations"] if r["opportunity"]["id"] not in steps]
    # The demo gives learner01 a community badge: something one level up, at the least.
    assert expected, "the demo should give learner01 something to recommend"
    first = expected[0]
    await sign_in_as(page, LEARNER01)
    await page.goto("/")
    section = page.get_by_role("region", name="For you")
    await expect(section).to_be_visible()
    item = section.get_by_role("listitem").filter(
        has=page.get_by_role("link", name=first["opportunity"]["title"], exact=True)
    )
    await expect(item.first).to_be_visible()
    await expect(item.first).to_contain_text(first["reasons"][0]["because"])
    await expect(section.get_by_role("link")).to_have_count(len(expected))
    await check_accessibility(page)
    await assert_fits(page)
    await screenshot(page, "for-you")
    if page.viewport_size is not None and page.viewport_size["width"] >= 1000:
        await page.get_by_label("Language").select_option("nl")
        await expect(page.get_by_role("region", name="Voor jou")).to_be_visible()
    await assert_no_problems(page)


async def test_someone_signed_out_gets_no_recommendations(
    page: Page, web_server: WebServer
) -> None:
    await page.goto("/")
    await expect(page.get_by_role("heading", level=1)).to_be_visible()
    await expect(page.get_by_role("region", name="For you")).to_have_count(0)
    await assert_no_problems(page)
