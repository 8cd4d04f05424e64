"""Peer-assessment settings and claim reviewers in Chromium: an organisation's admin switches
peer assessment on for a class with a rubric from its badge class list (a number out of range
said beside its field), sees the settings, is told submitted portfolios keep their numbers,
and switches it off after a confirmation; a class without a rubric points to its editor, and
a class that issues itself is neither linked nor offered the form, its page saying why. An
admin lets a supervisor review claims from the members list (told first what approving
means), and the supervisor's work hub then links to the review queue. axe on each screen.

Each run makes its own organisation, people and badge classes."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from playwright.async_api import Browser, Page, expect

from deploy.demo import UNIVERSITY
from graph.core.database import Graph
from graph.core.vocabulary import Role
from tests.factories import make_organisation, make_person
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

# A rubric whose highest total is 3 + 2 = 5.
CREATE_CLASS = """
mutation($i: ID!, $name: String!, $rubric: [RubricCriterionInput!]!, $requires: [ID!]!,
         $auto: Boolean!) {
  createBadgeClass(input: {issuerId: $i, name: $name,
    description: "Repairs bikes safely.", criteria: "Repair three bikes, checking the brakes.",
    domain: SUSTAINABILITY, level: BEGINNER, requires: $requires,
    endorsementPolicy: {minimum: 0, relationships: [PEER]}, rubric: $rubric,
    autoIssueOnCompletion: $auto}) { id } }
"""
REMOVE_MEMBER = """
mutation($o: ID!, $p: ID!) { removeOrganisationMember(organisationId: $o, personId: $p,
  role: SUPERVISOR) }
"""
RUBRIC = [
    {
        "name": "Safety",
        "description": "Brakes and lights",
        "levels": ["Unsafe", "Careful", "Exemplary"],
        "minimumLevel": 2,
    },
    {"name": "Teamwork", "levels": ["Alone", "Together"]},
]


@dataclass(frozen=True)
class Issuer:
    organisation: str
    name: str
    admin: str
    suffix: str


async def issuer(graph: Graph) -> Issuer:
    """A fresh approved organisation of the demo university with its admin."""
    suffix = uuid.uuid4().hex[:8]
    org = await make_organisation(graph, UNIVERSITY["id"], f"Bike Kitchen {suffix}")
    admin = f"peer-admin-{suffix}@x.example"
    await make_person(graph, admin, "Ada Admin", role=Role.ADMIN, body_id=org.id)
    return Issuer(org.id, org.name, admin, suffix)


async def badge_class(
    web_server: WebServer,
    world: Issuer,
    name: str,
    *,
    rubric: bool = True,
    requires: tuple[str, ...] = (),
    auto: bool = False,
) -> str:
    made = await api_as(
        web_server,
        world.admin,
        CREATE_CLASS,
        i=world.organisation,
        name=name,
        rubric=RUBRIC if rubric else [],
        requires=list(requires),
        auto=auto,
    )
    class_id: str = made["createBadgeClass"]["id"]
    return class_id


async def test_an_admin_switches_peer_assessment_on_and_off(
    page: Page, web_server: WebServer, graph: Graph
) -> None:
    world = await issuer(graph)
    name = f"Bike repair {world.suffix}"
    class_id = await badge_class(web_server, world, name)
    await sign_in_as(page, world.admin)

    # From the issuer's badge class list to the class's peer-assessment page.
    await page.goto(f"/issuers/{world.organisation}/badge-classes")
    await page.get_by_role("link", name=f"Peer assessment — {name}").click()
    await expect(page).to_have_url(re.compile(f"/badge-classes/{class_id}/peer-assessment$"))
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"Peer assessment: {name}")
    await expect(page.locator(".peer-state")).to_have_text(
        "Peer assessment is off: no badge of this class is issued on peer review."
    )
    # What switching on means, in words, before anyone consents.
    await expect(page.locator(".peer-consent")).to_contain_text(
        f"the badge is issued in {world.name}'s name, signed with its key, without anyone at "
        f"{world.name} reviewing it."
    )
    await expect(page.get_by_label("Reviewers per portfolio")).to_have_value("3")
    await expect(page.get_by_label("Days to write a review")).to_have_value("7")
    await expect(page.get_by_text("From 1 to 5 (the rubric's highest total).")).to_be_visible()
    await check_accessibility(page)
    await assert_fits(page)

    # A passing score above the rubric's highest total is said beside its field.
    await page.get_by_label("Reviewers per portfolio").fill("2")
    await page.get_by_label("Passing score").fill("9")
    await page.get_by_label("Disagreement threshold").fill("2")
    await page.get_by_label("Days to write a review").fill("10")
    switch_on = page.get_by_role("button", name="Switch on: issue on passing peer reviews")
    await switch_on.click()
    await expect(page.get_by_label("Passing score")).to_be_focused()
    await expect(page.locator("#peer-passingScore-problem")).to_have_text(
        "Choose a number from 1 to 5."
    )
    await check_accessibility(page)
    await page.get_by_label("Passing score").fill("4")
    await switch_on.click()

    await expect(page.get_by_role("status").filter(has_text="Saved")).to_have_text(
        "Saved: peer assessment is on with these settings for portfolios submitted from now on; "
        "those already submitted keep the numbers they were submitted with."
    )
    await expect(page.get_by_role("heading", name="Now")).to_be_focused()
    await expect(page.locator(".peer-state")).to_contain_text("Peer assessment is on, since")
    settings = page.locator("dl.peer-settings-now")
    await expect(settings.locator("dt")).to_have_text(
        [
            "Reviewers per portfolio",
            "Passing score",
            "Disagreement threshold",
            "Days to write a review",
        ]
    )
    await expect(settings.locator("dd")).to_have_text(["2", "4 of 5", "2", "10"])
    await expect(page.locator("#peer-passingScore-problem")).to_have_count(0)
    await check_accessibility(page)
    await assert_fits(page)
    await screenshot(page, "peer-assessment-settings")

    # The page read again says the same: the consent is recorded.
    await page.reload()
    await expect(page.locator(".peer-state")).to_contain_text("Peer assessment is on, since")
    await expect(page.get_by_label("Passing score")).to_have_value("4")
    # Changing the numbers is said to leave portfolios already submitted as they were.
    await expect(
        page.get_by_role("button", name="Save the settings")
    ).to_have_accessible_description(
        "Portfolios already submitted keep the numbers they were submitted with: what you save "
        "here applies to portfolios submitted from now on."
    )

    # Switching off asks first; keeping it on changes nothing.
    await page.get_by_role("button", name="Switch peer assessment off…").click()
    question = page.get_by_role("heading", name=f"Switch peer assessment off for {name}?")
    await expect(question).to_be_focused()
    await expect(page.get_by_text("new portfolios are refused")).to_be_visible()
    await check_accessibility(page)
    await expect(
        page.get_by_role("group", name=f"Switch peer assessment off for {name}?")
    ).to_be_visible()
    await page.get_by_role("button", name="Keep it on").click()
    await expect(page.locator(".peer-state")).to_contain_text("Peer assessment is on")
    await expect(page.get_by_role("button", name="Switch peer assessment off…")).to_be_focused()
    await page.get_by_role("button", name="Switch peer assessment off…").click()
    await page.get_by_role("button", name="Yes, switch it off").click()
    await expect(page.get_by_role("status").filter(has_text="switched off")).to_have_text(
        "Peer assessment is switched off."
    )
    await expect(page.locator(".peer-state")).to_have_text(
        "Peer assessment is off: no badge of this class is issued on peer review."
    )
    await expect(page.get_by_role("button", name="Switch peer assessment off…")).to_have_count(0)
    await page.reload()
    await expect(page.locator(".peer-state")).to_contain_text("Peer assessment is off")
    await check_accessibility(page)
    await assert_fits(page)
    await assert_no_problems(page)


async def test_a_class_without_a_rubric_or_that_issues_itself_is_not_switched_on(
    page: Page, web_server: WebServer, graph: Graph
) -> None:
    world = await issuer(graph)
    bare = f"Puncture {world.suffix}"
    bare_id = await badge_class(web_server, world, bare, rubric=False)
    step = await badge_class(web_server, world, f"Bike repair {world.suffix}")
    master = f"Bike master {world.suffix}"
    master_id = await badge_class(web_server, world, master, requires=(step,), auto=True)
    await sign_in_as(page, world.admin)

    # No rubric: no form, a link to the class's editor instead.
    await page.goto(f"/badge-classes/{bare_id}/peer-assessment")
    await expect(page.get_by_text("This badge class has no rubric yet.")).to_be_visible()
    await expect(page.get_by_role("link", name=f"Add a rubric to {bare}")).to_have_attribute(
        "href", f"/badge-classes/{bare_id}/edit"
    )
    await expect(page.get_by_label("Passing score")).to_have_count(0)
    await check_accessibility(page)
    await assert_fits(page)

    # The server refuses a class that issues itself: the list does not link it, and its page,
    # reached directly, says why instead of offering the form.
    await page.goto(f"/issuers/{world.organisation}/badge-classes")
    await expect(page.get_by_role("link", name=f"Peer assessment — {bare}")).to_be_visible()
    await expect(page.get_by_role("link", name=f"Peer assessment — {master}")).to_have_count(0)
    await page.goto(f"/badge-classes/{master_id}/peer-assessment")
    await expect(page.locator(".peer-refused")).to_have_text(
        "This badge class cannot be peer-assessed: it issues itself (a Helping hand class, or a "
        "pathway's badge issued once its prerequisites are held) or belongs to one learner's "
        "claim (a one-off class)."
    )
    await expect(page.get_by_label("Passing score")).to_have_count(0)
    await expect(
        page.get_by_role("button", name="Switch on: issue on passing peer reviews")
    ).to_have_count(0)
    await expect(page.locator(".peer-state")).to_contain_text("Peer assessment is off")
    await check_accessibility(page)
    await assert_no_problems(page)


async def test_an_admin_lets_a_supervisor_review_claims(
    page: Page, browser: Browser, web_server: WebServer, graph: Graph
) -> None:
    world = await issuer(graph)
    supervisor = f"peer-supervisor-{world.suffix}@x.example"
    supervisor_name = f"Sam Supervisor {world.suffix}"
    supervisor_id = await make_person(
        graph, supervisor, supervisor_name, role=Role.SUPERVISOR, body_id=world.organisation
    )

    await sign_in_as(page, world.admin)
    await page.goto(f"/organisations/{world.organisation}")
    may_review = page.get_by_role("checkbox", name=f"May review claims — {supervisor_name}")
    await expect(may_review).not_to_be_checked()
    # What it means is said before the act, not only in the notice after it.
    await expect(may_review).to_have_accessible_description(
        "Approving a claim issues a badge in the organisation's name."
    )
    # Only supervisors have the switch: an admin always may review.
    await expect(page.get_by_role("checkbox", name=re.compile("^May review claims"))).to_have_count(
        1
    )
    await check_accessibility(page)
    await assert_fits(page)
    await may_review.check()
    await expect(page.get_by_role("status").filter(has_text="may now review")).to_have_text(
        f"{supervisor_name} may now review claims on our badge classes and decide disputed peer "
        "reviews: approving issues badges in our name."
    )
    await expect(may_review).to_be_checked()
    await check_accessibility(page)
    await screenshot(page, "members-claim-review")
    await page.reload()
    await expect(
        page.get_by_role("checkbox", name=f"May review claims — {supervisor_name}")
    ).to_be_checked()

    # The supervisor's work hub now links to the organisation's claims to review.
    async with signed_out(browser, web_server, page) as other:
        await sign_in_as(other, supervisor)
        await other.goto("/work")
        body = other.get_by_role("article", name=world.name)
        queue = body.get_by_role("link", name=re.compile("^Claims to review"))
        await expect(queue).to_have_attribute("href", f"/issuers/{world.organisation}/reviews")
        await check_accessibility(other)
        await assert_fits(other)
        await queue.click()
        await expect(other.get_by_role("heading", level=1)).to_have_text(
            f"Claims to review: {world.name}"
        )
        await assert_no_problems(other)

    # And stopped again: the hub no longer offers it.
    await page.get_by_role("checkbox", name=f"May review claims — {supervisor_name}").uncheck()
    await expect(page.get_by_role("status").filter(has_text="no longer")).to_have_text(
        f"{supervisor_name} no longer reviews claims."
    )
    async with signed_out(browser, web_server, page) as other:
        await sign_in_as(other, supervisor)
        await other.goto("/work")
        body = other.get_by_role("article", name=world.name)
        await expect(body).to_be_visible()
        await expect(body.get_by_role("link", name=re.compile("^Claims to review"))).to_have_count(
            0
        )

    # Someone else removed the supervisor meanwhile: the refusal is said beside the switch.
    await api_as(
        web_server,
        world.admin,
        REMOVE_MEMBER,
        o=world.organisation,
        p=supervisor_id,
    )
    await page.get_by_role("checkbox", name=f"May review claims — {supervisor_name}").click()
    await expect(page.get_by_role("alert")).to_have_text(
        "Something went wrong: That person is not a supervisor here."
    )
    await expect(
        page.get_by_role("checkbox", name=f"May review claims — {supervisor_name}")
    ).not_to_be_checked()
    await check_accessibility(page)
    await assert_no_problems(page)
