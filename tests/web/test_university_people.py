"""A university's people and Helping hand in Chromium: on a new university, its moderator finds
"People" in the work hub (told what each role may do), adds the demo curator by e-mail (a wrong
address is refused beside the form, the typed text kept), the curator enables Helping hand on
the community-policy page after a confirmation without losing a policy typed but not saved,
and the moderator removes the curator's role after a confirmation, the keyboard kept in place."""

from __future__ import annotations

import uuid

from playwright.async_api import Browser, Page, expect

from deploy.demo import EMAIL_DOMAIN
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

CREATE = "mutation($name: String!) { createUniversity(input: {name: $name}) { id } }"
APPOINT = (
    "mutation($u: ID!, $e: String!) { addUniversityMember(universityId: $u, email: $e, "
    "role: MODERATOR) { personId } }"
)


async def test_a_moderator_appoints_a_curator_who_enables_helping_hand(
    page: Page, browser: Browser, web_server: WebServer
) -> None:
    # A university of its own: the demo's has Helping hand already, and other tests use it.
    name = f"Hogeschool Mensen {uuid.uuid4().hex[:8]}"
    admin, moderator = f"platform-admin@{EMAIL_DOMAIN}", f"moderator@{EMAIL_DOMAIN}"
    curator = f"curator@{EMAIL_DOMAIN}"
    made = await api_as(web_server, admin, CREATE, name=name)
    university = made["createUniversity"]["id"]
    await api_as(web_server, admin, APPOINT, u=university, e=moderator)

    await sign_in_as(page, moderator)
    await page.goto("/work")
    hub = page.get_by_role("article", name=name)
    await hub.get_by_role("link", name="People", exact=True).click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"People: {name}")
    members = page.locator(".members")
    await expect(members).to_contain_text("Mo Moderator")
    await expect(members).to_contain_text("you")
    # The last moderator is kept: removing them is not offered.
    await expect(page.get_by_role("button", name="Remove Mo Moderator as Moderator")).to_have_count(
        0
    )
    await expect(page.get_by_text("reviews claims and validates badge classes")).to_be_visible()
    # What appointing someone means for the university's name, said before anyone is added.
    await expect(
        page.get_by_text("Appointing a moderator or curator lets them give consents")
    ).to_be_visible()
    await expect(page.get_by_text("like a curator, reviews claims")).to_be_visible()
    await check_accessibility(page)
    await assert_fits(page)

    # A wrong address is refused beside the form, and what was typed stays.
    email = page.get_by_label("E-mail address", exact=True)
    await email.fill("not an address")
    await page.get_by_role("button", name="Add", exact=True).click()
    await expect(page.locator("form.invite").get_by_role("alert")).to_be_visible()
    await expect(email).to_have_value("not an address")
    await expect(email).to_be_focused()

    await email.fill(curator)
    await page.get_by_label("Role", exact=True).select_option("CURATOR")
    await page.get_by_role("button", name="Add", exact=True).click()
    await expect(page.get_by_role("status").filter(has_text="is now Curator")).to_be_visible()
    await expect(members).to_contain_text("Cas Curator")
    await expect(email).to_have_value("")
    await screenshot(page, "university-people")

    # The curator gives the university's consent to recognise quests.
    async with signed_out(browser, web_server, page) as curating:
        await sign_in_as(curating, curator)
        await curating.goto("/work")
        await (
            curating.get_by_role("article", name=name)
            .get_by_role("link", name="Community policy")
            .click()
        )
        helping = curating.get_by_role("region", name="Helping hand")
        await expect(helping).to_contain_text("Not enabled")
        await expect(helping).to_contain_text("issued under the university's name")
        await expect(helping).to_contain_text("Enabling cannot be withdrawn.")
        await check_accessibility(curating)
        # A policy change typed but not saved survives enabling Helping hand.
        needed = curating.get_by_label("Endorsements needed")
        await needed.fill("4")

        # Enabling asks first; "Not now" changes nothing and gives the keyboard back.
        enable = helping.get_by_role("button", name="Enable Helping hand…")
        await enable.click()
        question = helping.get_by_role("group", name=f"Enable Helping hand for {name}?")
        await expect(question.get_by_role("heading")).to_be_focused()
        await expect(question).to_contain_text("This cannot be undone.")
        await check_accessibility(curating)
        await question.get_by_role("button", name="Not now").click()
        await expect(enable).to_be_focused()
        await expect(helping).to_contain_text("Not enabled")

        await enable.click()
        await helping.get_by_role("button", name="Yes, enable").click()
        await expect(curating.get_by_role("status")).to_contain_text("Helping hand enabled")
        await expect(helping).to_contain_text("Enabled since")
        await expect(helping.get_by_role("heading", name="Helping hand")).to_be_focused()
        await expect(helping.get_by_role("button", name="Enable Helping hand…")).to_have_count(0)
        await expect(needed).to_have_value("4")
        await check_accessibility(curating)
        await assert_fits(curating)
        await assert_no_problems(curating)

    # Removing a role asks first; keeping it changes nothing.
    remove = page.get_by_role("button", name="Remove Cas Curator as Curator")
    await remove.click()
    await expect(page.get_by_text("Remove Cas Curator as Curator?")).to_be_visible()
    await expect(page.get_by_role("button", name="Yes, remove")).to_be_focused()
    await expect(page.get_by_role("group", name="Remove Cas Curator as Curator?")).to_be_visible()
    await check_accessibility(page)
    await page.get_by_role("button", name="Keep").click()
    await expect(members).to_contain_text("Cas Curator")
    await expect(remove).to_be_focused()
    await remove.click()
    await page.get_by_role("button", name="Yes, remove").click()
    await expect(
        page.get_by_role("status").filter(has_text="Cas Curator is no longer Curator")
    ).to_be_visible()
    await expect(members).not_to_contain_text("Cas Curator")
    await expect(page.get_by_role("heading", name="Members", exact=True)).to_be_focused()
    await check_accessibility(page)
    await assert_no_problems(page)
