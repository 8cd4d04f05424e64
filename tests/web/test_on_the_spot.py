"""Badges on the spot in Chromium against the demo: the university's curator adds a template
with a rubric; the demo teacher issues a badge from a template to a newly registered learner,
who finds it in their wallet as a community badge."""

from __future__ import annotations

import re
import uuid

from playwright.async_api import Browser, Page, expect

from deploy.demo import EMAIL_DOMAIN, UNIVERSITY
from tests.web.browser import (
    WebServer,
    api_as,
    assert_fits,
    assert_no_problems,
    check_accessibility,
    register_verified,
    screenshot,
    sign_in_as,
    signed_out,
)

TEACHER = f"teacher@{EMAIL_DOMAIN}"
CURATOR = f"curator@{EMAIL_DOMAIN}"
TEMPLATES = f"/universities/{UNIVERSITY['id']}/badge-templates"


async def test_a_teacher_issues_a_badge_on_the_spot_and_the_learner_has_it(
    page: Page, browser: Browser, web_server: WebServer
) -> None:
    learner = f"spot-{uuid.uuid4().hex[:8]}@learners.example"
    await register_verified(web_server, learner, "Spot Learner", "learning on the spot")

    await sign_in_as(page, TEACHER)
    await page.goto("/work")
    await page.get_by_role("link", name="Issue a badge on the spot").click()
    await expect(page).to_have_url(re.compile("/on-the-spot"))
    await expect(
        page.get_by_role("heading", level=1, name="Issue a badge on the spot")
    ).to_be_visible()
    await page.get_by_label("Template").select_option(label="Helped at the repair café")
    await page.get_by_label("A more specific name (optional)").fill("Fixed a bike at the café")
    await page.get_by_label("Where and when (optional)").fill("Repair café, this morning")
    await page.get_by_label("Learners' e-mail addresses *").fill(f"{learner}\nnot-an-address")
    await page.get_by_label("What you saw them do *").fill("Fixed a bike and showed its owner how.")
    # The rubric offers only levels at or above each criterion's minimum.
    listening = page.get_by_label(re.compile("^Listening"))
    await expect(listening.locator("option")).to_have_count(3)  # the prompt, 2 and 3
    await listening.select_option("3")
    await page.get_by_label(re.compile("^Repairing")).select_option("2")
    await check_accessibility(page)
    await assert_fits(page)
    await page.get_by_role("button", name="Issue the badges").click()
    await expect(page.get_by_role("alert")).to_contain_text("Not an e-mail address: not-an-address")
    await page.get_by_label("Learners' e-mail addresses *").fill(learner)
    await page.get_by_role("button", name="Issue the badges").click()
    await expect(page.get_by_role("heading", level=1, name="Issued 1 badges.")).to_be_visible()
    badge = page.get_by_role("link", name=f"Spot Learner ({learner})")
    await expect(badge).to_be_visible()
    href = await badge.get_attribute("href")
    assert href is not None
    assert re.fullmatch(r"/badges/[0-9a-f-]{36}", href), href
    await assert_no_problems(page)
    await screenshot(page, "on-the-spot-issued")

    # The learner, in a browser of their own.
    async with signed_out(browser, web_server, page) as theirs:
        await sign_in_as(theirs, learner)
        await theirs.goto("/wallet")
        item = theirs.locator(f'article[aria-labelledby="badge-{href.rsplit("/", 1)[1]}"]')
        await expect(item).to_be_visible()
        await expect(item).to_contain_text("Fixed a bike at the café")
        await expect(item.locator(".tier-mark")).to_have_text("Community")
        await assert_no_problems(theirs)


async def test_a_curator_creates_a_template_with_a_rubric(
    page: Page, web_server: WebServer
) -> None:
    name = f"Guided a city walk {uuid.uuid4().hex[:6]}"
    await sign_in_as(page, CURATOR)
    await page.goto("/work")
    await page.get_by_role("link", name="Badge templates").click()
    await expect(page).to_have_url(re.compile("/badge-templates$"))
    await expect(
        page.get_by_role("heading", level=2, name="Helped at the repair café")
    ).to_be_visible()
    await page.get_by_role("button", name="New template").click()
    await page.get_by_role("button", name="Save the template").click()
    await expect(page.get_by_role("alert")).to_have_text("Fill in the fields marked *.")
    await page.get_by_label("Name *").fill(name)
    await page.get_by_label("Description *").fill("Guided newcomers through the city.")
    await page.get_by_label("Criteria: what a learner shows *").fill(
        "Led a walk of an hour or more."
    )
    await page.get_by_label("Domain").select_option(label="Global citizenship")
    for number, (criterion, levels) in enumerate(
        (("Route", "Lost\nOn track"), ("Stories", "None\nSome\nMany")), start=1
    ):
        await page.get_by_role("button", name="Add a criterion").click()
        part = page.get_by_role("group", name=f"Criterion {number}")
        await part.get_by_label("What is judged").fill(criterion)
        await part.get_by_label("Levels, one per line, lowest first").fill(levels)
    await (
        page.get_by_role("group", name="Criterion 2")
        .get_by_label("Lowest level to approve")
        .select_option("2")
    )
    await check_accessibility(page)
    await assert_fits(page)
    await page.get_by_role("button", name="Save the template").click()
    await expect(page.get_by_role("status").filter(has_text=f"Saved “{name}”.")).to_be_visible()
    saved = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=name))
    await expect(saved).to_contain_text("2 criteria")
    await check_accessibility(page)
    await assert_no_problems(page)
    await screenshot(page, "badge-templates")


async def test_a_curator_edits_and_archives_a_template_and_teachers_no_longer_see_it(
    page: Page, browser: Browser, web_server: WebServer
) -> None:
    name = f"Cooked for the neighbourhood {uuid.uuid4().hex[:6]}"
    renamed = f"Cooked a neighbourhood dinner {uuid.uuid4().hex[:6]}"
    await api_as(
        web_server,
        CURATOR,
        "mutation($u: ID!, $input: BadgeTemplateInput!) {"
        " createBadgeTemplate(universityId: $u, input: $input) { id } }",
        u=UNIVERSITY["id"],
        input={
            "name": name,
            "description": "Cooked for neighbours.",
            "criteria": "Cooked a meal for ten or more.",
            "domain": "GLOBAL_CITIZENSHIP",
            "level": "BEGINNER",
            "rubric": [
                {"name": "Planning", "levels": ["Improvised", "Planned"]},
                {"name": "Hygiene", "levels": ["Careless", "Careful", "Exemplary"]},
            ],
        },
    )
    await sign_in_as(page, CURATOR)
    await page.goto(TEMPLATES)
    item = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=name))
    await expect(item).to_contain_text("2 criteria")

    # The form opens filled in with the template as it is, its name field focused.
    await item.get_by_role("button", name=f"Edit {name}").click()
    form = page.get_by_role("form", name=f"Edit {name}")
    await expect(form.get_by_label("Name *")).to_be_focused()
    await expect(form.get_by_label("Name *")).to_have_value(name)
    await expect(form.get_by_label("Description *")).to_have_value("Cooked for neighbours.")
    planning = form.get_by_role("group", name="Criterion 1").get_by_label("What is judged")
    await expect(planning).to_have_value("Planning")
    await form.get_by_label("Name *").fill(renamed)
    await form.get_by_label("Description *").fill("Cooked a dinner for the whole street.")
    await planning.fill("Menu")
    await check_accessibility(page)
    await assert_fits(page)
    await form.get_by_role("button", name="Save the template").click()
    await expect(page.get_by_role("status").filter(has_text=f"Saved “{renamed}”.")).to_be_visible()
    # Focus lands on the saved template, not at the top of the page with the form gone.
    await expect(page.get_by_role("heading", level=2, name=renamed)).to_be_focused()

    await page.reload()
    item = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=renamed))
    await expect(item).to_contain_text("Cooked a dinner for the whole street.")
    await expect(item).to_contain_text("2 criteria")
    await expect(page.get_by_role("heading", name=name, exact=True)).to_have_count(0)
    await item.get_by_role("button", name=f"Edit {renamed}").click()
    form = page.get_by_role("form", name=f"Edit {renamed}")
    await expect(
        form.get_by_role("group", name="Criterion 1").get_by_label("What is judged")
    ).to_have_value("Menu")
    await form.get_by_role("button", name="Cancel").click()
    await expect(form).to_have_count(0)
    await expect(item.get_by_role("button", name=f"Edit {renamed}")).to_be_focused()

    # A teacher of the university can choose it for badges on the spot…
    async with signed_out(browser, web_server, page) as teacher:
        await sign_in_as(teacher, TEACHER)
        await teacher.goto("/on-the-spot")
        choices = teacher.get_by_label("Template").locator("option")
        await expect(choices.filter(has_text=renamed)).to_have_count(1)

        # … until the curator archives it: gone from the list, said so, focus kept in view.
        await item.get_by_role("button", name=f"Archive {renamed}").click()
        status = page.get_by_role("status").filter(has_text=f"Archived “{renamed}”")
        await expect(status).to_be_visible()
        await expect(status).to_be_focused()
        await expect(page.get_by_role("heading", name=renamed)).to_have_count(0)
        await teacher.reload()
        await expect(teacher.get_by_label("Template")).to_be_visible()
        await expect(choices.filter(has_text="Helped at the repair café")).to_have_count(1)
        await expect(choices.filter(has_text=renamed)).to_have_count(0)

        # Archived templates are shown on request, marked, and can be brought back.
        await page.get_by_label("Show archived templates").check()
        archived = page.get_by_role("listitem").filter(
            has=page.get_by_role("heading", name=renamed)
        )
        await expect(archived.get_by_text("Archived", exact=True)).to_be_visible()
        await check_accessibility(page)
        await archived.get_by_role("button", name=f"Bring back {renamed}").click()
        await expect(page.get_by_role("status")).to_contain_text(f"“{renamed}” is back")
        await expect(archived.get_by_role("button", name=f"Archive {renamed}")).to_be_focused()
        await expect(archived.get_by_text("Archived", exact=True)).to_have_count(0)
        await page.get_by_label("Show archived templates").uncheck()
        await expect(page.get_by_role("heading", level=2, name=renamed)).to_be_visible()
        await teacher.reload()
        await expect(teacher.get_by_label("Template")).to_be_visible()
        await expect(choices.filter(has_text=renamed)).to_have_count(1)
        await assert_no_problems(teacher)

    await assert_no_problems(page)
