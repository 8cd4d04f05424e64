"""Claim review in Chromium: an organisation's admin finds the claims waiting for a decision
from the work hub, returns one with a note (the learner sees it returned, revises it and sends
it back from the claim's page), approves it with rubric levels (the badge exists), declines
another with a reason, and keeps what they typed when someone else decided first; a
university's curator lets a flagged endorsement count from the review panel. axe on the queue,
the review panel and the learner's resubmission.

Each run makes its own organisation, admin, learner and badge class (with a rubric), so the
queue holds only this run's claims."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from playwright.async_api import Browser, Page, expect

from deploy.demo import EMAIL_DOMAIN, UNIVERSITY
from graph.core.database import Graph
from graph.core.vocabulary import Role
from tests.factories import make_organisation, make_person
from tests.helpers import run
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

CREATE_CLASS = """
mutation($i: ID!, $name: String!) { createBadgeClass(input: {issuerId: $i, name: $name,
  description: "Repairs bikes safely.", criteria: "Repair three bikes, checking the brakes.",
  domain: SUSTAINABILITY, level: BEGINNER, requires: [],
  endorsementPolicy: {minimum: 0, relationships: [PEER]},
  rubric: [
    {name: "Safety", description: "Brakes and lights", levels: ["Unsafe", "Careful", "Exemplary"],
     minimumLevel: 2},
    {name: "Teamwork", levels: ["Alone", "Together"]}
  ]}) { id } }
"""
SELF_ASSERT = """
mutation($b: ID!, $t: String!) { selfAssert(input: {title: $t,
  narrative: "I repaired twelve bikes at the Saturday café.", badgeClassId: $b}) { id status } }
"""
RETURN = 'mutation($c: ID!) { returnClaim(claimId: $c, note: "Decided elsewhere") { status } }'
CLAIM = "query($c: ID!) { claim(id: $c) { status assertionId } }"


@dataclass(frozen=True)
class Reviewing:
    organisation: str
    name: str
    admin: str
    learner: str
    learner_name: str
    badge_class: str


async def reviewing(graph: Graph, web_server: WebServer) -> Reviewing:
    """A fresh approved organisation of the demo university with an admin, a learner, and a
    badge class of its with a rubric that needs no endorsements: claims go to review at once."""
    suffix = uuid.uuid4().hex[:8]
    org = await make_organisation(graph, UNIVERSITY["id"], f"Bike Kitchen {suffix}")
    admin = f"review-admin-{suffix}@x.example"
    learner = f"review-learner-{suffix}@x.example"
    await make_person(graph, admin, "Ria Reviewer", role=Role.ADMIN, body_id=org.id)
    await make_person(graph, learner, f"Lou Learner {suffix}")
    made = await api_as(web_server, admin, CREATE_CLASS, i=org.id, name=f"Bike repair {suffix}")
    return Reviewing(
        org.id, org.name, admin, learner, f"Lou Learner {suffix}", made["createBadgeClass"]["id"]
    )


async def claim(web_server: WebServer, world: Reviewing, title: str) -> str:
    made = (await api_as(web_server, world.learner, SELF_ASSERT, b=world.badge_class, t=title))[
        "selfAssert"
    ]
    assert made["status"] == "IN_REVIEW", made
    claim_id: str = made["id"]
    return claim_id


async def open_queue(page: Page, name: str) -> None:
    """From the work hub to the organisation's claims to review."""
    await page.goto("/work")
    body = page.get_by_role("article", name=name)
    await body.get_by_role("link", name=re.compile("^Claims to review")).click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"Claims to review: {name}")


async def test_an_admin_returns_a_claim_then_approves_it_with_rubric_levels(
    page: Page, browser: Browser, web_server: WebServer, graph: Graph
) -> None:
    world = await reviewing(graph, web_server)
    name = world.name
    claim_id = await claim(web_server, world, "Repaired bikes")

    await sign_in_as(page, world.admin)
    await page.goto("/work")
    body = page.get_by_role("article", name=name)
    await expect(body.get_by_role("link", name=re.compile("^Claims to review"))).to_have_text(
        "Claims to review (1 waiting)"
    )
    await open_queue(page, name)
    await expect(page.get_by_role("status")).to_have_text("1 claim waits for a decision.")
    entry = page.get_by_role("article", name="Repaired bikes")
    await expect(entry).to_contain_text(re.compile(r"Waiting for \d+ minutes?"))
    await expect(entry).to_contain_text(world.learner_name)
    await expect(entry).to_contain_text("Self-asserted")
    await expect(entry).to_contain_text("Endorsements: 0")
    await check_accessibility(page)
    await assert_fits(page)
    await screenshot(page, "review-queue")

    # The review panel: the claim, what the class asks, and the decisions.
    await entry.get_by_role("link", name="Repaired bikes").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Review: Repaired bikes")
    await expect(page.get_by_role("region", name="What the badge asks")).to_contain_text(
        "Repair three bikes, checking the brakes."
    )
    await check_accessibility(page)
    await assert_fits(page)

    # Returning needs a note: refused before it is sent, then sent with one.
    await page.get_by_role("radio", name="Return for revision").check()
    await page.get_by_role("button", name="Return to the learner").click()
    await expect(page.get_by_role("alert")).to_have_text("Say what the claim needs, in a note.")
    await expect(page.get_by_label("What does it need? (required)")).to_be_focused()
    await page.get_by_label("What does it need? (required)").fill("Add photos of the brakes.")
    await page.get_by_role("button", name="Return to the learner").click()
    await expect(page.get_by_role("heading", name="Decision recorded")).to_be_focused()
    await expect(page.get_by_role("status").filter(has_text="Returned to")).to_have_text(
        f"✓ Returned to {world.learner_name} for revision, with your note."
    )
    await expect(page.locator(".claim-state")).to_contain_text("Returned for revision")

    # The learner sees it returned, with the note.
    async with signed_out(browser, web_server, page) as learner:
        await sign_in_as(learner, world.learner)
        await learner.goto(f"/claims/{claim_id}")
        await expect(learner.locator(".claim-state")).to_contain_text("Returned for revision")
        await expect(learner.get_by_role("region", name="Notes")).to_contain_text(
            "Add photos of the brakes."
        )
        # The learner revises the narrative and sends it back, saying what changed.
        resubmit = learner.get_by_role("region", name="Send it back to the reviewers")
        await resubmit.get_by_role("button", name="Send back for review").click()
        await expect(resubmit.get_by_label("What changed (for the reviewers)")).to_be_focused()
        await expect(resubmit).to_contain_text("Tell the reviewers what changed.")
        await check_accessibility(learner)
        await assert_fits(learner)
        await resubmit.get_by_label("Your narrative").fill(
            "I repaired twelve bikes at the Saturday café, brakes checked on each."
        )
        await resubmit.get_by_label("What changed (for the reviewers)").fill(
            "Added the photos you asked for"
        )
        await resubmit.get_by_role("button", name="Send back for review").click()
        await expect(learner.get_by_role("status").filter(has_text="sent back")).to_have_text(
            "Your claim is sent back to the reviewers."
        )
        await expect(learner.get_by_role("heading", level=1)).to_be_focused()
        await expect(learner.locator(".claim-state")).not_to_contain_text("Returned")
        await expect(resubmit).to_have_count(0)
        await assert_no_problems(learner)

    # Back in the queue; approving says whose key signs, and asks a level on every criterion.
    await page.get_by_role("link", name="Back to the claims to review").first.click()
    await expect(page.get_by_role("status")).to_have_text("1 claim waits for a decision.")
    await page.get_by_role("link", name="Repaired bikes").click()
    await expect(page.get_by_role("region", name="Notes")).to_contain_text(
        "Added the photos you asked for"
    )
    await expect(page.get_by_role("main")).to_contain_text("brakes checked on each")
    await page.get_by_role("radio", name="Approve").check()
    await expect(page.locator(".approve-key")).to_have_text(
        f"Approving issues the badge to {world.learner_name} now, signed with the key of {name}:"
        f" you award it in {name}'s name."
    )
    safety = page.get_by_role("group", name="Safety")
    # Below the minimum is not offered.
    await expect(safety.get_by_role("radio")).to_have_count(2)
    await expect(safety.get_by_role("radio", name="Level 1: Unsafe")).to_have_count(0)
    await page.get_by_role("button", name="Approve and issue the badge").click()
    await expect(page.get_by_role("alert")).to_have_text("Choose a level on “Safety”.")
    await safety.get_by_role("radio", name="Level 3: Exemplary").check()
    teamwork = page.get_by_role("group", name="Teamwork")
    await teamwork.get_by_role("radio", name="Level 2: Together").check()
    await page.get_by_label("Note for the learner (optional)").fill("Well done.")
    await check_accessibility(page)
    await assert_fits(page)
    await screenshot(page, "review-panel")
    await page.get_by_role("button", name="Approve and issue the badge").click()
    await expect(page.get_by_role("heading", name="Decision recorded")).to_be_focused()
    await expect(page.get_by_role("status").filter(has_text="Approved")).to_have_text(
        f"✓ Approved: {world.learner_name}'s badge is issued in the name of {name}."
    )
    found = (await api_as(web_server, world.learner, CLAIM, c=claim_id))["claim"]
    assert found["status"] == "ISSUED", found
    await page.get_by_role("link", name="Open the badge").click()
    await expect(page).to_have_url(re.compile(f"/badges/{found['assertionId']}$"))
    await page.goto(f"/issuers/{world.organisation}/reviews")
    await expect(page.get_by_role("status")).to_have_text("No claim is waiting for a decision.")
    await check_accessibility(page)
    await assert_no_problems(page)


async def test_an_admin_declines_a_claim_and_keeps_their_words_when_beaten_to_it(
    page: Page, browser: Browser, web_server: WebServer, graph: Graph
) -> None:
    world = await reviewing(graph, web_server)
    declined = await claim(web_server, world, "Painted a mural")
    raced = await claim(web_server, world, "Fixed a puncture")

    await sign_in_as(page, world.admin)
    await page.goto(f"/claims/{declined}")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Review: Painted a mural")
    await page.get_by_role("radio", name="Decline").check()
    await page.get_by_label("Why do you decline it? (required)").fill("Not a bike repair.")
    await page.get_by_role("button", name="Decline the claim").click()
    await expect(page.get_by_role("status").filter(has_text="Declined")).to_have_text(
        f"✓ Declined; {world.learner_name} sees your reason."
    )
    async with signed_out(browser, web_server, page) as learner:
        await sign_in_as(learner, world.learner)
        await learner.goto(f"/claims/{declined}")
        await expect(learner.locator(".claim-state")).to_contain_text("Declined")
        await expect(learner.get_by_role("region", name="Notes")).to_contain_text(
            "Not a bike repair."
        )

    # Someone else returns the other claim while the admin writes: nothing they typed is lost.
    await page.goto(f"/claims/{raced}")
    await page.get_by_role("radio", name="Decline").check()
    reason = page.get_by_label("Why do you decline it? (required)")
    await reason.fill("Too small a repair.")
    await api_as(web_server, world.admin, RETURN, c=raced)
    await page.get_by_role("button", name="Decline the claim").click()
    await expect(page.get_by_role("alert")).to_contain_text("Someone may have decided first.")
    await expect(reason).to_have_value("Too small a repair.")
    await check_accessibility(page)
    await page.get_by_role("button", name="Show the claim as it is now").click()
    await expect(page.get_by_text("This claim is not waiting for a decision.")).to_be_visible()
    await expect(page.locator(".claim-state")).to_contain_text("Returned for revision")
    await assert_fits(page)
    await assert_no_problems(page)


CURATOR = f"curator@{EMAIL_DOMAIN}"
CREATE_UNIVERSITY_CLASS = """
mutation($i: ID!, $name: String!) { createBadgeClass(input: {issuerId: $i, name: $name,
  description: "Hosts a repair café.", criteria: "Host three evenings.",
  domain: SUSTAINABILITY, level: BEGINNER, requires: [],
  endorsementPolicy: {minimum: 1, relationships: [PEER]}}) { id } }
"""
INVITE = "mutation($c: ID!, $p: ID!) { requestEndorsement(claimId: $c, personId: $p) { id } }"
ENDORSE = """
mutation($c: ID!) { endorseClaim(claimId: $c, relationship: PEER, testimonial: "Saw it") {
  status } }
"""


@dataclass(frozen=True)
class Reciprocal:
    suffix: str
    claim_id: str  # Ana's, where Bo's endorsement is held back as RECIPROCAL


async def reciprocal(web_server: WebServer, graph: Graph, *, with_cy: bool) -> Reciprocal:
    """Ana endorsed Bo; Bo's endorsement of Ana is then RECIPROCAL and held back; Cy's (if
    asked) meets the policy and sends her claim to the university's review."""
    suffix = uuid.uuid4().hex[:8]
    made = await api_as(
        web_server, CURATOR, CREATE_UNIVERSITY_CLASS, i=UNIVERSITY["id"], name=f"Host {suffix}"
    )
    badge_class = made["createBadgeClass"]["id"]
    people = {}
    for who in ("ana", "bo", "cy"):
        email = f"review-{who}-{suffix}@x.example"
        people[who] = (email, await make_person(graph, email, f"{who.title()} {suffix}"))
    (ana, ana_id), (bo, bo_id), (cy, cy_id) = people["ana"], people["bo"], people["cy"]

    bos = (await api_as(web_server, bo, SELF_ASSERT, b=badge_class, t="Bo hosted"))["selfAssert"]
    await api_as(web_server, bo, INVITE, c=bos["id"], p=ana_id)
    await api_as(web_server, ana, ENDORSE, c=bos["id"])
    anas = (await api_as(web_server, ana, SELF_ASSERT, b=badge_class, t="Ana hosted"))["selfAssert"]
    for endorser, endorser_id in ((bo, bo_id), (cy, cy_id))[: 2 if with_cy else 1]:
        await api_as(web_server, ana, INVITE, c=anas["id"], p=endorser_id)
        await api_as(web_server, endorser, ENDORSE, c=anas["id"])
    return Reciprocal(suffix, anas["id"])


async def test_a_curator_lets_a_flagged_endorsement_count(
    page: Page, web_server: WebServer, graph: Graph
) -> None:
    """In the review panel of Ana's claim, sent to review by Cy, the curator lets Bo's count."""
    found = await reciprocal(web_server, graph, with_cy=True)
    suffix = found.suffix
    await sign_in_as(page, CURATOR)
    await page.goto(f"/claims/{found.claim_id}")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Review: Ana hosted")
    held = page.get_by_role("article", name=f"Endorsement by Bo {suffix}")
    await expect(held).to_contain_text("Does not count until a curator checks it")
    await page.get_by_text("Let this flagged endorsement count").click()
    await page.get_by_role("button", name="Let it count").click()
    await expect(page.get_by_role("alert")).to_have_text("Say what you checked, in a note.")
    await page.get_by_label("What you checked (required)").fill("They host together; genuine.")
    await check_accessibility(page)
    await page.get_by_role("button", name="Let it count").click()
    await expect(page.get_by_role("status").filter(has_text="now counts")).to_have_text(
        f"The endorsement by Bo {suffix} now counts."
    )
    await expect(held).to_contain_text("Checked by a curator")
    await expect(page.get_by_text("Let this flagged endorsement count")).to_have_count(0)
    await assert_fits(page)
    await assert_no_problems(page)


async def test_a_curator_lets_a_held_endorsement_count_from_the_curation_page(
    page: Page, web_server: WebServer, graph: Graph
) -> None:
    """Bo's held endorsement is all Ana's claim has: it stays open, out of any review panel,
    until the curator lets it count on the curation page, which sends the claim to review."""
    found = await reciprocal(web_server, graph, with_cy=False)
    bo = f"Bo {found.suffix}"
    await sign_in_as(page, CURATOR)
    await page.goto(f"/universities/{UNIVERSITY['id']}/curation")
    held = page.get_by_role("listitem").filter(has_text=f"{bo} endorsed Ana")
    await expect(held).to_contain_text("Ana hosted", timeout=60_000)
    await held.get_by_text("Let this flagged endorsement count").click()
    await held.get_by_role("button", name="Let it count").click()
    await expect(held.get_by_role("alert")).to_have_text("Say what you checked, in a note.")
    await held.get_by_label("What you checked (required)").fill("Neighbours; genuine.")
    await check_accessibility(page)
    await held.get_by_role("button", name="Let it count").click()
    await expect(page.get_by_role("status").filter(has_text="counts now")).to_have_text(
        f"{bo}'s endorsement counts now."
    )
    await expect(page.get_by_role("listitem").filter(has_text=f"{bo} endorsed Ana")).to_have_count(
        0
    )
    status = "MATCH (c:Claim {id: $id}) RETURN c.status AS status"
    assert await run(graph, status, id=found.claim_id) == [{"status": "IN_REVIEW"}]
    await assert_fits(page)
    await assert_no_problems(page)
