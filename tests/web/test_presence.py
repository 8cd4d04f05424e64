"""Proof of presence in Chromium against the demo: De Krook's supervisor opens the check-in
screen of today's help desk, an accepted learner (attendee01 narrow, attendee02 wide) types the
code shown and is checked in, and the supervisor confirms everyone who checked in; a visitor
(visitor01 narrow, visitor02 wide) redeems the demo's claim code and finds the badge in the
wallet."""

from __future__ import annotations

import re

from playwright.async_api import Browser, Page, expect

from deploy.demo import DEMO_CLAIM_CODE, EMAIL_DOMAIN, KROOK, demo_id
from tests.web.browser import (
    WebServer,
    assert_fits,
    assert_no_problems,
    check_accessibility,
    screenshot,
    sign_in_as,
    signed_out,
)

EVENT = demo_id("opportunity", "presence:help-desk-today")
SUPERVISOR = f"supervisor-{KROOK}@{EMAIL_DOMAIN}"


def wide(page: Page) -> bool:
    return (page.viewport_size or {"width": 0})["width"] >= 600


async def test_a_learner_checks_in_with_the_code_shown_and_the_organisation_confirms_all(
    page: Page, browser: Browser, web_server: WebServer
) -> None:
    await sign_in_as(page, SUPERVISOR)
    await page.goto(f"/opportunities/{EVENT}/applications")
    await page.get_by_role("link", name="Check-in screen").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check-in for Digital help desk (today, with check-in)"
    )
    code_text = page.get_by_test_id("check-in-code")
    await expect(code_text).to_have_text(re.compile(r"^\d{4} \d{4}$"))
    await expect(page.get_by_role("img", name="QR code of the check-in link")).to_be_visible()
    count = page.locator("main .count")
    before = int((await count.inner_text()).split(" ")[0])
    await check_accessibility(page)
    await assert_fits(page)
    await screenshot(page, "check-in-screen")
    code = (await code_text.inner_text()).replace(" ", "")

    learner = "attendee02" if wide(page) else "attendee01"
    async with signed_out(browser, web_server, page) as phone:
        await sign_in_as(phone, f"{learner}@{EMAIL_DOMAIN}")
        await phone.goto(f"/check-in/{EVENT}")
        await expect(phone.get_by_role("heading", level=1)).to_have_text(
            "Check in at Digital help desk (today, with check-in)"
        )
        await expect(phone.get_by_role("button", name="Scan with the camera")).to_be_visible()
        await check_accessibility(phone)
        await assert_fits(phone)
        # A wrong code first: said plainly, nothing lost.
        await phone.get_by_label("Code (8 digits)").fill("1234")
        await phone.get_by_role("button", name="Check in", exact=True).click()
        await expect(phone.get_by_role("alert")).to_have_text("A check-in code is 8 digits.")
        await phone.get_by_label("Code (8 digits)").fill(code)
        await phone.get_by_role("button", name="Check in", exact=True).click()
        # The code may have turned meanwhile: the previous one still counts.
        await expect(phone.get_by_role("status")).to_contain_text(
            "You are checked in at Digital help desk"
        )
        await screenshot(phone, "checked-in")
        await assert_no_problems(phone)

    await expect(count).to_contain_text(f"{before + 1} of ", timeout=15000)
    await page.get_by_role("button", name="Confirm completion for all attendees").click()
    # A bulk request of a few transactions: slower than a page's read on a loaded machine.
    await expect(page.locator(".success")).to_contain_text("attendees as completed", timeout=60_000)
    await page.goto(f"/opportunities/{EVENT}/applications")
    completed = page.locator(
        "section", has=page.get_by_role("heading", name=re.compile("^Completed"))
    )
    await expect(completed.first).to_contain_text(f"Attendee {learner[-1]}")
    await assert_no_problems(page)


async def test_a_visitor_redeems_a_claim_code_and_finds_the_badge_in_the_wallet(
    page: Page,
) -> None:
    visitor = "visitor02" if wide(page) else "visitor01"
    await sign_in_as(page, f"{visitor}@{EMAIL_DOMAIN}")
    await page.goto("/redeem?code=" + DEMO_CLAIM_CODE.replace("-", "").lower())
    await expect(page.get_by_role("heading", level=1)).to_have_text("Redeem a claim code")
    await expect(page.get_by_role("textbox", name="Claim code")).to_have_value(DEMO_CLAIM_CODE)
    await check_accessibility(page)
    await assert_fits(page)
    await page.get_by_role("button", name="Redeem").click()
    # Issuing signs nothing yet, but numbers and locks: slow on a loaded machine.
    await expect(page.get_by_role("status")).to_contain_text("is yours", timeout=60_000)
    await screenshot(page, "claim-code-redeemed")
    see = page.get_by_role("link", name="See it in your badges")
    assert re.fullmatch(r"/badges/[0-9a-f-]{36}", await see.get_attribute("href") or "")
    await page.goto("/wallet")
    await expect(page.get_by_text(re.compile("Digital Literacy Beginner")).first).to_be_visible(
        timeout=60_000
    )
    # Once per learner.
    await page.goto("/redeem")
    await page.get_by_role("textbox", name="Claim code").fill(DEMO_CLAIM_CODE)
    await page.get_by_role("button", name="Redeem").click()
    await expect(page.get_by_role("alert")).to_contain_text("already redeemed")
    await assert_no_problems(page)


async def test_the_issuer_s_staff_make_and_revoke_a_claim_code(page: Page) -> None:
    badge_class = demo_id("badge-class", f"{KROOK}:DIGITAL_LITERACY:1")
    await sign_in_as(page, SUPERVISOR)
    await page.goto(f"/badge-classes/{badge_class}/claim-codes")
    await expect(page.get_by_role("heading", level=1)).to_contain_text("Claim codes for")
    await page.get_by_label("Name (for you, e.g. where it is used)").fill(
        "Browser test " + ("wide" if wide(page) else "narrow")
    )
    await page.get_by_role("button", name="Make a claim code").click()
    made = page.get_by_test_id("claim-code")
    await expect(made).to_have_text(re.compile(r"^([A-Z2-7]{4}-){6}[A-Z2-7]{2}$"))
    await expect(page.get_by_role("img", name="QR code of the redeem link")).to_be_visible()
    await check_accessibility(page)
    await assert_fits(page)
    hint = (await made.inner_text()).replace("-", "")[-4:]
    await page.get_by_role("button", name=f"Revoke code …{hint}").click()
    await expect(page.locator(".success")).to_contain_text(f"Code …{hint} is revoked")
    # Its card goes with it: a revoked code is not printed to hand out.
    await expect(made).to_have_count(0)
    await assert_no_problems(page)


# The browser's print dialog, counted instead of opened: a headless Chromium has none.
COUNT_PRINTS = "window.__kringPrints = 0; window.print = () => { window.__kringPrints += 1; };"


async def test_the_issuer_s_staff_print_the_claim_codes_they_just_made(page: Page) -> None:
    badge_class = demo_id("badge-class", f"{KROOK}:DIGITAL_LITERACY:1")
    await page.add_init_script(COUNT_PRINTS)
    await sign_in_as(page, SUPERVISOR)
    await page.goto(f"/badge-classes/{badge_class}/claim-codes")
    await expect(page.get_by_role("heading", level=1)).to_contain_text("Claim codes for")
    await page.get_by_label("Uses (1 to 500)").fill("25")
    await page.get_by_role("button", name="Make a claim code").click()
    await expect(page.get_by_test_id("claim-code")).to_have_count(1)
    await page.get_by_label("Uses (1 to 500)").fill("1")
    await page.get_by_role("button", name="Make a claim code").click()
    codes = page.get_by_test_id("claim-code")
    await expect(codes).to_have_count(2)
    cards = page.locator(".made-code")
    await expect(cards.first).to_contain_text("Uses: 1")
    await expect(cards.nth(1)).to_contain_text("Uses: 25")
    print_button = page.get_by_role("button", name="Print these codes")
    await expect(print_button).to_be_visible()
    await check_accessibility(page)
    await assert_fits(page)
    await screenshot(page, "claim-codes-made")
    await print_button.click()
    assert await page.evaluate("window.__kringPrints") == 1

    # By CSS, not by role: what print hides leaves the accessibility tree too.
    on_screen_only = [
        page.locator("header nav"),
        page.locator("header"),
        page.locator("footer"),
        page.locator("main h1"),
        page.locator("form.claim-code-form"),
        page.locator("button.print"),
        page.locator("main ul.results button").first,
    ]
    for shown in on_screen_only:
        await expect(shown).to_be_visible()

    await page.emulate_media(media="print")
    await page.evaluate("window.scrollTo(0, 0)")
    for n in range(2):
        card = cards.nth(n)
        await expect(card.get_by_test_id("claim-code")).to_have_text(
            re.compile(r"^([A-Z2-7]{4}-){6}[A-Z2-7]{2}$")
        )
        await expect(card.get_by_role("img", name="QR code of the redeem link")).to_be_visible()
        await expect(card).to_contain_text("Digital Literacy")
        await expect(card).to_contain_text("expires ")
        # One card per code, kept whole on its page, black on white.
        style = await card.evaluate(
            "e => { const s = getComputedStyle(e);"
            " return [s.breakInside, s.color, s.backgroundColor]; }"
        )
        assert style == ["avoid", "rgb(0, 0, 0)", "rgb(255, 255, 255)"], style
        family = await card.get_by_test_id("claim-code").evaluate(
            "e => getComputedStyle(e).fontFamily"
        )
        assert "monospace" in family, family
    for hidden in on_screen_only:
        assert not await hidden.is_visible(), hidden
    # The cards are all there is on paper: the first one starts at the top of the page.
    box = await cards.first.bounding_box()
    assert box is not None
    assert box["y"] < 50, box
    await screenshot(page, "claim-codes-printed")

    await page.emulate_media(media="screen")
    for shown in on_screen_only:
        await expect(shown).to_be_visible()
    await assert_no_problems(page)
