"""Peer assessment in Chromium against the demo: a learner submits a portfolio, a reviewer
scores one on its rubric, and the issuer's curator decides a dispute. Each run makes its own
people and portfolios (test data in the graph), so the shared server's demo stays as it is."""

from __future__ import annotations

import re
import uuid
from typing import Any

from playwright.async_api import FilePayload, Page, expect

from deploy.demo import EMAIL_DOMAIN, PEER_CLASS_ID
from graph.core.database import Graph
from tests.web.browser import (
    WebServer,
    assert_fits,
    assert_no_problems,
    check_accessibility,
    screenshot,
    sign_in_as,
)

PEOPLE = """
UNWIND $people AS row
CREATE (:Person {id: row.id, name: row.name, email: row.email})
"""
# `learner`'s portfolio for the demo's peer-assessed class, in `state`, with `reviewer`'s
# open assignment and, for a dispute, two reviews done (Ann's anonymous).
SUBMISSION = """
MATCH (b:BadgeClass {id: $badgeClass})-[:ISSUED_BY]->(u:University)
MATCH (learner:Person {id: $learner}), (reviewer:Person {id: $reviewer})
CREATE (learner)-[:CLAIMED]->(c:Claim {id: randomUUID(), kind: 'SELF_ASSERTED', title: b.name,
        narrative: 'I mapped where bees forage and what I would change.', status: 'OPEN',
        visibility: 'PRIVATE', domain: b.domain, createdAt: datetime(), version: 0,
        peerReview: true, peerState: $state, peerSubmittedAt: datetime(), peerNeeded: 2,
        peerPassingScore: 7, peerDisagreement: 3, peerExpiryDays: 7,
        peerDisputeReason: CASE WHEN $state = 'DISPUTED' THEN 'DISAGREEMENT' END})
        -[:FOR_BADGE]->(b)
CREATE (c)-[:BRANDED_BY]->(u)
CREATE (c)-[:HAS_EVIDENCE]->(:Evidence {id: randomUUID(), kind: 'URL', name: 'Bee map',
        url: 'https://example.org/bee-map', addedAt: datetime(), revision: 1})
WITH c, b, reviewer
CALL (c, b, reviewer) {
  WITH c, b, reviewer WHERE $state = 'REVIEWING'
  CREATE (reviewer)-[:ASSIGNED]->(:PeerAssignment {id: randomUUID(), status: 'OPEN',
          assignedAt: datetime(), expiresAt: datetime() + duration('P7D')})-[:FOR]->(c)
}
CALL (c, b, reviewer) {
  WITH c, b, reviewer WHERE $state = 'DISPUTED'
  WITH c, reviewer, COLLECT { MATCH (b)-[:HAS_CRITERION]->(k) RETURN k.id ORDER BY k.position }
    AS criteria
  UNWIND [[reviewer, true, 12, [4, 4, 4]], [reviewer, false, 3, [1, 1, 1]]] AS r
  CREATE (who:Person {id: randomUUID(), name: CASE WHEN r[1] THEN $ann ELSE $bo END,
          email: randomUUID() + '@peer.example'})
  CREATE (who)-[:ASSIGNED]->(:PeerAssignment {id: randomUUID(), status: 'DONE',
          assignedAt: datetime(), expiresAt: datetime() + duration('P7D'),
          reviewedAt: datetime(), anonymous: r[1], total: r[2], passed: r[2] >= 7,
          criteria: criteria, levels: r[3],
          comments: ['Clear question', 'Careful method', 'Honest reflection']})-[:FOR]->(c)
}
RETURN c.id AS id
"""


async def _people(graph: Graph, *names: str) -> dict[str, dict[str, str]]:
    suffix = uuid.uuid4().hex[:8]
    made = {
        n: {
            "id": str(uuid.uuid4()),
            "name": f"{n.title()} {suffix}",
            "email": f"{n}-{suffix}@{EMAIL_DOMAIN}",
        }
        for n in names
    }

    async def work(tx: Any) -> None:
        await (await tx.run(PEOPLE, people=list(made.values()))).consume()

    await graph.write(work)
    return made


async def _submission(graph: Graph, learner: str, reviewer: str, state: str, **names: str) -> str:
    async def work(tx: Any) -> str:
        result = await tx.run(
            SUBMISSION,
            badgeClass=PEER_CLASS_ID,
            learner=learner,
            reviewer=reviewer,
            state=state,
            ann=names.get("ann", "Ann"),
            bo=names.get("bo", "Bo"),
        )
        record = await result.single()
        assert record is not None
        return str(record["id"])

    made: str = await graph.write(work)
    return made


async def test_a_learner_submits_a_portfolio_and_sees_it_waiting(
    page: Page, web_server: WebServer, graph: Graph
) -> None:
    people = await _people(graph, "submitter")
    await sign_in_as(page, people["submitter"]["email"])
    # Found from the wallet, as the learner's other records are.
    await page.goto("/wallet")
    await page.get_by_role("link", name="My portfolios for peer review").click()
    await expect(
        page.get_by_role("heading", level=1, name="My portfolios for peer review")
    ).to_be_visible()
    await expect(page.get_by_text("You have not submitted a portfolio yet.")).to_be_visible()
    await check_accessibility(page)
    form = page.get_by_role("form", name="Submit a portfolio")
    await expect(form.get_by_label("Badge")).to_contain_text("Research III: reflexive portfolio")
    await form.get_by_label("Your reflexive portfolio").fill(
        "My project asked where bees forage in the park; I counted, mapped and reflected."
    )
    await form.get_by_label("Link to your work (optional)").fill("https://example.org/bees")
    await form.get_by_label("Choose files").set_input_files(
        FilePayload(name="counts.txt", mimeType="text/plain", buffer=b"Bees counted: 41\n")
    )
    await form.get_by_role("button", name="Submit for peer review").click()
    await expect(page.get_by_role("status").filter(has_text="Submitted.")).to_have_text(
        "Submitted. Reviewers are being assigned."
    )
    # The file went up with it, for the reviewers to download.
    await expect(form.get_by_role("listitem").filter(has_text="counts.txt")).to_contain_text(
        "Uploaded."
    )
    item = page.get_by_role("article").filter(has_text="Research III: reflexive portfolio")
    # Waiting, or being reviewed when this run's other page submitted too.
    await expect(item.locator(".peer-state")).to_have_text(
        re.compile("Waiting for reviewers|Being reviewed")
    )
    await expect(item.get_by_text("0 of 3 reviews in")).to_be_visible()
    await assert_fits(page)
    await assert_no_problems(page)
    await screenshot(page, "peer-submissions")


async def test_a_reviewer_scores_a_portfolio_on_its_rubric(
    page: Page, web_server: WebServer, graph: Graph
) -> None:
    people = await _people(graph, "learner", "reviewer")
    await _submission(graph, people["learner"]["id"], people["reviewer"]["id"], "REVIEWING")
    await sign_in_as(page, people["reviewer"]["email"])
    await page.goto("/wallet")
    await page.get_by_role("link", name="Portfolios to review").click()
    await expect(page.get_by_role("heading", level=1, name="Portfolios to review")).to_be_visible()
    await check_accessibility(page)
    await page.get_by_role("link", name="Review this portfolio").click()
    await expect(
        page.get_by_role("heading", level=1, name="Research III: reflexive portfolio")
    ).to_be_visible()
    # The learner is not named to the reviewer.
    await expect(page.get_by_text(people["learner"]["name"])).to_have_count(0)
    evidence = page.get_by_role("list", name="The portfolio's links and files")
    await expect(evidence.get_by_role("link", name="Bee map")).to_have_attribute(
        "href", "https://example.org/bee-map"
    )
    await page.get_by_role("button", name="Send my review").click()
    await expect(page.get_by_role("alert")).to_have_text(
        "Give every criterion a level and a comment."
    )
    for criterion, level in (
        ("Research question", "Clearly"),
        ("Method", "Partly"),
        ("Reflection", "Convincingly"),
    ):
        group = page.get_by_role("group", name=criterion)
        await group.get_by_role("radio", name=level).check()
        await group.get_by_label("Why this level?").fill(f"{criterion}: {level.lower()} shown.")
    await expect(page.get_by_text("Total: 9 of 12; passes from 7.")).to_be_visible()
    await page.get_by_label("Review anonymously", exact=False).check()
    await check_accessibility(page)
    await page.get_by_role("button", name="Send my review").click()
    await expect(page.get_by_role("status")).to_have_text("Thank you, your review is in.")
    await expect(page.get_by_text("You reviewed it: 9 points.")).to_be_visible()
    await assert_fits(page)
    await assert_no_problems(page)
    await screenshot(page, "peer-review-form")


async def test_the_curator_decides_a_dispute_seeing_every_reviewer(
    page: Page, web_server: WebServer, graph: Graph
) -> None:
    people = await _people(graph, "disputed", "unused")
    suffix = people["disputed"]["name"].split()[-1]
    ann, bo = f"Ann {suffix}", f"Bo {suffix}"
    await _submission(
        graph, people["disputed"]["id"], people["unused"]["id"], "DISPUTED", ann=ann, bo=bo
    )
    await sign_in_as(page, f"curator@{EMAIL_DOMAIN}")
    # Found from the work hub, under the university whose class it is.
    await page.goto("/work")
    await page.get_by_role("link", name="Disputed peer reviews").first.click()
    await expect(page).to_have_url(re.compile(r"/peer/disputes\?issuer="))
    await expect(
        page.get_by_role("heading", level=1, name="Peer reviews to decide")
    ).to_be_visible()
    card = page.get_by_role("article").filter(has_text=f"Learner: {people['disputed']['name']}")
    await expect(card).to_be_visible()
    await expect(card.get_by_text("The reviewers disagree too much.")).to_be_visible()
    await expect(card.get_by_role("link", name="Bee map")).to_be_visible()
    # Anonymous to the learner, named to staff.
    await expect(card.get_by_text(f"Review by {ann}: 12 points, passed")).to_be_visible()
    await expect(card.get_by_text(f"Review by {bo}: 3 points, not passed")).to_be_visible()
    await check_accessibility(page)
    decline = card.get_by_role("button", name="Decline")
    await expect(decline).to_be_disabled()  # a reason first
    await card.get_by_label("Note to the learner (needed to decline)").fill(
        "The method is missing."
    )
    await decline.click()
    await expect(page.get_by_role("status")).to_have_text("Declined.")
    await expect(page.get_by_text(f"Learner: {people['disputed']['name']}")).to_have_count(0)
    await assert_fits(page)
    await assert_no_problems(page)
    await screenshot(page, "peer-disputes")
