"""The learner's account in Chromium against the demo: registering and confirming the address
by the e-mailed link, signing in, deleting the account; a forgotten password reset by the
e-mailed link; signing out everywhere (another browser is signed out too)."""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from pathlib import Path
from typing import Any

from playwright.async_api import Browser, Download, Page, expect

from deploy.demo import EMAIL_DOMAIN, demo_id
from tests.web.browser import (
    WebServer,
    assert_fits,
    assert_no_problems,
    check_accessibility,
    link_in,
    mail_to,
    register_verified,
    screenshot,
    sign_in_as,
    signed_out,
    watched,
)

PASSWORD = "a walk along the Leie"
LEARNER01 = f"learner01@{EMAIL_DOMAIN}"
BADGE = demo_id("assertion", "learner01:past")
RULES = re.compile(r"At least 10 characters \(at most 256\), and not your e-mail address")


def fresh_email(what: str) -> str:
    return f"{what}-{uuid.uuid4().hex[:12]}@learners.example"


async def emailed_link(web_server: WebServer, to: str, path: str) -> str:
    """The link to `path` (on the web app) in the newest mail to `to` that has one."""
    return link_in(await mail_to(web_server, to, containing=f"{path}?token="), path)


async def registered(web_server: WebServer, what: str) -> str:
    """A fresh local account with a confirmed address (PASSWORD)."""
    email = fresh_email(what)
    await register_verified(web_server, email, "Reset Tester", PASSWORD)
    return email


async def downloaded_json(download: Download) -> Any:
    path = Path(await download.path())
    return json.loads(await asyncio.to_thread(path.read_text, encoding="utf-8"))


async def check_page(page: Page, name: str) -> None:
    await check_accessibility(page)
    await assert_no_problems(page)
    await assert_fits(page)
    await screenshot(page, name)


def expected_refusals(page: Page, path: str) -> None:
    """Forgets the console's notes of refused requests to `path` that the test caused on
    purpose (Chromium logs every 4xx answer as an error); any other error still counts."""
    seen = watched(page)
    seen.console_errors[:] = [
        m for m in seen.console_errors if not ("status of 4" in m and f"{path})" in m)
    ]


async def sign_in(page: Page, email: str, password: str, *, refused: str | None = None) -> None:
    await page.get_by_label("E-mail address").fill(email)
    await page.get_by_label("Password", exact=True).fill(password)
    await page.get_by_role("main").get_by_role("button", name="Sign in", exact=True).click()
    if refused is not None:
        await expect(page.get_by_role("alert")).to_have_text(f"Signing in failed: {refused}")
        expected_refusals(page, "/auth/login")


async def test_a_new_account_from_registration_to_deletion(
    page: Page, web_server: WebServer
) -> None:
    email = fresh_email("new")
    await page.goto("/sign-in")
    await page.get_by_role("link", name="No account yet? Create one").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")
    await check_page(page, "register")

    # The server's rules are shown; a password breaking them is refused before it is sent.
    await page.get_by_label("Your name").fill("Noor Vermeulen")
    await page.get_by_label("E-mail address").fill(email)
    password = page.get_by_label("Password", exact=True)
    await expect(password).to_have_accessible_description(RULES)
    await password.fill("too short")
    await page.get_by_role("button", name="Create account").click()
    problem = "A password needs 10 to 256 characters; this one has 9."
    await expect(page.get_by_text(problem)).to_be_visible()
    await expect(password).to_be_focused()
    await expect(password).to_have_attribute("aria-invalid", "true")
    await password.fill(PASSWORD)
    await page.get_by_role("button", name="Create account").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    await expect(page.get_by_role("status")).to_contain_text(f"We sent a message to {email}.")
    await check_page(page, "register-check-email")

    # Not confirmed yet: signing in says so.
    await page.get_by_role("main").get_by_role("link", name="Already have an account").click()
    await sign_in(page, email, PASSWORD, refused="Confirm your e-mail address first.")

    # The e-mailed link opens the web app, which confirms the address, once.
    link = await emailed_link(web_server, email, "/verify-email")
    await page.goto(link)
    await expect(page.get_by_role("status")).to_have_text(
        "Your e-mail address is confirmed. You can sign in now."
    )
    await check_page(page, "verify-email")
    await page.reload()
    await expect(page.get_by_role("status")).to_contain_text(
        "This link has expired or was used already."
    )
    await expect(page.get_by_role("link", name="Register again")).to_be_visible()
    expected_refusals(page, "/auth/verify-email")

    await page.get_by_role("main").get_by_role("link", name="Sign in", exact=True).click()
    await sign_in(page, email, PASSWORD)
    await expect(page).to_have_url(re.compile(r"/discover"))
    await page.get_by_role("navigation", name="Main").get_by_role("link", name="Account").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("My account")
    await expect(page.get_by_text(f"Signed in as Noor Vermeulen ({email}).")).to_be_visible()

    # Deleting says what happens, and needs the account's own address typed.
    danger = page.get_by_role("region", name="Delete my account")
    await expect(danger).to_contain_text("Your issued badges are revoked and no longer linked")
    await expect(danger).to_contain_text("Endorsements you gave stay on badges already issued")
    confirm = page.get_by_label(f"To confirm, type your e-mail address ({email})")
    await confirm.fill("someone.else@learners.example")
    await page.get_by_role("button", name="Delete my account for good").click()
    await expect(
        page.get_by_text("That is not the e-mail address of this account.")
    ).to_be_visible()
    await expect(confirm).to_be_focused()
    await confirm.fill(email.upper())
    await page.get_by_role("button", name="Delete my account for good").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Your account is deleted")
    await expect(page.get_by_role("status")).to_contain_text("you are signed out")
    nav = page.get_by_role("navigation", name="Main")
    await expect(nav.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
    await expect(nav.get_by_role("link", name="Account")).to_have_count(0)
    await check_page(page, "account-deleted")

    # The account is gone: signing in with it fails like any wrong address.
    await page.goto("/sign-in")
    await sign_in(page, email, PASSWORD, refused="Wrong e-mail or password.")


async def test_a_forgotten_password_is_reset_by_the_emailed_link(
    page: Page, web_server: WebServer
) -> None:
    email = await registered(web_server, "reset")
    await page.goto("/sign-in")
    await page.get_by_role("link", name="Forgot your password?").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Forgot your password")
    await page.get_by_label("E-mail address").fill(email)
    await page.get_by_role("button", name="Send me a link").click()
    await expect(page.get_by_role("status")).to_have_text(
        f"If an account with a password uses {email}, a link is on its way to it. "
        "The link works for one hour."
    )
    await check_page(page, "forgot-password")

    link = await emailed_link(web_server, email, "/reset-password")
    await page.goto(link)
    await expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    await check_page(page, "reset-password")
    new_password = page.get_by_label("New password", exact=True)
    await expect(new_password).to_have_accessible_description(RULES)
    await new_password.fill("short")
    await page.get_by_role("button", name="Save the new password").click()
    await expect(page.get_by_text("this one has 5.")).to_be_visible()
    await new_password.fill("the new one, longer")
    await page.get_by_role("button", name="Save the new password").click()
    await expect(page.get_by_role("status")).to_contain_text("Your password is changed")

    await page.get_by_role("main").get_by_role("link", name="Sign in", exact=True).click()
    await sign_in(page, email, PASSWORD, refused="Wrong e-mail or password.")
    await sign_in(page, email, "the new one, longer")
    await expect(page).to_have_url(re.compile(r"/discover"))
    await expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Account")
    ).to_be_visible()

    # The link works once.
    await page.goto(link)
    await page.get_by_label("New password", exact=True).fill("yet another password")
    await page.get_by_role("button", name="Save the new password").click()
    await expect(page.get_by_role("status")).to_have_text(
        "This link has expired or was used already. Ask for a new one."
    )
    await expect(page.get_by_role("link", name="Ask for a new link")).to_have_attribute(
        "href", "/forgot-password"
    )


async def test_signing_out_everywhere_signs_out_the_other_browser_too(
    page: Page, browser: Browser, web_server: WebServer
) -> None:
    # A demo learner no other test signs in as, one per window size.
    size = page.viewport_size or {"width": 0}
    email = f"learner{35 if size['width'] < 600 else 36}@{EMAIL_DOMAIN}"
    await sign_in_as(page, email)
    async with signed_out(browser, web_server, page) as phone:
        await sign_in_as(phone, email)
        await phone.goto("/wallet")
        await expect(phone.get_by_role("heading", level=1)).to_have_text("My badges")
        await expect(phone.get_by_role("link", name="Sign in to see your badges")).to_have_count(0)

        await page.goto("/account")
        await expect(page.get_by_role("heading", level=1)).to_have_text("My account")
        await check_page(page, "account")
        await page.get_by_role("button", name="Sign out everywhere").click()
        await expect(page.get_by_role("status")).to_have_text(
            "You are signed out on all your devices."
        )
        await expect(
            page.get_by_role("link", name="Sign in to manage your account")
        ).to_be_visible()
        await assert_no_problems(page)

        # The other browser's session ended too: its access token is refused at once, and
        # the app shows it signed out.
        refused = await phone.request.get("/graphql", params={"query": "{ me { id } }"})
        assert refused.status == 401, await refused.text()
        await phone.reload()
        await expect(phone.get_by_role("link", name="Sign in to see your badges")).to_be_visible()
        await expect(
            phone.get_by_role("navigation", name="Main").get_by_role("link", name="Account")
        ).to_have_count(0)


async def test_export_downloads_my_data_and_my_badges_as_a_clr(
    page: Page, web_server: WebServer
) -> None:
    await sign_in_as(page, LEARNER01)
    await page.goto("/")
    await page.get_by_role("navigation", name="Main").get_by_role("link", name="Account").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("My account")

    async with page.expect_download() as downloading:
        await page.get_by_role("button", name="Download all my data (JSON)").click()
    download = await downloading.value
    assert re.fullmatch(
        r"kring-my-data-[a-z0-9-]+-\d{4}-\d\d-\d\d\.json", download.suggested_filename
    )
    data = await downloaded_json(download)
    assert data["person"]["email"] == LEARNER01
    assert BADGE in {a["id"] for a in data["assertions"]}
    await expect(page.get_by_role("status").filter(has_text="Downloaded")).to_have_text(
        f"Downloaded {download.suggested_filename}."
    )

    async with page.expect_download() as downloading:
        await page.get_by_role("button", name="Download my badges (CLR 2.0, JSON)").click()
    download = await downloading.value
    assert re.fullmatch(
        r"kring-badges-clr-[a-z0-9-]+-\d{4}-\d\d-\d\d\.json", download.suggested_filename
    )
    record = await downloaded_json(download)
    assert "ClrCredential" in record["type"]
    assert record["proof"]
    held = record["credentialSubject"]["verifiableCredential"]
    assert f"{web_server.url}/credentials/{BADGE}" in {c["id"] for c in held}
    await assert_no_problems(page)

    # The account leads to the public profile, which says whose it is.
    await page.get_by_role("link", name="Open my public profile").click()
    await expect(page).to_have_url(re.compile(f"/people/{demo_id('person', 'learner01')}$"))
    await expect(
        page.get_by_text("This is your public profile, as anyone sees it.")
    ).to_be_visible()


async def test_a_public_profile_shows_only_the_badges_made_public(
    page: Page, web_server: WebServer
) -> None:
    learner01 = demo_id("person", "learner01")
    token = web_server.token_for(learner01)
    # Public, as in the demo (whatever an earlier test left).
    shared = web_server.served.graphql(
        "mutation($c: ID!) { setClaimVisibility(claimId: $c, visibility: PUBLIC) { id } }",
        token,
        c=demo_id("claim", "learner01:past"),
    )
    assert "errors" not in shared.json(), shared.text
    name = web_server.served.graphql("{ me { name } }", token).json()["data"]["me"]["name"]

    # Signed out: the name and the public badge, which leads to its page.
    await page.goto(f"/people/{learner01}")
    await expect(page.get_by_role("heading", level=1)).to_have_text(name)
    await expect(page.get_by_role("status")).to_have_text(re.compile(r"^\d+ public badges?$"))
    badge = page.get_by_role("list").locator(f'a[href="/badges/{BADGE}"]')
    await expect(badge).to_have_count(1)
    await expect(badge).not_to_be_empty()
    await expect(page.locator(".profile-badges .tier-mark")).to_have_text("Community")
    await check_page(page, "profile")
    await badge.click()
    await expect(page).to_have_url(re.compile(f"/badges/{BADGE}$"))
    await expect(page.get_by_role("heading", level=1)).not_to_have_text(
        "This badge was not found, or it is not shared."
    )

    # learner08's only badge is private: the profile shows the name and nothing of it.
    await page.goto(f"/people/{demo_id('person', 'learner08')}")
    await expect(page.get_by_role("status")).to_contain_text("has not made any badges public yet")
    await expect(page.locator(".profile-badges li")).to_have_count(0)
    await expect(
        page.locator(f'a[href="/badges/{demo_id("assertion", "learner08:ai-cafe")}"]')
    ).to_have_count(0)
    await assert_no_problems(page)

    await page.goto("/people/0b6c8a5e-3a4f-4c1e-9a0d-2f6b7c8d9e01")
    await expect(page.get_by_role("heading", level=1)).to_have_text("This profile was not found.")
    await check_page(page, "profile-not-found")
