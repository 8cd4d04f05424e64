"""The service worker in Chromium: installable app (manifest), and Web Push shown only to
the person signed in here, delivered through the DevTools protocol's push message."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from playwright.async_api import Page

from deploy.demo import EMAIL_DOMAIN
from tests.web.browser import WebServer, as_page, sign_in_as

NOTIFICATIONS = """
() => navigator.serviceWorker.ready
  .then((r) => r.getNotifications())
  .then((found) => found.map((n) => ({title: n.title, body: n.body, url: n.data.url})))
"""
STORED_PERSON = """
() => caches.open("kring-state")
  .then((c) => c.match("/__kring/person"))
  .then((r) => (r ? r.text() : null))
"""


async def _eventually(page: Page, script: str, wanted: Any, seconds: float = 20) -> Any:
    found = None
    for _ in range(int(seconds * 4)):
        found = await page.evaluate(script)
        if found == wanted or (callable(wanted) and wanted(found)):
            return found
        await asyncio.sleep(0.25)
    raise AssertionError(f"gave up waiting: last saw {found!r}")


async def test_the_app_is_installable(page: Page) -> None:
    await page.goto("/")
    href = await page.get_attribute('link[rel="manifest"]', "href")
    assert href == "/manifest.webmanifest"
    manifest = await (await page.request.get(href)).json()
    assert manifest["name"] == "Kring"
    assert manifest["display"] == "standalone"
    assert manifest["icons"], manifest
    scope = await page.evaluate("navigator.serviceWorker.ready.then((r) => r.scope)")
    assert scope == await page.evaluate("location.origin + '/'")


async def test_a_push_for_the_person_here_is_shown_and_one_for_someone_else_is_not(
    page: Page, web_server: WebServer
) -> None:
    await page.context.grant_permissions(["notifications"], origin=web_server.url)
    cdp = await page.context.new_cdp_session(page)
    registrations: list[dict[str, Any]] = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda e: registrations.extend(e["registrations"]),
    )
    await cdp.send("ServiceWorker.enable")

    await sign_in_as(page, f"learner01@{EMAIL_DOMAIN}")
    await page.goto("/discover")
    me = (await as_page(page, "{ me { id } }"))["me"]["id"]
    await _eventually(page, STORED_PERSON, me)
    registration = next(r for r in registrations if r["scopeURL"] == f"{web_server.url}/")

    async def push(recipient: str, assertion: str) -> None:
        payload = {
            "id": f"n-{assertion}",
            "kind": "BADGE_ISSUED",
            "recipient": recipient,
            "data": {"assertionId": assertion, "title": "Repair café host"},
        }
        await cdp.send(
            "ServiceWorker.deliverPushMessage",
            {
                "origin": web_server.url,
                "registrationId": registration["registrationId"],
                "data": json.dumps(payload),
            },
        )

    someone_else = "00000000-0000-4000-8000-000000000000"
    await push(someone_else, "11111111-1111-4111-8111-111111111111")
    await push(me, "22222222-2222-4222-8222-222222222222")
    shown = await _eventually(page, NOTIFICATIONS, bool)
    assert shown == [
        {
            "title": "You earned a badge",
            "body": "Repair café host",
            "url": "/badges/22222222-2222-4222-8222-222222222222",
        }
    ]


async def test_offline_the_app_shell_still_opens(page: Page) -> None:
    await page.goto("/discover")
    await page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    # The first visit installs the worker; the next load is the one it controls and caches.
    await page.reload()
    await page.wait_for_function("navigator.serviceWorker.controller !== null")
    await page.get_by_role("heading", level=1).wait_for()
    await page.context.set_offline(True)
    try:
        await page.reload()
        await page.get_by_role("heading", level=1, name="Discover opportunities").wait_for()
        await page.get_by_role("alert").filter(has_text="You are offline.").wait_for()
    finally:
        await page.context.set_offline(False)
