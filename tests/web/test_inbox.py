"""Running an event in Chromium: the organisation accepts and rejects applications made
through the API, marks the participants in one action once it started, and a supervisor whom
a participant asked endorses from the list."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from playwright.async_api import Page, expect

from deploy.demo import EMAIL_DOMAIN, PLACES, demo_id
from graph.core.database import Graph
from tests.factories import make_person
from tests.web.browser import (
    WebServer,
    api_as,
    assert_fits,
    assert_no_problems,
    check_accessibility,
    screenshot,
    sign_in_as,
    the_event_took_place,
)

MODERATOR = f"moderator@{EMAIL_DOMAIN}"

DRAFT = """
mutation($input: DraftOpportunityInput!) { draftOpportunity(input: $input) { id } }
"""
BADGE_CLASSES = "query($o: ID!) { badgeClasses(issuerId: $o) { id requires { id } } }"
ACCEPT = "mutation($id: ID!) { acceptApplication(id: $id) { id } }"
COMPLETE = "mutation($id: ID!) { completeApplication(id: $id) { id } }"
APPLY = """
mutation($o: ID!) { applyToOpportunity(opportunityId: $o, motivation: "I like bees.") { id } }
"""


@dataclass(frozen=True)
class Event:
    key: str
    opportunity: str
    title: str
    learners: list[tuple[str, str]]  # (e-mail, name), in the order they applied


async def _published_event(web_server: WebServer, graph: Graph, key: str, learners: int) -> Event:
    """A new opportunity of the organisation `key`, drafted, submitted and published through
    the API, with `learners` new people applied to it."""
    admin = f"admin-{key}@{EMAIL_DOMAIN}"
    organisation = demo_id("organisation", key)
    place = PLACES[key]
    classes = await api_as(web_server, admin, BADGE_CLASSES, o=organisation)
    badge_class = next(b["id"] for b in classes["badgeClasses"] if not b["requires"])
    title = f"Bee count {uuid.uuid4().hex[:6]}"
    starts = datetime.now(UTC) + timedelta(days=2)
    made = await api_as(
        web_server,
        admin,
        DRAFT,
        input={
            "organisationId": organisation,
            "badgeClassId": badge_class,
            "title": title,
            "synopsis": "Count the bees of the park.",
            "description": "Bring a notebook.",
            "startsAt": starts.isoformat(),
            "endsAt": (starts + timedelta(hours=2)).isoformat(),
            "capacity": max(10, learners),
            "address": place.address,
            "latitude": place.latitude,
            "longitude": place.longitude,
        },
    )
    opportunity = made["draftOpportunity"]["id"]
    step = "mutation($id: ID!) {{ {}(id: $id) {{ status }} }}"
    await api_as(web_server, admin, step.format("submitOpportunity"), id=opportunity)
    await api_as(web_server, MODERATOR, step.format("publishOpportunity"), id=opportunity)
    people = []
    for n in range(learners):
        tag = uuid.uuid4().hex[:8]
        email, name = f"bee-{tag}@learners.example", f"Learner {chr(65 + n)} {tag}"
        await make_person(graph, email, name)
        await api_as(web_server, email, APPLY, o=opportunity)
        people.append((email, name))
    return Event(key, opportunity, title, people)


def _key(page: Page, mobile: str, desktop: str) -> str:
    return mobile if (page.viewport_size or {"width": 0})["width"] < 600 else desktop


async def test_the_organisation_accepts_and_rejects_applications(
    page: Page, web_server: WebServer, graph: Graph
) -> None:
    key = _key(page, "stadsimkers-citadelpark", "onderzoekswinkel-sint-pieters")
    event = await _published_event(web_server, graph, key, 3)
    (_, ann), (_, bo), (_, cy) = event.learners
    await sign_in_as(page, f"admin-{key}@{EMAIL_DOMAIN}")
    await page.goto(f"/opportunities/{event.opportunity}/applications")
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Applications to {event.title}"
    )
    pending = page.locator("section[aria-labelledby=pending-title]")
    await expect(pending.locator("article")).to_have_count(3)
    await expect(pending.locator("article").first).to_contain_text("I like bees.")
    await check_accessibility(page)
    await assert_fits(page)
    await screenshot(page, "inbox-pending")

    for name in (ann, bo):
        await page.get_by_role("button", name=f"Accept {name}").click()
        await expect(
            page.get_by_role("status").filter(has_text=f"{name} is accepted.")
        ).to_be_visible()
    await page.get_by_role("button", name=f"Reject {cy}…").click()
    await page.get_by_label(f"Why is {cy} not accepted?").fill("The group is full of beekeepers.")
    await page.get_by_role("button", name="Reject the application").click()
    await expect(
        page.get_by_role("status").filter(has_text=f"{cy} is not accepted")
    ).to_be_visible()

    await expect(pending.locator("article")).to_have_count(0)
    taking_part = page.locator("section[aria-labelledby=participants-title]")
    await expect(taking_part.locator(".participants li")).to_have_count(2)
    # Not started yet: attendance is not offered.
    await expect(taking_part).to_contain_text("Once the opportunity has started")
    await expect(taking_part.get_by_role("checkbox")).to_have_count(0)
    rejected = page.locator("section[aria-labelledby=inbox-rejected]")
    await expect(rejected).to_contain_text(f"{cy} — Reason: The group is full of beekeepers.")

    # The learners hear of it through their own applications.
    mine = await api_as(web_server, event.learners[2][0], "{ myApplications { status reason } }")
    assert mine["myApplications"] == [
        {"status": "REJECTED", "reason": "The group is full of beekeepers."}
    ]
    await check_accessibility(page)
    await screenshot(page, "inbox-decided")
    await assert_no_problems(page)


async def test_a_supervisor_endorses_a_participant_from_the_list(
    page: Page, web_server: WebServer, graph: Graph
) -> None:
    key = _key(page, "stadsimkers-citadelpark", "onderzoekswinkel-sint-pieters")
    admin = f"admin-{key}@{EMAIL_DOMAIN}"
    supervisor = demo_id("person", f"supervisor-{key}")
    event = await _published_event(web_server, graph, key, 2)
    applications = await api_as(
        web_server,
        admin,
        "query($id: ID!) { applicationsForOpportunity(opportunityId: $id) { id learnerName } }",
        id=event.opportunity,
    )
    ids = {a["learnerName"]: a["id"] for a in applications["applicationsForOpportunity"]}
    for _, name in event.learners:
        await api_as(web_server, admin, ACCEPT, id=ids[name])
    await the_event_took_place(graph, event.opportunity)
    for _, name in event.learners:
        await api_as(web_server, admin, COMPLETE, id=ids[name])
    # The first participant claims the badge and asks the supervisor by name.
    (email, name), (_, other) = event.learners
    claimed = await api_as(
        web_server,
        email,
        "mutation($a: ID!) { claimParticipation(applicationId: $a) { id } }",
        a=ids[name],
    )
    await api_as(
        web_server,
        email,
        "mutation($c: ID!, $p: ID!) { requestEndorsement(claimId: $c, personId: $p) { id } }",
        c=claimed["claimParticipation"]["id"],
        p=supervisor,
    )

    await sign_in_as(page, f"supervisor-{key}@{EMAIL_DOMAIN}")
    await page.goto(f"/opportunities/{event.opportunity}/applications")
    completed = page.locator("section[aria-labelledby=completed-title]")
    await expect(completed.locator("article")).to_have_count(2)
    asked = completed.locator("article").filter(has_text=name)
    await expect(asked).to_contain_text("Claim:")
    # Only the participant who asked is offered.
    await expect(
        completed.locator("article").filter(has_text=other).get_by_role("button")
    ).to_have_count(0)
    await asked.get_by_role("button", name=f"Write an endorsement for {name}").click()
    await asked.get_by_role("radio", name="Supervisor", exact=True).check()
    await asked.get_by_label("Your testimonial").fill("Counted carefully and kept the log tidy.")
    await check_accessibility(page)
    await assert_fits(page)
    await screenshot(page, "inbox-endorse")
    await asked.get_by_role("button", name=f"Endorse {name}").click()
    await expect(asked).to_contain_text("You endorsed this claim.")
    await expect(asked.get_by_role("button")).to_have_count(0)
    await assert_no_problems(page)


async def test_participants_are_marked_completed_in_one_action(
    page: Page, web_server: WebServer, graph: Graph
) -> None:
    """25 participants marked completed with one action (`completeApplications`)."""
    key = _key(page, "stadsimkers-citadelpark", "onderzoekswinkel-sint-pieters")
    admin = f"admin-{key}@{EMAIL_DOMAIN}"
    event = await _published_event(web_server, graph, key, 26)
    applications = await api_as(
        web_server,
        admin,
        "query($id: ID!) { applicationsForOpportunity(opportunityId: $id) { id learnerName } }",
        id=event.opportunity,
    )
    ids = {a["learnerName"]: a["id"] for a in applications["applicationsForOpportunity"]}
    for _, name in event.learners:
        await api_as(web_server, admin, ACCEPT, id=ids[name])
    await the_event_took_place(graph, event.opportunity)
    *marked, (dee_email, dee) = event.learners

    await sign_in_as(page, admin)
    await page.goto(f"/opportunities/{event.opportunity}/applications")
    taking_part = page.locator("section[aria-labelledby=participants-title]")
    await expect(taking_part.get_by_role("checkbox")).to_have_count(27)  # all, and one each
    select_all = taking_part.get_by_role("checkbox", name="Select all 26")
    # Keyboard only: the select-all box, then one taken out again.
    await select_all.focus()
    await page.keyboard.press("Space")
    await expect(taking_part.get_by_text("26 selected")).to_be_visible()
    await taking_part.get_by_role("checkbox", name=dee).focus()
    await page.keyboard.press("Space")
    await expect(taking_part.get_by_text("25 selected")).to_be_visible()
    await check_accessibility(page)
    await screenshot(page, "inbox-selected")
    await taking_part.get_by_role("button", name="Mark 25 as completed").click()
    report = page.locator(".bulk-report")
    await expect(report).to_contain_text("Marked 25 as completed.")
    completed = page.locator("section[aria-labelledby=completed-title]")
    await expect(completed.locator("article")).to_have_count(25)
    for _, name in marked:
        await expect(completed).to_contain_text(name)
    statuses = await api_as(
        web_server,
        admin,
        "query($id: ID!) { applicationsForOpportunity(opportunityId: $id,"
        " statuses: [ACCEPTED, COMPLETED]) { learnerName status } }",
        id=event.opportunity,
    )
    by_name = {a["learnerName"]: a["status"] for a in statuses["applicationsForOpportunity"]}
    assert by_name == {name: "COMPLETED" for _, name in marked} | {dee: "ACCEPTED"}
    # Dee is still taking part, and marked a no-show on their own.
    await taking_part.get_by_role("checkbox", name=dee).check()
    await taking_part.get_by_role("button", name="Mark 1 as no-show").click()
    await expect(report).to_contain_text("Marked 1 as no-show.")
    no_show = page.locator("section[aria-labelledby=inbox-noShow]")
    await expect(no_show).to_contain_text(dee)
    mine = await api_as(web_server, dee_email, "{ myApplications { status } }")
    assert mine["myApplications"] == [{"status": "NO_SHOW"}]
    await check_accessibility(page)
    await screenshot(page, "inbox-marked")
    await assert_no_problems(page)
