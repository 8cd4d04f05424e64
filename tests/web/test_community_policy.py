"""A university's community policy in Chromium: the demo curator finds the page from the work
hub, records a different policy, sees it in words, withdraws the consent; the self-assert form
then tells a learner a curator will review their own learning, and with consent that
endorsements will issue it."""

from __future__ import annotations

from playwright.async_api import Browser, Page, expect

from deploy.demo import EMAIL_DOMAIN, UNIVERSITY
from tests.web.browser import (
    WebServer,
    api_as,
    assert_fits,
    assert_no_problems,
    check_accessibility,
    screenshot,
    sign_in_as,
    signed_out,
)

# The demo's own consent (deploy/demo.py seed_community_policy), restored for other tests.
DEMO_POLICY = """
mutation($u: ID!) { setCommunityPolicy(universityId: $u, policy: {minimum: 2,
  relationships: [TEACHER, SUPERVISOR, PEER], requireOneOf: [TEACHER, SUPERVISOR]}) { id } }
"""


async def test_the_curator_sets_and_withdraws_the_community_policy(
    page: Page, browser: Browser, web_server: WebServer
) -> None:
    name = UNIVERSITY["name"]
    curator = f"curator@{EMAIL_DOMAIN}"
    try:
        await sign_in_as(page, curator)
        await page.goto("/work")
        await page.get_by_role("link", name="Community policy").click()
        await expect(page.get_by_role("heading", level=1)).to_have_text(f"Community policy: {name}")
        now = page.get_by_role("region", name="Now")
        await expect(now).to_contain_text("The university consents since")
        await expect(now).to_contain_text("This badge needs 2 endorsements")
        await check_accessibility(page)
        await assert_fits(page)

        # Nothing is sent that the server would refuse: no endorsements is no policy.
        needed = page.get_by_label("Endorsements needed")
        await needed.fill("0")
        await page.get_by_role("button", name="Consent to this policy").click()
        await expect(page.get_by_role("alert")).to_contain_text("from 1 to 10")

        await needed.fill("1")
        counted = page.get_by_role("group", name="Whose endorsements count")
        for relationship in ("teacher", "supervisor"):
            await counted.get_by_label(relationship).uncheck()
        await page.get_by_role("button", name="Consent to this policy").click()
        await expect(page.get_by_role("status")).to_have_text("Consent recorded.")
        await expect(now).to_contain_text("This badge needs 1 endorsement from a peer.")
        await screenshot(page, "community-policy")

        await page.get_by_role("button", name="Withdraw consent").click()
        await expect(page.get_by_role("status")).to_contain_text("Consent withdrawn")
        await expect(now).to_contain_text("The university has not consented")
        await expect(page.get_by_role("button", name="Withdraw consent")).to_have_count(0)
        await check_accessibility(page)

        # A learner is told, before claiming, what happens to their own learning.
        async with signed_out(browser, web_server, page) as learner:
            await sign_in_as(learner, f"learner01@{EMAIL_DOMAIN}")
            await learner.goto("/claims/new")
            await learner.get_by_label("University community").select_option(label=name)
            outcome = learner.locator("#self-assert-outcome")
            await expect(outcome).to_contain_text(f"{name} has not consented to a community policy")
            await api_as(web_server, curator, DEMO_POLICY, u=UNIVERSITY["id"])
            await learner.reload()
            await learner.get_by_label("University community").select_option(label=name)
            await expect(outcome).to_contain_text(f"{name} consents to its community policy")
            await expect(outcome).to_contain_text("This badge needs 2 endorsements")
            await expect(outcome).to_contain_text(f"Only teachers of {name} count as teacher.")
            await check_accessibility(learner)
            await assert_no_problems(learner)
        await assert_no_problems(page)
    finally:
        await api_as(web_server, curator, DEMO_POLICY, u=UNIVERSITY["id"])
