"""One learner's whole journey, as a new user would take it, in Chromium against the demo:
find an opportunity near them by its words, apply, take part (the organisation accepts and
completes through the API), claim, be endorsed by the supervisor and a teacher who follow
the e-mailed invitations, see a community badge, then an official one once a curator
validates its class, share it, and watch the public and verify pages follow the revocation."""

from __future__ import annotations

import re
import uuid

from playwright.async_api import Browser, Page, expect

from deploy.demo import EMAIL_DOMAIN, PLACES, demo_id
from graph.core.database import Graph
from graph.core.vocabulary import Domain, Level
from tests.web.browser import (
    WebServer,
    api_as,
    as_page,
    assert_no_problems,
    check_accessibility,
    endorse_from_email,
    register_verified,
    screenshot,
    signed_out,
    the_event_took_place,
    verify_in_page,
)

REPAIR = "repair-vrijdagmarkt"  # its badge classes issue on completion (advance consent)
ADMIN = f"admin-{REPAIR}@{EMAIL_DOMAIN}"
SUPERVISOR = f"supervisor-{REPAIR}@{EMAIL_DOMAIN}"
TEACHER = f"teacher@{EMAIL_DOMAIN}"
CURATOR = f"curator@{EMAIL_DOMAIN}"
PASSWORD = "a bicycle along the Coupure"


async def test_a_learner_is_recognised_from_search_to_revocation(
    page: Page, browser: Browser, web_server: WebServer, graph: Graph
) -> None:
    mobile = (page.viewport_size or {"width": 0})["width"] < 600
    # One opportunity (of its own badge class) per screen size, each for a new learner.
    title, words, level = (
        ("Food-waste kitchen shift lead", "food-waste kitchen", Level.INTERMEDIATE)
        if mobile
        else ("Circular materials inventory", "circular materials", Level.EXPERT)
    )
    badge_class = demo_id("badge-class", f"{REPAIR}:{Domain.SUSTAINABILITY.value}:{level.value}")
    opportunity_id = demo_id("opportunity", title)
    place = PLACES[REPAIR]

    # A new user: an account made and confirmed, then signed in through the sign-in form.
    await page.context.grant_permissions(["geolocation"])
    await page.context.set_geolocation({"latitude": place.latitude, "longitude": place.longitude})
    learner_email = f"journey-{uuid.uuid4().hex[:12]}@learners.example"
    await register_verified(web_server, learner_email, "Jo Journey", PASSWORD)
    await page.goto("/sign-in")
    await page.get_by_label("E-mail address").fill(learner_email)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Sign in", exact=True).click()
    await expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    learner_id = (await as_page(page, "{ me { id } }"))["me"]["id"]
    await page.get_by_role("link", name="Discover").first.click()
    await page.get_by_label("What do you want to do?").fill(words)
    await page.get_by_role("button", name="Search").click()
    await page.get_by_role("button", name="Near me").click()
    await expect(page).to_have_url(re.compile(r"lat=51\.05\d+&lon=3\.72\d+"))
    found = page.locator(".results article").filter(has_text=title)
    await expect(found).to_contain_text("away")
    await expect(page.locator(".map path.leaflet-interactive")).not_to_have_count(0)
    await found.get_by_role("link", name=title).click()

    # Applies; the organisation accepts, the event takes place, the organisation completes.
    await page.get_by_label("Why do you want to take part?").fill("I cook for my student house.")
    await page.get_by_role("button", name="Apply").click()
    await expect(page.get_by_role("status")).to_have_text(
        "You applied. The organisation will let you know."
    )
    applications = await api_as(
        web_server,
        ADMIN,
        "query($id: ID!) { applicationsForOpportunity(opportunityId: $id) { id learnerId } }",
        id=opportunity_id,
    )
    application = next(
        a["id"] for a in applications["applicationsForOpportunity"] if a["learnerId"] == learner_id
    )
    await api_as(
        web_server,
        ADMIN,
        "mutation($id: ID!) { acceptApplication(id: $id) { id } }",
        id=application,
    )
    await the_event_took_place(graph, opportunity_id)
    await api_as(
        web_server,
        ADMIN,
        "mutation($id: ID!) { completeApplication(id: $id) { id } }",
        id=application,
    )

    # Claims the badge from their applications, and opens the claim.
    await page.get_by_role("link", name="My applications").click()
    mine = page.locator(".results article").filter(has_text=title)
    await mine.get_by_role("button", name="Claim your badge").click()
    await expect(page.get_by_role("status")).to_have_text("Claimed: your claim is on its way.")
    await page.goto("/claims")
    await page.locator("h2 a").first.click()
    await expect(page).to_have_url(re.compile(r"/claims/[0-9a-f-]{36}$"))
    claim = page.url.rsplit("/", 1)[1]

    # The learner asks the supervisor and a teacher by e-mail; each follows the mailed
    # invitation in a browser of their own and endorses.
    endorsers = (
        (SUPERVISOR, "Supervisor", "Ran the kitchen line calmly on a busy evening."),
        (TEACHER, "Teacher", "Reflected on waste with real numbers from the shift."),
    )
    for email, _, _ in endorsers:
        await page.get_by_label("Their e-mail address").fill(email)
        await page.get_by_role("button", name="Ask for an endorsement").click()
        await expect(page.get_by_text(f"Asked {email} to endorse your claim.")).to_be_visible()
    for email, relationship, testimonial in endorsers:
        async with signed_out(browser, web_server, page) as endorser:
            endorsed = await endorse_from_email(
                endorser,
                web_server,
                email,
                demo_person=email,
                # The same person's mail about the other screen size's claim may be there too.
                claim=claim,
                relationship=relationship,
                testimonial=testimonial,
            )
            assert endorsed == claim

    # Both endorsements meet the class's policy, and the issuer consented in advance: the
    # wallet shows a community badge.
    await page.get_by_role("link", name="My badges").click()
    item = page.locator("article.wallet-item").filter(has_text="Sustainability")
    await expect(item.locator(".tier-mark")).to_have_text("Community")
    await expect(item.locator(".state")).to_contain_text("Valid")
    labelled = await item.get_attribute("aria-labelledby")
    assert labelled is not None
    assertion = labelled.removeprefix("badge-")
    await screenshot(page, "journey-community")

    # A curator validates the class: the same badge is now official.
    await api_as(
        web_server,
        CURATOR,
        "mutation($id: ID!, $n: String!) { validateBadgeClass(id: $id, note: $n) { id } }",
        id=badge_class,
        n="Supervised kitchen work with reflection: fits our sustainability outcomes.",
    )
    await page.reload()
    await expect(item.locator(".tier-mark")).to_have_text("Official")

    # Shared publicly: signed out, its page shows it and the verify page says valid.
    await item.get_by_role("radio", name="Public").check()
    await expect(item.get_by_role("status").filter(has_text="Saved: Public.")).to_be_visible()
    await check_accessibility(page)
    await assert_no_problems(page)
    async with signed_out(browser, web_server, page) as employer:
        await employer.goto(f"/badges/{assertion}")
        await expect(employer.locator(".tier-mark")).to_have_text("Official")
        await expect(employer.locator("dd.status-text")).to_contain_text("Valid")
        await expect(employer.locator(".endorsements li")).to_have_count(2)
        page_url = f"{web_server.url}/badges/{assertion}"
        assert await verify_in_page(employer, page_url) == "Valid"
        await screenshot(employer, "journey-verified")

        # The issuer revokes it: the verify page says so, in those words.
        await api_as(
            web_server,
            ADMIN,
            "mutation($id: ID!, $r: String!) { revokeAssertion(id: $id, reason: $r) { id } }",
            id=assertion,
            r="Issued to the wrong shift by mistake.",
        )
        assert await verify_in_page(employer, page_url) == "Revoked"
        await check_accessibility(employer)
        await screenshot(employer, "journey-revoked")
