"""Every staff role's main flow, chained in Chromium against the demo (issue 16): a new
organisation applies and is approved, designs a badge class, publishes an opportunity, takes
26 learners in and marks 25 completed at once; a supervisor and a teacher endorse, badges
are issued, a curator validates the class, and the insights show what this test did."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from playwright.async_api import Browser, Page, Route, expect

from deploy.demo import EMAIL_DOMAIN, UNIVERSITY
from graph.core.database import Graph
from tests.factories import make_person
from tests.web.browser import (
    DESKTOP,
    TILE_ORIGIN,
    WebServer,
    api_as,
    assert_no_problems,
    blank_tile,
    register_verified,
    screenshot,
    sign_in_as,
    signed_out,
    the_event_took_place,
)

MODERATOR = f"moderator@{EMAIL_DOMAIN}"
TEACHER = f"teacher@{EMAIL_DOMAIN}"
CURATOR = f"curator@{EMAIL_DOMAIN}"
PASSWORD = "a workshop for every bicycle"
LEARNERS = 26
EVENT_HOURS = 2  # the_event_took_place: from three hours ago to one hour ago

APPLY = """
mutation($o: ID!) { applyToOpportunity(opportunityId: $o, motivation: "I fix things.") { id } }
"""
APPLICATIONS = """
query($id: ID!) { applicationsForOpportunity(opportunityId: $id) { id learnerName status } }
"""
ACCEPT = "mutation($id: ID!) { acceptApplication(id: $id) { id } }"
CLAIM = "mutation($a: ID!) { claimParticipation(applicationId: $a) { id } }"
ASK = "mutation($c: ID!, $p: ID!) { requestEndorsement(claimId: $c, personId: $p) { id } }"


@asynccontextmanager
async def signed_in(
    browser: Browser, web_server: WebServer, like: Page, email: str
) -> AsyncIterator[Page]:
    """Another person's browser, signed in, its map tiles answered as the page fixture's."""
    async with signed_out(browser, web_server, like) as other:
        tile = blank_tile()

        async def answer_tile(route: Route) -> None:
            await route.fulfill(status=200, content_type="image/png", body=tile)

        await other.context.route(f"{TILE_ORIGIN}/**", answer_tile)
        await sign_in_as(other, email)
        yield other


@pytest.mark.parametrize("page", [DESKTOP], ids=["desktop"], indirect=True)
async def test_an_organisation_goes_from_application_to_insights(
    page: Page, browser: Browser, web_server: WebServer, graph: Graph
) -> None:
    suffix = uuid.uuid4().hex[:8]
    admin = f"staff-journey-{suffix}@organisations.example"
    name = f"Buurtwerkplaats {suffix}"
    badge_name = f"Wheel truer {suffix}"
    title = f"Truing wheels {suffix}"

    # A new person applies for a new organisation in the guided form.
    await register_verified(web_server, admin, "Sam Staff", PASSWORD)
    await sign_in_as(page, admin)
    await page.goto("/organisations/apply")
    step = page.get_by_role("heading", level=2)
    await expect(step).to_have_text("Step 1 of 5: What you do")
    await page.get_by_label("Name of the organisation").fill(name)
    await page.get_by_label("What the organisation does").fill(
        "A neighbourhood workshop where people learn to true their wheels."
    )
    await page.get_by_role("button", name="Next").click()
    await expect(step).to_have_text("Step 2 of 5: Where you are")
    await page.get_by_label("Address", exact=True).fill("Macharius 1, 9000 Gent")
    await page.get_by_label("Latitude").fill("51.0527")
    await page.get_by_label("Longitude").fill("3.7359")
    await page.get_by_role("button", name="Next").click()
    await expect(step).to_have_text("Step 3 of 5: Contact")
    await page.get_by_label("Contact e-mail address").fill(f"hallo-{suffix}@organisations.example")
    await page.get_by_role("button", name="Next").click()
    await expect(step).to_have_text("Step 4 of 5: University")
    await page.get_by_role("radio", name=UNIVERSITY["name"]).check()
    await page.get_by_role("button", name="Next").click()
    await expect(step).to_have_text("Step 5 of 5: Check and send")
    await page.get_by_role("button", name="Send the application").click()
    await expect(page).to_have_url(re.compile(r"/organisations/[0-9a-f-]{36}$"))
    organisation = page.url.rsplit("/", 1)[1]
    await expect(page.get_by_text("Pending.")).to_be_visible()

    # The demo moderator approves it.
    async with signed_in(browser, web_server, page, MODERATOR) as moderator:
        await moderator.goto(f"/universities/{UNIVERSITY['id']}/moderation")
        item = moderator.get_by_role("article").filter(
            has=moderator.get_by_role("heading", name=name)
        )
        await item.get_by_role("button", name=f"Approve: {name}").click()
        await expect(
            moderator.get_by_role("status").filter(has_text=f"{name} is approved.")
        ).to_be_visible()
        await assert_no_problems(moderator)

    # Its admin adds a supervisor (a person with an account) on the organisation's page.
    supervisor = f"staff-supervisor-{suffix}@organisations.example"
    await register_verified(web_server, supervisor, "Vic Supervisor", PASSWORD)
    await page.reload()
    await expect(page.get_by_text("Approved.")).to_be_visible()
    await page.get_by_label("E-mail address", exact=True).fill(supervisor)
    await page.get_by_label("Role", exact=True).select_option("SUPERVISOR")
    await page.get_by_role("button", name="Add", exact=True).click()
    added = f"{supervisor} is now Supervisor; we let them know."
    await expect(page.get_by_role("status").filter(has_text=added)).to_be_visible()

    # It designs a badge class: one endorsement (a supervisor's or a teacher's, the default),
    # issued without review for participations the organisation completed.
    await page.goto(f"/issuers/{organisation}/badge-classes")
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"Badge classes of {name}")
    await page.get_by_role("link", name="Design a new badge class").click()
    await page.get_by_label("Name *").fill(badge_name)
    await page.get_by_label("Description *").fill("Trues a bicycle wheel with a spoke key")
    await page.get_by_label("Criteria *").fill("True two wheels under supervision")
    await page.get_by_label("Domain", exact=True).select_option("SUSTAINABILITY")
    await page.get_by_label("Level", exact=True).select_option("BEGINNER")
    await page.get_by_label("Endorsements needed").fill("1")
    await page.get_by_label("Issue claims from participations we completed, once endorsed").check()
    await page.get_by_role("button", name="Create badge class").click()
    await expect(page).to_have_url(
        re.compile(rf"/issuers/{organisation}/badge-classes\?created="), timeout=60_000
    )
    await expect(page.locator(".class-item").filter(has_text=badge_name)).to_be_visible()

    # It drafts an opportunity, the place typed as coordinates, and submits it.
    await page.goto(f"/organisations/{organisation}/opportunities")
    await page.get_by_role("link", name="New opportunity").click()
    await page.get_by_label("Title").fill(title)
    await page.get_by_label("Summary").fill("True your wheels with us.")
    await page.get_by_label("Description").fill("Bring your bicycle; we bring the tools.")
    await page.get_by_label("Badge class").select_option(label=badge_name)
    await page.get_by_label("Address").fill("Macharius 1, 9000 Gent")
    await page.get_by_label("Latitude").fill("51.0527")
    await page.get_by_label("Longitude").fill("3,7359")
    await page.get_by_label("Starts").fill("2031-05-03T14:00")
    await page.get_by_label("Ends").fill("2031-05-03T16:00")
    await page.get_by_label("Places").fill(str(LEARNERS + 4))
    await page.get_by_role("button", name="Save draft").click()
    await expect(page).to_have_url(re.compile(r"/opportunities/[0-9a-f-]{36}/edit"), timeout=60_000)
    opportunity = page.url.split("/")[-2]
    lifecycle = page.locator(".lifecycle")
    await lifecycle.get_by_role("button", name="Submit for publication").click()
    await expect(
        page.get_by_role("status").filter(has_text="Submitted to the university's moderators.")
    ).to_be_visible()

    # The moderator publishes it from the same page.
    async with signed_in(browser, web_server, page, MODERATOR) as moderator:
        await moderator.goto(f"/opportunities/{opportunity}/edit")
        steps = moderator.locator(".lifecycle")
        await steps.get_by_role("button", name="Publish").click()
        await expect(steps).to_contain_text("Published")
        await assert_no_problems(moderator)

    # 26 learners apply through the API; the admin accepts all but one that way.
    learners: list[tuple[str, str]] = []  # (e-mail, name), in the order they applied
    for n in range(LEARNERS):
        tag = uuid.uuid4().hex[:8]
        email, learner = f"wheel-{tag}@learners.example", f"Learner {chr(65 + n)} {tag}"
        await make_person(graph, email, learner)
        await api_as(web_server, email, APPLY, o=opportunity)
        learners.append((email, learner))
    found = await api_as(web_server, admin, APPLICATIONS, id=opportunity)
    ids = {a["learnerName"]: a["id"] for a in found["applicationsForOpportunity"]}
    assert len(ids) == LEARNERS
    *by_api, (_, by_button) = learners
    for _, learner in by_api:
        await api_as(web_server, admin, ACCEPT, id=ids[learner])

    # The last one is accepted from the inbox.
    await page.goto(f"/opportunities/{opportunity}/applications")
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"Applications to {title}")
    await page.get_by_role("button", name=f"Accept {by_button}").click()
    await expect(
        page.get_by_role("status").filter(has_text=f"{by_button} is accepted.")
    ).to_be_visible()

    # Once it took place, 25 are marked completed in one action; one is left out.
    await the_event_took_place(graph, opportunity)
    await page.reload()
    taking_part = page.locator("section[aria-labelledby=participants-title]")
    left_out = by_button
    completed_names = [learner for _, learner in learners if learner != left_out]
    await taking_part.get_by_role("checkbox", name=f"Select all {LEARNERS}").check()
    await taking_part.get_by_role("checkbox", name=left_out).uncheck()
    await expect(taking_part.get_by_text(f"{len(completed_names)} selected")).to_be_visible()
    await taking_part.get_by_role(
        "button", name=f"Mark {len(completed_names)} as completed"
    ).click()
    await expect(page.locator(".bulk-report")).to_contain_text(
        f"Marked {len(completed_names)} as completed."
    )
    completed = page.locator("section[aria-labelledby=completed-title]")
    await expect(completed.locator("article")).to_have_count(len(completed_names))

    # Two participants claim: one asks the new supervisor, the other the demo teacher.
    (first_email, first), (second_email, second) = learners[0], learners[1]
    supervisor_id = (await api_as(web_server, supervisor, "{ me { id } }"))["me"]["id"]
    teacher_id = (await api_as(web_server, TEACHER, "{ me { id } }"))["me"]["id"]
    first_claim = (await api_as(web_server, first_email, CLAIM, a=ids[first]))[
        "claimParticipation"
    ]["id"]
    await api_as(web_server, first_email, ASK, c=first_claim, p=supervisor_id)
    second_claim = (await api_as(web_server, second_email, CLAIM, a=ids[second]))[
        "claimParticipation"
    ]["id"]
    await api_as(web_server, second_email, ASK, c=second_claim, p=teacher_id)

    # The supervisor endorses from the organisation's list.
    async with signed_in(browser, web_server, page, supervisor) as supervising:
        await supervising.goto(f"/opportunities/{opportunity}/applications")
        done = supervising.locator("section[aria-labelledby=completed-title]")
        asked = done.locator("article").filter(has_text=first)
        await asked.get_by_role("button", name=f"Write an endorsement for {first}").click()
        await asked.get_by_role("radio", name="Supervisor", exact=True).check()
        await asked.get_by_label("Your testimonial").fill("Trued both wheels true to a millimetre.")
        await asked.get_by_role("button", name=f"Endorse {first}").click()
        await expect(asked).to_contain_text("You endorsed this claim.")
        await assert_no_problems(supervising)

    # The teacher endorses from the claim's page.
    async with signed_in(browser, web_server, page, TEACHER) as teacher:
        await teacher.goto(f"/claims/{second_claim}")
        await expect(teacher.get_by_role("heading", level=1)).to_have_text(
            re.compile("^Endorse "), timeout=60_000
        )
        await teacher.get_by_role("radio", name="Teacher", exact=True).check()
        await teacher.get_by_label("Your testimonial").fill("Explained spoke tension clearly.")
        await teacher.get_by_role("button", name=re.compile("^Endorse ")).click()
        await expect(teacher.get_by_role("status").filter(has_text="Thank you")).to_be_visible()
        await assert_no_problems(teacher)

    # Each endorsement met the policy and the issuer consented in advance: both are issued.
    endorsed = [first_email, second_email]
    classes = await api_as(
        web_server,
        admin,
        "query($o: ID!) { badgeClasses(issuerId: $o) { id name badgesIssued } }",
        o=organisation,
    )
    [ours] = [b for b in classes["badgeClasses"] if b["name"] == badge_name]
    assert ours["badgesIssued"] is True  # whether any were: each wallet below says which
    for email in endorsed:
        wallet = await api_as(
            web_server, email, "{ myAssertions { edges { node { badgeClassName tier } } } }"
        )
        assert [e["node"] for e in wallet["myAssertions"]["edges"]] == [
            {"badgeClassName": badge_name, "tier": "COMMUNITY"}
        ]

    # The demo curator validates the class from the queue.
    async with signed_in(browser, web_server, page, CURATOR) as curator:
        await curator.goto(f"/universities/{UNIVERSITY['id']}/curation")
        queue = curator.get_by_role("region", name="Community badges waiting for validation")
        item = queue.get_by_role("article", name=badge_name)
        # Issued, endorsements, endorsements per badge.
        await expect(item.locator("dd")).to_have_text(
            [str(len(endorsed)), str(len(endorsed)), "1"], timeout=60_000
        )
        await item.get_by_label(f"Note (why) ({badge_name})").fill("Supervised, endorsed work")
        await item.get_by_role("button", name=f"Validate officially ({badge_name})").click()
        await expect(
            curator.get_by_role("status").filter(
                has_text=f"{badge_name} is now officially validated."
            )
        ).to_be_visible()
        await assert_no_problems(curator)

    # The organisation's insights: what this test did, counted here.
    await page.goto(f"/organisations/{organisation}/insights")
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"Insights: {name}")
    summary = page.locator("dl.insights-summary")
    for figure, value in (
        ("People reached", len(learners)),
        ("Completions", len(completed_names)),
        ("Hours of participation", len(completed_names) * EVENT_HOURS),
        ("Badges issued", len(endorsed)),
    ):
        shown = summary.locator("div", has=page.locator("dt", has_text=figure))
        await expect(shown.locator("dd")).to_have_text(str(value))
    await screenshot(page, "staff-journey-insights")
    await assert_no_problems(page)
