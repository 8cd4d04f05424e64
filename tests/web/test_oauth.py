"""Connecting an app in Chromium against the demo: a wallet registers itself, the learner
reads what it asks for on the consent screen (in words), allows it and is sent back with a
code, then finds it among their connected apps and disconnects it."""

from __future__ import annotations

import base64
import hashlib
import secrets
import uuid
from urllib.parse import parse_qs, urlencode, urlsplit

from playwright.async_api import Page, Route, expect

from auth.oauth import CREDENTIAL_READ, PROFILE_READ
from deploy.demo import EMAIL_DOMAIN
from tests.web.browser import (
    WebServer,
    assert_fits,
    assert_no_problems,
    check_accessibility,
    screenshot,
    sign_in_as,
)

CALLBACK = "http://localhost:8765/callback"


async def test_consent_screen_and_connected_apps(page: Page, web_server: WebServer) -> None:
    name = f"Pocket Wallet {uuid.uuid4().hex[:6]}"
    registered = await page.request.post(
        "/oauth/register",
        data={
            "client_name": name,
            "redirect_uris": [CALLBACK],
            "grant_types": ["authorization_code", "refresh_token"],
            "scope": f"{CREDENTIAL_READ} {PROFILE_READ}",
            "token_endpoint_auth_method": "none",
        },
    )
    assert registered.status == 201, await registered.text()
    client_id = (await registered.json())["client_id"]
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    query = urlencode(
        {
            "response_type": "code",
            "client_id": client_id,
            "redirect_uri": CALLBACK,
            "scope": f"{CREDENTIAL_READ} {PROFILE_READ}",
            "state": "s1",
            "code_challenge": challenge.rstrip(b"=").decode(),
            "code_challenge_method": "S256",
        }
    )

    async def wallet_page(route: Route) -> None:
        await route.fulfill(status=200, content_type="text/html", body="<p>wallet</p>")

    await page.route("http://localhost:8765/**", wallet_page)
    await sign_in_as(page, f"learner08@{EMAIL_DOMAIN}")
    await page.goto(f"/oauth/authorize?{query}")
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        "Connect an app to your Kring record"
    )
    await expect(page.get_by_text(f"{name} asks for access to your Kring record.")).to_be_visible()
    await expect(page.get_by_text("Your answer is sent to localhost:8765.")).to_be_visible()
    scopes = page.get_by_role("list", name="It may then:")
    await expect(scopes.get_by_role("listitem")).to_have_text(
        [
            "read your badges and the credentials in your record",
            "read your name and e-mail address",
        ]
    )
    await check_accessibility(page)
    await assert_fits(page)
    await screenshot(page, "oauth-consent")
    await assert_no_problems(page)

    await page.get_by_role("button", name="Allow").click()
    await page.wait_for_url(f"{CALLBACK}?**")
    sent_back = parse_qs(urlsplit(page.url).query)
    assert sent_back["state"] == ["s1"]
    assert sent_back["code"][0]

    await page.goto("/account")
    await page.get_by_role("link", name="Connected apps").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Connected apps")
    app = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=name))
    await expect(app).to_contain_text("localhost:8765")
    await expect(app).to_contain_text("read your name and e-mail address")
    await check_accessibility(page)
    await assert_fits(page)
    await screenshot(page, "oauth-connected-apps")
    await app.get_by_role("button", name=f"Disconnect {name}").click()
    await expect(page.get_by_role("status")).to_have_text(f"{name} is disconnected.")
    await expect(page.get_by_role("heading", name=name)).to_have_count(0)
    await assert_no_problems(page)
