"""What those who answer for an issuer read and do in Chromium beyond the daily work: an
organisation's admin edits the profile and finds the change in the organisation's audit trail;
the demo curator validates a class and reads its validation history, then withdraws it and
reads both decisions; the demo curator imports a CASE package from the work hub, is told by the
API that its competencies need a domain, picks a default one with the file still chosen, and
sees the framework's name and count. axe on each screen."""

from __future__ import annotations

import json
import re
import uuid

from playwright.async_api import FilePayload, Page, expect

from deploy.demo import EMAIL_DOMAIN, FRAMEWORK, UNIVERSITY
from graph.core.database import Graph
from graph.core.vocabulary import Role
from tests.factories import make_organisation, make_person
from tests.helpers import run
from tests.insights_world import make_activity
from tests.web.browser import (
    assert_fits,
    assert_no_problems,
    check_accessibility,
    screenshot,
    sign_in_as,
)

CURATOR = f"curator@{EMAIL_DOMAIN}"


async def test_an_admin_sees_a_profile_edit_in_the_audit_trail(page: Page, graph: Graph) -> None:
    suffix = uuid.uuid4().hex[:8]
    org = await make_organisation(graph, UNIVERSITY["id"], f"Tool Library {suffix}")
    # The factory's organisation has no full profile, which the editor asks for.
    await run(
        graph,
        "MATCH (o:Organisation {id: $id}) SET o.description = 'Lends tools.', "
        "o.address = 'Vrijdagmarkt 1, Gent', o.contactEmail = 'tools@x.example'",
        id=org.id,
    )
    admin = f"trail-admin-{suffix}@x.example"
    await make_person(graph, admin, "Ada Admin", role=Role.ADMIN, body_id=org.id)
    await sign_in_as(page, admin)
    await page.goto(f"/organisations/{org.id}")
    await expect(page.get_by_role("heading", level=1)).to_have_text(org.name)

    trail = page.get_by_role("region", name="Audit trail")
    disclosure = trail.get_by_text("Who changed this organisation, and when")
    # Closed, and nothing asked, until opened.
    await expect(trail.locator("details")).not_to_have_attribute("open", "")
    await disclosure.click()
    await expect(trail.get_by_text("Nothing is recorded yet.")).to_be_visible()

    await page.get_by_role("button", name="Edit the profile").click()
    await page.get_by_label("What the organisation does").fill("Lends tools to neighbours.")
    await page.get_by_label("Contact phone (optional)").fill("+32 9 765 43 21")
    await page.get_by_role("button", name="Save the profile").click()
    await expect(page.get_by_role("status").filter(has_text="Saved")).to_be_visible()

    # The open trail is read again after the save: the edit is there, newest first.
    events = trail.get_by_role("listitem")
    await expect(events).to_have_count(1)
    await expect(events.first).to_contain_text(
        "Ada Admin changed the profile: Phone, What the organisation does"
    )
    await expect(events.first.locator("time")).to_have_attribute(
        "datetime", re.compile(r"^\d{4}-\d{2}-\d{2}T")
    )
    await assert_fits(page)
    await check_accessibility(page)
    await screenshot(page, "organisation-audit-trail")

    # In Dutch, the same event in Dutch words.
    await page.get_by_label("Language").select_option("nl")
    dutch = page.get_by_role("region", name="Audittrail").get_by_role("listitem")
    await expect(dutch.first).to_contain_text(
        "Ada Admin wijzigde het profiel: Telefoon, Wat de organisatie doet"
    )
    await page.get_by_label("Taal").select_option("en")
    await assert_no_problems(page)


async def test_the_curator_reads_a_classs_validation_history(page: Page, graph: Graph) -> None:
    activity = await make_activity(graph, UNIVERSITY["id"], "Trail Hub")
    name = activity.community_class_name
    await sign_in_as(page, CURATOR)
    await page.goto(f"/universities/{UNIVERSITY['id']}/curation")
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Curation: {UNIVERSITY['name']}", timeout=60_000
    )
    queue = page.get_by_role("region", name="Community badges waiting for validation")
    item = queue.get_by_role("article", name=name)
    # Never decided: the history is offered all the same, and says so.
    await item.get_by_text("Validation history of this class").click()
    await expect(item.get_by_text("This class was never validated.")).to_be_visible()

    await item.get_by_label(f"Note (why) ({name})").fill("Strong, shared evidence")
    await item.get_by_role("button", name=f"Validate officially ({name})").click()
    await expect(
        page.get_by_role("status").filter(has_text=f"{name} is now officially validated.")
    ).to_be_visible()
    validated = page.get_by_role("region", name="Officially validated classes").get_by_role(
        "article", name=name
    )
    await validated.get_by_text("Validation history of this class").click()
    events = validated.locator(".validation-events li")
    await expect(events).to_have_count(1)
    await expect(events.first).to_contain_text("Validated by Cas Curator")
    await expect(events.first).to_contain_text("Why: Strong, shared evidence")
    await assert_fits(page)
    await check_accessibility(page)
    await screenshot(page, "validation-history")

    await validated.get_by_label(f"Note (why) ({name})").fill("Criteria under review")
    await validated.get_by_role("button", name=f"Withdraw validation ({name})").click()
    await expect(
        page.get_by_role("status").filter(has_text=f"Validation of {name} is withdrawn.")
    ).to_be_visible()
    # Back in the queue, now with a history of two decisions, the newest first.
    again = queue.get_by_role("article", name=name)
    await again.get_by_text("Validation history of this class").click()
    events = again.locator(".validation-events li")
    await expect(events).to_have_count(2)
    await expect(events.first).to_contain_text("Withdrawn by Cas Curator")
    await expect(events.first).to_contain_text("Why: Criteria under review")
    await expect(events.last).to_contain_text("Validated by Cas Curator")
    await check_accessibility(page)
    await assert_no_problems(page)


async def test_the_curator_imports_a_case_package(page: Page, graph: Graph) -> None:
    # The demo's package under a title of this run: a framework's name is unique.
    title = f"Trail competences {uuid.uuid4().hex[:8]}"
    package = json.loads(FRAMEWORK.read_text(encoding="utf-8"))
    package["CFDocument"]["title"] = title
    file = FilePayload(
        name="framework.json",
        mimeType="application/json",
        buffer=json.dumps(package, indent=2).encode(),
    )
    try:
        await sign_in_as(page, CURATOR)
        await page.goto("/work")
        hub = page.get_by_role("article").filter(
            has=page.get_by_role("heading", name=UNIVERSITY["name"], exact=True)
        )
        await hub.get_by_role("link", name="Import a competency framework").click()
        await expect(page.get_by_role("heading", level=1)).to_have_text(
            f"Import a competency framework: {UNIVERSITY['name']}"
        )
        await expect(
            page.get_by_text("At most 1000 kB (indentation not counted) and 500 items.")
        ).to_be_visible()
        await check_accessibility(page)
        await assert_fits(page)

        # Nothing chosen: said before anything is sent.
        await page.get_by_role("button", name="Import", exact=True).click()
        await expect(page.get_by_text("Choose a CASE package first.")).to_be_visible()

        chooser = page.get_by_label("CASE package (JSON)")
        # A file far past the limit is refused unread, in words.
        huge = FilePayload(name="huge.json", mimeType="application/json", buffer=b" " * 4_000_001)
        await chooser.set_input_files(files=huge)
        await expect(page.get_by_text("That file is larger than 4 MB")).to_be_visible()
        await chooser.set_input_files(files=file)
        await expect(page.get_by_text("framework.json is ready to import.")).to_be_visible()
        # The package places no competency in a domain: the API says so beside the form.
        await page.get_by_role("button", name="Import", exact=True).click()
        await expect(page.get_by_role("alert")).to_contain_text("Not imported: Competency DL.1")
        await expect(page.get_by_role("alert")).to_contain_text("give a default domain")
        await check_accessibility(page)

        # The file is still chosen: a default domain and one more press.
        await page.get_by_label("Default domain").select_option("GLOBAL_CITIZENSHIP")
        await page.get_by_role("button", name="Import", exact=True).click()
        await expect(
            page.get_by_role("status").filter(has_text=f"Imported “{title}”, with 10 competencies.")
        ).to_be_visible()
        await expect(page.get_by_role("alert")).to_have_count(0)
        await check_accessibility(page)
        await screenshot(page, "framework-import")

        # The same package again is a conflict, said in the API's words.
        await page.get_by_role("button", name="Import", exact=True).click()
        await expect(page.get_by_role("alert")).to_contain_text("exists already")
        await assert_no_problems(page)
    finally:
        await run(
            graph,
            "MATCH (f:CompetencyFramework {name: $name}) "
            "OPTIONAL MATCH (k:Competency {framework: $name}) DETACH DELETE f, k",
            name=title,
        )
