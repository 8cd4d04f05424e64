"""An official badge's page in Chromium shows the EU micro-credential elements its university
stated (nl and en) and offers its Europass download; axe finds nothing, at both sizes."""

from __future__ import annotations

from playwright.async_api import Page, expect

from deploy.demo import EMAIL_DOMAIN, UNIVERSITY
from graph.core.database import Graph
from tests.helpers import run
from tests.insights_world import Activity, make_activity
from tests.review_steps import APPROVE, ENDORSE, INVITE, SELF_ASSERT
from tests.web.browser import (
    WebServer,
    api_as,
    assert_fits,
    assert_no_problems,
    check_accessibility,
    screenshot,
    sign_in_as,
)

VALIDATE = (
    "mutation($id: ID!, $m: MicroCredentialInput) "
    '{ validateBadgeClass(id: $id, note: "Meets the EU elements", microCredential: $m) { id } }'
)
ELEMENTS = {
    "isMicroCredential": True,
    "learningOutcomes": ["Diagnose a broken appliance safely"],
    "workloadHours": 75,
    "ectsCredits": 3,
    "eqfLevel": 4,
    "assessmentType": "Observed repair",
    "participation": "http://data.europa.eu/snb/learning-assessment/9191af2ed9",
    "qualityAssurance": "Internal quality assurance of the university",
    "country": "http://publications.europa.eu/resource/authority/country/BEL",
    "awardingBody": "Demo University",
    "legalIdentifier": "BE0123456789",
}


async def _award_now(
    server: WebServer, activity: Activity, learner: str, peer: dict[str, str]
) -> str:
    """`learner` claims the activity's class, a `peer` endorses it, its admin approves: the
    badge is awarded now, through the API, as the organisation awards any."""
    made = await api_as(server, learner, SELF_ASSERT, b=activity.community_class)
    claim = made["selfAssert"]["id"]
    await api_as(server, learner, INVITE, c=claim, p=peer["id"])
    await api_as(server, peer["email"], ENDORSE, c=claim, r="PEER")
    approved = (await api_as(server, activity.admin_email, APPROVE, c=claim))["approveClaim"]
    assert approved["status"] == "ISSUED", approved
    assertion: str = approved["assertionId"]
    return assertion


async def test_an_official_badge_page_shows_its_eu_elements_and_europass(
    page: Page, web_server: WebServer, graph: Graph
) -> None:
    activity = await make_activity(graph, UNIVERSITY["id"], "Micro Hub")
    await api_as(
        web_server, f"curator@{EMAIL_DOMAIN}", VALIDATE, id=activity.community_class, m=ELEMENTS
    )
    [row] = await run(
        graph,
        "MATCH (p:Person)-[:HOLDS]->(a:Assertion)-[:OF_BADGE]->(:BadgeClass {id: $b}) "
        "RETURN a.id AS id, p.email AS learner LIMIT 1",
        b=activity.community_class,
    )

    # The badge is public: anyone signed out sees its page.
    await page.goto(f"/badges/{row['id']}")
    elements = page.get_by_role("region", name="EU micro-credential")
    await expect(elements).to_be_visible(timeout=60_000)
    await expect(elements.get_by_role("listitem")).to_have_text(
        ["Diagnose a broken appliance safely"]
    )
    await expect(elements.locator("dd")).to_contain_text(
        ["3 ECTS credits · 75 hours", "Level 4", "Observed repair", "On-site"]
    )
    # Awarded before the validation: the university's name does not cover it in Europass.
    await expect(page.get_by_role("link", name="Download for Europass")).to_have_count(0)

    # A badge awarded since, under the validation: its learner downloads it for Europass.
    learner = row["learner"]  # one of the activity's own learners, and another as their peer
    [peer] = await run(
        graph,
        "MATCH (p:Person)-[:HOLDS]->(:Assertion)-[:OF_BADGE]->(:BadgeClass {id: $b}) "
        "WHERE p.email <> $learner RETURN p.id AS id, p.email AS email LIMIT 1",
        b=activity.community_class,
        learner=learner,
    )
    awarded = await _award_now(web_server, activity, learner, peer)
    await sign_in_as(page, learner)
    await page.goto(f"/badges/{awarded}")
    download = page.get_by_role("link", name="Download for Europass")
    await expect(download).to_have_attribute("href", f"/credentials/{awarded}/europass.jsonld")
    exported = await page.request.get(f"/credentials/{awarded}/europass.jsonld")
    assert exported.ok, await exported.text()
    assert "EuropeanDigitalCredential" in (await exported.json())["type"]
    await assert_fits(page)
    await check_accessibility(page)
    await screenshot(page, "micro-credential")

    await page.get_by_label("Language").select_option("nl")
    dutch = page.get_by_role("region", name="EU-microcredential")
    await expect(dutch.locator("dt").first).to_have_text("Studiebelasting")
    await expect(page.get_by_role("link", name="Downloaden voor Europass")).to_be_visible()
    await check_accessibility(page)
    await assert_no_problems(page)
