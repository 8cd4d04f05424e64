"""Revoking and withdrawing in Chromium: an organisation's admin revokes a badge from its page
(a reason is required, a confirmation says what revoking does, then the page shows it revoked;
the learner is not offered it, the brand university's curator is; the learner's wallet and the
public verification say revoked too; an error keeps the typed reason), and an endorser
withdraws their endorsement of an undecided claim from the claim's page. axe on each screen.

Each run makes its own organisation, admin, learner and badge class."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from playwright.async_api import Browser, Page, expect

from deploy.demo import EMAIL_DOMAIN, UNIVERSITY
from graph.core.database import Graph
from graph.core.vocabulary import Role
from tests.factories import make_organisation, make_person
from tests.review_steps import APPROVE, ENDORSE, INVITE, SELF_ASSERT, status_of
from tests.web.browser import (
    WebServer,
    api_as,
    assert_fits,
    assert_no_problems,
    check_accessibility,
    screenshot,
    sign_in_as,
    signed_out,
    verify_in_page,
)

CREATE_CLASS = """
mutation($i: ID!, $name: String!, $minimum: Int!) { createBadgeClass(input: {issuerId: $i,
  name: $name, description: "Repairs bikes safely.", criteria: "Repair three bikes.",
  domain: SUSTAINABILITY, level: BEGINNER, requires: [],
  endorsementPolicy: {minimum: $minimum, relationships: [PEER]}}) { id } }
"""
PUBLIC = "mutation($c: ID!) { setClaimVisibility(claimId: $c, visibility: PUBLIC) { id } }"
REASON = "Issued to the wrong person."
CURATOR = f"curator@{EMAIL_DOMAIN}"


@dataclass(frozen=True)
class Issuing:
    name: str
    admin: str
    learner: str
    learner_id: str
    learner_name: str
    badge_name: str
    badge_class: str


async def issuing(graph: Graph, web_server: WebServer, *, minimum: int) -> Issuing:
    """A fresh approved organisation of the demo university with an admin, a learner, and a
    badge class of its that asks `minimum` peer endorsements."""
    suffix = uuid.uuid4().hex[:8]
    org = await make_organisation(graph, UNIVERSITY["id"], f"Bike Kitchen {suffix}")
    admin = f"revoke-admin-{suffix}@x.example"
    learner = f"revoke-learner-{suffix}@x.example"
    await make_person(graph, admin, "Ria Revoker", role=Role.ADMIN, body_id=org.id)
    learner_id = await make_person(graph, learner, f"Lou Learner {suffix}")
    badge_name = f"Bike repair {suffix}"
    made = await api_as(web_server, admin, CREATE_CLASS, i=org.id, name=badge_name, minimum=minimum)
    return Issuing(
        org.name,
        admin,
        learner,
        learner_id,
        f"Lou Learner {suffix}",
        badge_name,
        made["createBadgeClass"]["id"],
    )


async def test_an_admin_revokes_a_badge_from_its_page(
    page: Page, browser: Browser, web_server: WebServer, graph: Graph
) -> None:
    world = await issuing(graph, web_server, minimum=0)
    claim = (await api_as(web_server, world.learner, SELF_ASSERT, b=world.badge_class))[
        "selfAssert"
    ]["id"]
    approved = (await api_as(web_server, world.admin, APPROVE, c=claim))["approveClaim"]
    assert approved["status"] == "ISSUED", approved
    assertion = approved["assertionId"]
    await api_as(web_server, world.learner, PUBLIC, c=claim)

    # The learner, who may not revoke their own badge, is not offered it.
    async with signed_out(browser, web_server, page) as learner:
        await sign_in_as(learner, world.learner)
        await learner.goto(f"/badges/{assertion}")
        await expect(learner.locator(".status-text")).to_contain_text("Valid")
        await expect(learner.get_by_role("button", name="Revoke this badge…")).to_have_count(0)
    # A curator of the university whose brand it carries may: offered it too.
    async with signed_out(browser, web_server, page) as curator:
        await sign_in_as(curator, CURATOR)
        await curator.goto(f"/badges/{assertion}")
        await expect(curator.get_by_role("button", name="Revoke this badge…")).to_be_visible()

    await sign_in_as(page, world.admin)
    await page.goto(f"/badges/{assertion}")
    await expect(page.get_by_role("heading", level=1)).to_have_text(world.badge_name)
    await page.get_by_role("button", name="Revoke this badge…").click()
    reason = page.get_by_label("Why do you revoke it? (required)")
    await expect(reason).to_be_focused()
    await expect(page.get_by_text(f"{world.learner_name} and anyone who checks")).to_be_visible()

    # No reason: said before anything is sent, the field keeps the keyboard.
    await page.get_by_role("button", name="Continue").click()
    await expect(page.get_by_role("alert")).to_have_text("Say why you revoke this badge.")
    await expect(reason).to_be_focused()
    await check_accessibility(page)
    await assert_fits(page)

    # With one, a confirmation says in words what revoking does; going back keeps the reason.
    await reason.fill(REASON)
    await page.get_by_role("button", name="Continue").click()
    confirm = page.get_by_role("heading", name=f"Revoke {world.badge_name} for good?")
    await expect(confirm).to_be_focused()
    region = page.get_by_role("region", name="Revoke this badge")
    await expect(region).to_contain_text("cannot be undone")
    await expect(region).to_contain_text("no longer verifies as valid")
    await expect(region).to_contain_text(f"{world.learner_name} is told that it was revoked.")
    await expect(region).to_contain_text(f"Your reason: {REASON}")
    await check_accessibility(page)
    await assert_fits(page)
    await screenshot(page, "revoke-confirm")
    await page.get_by_role("button", name="Go back").click()
    await expect(reason).to_have_value(REASON)
    await page.get_by_role("button", name="Continue").click()
    await page.get_by_role("button", name="Revoke the badge").click()

    # Shown revoked, with the reason; the action is no longer offered.
    done = page.get_by_role("status").filter(has_text="The badge is revoked")
    await expect(done).to_have_text(f"The badge is revoked; {world.learner_name} is told.")
    await expect(done).to_be_focused()
    await expect(page.locator(".status-text")).to_contain_text("Revoked on")
    await expect(page.locator(".status-text")).to_contain_text(f"Reason: {REASON}")
    await expect(page.get_by_role("region", name="Revoke this badge")).to_have_count(0)
    await check_accessibility(page)
    await assert_fits(page)
    await assert_no_problems(page)

    # The learner's wallet and badge page say revoked; so does its public verification.
    async with signed_out(browser, web_server, page) as learner:
        await sign_in_as(learner, world.learner)
        await learner.goto("/wallet")
        item = learner.locator(f'article[aria-labelledby="badge-{assertion}"]')
        await expect(item.locator(".state")).to_contain_text("Revoked on")
        await expect(item.locator(".state")).to_contain_text(f"Reason: {REASON}")
        await check_accessibility(learner)
        await learner.goto(f"/badges/{assertion}")
        await expect(learner.locator(".status-text")).to_contain_text(f"Reason: {REASON}")
        await assert_no_problems(learner)
    assert await verify_in_page(page, f"{web_server.url}/badges/{assertion}") == "Revoked"
    await expect(page.locator(".verify-result").get_by_text(f"Why: {REASON}")).to_be_visible()


REVOKE = 'mutation($id: ID!) { revokeAssertion(id: $id, reason: "Duplicate") { status } }'


async def test_a_refused_revocation_keeps_the_reason(
    page: Page, web_server: WebServer, graph: Graph
) -> None:
    """Someone else revoked the badge first: the admin reads why beside their reason, kept."""
    world = await issuing(graph, web_server, minimum=0)
    claim = (await api_as(web_server, world.learner, SELF_ASSERT, b=world.badge_class))[
        "selfAssert"
    ]["id"]
    assertion = (await api_as(web_server, world.admin, APPROVE, c=claim))["approveClaim"][
        "assertionId"
    ]
    await api_as(web_server, world.learner, PUBLIC, c=claim)
    await sign_in_as(page, world.admin)
    await page.goto(f"/badges/{assertion}")
    await page.get_by_role("button", name="Revoke this badge…").click()
    await page.get_by_label("Why do you revoke it? (required)").fill(REASON)
    await page.get_by_role("button", name="Continue").click()
    await api_as(web_server, CURATOR, REVOKE, id=assertion)
    await page.get_by_role("button", name="Revoke the badge").click()
    await expect(page.get_by_role("alert")).to_have_text("This badge is already revoked.")
    await expect(page.get_by_label("Why do you revoke it? (required)")).to_have_value(REASON)
    await check_accessibility(page)
    await assert_no_problems(page)


async def test_an_endorser_withdraws_their_endorsement(
    page: Page, web_server: WebServer, graph: Graph
) -> None:
    world = await issuing(graph, web_server, minimum=1)
    suffix = uuid.uuid4().hex[:8]
    endorser = f"revoke-endorser-{suffix}@x.example"
    endorser_id = await make_person(graph, endorser, f"Eli Endorser {suffix}")
    claim = (await api_as(web_server, world.learner, SELF_ASSERT, b=world.badge_class))[
        "selfAssert"
    ]["id"]
    await api_as(web_server, world.learner, INVITE, c=claim, p=endorser_id)
    await api_as(web_server, endorser, ENDORSE, c=claim, r="PEER")
    # The endorsement met the policy: the claim waits for the issuer's review.
    assert await status_of(graph, claim) == "IN_REVIEW"

    await sign_in_as(page, endorser)
    await page.goto(f"/claims/{claim}")
    yours = page.get_by_role("region", name="Your endorsement")
    await expect(yours).to_contain_text("Saw it")
    await yours.get_by_role("button", name="Withdraw my endorsement").click()
    confirm = yours.get_by_role("button", name="Yes, withdraw it")
    await expect(confirm).to_be_focused()
    await expect(yours).to_contain_text(
        f"Withdraw your endorsement of {world.learner_name}'s claim?"
    )
    await check_accessibility(page)
    await assert_fits(page)
    # Keeping it changes nothing; then withdrawn for real.
    await yours.get_by_role("button", name="Keep it").click()
    await yours.get_by_role("button", name="Withdraw my endorsement").click()
    await confirm.click()

    done = page.get_by_role("status").filter(has_text="withdrawn")
    await expect(done).to_have_text("Your endorsement is withdrawn: it no longer counts.")
    await expect(done).to_be_focused()
    withdrawn = page.get_by_role("region", name="Your withdrawn endorsement")
    await expect(withdrawn).to_contain_text("Withdrawn by the endorser: it does not count")
    await expect(page.get_by_role("button", name="Withdraw my endorsement")).to_have_count(0)
    await expect(page.locator(".claim-state")).to_contain_text("Collecting endorsements")
    # Its policy no longer met, the claim went back to collecting endorsements.
    assert await status_of(graph, claim) == "OPEN"
    await check_accessibility(page)
    await assert_fits(page)
    await assert_no_problems(page)
    await screenshot(page, "endorsement-withdrawn")
