"""The badge-class designer and joining from an invitation, in Chromium against the demo.

Stadsimkers Citadelpark's admin designs classes (one per screen size, named apart); the
Repair Café's class with issued badges is only opened, never saved; learner37 and learner38
ask a newcomer to endorse (one per screen size). No other test changes them."""

from __future__ import annotations

import re
import uuid

import httpx
from playwright.async_api import Browser, Page, expect

from deploy.demo import EMAIL_DOMAIN, demo_id
from tests.web.browser import (
    WebServer,
    api_as,
    assert_fits,
    assert_no_problems,
    check_accessibility,
    link_in,
    mail_to,
    screenshot,
    sign_in_as,
    signed_out,
)

BEEKEEPERS = demo_id("organisation", "stadsimkers-citadelpark")
REPAIR = demo_id("organisation", "repair-vrijdagmarkt")
UNIVERSITY = demo_id("university", "portus-ganda")


def wide(page: Page) -> bool:
    return (page.viewport_size or {"width": 0})["width"] >= 600


async def test_an_admin_designs_a_badge_class_with_a_competency_and_edits_it(
    page: Page, web_server: WebServer
) -> None:
    name = f"Hive Counter {'desktop' if wide(page) else 'phone'} {uuid.uuid4().hex[:6]}"
    await sign_in_as(page, f"admin-stadsimkers-citadelpark@{EMAIL_DOMAIN}")
    await page.goto(f"/issuers/{BEEKEEPERS}/badge-classes")
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        "Badge classes of Stadsimkers Citadelpark"
    )
    await check_accessibility(page)
    await assert_fits(page)
    await screenshot(page, "badge-classes")

    await page.get_by_role("link", name="Design a new badge class").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Design a badge class")
    await page.get_by_label("Name *").fill(name)
    await page.get_by_label("Description *").fill("Counts the bees of a hive with care")
    await page.get_by_label("Criteria *").fill("Count three hives with a beekeeper")
    await page.get_by_label("Domain", exact=True).select_option("RESEARCH")
    await page.get_by_label("Level", exact=True).select_option("INTERMEDIATE")
    # The preview follows the typing: the server draws the issuer's brand.
    preview = page.get_by_role("img", name=f"Preview: {name}")
    await expect(preview).to_have_attribute("src", re.compile(r"domain=RESEARCH&level=2"))

    await page.get_by_label("Search competencies").fill("critical thin")
    await expect(page.get_by_role("status").filter(has_text="1 competency found.")).to_be_visible()
    await page.get_by_role("button", name="Add Critical thinking (LifeComp L2)").click()
    chosen = page.locator(".chosen")
    await expect(chosen).to_contain_text("Critical thinking")
    await page.get_by_label("Endorsements needed").fill("1")
    await page.get_by_label("Valid for (days)").fill("730")
    await check_accessibility(page)
    await assert_fits(page)
    await screenshot(page, "badge-class-designer")

    await page.get_by_role("button", name="Create badge class").click()
    # A busy machine's first badge-class write (its statements planned cold) may take a while.
    await expect(page).to_have_url(
        re.compile(rf"/issuers/{BEEKEEPERS}/badge-classes\?created="), timeout=60_000
    )
    await expect(
        page.get_by_role("status").filter(has_text=f"Badge class “{name}” created.")
    ).to_be_visible()
    item = page.locator(".class-item").filter(has_text=name)
    await expect(item).to_contain_text("Critical thinking (LifeComp L2)")
    await expect(item).to_contain_text("Research · Intermediate")

    # Editing: a new description; nothing is frozen on a class without badges.
    await item.get_by_role("link", name=f"Edit {name}").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"Edit badge class: {name}")
    await expect(page.get_by_label("Name *")).to_be_editable()
    await page.get_by_label("Description *").fill("Counts bees and reports to the city")
    await page.get_by_role("button", name="Save changes").click()
    saved = page.get_by_role("status").filter(has_text="Saved.")
    await expect(saved).to_be_visible(timeout=60_000)
    await check_accessibility(page)
    await screenshot(page, "badge-class-edit")

    found = await api_as(
        web_server,
        f"admin-stadsimkers-citadelpark@{EMAIL_DOMAIN}",
        "query($o: ID!) { badgeClasses(issuerId: $o) { name description expiresAfterDays "
        "endorsementPolicy { minimum } alignments { code } } }",
        o=BEEKEEPERS,
    )
    [ours] = [b for b in found["badgeClasses"] if b["name"] == name]
    assert ours == {
        "name": name,
        "description": "Counts bees and reports to the city",
        "expiresAfterDays": 730,
        "endorsementPolicy": {"minimum": 1},
        "alignments": [{"code": "L2"}],
    }
    await assert_no_problems(page)


async def test_what_issued_badges_state_is_read_only(page: Page, web_server: WebServer) -> None:
    admin = f"admin-repair-vrijdagmarkt@{EMAIL_DOMAIN}"
    classes = await api_as(
        web_server,
        admin,
        "query($o: ID!) { badgeClasses(issuerId: $o) { id name badgesIssued } }",
        o=REPAIR,
    )
    issued = next(b for b in classes["badgeClasses"] if b["badgesIssued"])
    await sign_in_as(page, admin)
    await page.goto(f"/badge-classes/{issued['id']}/edit")
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Edit badge class: {issued['name']}", timeout=60_000
    )
    name = page.get_by_label("Name *")
    await expect(name).to_have_value(issued["name"])
    await expect(name).not_to_be_editable()
    await expect(page.get_by_label("Criteria *")).not_to_be_editable()
    await expect(page.get_by_label("Level", exact=True)).to_be_disabled()
    await expect(page.locator("#frozen-name")).to_contain_text(
        "Cannot change: badges were issued on this class"
    )
    await expect(page.get_by_label("Search competencies")).to_have_count(0)
    await expect(page.get_by_label("Or upload your own image (PNG)")).to_have_count(0)
    # What applies from now on stays open.
    await expect(page.get_by_label("Endorsements needed")).to_be_editable()
    await expect(page.get_by_label("Valid for (days)")).to_be_editable()
    await check_accessibility(page)
    await assert_fits(page)
    await screenshot(page, "badge-class-frozen")
    await assert_no_problems(page)


async def test_a_newcomer_joins_from_the_invitation_and_endorses(
    page: Page, browser: Browser, web_server: WebServer
) -> None:
    person = "learner38" if wide(page) else "learner37"
    newcomer = f"newcomer-{uuid.uuid4().hex[:12]}@mail.example"
    token = web_server.token_for(demo_id("person", person))
    async with httpx.AsyncClient(base_url=web_server.url, timeout=30) as http:
        made = await http.post(
            "/graphql",
            headers={"authorization": f"Bearer {token}"},
            json={
                "query": "mutation($i: SelfAssertInput!) { selfAssert(input: $i) { id } }",
                "variables": {
                    "i": {
                        "title": "Kept the allotment's compost going",
                        "narrative": "All winter, with the neighbours.",
                        "universityId": UNIVERSITY,
                        "domain": "SUSTAINABILITY",
                    }
                },
            },
        )
        claim = made.json()["data"]["selfAssert"]["id"]
        asked = await http.post(
            "/graphql",
            headers={"authorization": f"Bearer {token}"},
            json={
                "query": "mutation($c: ID!, $e: String!) { requestEndorsement(claimId: $c, "
                "email: $e) { id } }",
                "variables": {"c": claim, "e": newcomer},
            },
        )
        assert "errors" not in asked.json(), asked.text

    mail = await mail_to(web_server, newcomer, "asked to endorse")
    async with signed_out(browser, web_server, page) as endorser:
        await endorser.goto(link_in(mail, "/endorse/"))
        await expect(endorser.get_by_role("heading", level=1)).to_have_text(
            "You are invited to endorse"
        )
        await expect(
            endorser.get_by_text("asks you to endorse “Kept the allotment")
        ).to_be_visible()
        await expect(endorser.get_by_label("Your e-mail address")).to_have_value(newcomer)
        await endorser.get_by_label("Your name").fill("Nina Newcomer")
        await endorser.get_by_label("Choose a password").fill("compost all winter long")
        await check_accessibility(endorser)
        await assert_fits(endorser)
        await screenshot(endorser, "endorse-join")
        await endorser.get_by_role("button", name="Create my account and endorse").click()
        await expect(endorser).to_have_url(re.compile(rf"/claims/{claim}$"), timeout=60_000)
        await expect(endorser.get_by_role("heading", level=1)).to_have_text(re.compile("^Endorse "))
        await endorser.get_by_role("radio", name="Peer", exact=True).check()
        await endorser.get_by_label("Your testimonial").fill("Turned the heap every week.")
        await endorser.get_by_role("button", name=re.compile("^Endorse ")).click()
        await expect(endorser.get_by_role("status").filter(has_text="Thank you")).to_be_visible()
        await assert_no_problems(endorser)
