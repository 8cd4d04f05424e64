"""Notifications in Chromium: the bell's unread count follows the notificationAdded
subscription live, and the list marks them read."""

from __future__ import annotations

import re

from playwright.async_api import Page, expect

from deploy.demo import EMAIL_DOMAIN, KROOK
from tests.web.browser import (
    WebServer,
    api_as,
    as_page,
    assert_no_problems,
    check_accessibility,
    screenshot,
    sign_in_as,
)

ADMIN = f"admin-{KROOK}@{EMAIL_DOMAIN}"


async def _bell_count(page: Page) -> int:
    label = page.get_by_role("link", name=re.compile(r"^Notifications, \d+ unread$"))
    found = re.search(r"(\d+)", await label.get_attribute("aria-label") or "")
    assert found
    return int(found.group(1))


async def test_the_bell_counts_a_new_notification_live_and_the_list_marks_it_read(
    page: Page, web_server: WebServer
) -> None:
    size = page.viewport_size or {"width": 0}
    await sign_in_as(page, f"learner{13 if size['width'] < 600 else 14}@{EMAIL_DOMAIN}")
    await page.goto("/discover")
    bell = page.get_by_role("link", name=re.compile(r"^Notifications, \d+ unread$"))
    await expect(bell).to_be_visible()
    before = await _bell_count(page)

    # The learner applies to one of De Krook's open opportunities; its admin accepts.
    organisations = await api_as(web_server, ADMIN, "{ organisations { id name } }")
    krook = next(o for o in organisations["organisations"] if o["name"] == "Digidak De Krook")
    offered = await api_as(
        web_server,
        ADMIN,
        "query($o: ID!) { organisationOpportunities(organisationId: $o, statuses: [PUBLISHED])"
        " { id title freePlaces } }",
        o=krook["id"],
    )
    mine = await as_page(page, "{ myApplications { opportunityId } }")
    taken = {a["opportunityId"] for a in mine["myApplications"]}
    target = next(
        o
        for o in offered["organisationOpportunities"]
        if o["freePlaces"] > 0 and o["id"] not in taken
    )
    applied = await as_page(
        page,
        'mutation($o: ID!) { applyToOpportunity(opportunityId: $o, motivation: "m") { id } }',
        o=target["id"],
    )
    await api_as(
        web_server,
        ADMIN,
        "mutation($id: ID!) { acceptApplication(id: $id) { status } }",
        id=applied["applyToOpportunity"]["id"],
    )

    # No reload: the subscription brings it.
    await expect(
        page.get_by_role("link", name=f"Notifications, {before + 1} unread")
    ).to_be_visible()
    await page.get_by_role("link", name=f"Notifications, {before + 1} unread").click()
    await expect(page).to_have_url(re.compile(r"/notifications$"))
    accepted = page.locator("article.unread").filter(has_text="Your application is accepted")
    await expect(accepted.first).to_be_visible()
    await check_accessibility(page)
    await page.get_by_role("button", name="Mark all as read").click()
    await expect(page.get_by_role("link", name="Notifications, 0 unread")).to_be_visible()
    await expect(page.locator("article.unread")).to_have_count(0)
    await assert_no_problems(page)


async def test_a_preference_per_kind_and_channel_is_kept(page: Page) -> None:
    size = page.viewport_size or {"width": 0}
    await sign_in_as(page, f"learner{15 if size['width'] < 600 else 16}@{EMAIL_DOMAIN}")
    await page.goto("/notifications")
    email = page.get_by_label("You earned a badge: E-mail")
    await expect(email).to_be_checked()
    await email.uncheck()
    await expect(page.get_by_role("status").filter(has_text="Saved.")).to_be_visible()
    await page.reload()
    await expect(page.get_by_label("You earned a badge: E-mail")).not_to_be_checked()
    await expect(page.get_by_label("You earned a badge: In the app")).to_be_checked()
    await check_accessibility(page)


async def test_a_saved_area_is_drawn_on_the_map_kept_and_removed(page: Page) -> None:
    size = page.viewport_size or {"width": 0}
    await sign_in_as(page, f"learner{20 if size['width'] < 600 else 21}@{EMAIL_DOMAIN}")
    await page.goto("/discover")
    await expect(page.get_by_text("Choose a place (near me, or click the map)")).to_be_visible()
    await page.goto("/discover?lat=51.05450&lon=3.72170&r=2&domain=SUSTAINABILITY")
    await page.get_by_label("Name this area").fill("Around the Korenmarkt")
    await page.get_by_role("button", name="Notify me within 2 km").click()
    await expect(page.get_by_role("status").filter(has_text="Saved: you will hear")).to_be_visible()
    item = page.locator(".areas li")
    await expect(item).to_have_text(
        re.compile(r"Around the Korenmarkt \(within 2 km\) · Sustainability")
    )
    # The area is a circle on the map, apart from the markers (which open opportunities).
    circles = page.locator(".map path.saved-area")
    await expect(circles).to_have_count(1)
    await check_accessibility(page)
    await screenshot(page, "discover-saved-area")

    # Kept by the server: another page load, elsewhere, still shows it; "Show" searches there.
    await page.goto("/discover?q=garden")
    await expect(item).to_have_count(1)
    await item.get_by_role("button", name="Show").click()
    await expect(page).to_have_url(re.compile(r"lat=51\.05450&lon=3\.72170&r=2"))
    await item.get_by_role("button", name="Remove").click()
    await expect(page.get_by_role("status").filter(has_text="removed")).to_be_visible()
    await expect(item).to_have_count(0)
    await expect(circles).to_have_count(0)
    await assert_no_problems(page)


async def test_turning_push_on_either_registers_this_device_or_says_why_not(page: Page) -> None:
    size = page.viewport_size or {"width": 0}
    await sign_in_as(page, f"learner{22 if size['width'] < 600 else 23}@{EMAIL_DOMAIN}")
    await page.context.grant_permissions(["notifications"])
    await page.goto("/notifications")
    # The service worker controls the page before push can be set up on it.
    await page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    await expect(
        page.get_by_text("This device does not receive push notifications.")
    ).to_be_visible()
    await page.get_by_role("button", name="Turn on").click()
    outcome = page.get_by_role("status").filter(
        has_text=re.compile(r"Push notifications are on|Push could not be turned on")
    )
    await expect(outcome).to_be_visible()
    registered = await as_page(page, "{ pushSubscriptions { endpoint } }")
    endpoints = [s["endpoint"] for s in registered["pushSubscriptions"]]
    browser_endpoint = await page.evaluate(
        """navigator.serviceWorker.ready
             .then((r) => r.pushManager.getSubscription())
             .then((s) => (s ? s.endpoint : null))"""
    )
    if "are on" in await outcome.inner_text():
        # A browser with a push service: Kring now knows exactly this device.
        assert endpoints == [browser_endpoint]
        await page.get_by_role("button", name="Turn off").click()
        await expect(page.get_by_role("status")).to_have_text(
            "Push notifications are off for this device."
        )
        registered = await as_page(page, "{ pushSubscriptions { endpoint } }")
        assert registered["pushSubscriptions"] == []
    else:
        # No push service reachable (as in CI): nothing half-registered, and the reason shown.
        assert endpoints == []
        await expect(page.get_by_role("button", name="Turn on")).to_be_enabled()
    await check_accessibility(page)
