"""The insights pages in Chromium: an organisation's admin sees the figures this test made
(computed here from its own plan), as charts, as a table and as a CSV file; a university's
staff see the brand's figures. Chart.js draws under the strict CSP."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, timedelta

from playwright.async_api import Page, expect

from deploy.demo import EMAIL_DOMAIN, UNIVERSITY
from graph.core.database import Graph
from tests.insights_world import make_activity
from tests.web.browser import (
    WebServer,
    assert_fits,
    assert_no_problems,
    check_accessibility,
    screenshot,
    sign_in_as,
)


def _number(value: float) -> str:
    """As the page writes it in English (no thousands here)."""
    return f"{value:g}"


async def test_an_organisation_admin_sees_its_figures_as_charts_table_and_csv(
    page: Page, web_server: WebServer, graph: Graph
) -> None:
    activity = await make_activity(graph, UNIVERSITY["id"], "Insight Hub")
    await sign_in_as(page, activity.admin_email)
    await page.goto(f"/organisations/{activity.organisation}/insights")
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Insights: {activity.organisation_name}"
    )
    summary = page.locator("dl.insights-summary")
    for name, value in (
        ("People reached", activity.people_reached),
        ("Completions", activity.completions),
        ("Hours of participation", activity.hours),
        ("Badges issued", activity.badges),
    ):
        figure = summary.locator("div", has=page.locator("dt", has_text=name))
        await expect(figure.locator("dd")).to_have_text(_number(value))

    # The table: one row per month of the last twelve, this one last.
    table = page.get_by_role("table", name="Participation per period")
    rows = table.locator("tbody tr")
    await expect(rows).to_have_count(12)
    first = activity.now.year * 12 + activity.now.month - 1 - 11
    for (year, number), want in activity.months.items():
        row = rows.nth(year * 12 + number - 1 - first)
        await expect(row.locator("td")).to_have_text(
            [_number(want.people_reached), _number(want.completions), _number(want.hours)]
        )
    badges = page.get_by_role("table", name="Badges issued by tier")
    total_official = sum(p.official for p in activity.months.values())
    official_cells = badges.locator("tbody tr td:nth-child(3)")
    assert sum(float(t) for t in await official_cells.all_inner_texts()) == total_official
    competencies = page.get_by_role("table", name="Competencies recognised")
    for name, count in activity.competencies.items():
        heads = page.get_by_role("rowheader", name=name, exact=True)
        await expect(competencies.locator("tr", has=heads).locator("td").last).to_have_text(
            str(count)
        )

    # The charts are drawn (Chart.js sized its canvases) without any CSP violation.
    canvases = page.locator(".chart canvas")
    await expect(canvases).to_have_count(4)
    await expect(canvases.first).to_have_attribute("height", re.compile(r"^[1-9]\d*$"))
    width = await canvases.first.evaluate("c => c.width")
    assert width > 0

    # The CSV: the same figures, by ISO date, machine-readable.
    async with page.expect_download() as downloading:
        await page.get_by_role("button", name="Download CSV (Participation per period)").click()
    download = await downloading.value
    assert download.suggested_filename.endswith(".csv")
    text = (await download.path()).read_bytes().decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == ["Period", "People reached", "Completions", "Hours of participation"]
    assert len(lines) == 13
    by_month = {(int(line[0][:4]), int(line[0][5:7])): line[1:] for line in lines[1:]}
    for month, want in activity.months.items():
        got = by_month[month]
        assert (int(got[0]), int(got[1]), float(got[2])) == (
            want.people_reached,
            want.completions,
            want.hours,
        )
    for month, got in by_month.items():
        if month not in activity.months:
            assert got == ["0", "0", "0"], (month, got)

    await assert_fits(page)
    await check_accessibility(page)
    await assert_no_problems(page)
    await screenshot(page, "organisation-insights")

    # Per week: the same completions, in more rows.
    await page.get_by_label("Per", exact=True).select_option("WEEK")
    await page.get_by_role("button", name="Show", exact=True).click()
    weeks = page.get_by_role("table", name="Participation per period").locator("tbody tr")
    await expect(weeks).to_have_count(_weeks_in_the_last_twelve_months(activity.now))
    completions = await weeks.locator("td:nth-child(3)").all_inner_texts()
    assert sum(int(c) for c in completions) == activity.completions
    await assert_no_problems(page)


def _weeks_in_the_last_twelve_months(now: datetime) -> int:
    """ISO weeks (Monday first) overlapping the twelve months up to this one, in UTC."""
    index = now.year * 12 + now.month - 1

    def month(n: int) -> date:
        return date(n // 12, n % 12 + 1, 1)

    first, end = month(index - 11), month(index + 1)
    monday = first - timedelta(days=first.weekday())
    return (end - monday + timedelta(days=6)).days // 7


async def test_a_universitys_staff_see_the_brand_and_others_are_refused(
    page: Page, web_server: WebServer, graph: Graph
) -> None:
    activity = await make_activity(graph, UNIVERSITY["id"], "Brand Hub")
    await sign_in_as(page, f"teacher@{EMAIL_DOMAIN}")
    await page.goto(f"/universities/{UNIVERSITY['id']}/insights")
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Insights: {UNIVERSITY['name']}"
    )
    organisations = page.get_by_role("table", name="Most active organisations")
    mine = organisations.locator(
        "tr", has=page.get_by_role("rowheader", name=activity.organisation_name)
    )
    await expect(mine.locator("td").last).to_have_text(str(activity.badges))
    endorsers = page.get_by_role("table", name="Most active endorsers")
    await expect(
        endorsers.locator(
            "tr", has=page.get_by_role("rowheader", name=f"{activity.organisation_name} admin")
        )
        .locator("td")
        .last
    ).to_have_text(str(activity.endorsers[f"{activity.organisation_name} admin"]))
    await expect(page.locator(".chart canvas")).not_to_have_count(0)
    await assert_fits(page)
    await check_accessibility(page)
    await assert_no_problems(page)
    await screenshot(page, "university-insights")

    # An organisation's admin is not the university's staff: told so, shown no figures.
    await page.context.clear_cookies()
    await sign_in_as(page, activity.admin_email)
    await page.goto(f"/universities/{UNIVERSITY['id']}/insights")
    await expect(page.get_by_role("alert")).to_contain_text("Only the university's staff")
    await expect(page.locator("dl.insights-summary")).to_have_count(0)
