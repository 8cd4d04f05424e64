"""The curators' page in Chromium: the demo curator finds a community class this test made in
the queue, with its counts and shared evidence, validates it with a note, sees it in the
history and among the validated classes, and withdraws it again."""

from __future__ import annotations

from playwright.async_api import Page, expect

from deploy.demo import EMAIL_DOMAIN, UNIVERSITY
from graph.core.database import Graph
from tests.insights_world import BADGES, OLD_BADGE, make_activity
from tests.web.browser import (
    WebServer,
    assert_fits,
    assert_no_problems,
    check_accessibility,
    screenshot,
    sign_in_as,
)


async def test_the_curator_validates_a_class_and_sees_it_in_the_history(
    page: Page, web_server: WebServer, graph: Graph
) -> None:
    activity = await make_activity(graph, UNIVERSITY["id"], "Curation Hub")
    name = activity.community_class_name
    # Every community badge of the plan carries one endorsement.
    issued = sum(1 for _, _, validated in (*BADGES, OLD_BADGE) if not validated)
    await sign_in_as(page, f"curator@{EMAIL_DOMAIN}")
    await page.goto(f"/universities/{UNIVERSITY['id']}/curation")
    # The flags' statements may be a cold server's first time.
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Curation: {UNIVERSITY['name']}", timeout=60_000
    )
    queue = page.get_by_role("region", name="Community badges waiting for validation")
    item = queue.get_by_role("article", name=name)
    await expect(item).to_be_visible()
    await expect(item.locator("dd")).to_have_text([str(issued), str(issued), "1"])
    await expect(item.get_by_role("link", name="https://photos.example/").first).to_be_visible()
    await assert_fits(page)
    await check_accessibility(page)
    await screenshot(page, "curation")

    # A note is required, and said so, before anything is sent.
    await item.get_by_role("button", name=f"Validate officially ({name})").click()
    await expect(item.get_by_role("alert")).to_have_text("Say why, in a note.")
    await item.get_by_label(f"Note (why) ({name})").fill("Strong, shared evidence")
    await item.get_by_role("button", name=f"Validate officially ({name})").click()
    await expect(
        page.get_by_role("status").filter(has_text=f"{name} is now officially validated.")
    ).to_be_visible()
    await expect(queue.get_by_role("article", name=name)).to_have_count(0)
    history = page.get_by_role("region", name="Validation history")
    row = history.locator("tr", has=page.get_by_role("rowheader", name=name, exact=True))
    await expect(row).to_have_count(1)
    await expect(row.locator("td")).to_contain_text(
        ["Validated", "Strong, shared evidence", "Cas Curator"]
    )

    validated = page.get_by_role("region", name="Officially validated classes").get_by_role(
        "article", name=name
    )
    await expect(validated).to_contain_text("by Cas Curator.")
    await validated.get_by_label(f"Note (why) ({name})").fill("Criteria under review")
    await validated.get_by_role("button", name=f"Withdraw validation ({name})").click()
    await expect(
        page.get_by_role("status").filter(has_text=f"Validation of {name} is withdrawn.")
    ).to_be_visible()
    await expect(row).to_have_count(2)
    await expect(row.first.locator("td")).to_contain_text(["Withdrawn", "Criteria under review"])
    await expect(queue.get_by_role("article", name=name)).to_be_visible()
    await check_accessibility(page)
    await assert_no_problems(page)
    await screenshot(page, "curation-history")
