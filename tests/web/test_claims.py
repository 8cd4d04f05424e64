"""Getting recognised, in Chromium against the demo: self-asserting with links and files (a
file the server would refuse is refused before it is sent; the others upload with their
progress and open from the claim), and an endorsement asked for by e-mail, given by someone
who follows the mailed link, and shown on the learner's claim with its trust signals.

learner41 and learner42 self-assert, learner43 and learner44 ask for endorsements (one per
screen size); no other test changes them."""

from __future__ import annotations

import re
import uuid

import httpx
from playwright.async_api import Browser, FilePayload, Page, Request, Route, expect

from deploy.demo import EMAIL_DOMAIN, demo_id
from tests.factories import make_png
from tests.web.browser import (
    WebServer,
    assert_fits,
    assert_no_problems,
    check_accessibility,
    endorse_from_email,
    screenshot,
    sign_in_as,
    signed_out,
    watched,
)

MAX_BYTES = 5 * 1024 * 1024  # server/evidence_store.py, as the page is told
PNG = make_png(64, 48, b"a photo of the repaired bike")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
UNIVERSITY = demo_id("university", "portus-ganda")

DEMO_CLASS = re.compile(
    r"(Digital Literacy|Entrepreneurial Spirit|Global Citizenship|Research|Sustainability)"
    r" (Beginner|Intermediate|Expert) \(.+\)"
)


def learner(page: Page, mobile: int, desktop: int) -> str:
    size = page.viewport_size or {"width": 0}
    return f"learner{mobile if size['width'] < 600 else desktop}"


async def test_self_assertion_checks_files_before_sending_and_uploads_the_rest(
    page: Page,
) -> None:
    await sign_in_as(page, f"{learner(page, 41, 42)}@{EMAIL_DOMAIN}")
    sent: list[str] = []

    def on_request(request: Request) -> None:
        if request.method == "PUT" and "/evidence?" in request.url:
            sent.append(request.url)

    page.on("request", on_request)

    # From the wallet to the learner's claims, then to a new one.
    await page.goto("/wallet")
    await page.get_by_role("link", name="My claims, on their way to a badge").click()
    await expect(page.get_by_role("heading", level=1, name="My claims")).to_be_visible()
    await check_accessibility(page)
    await page.get_by_role("link", name="Self-assert something you learned").click()
    await expect(page).to_have_url(re.compile(r"/claims/new$"))
    await expect(page.get_by_role("heading", level=1)).to_have_text("Self-assert your learning")

    # The demo's university (other tests in the session may have added more); only classes
    # one may self-assert are offered.
    university = page.get_by_label("University community")
    await expect(university.locator(f'option[value="{UNIVERSITY}"]')).to_have_count(1)
    await university.select_option(UNIVERSITY)
    await expect(page.get_by_label("University community")).to_have_value(UNIVERSITY)
    badge = page.get_by_role("combobox", name="Badge", exact=True)
    await expect(badge).to_be_enabled()
    options = await badge.locator("option").all_text_contents()
    assert options[0] == "My own learning (no existing badge)"
    assert len(options) > 1, options
    assert not any("Ghent Community Builder" in o for o in options)  # issues itself
    # A demo class ("Sustainability Beginner (Bike Kitchen)"): other tests' classes, also on
    # offer, may ask for other endorsements.
    demo = next(i for i, o in enumerate(options) if DEMO_CLASS.fullmatch(o))
    await badge.select_option(index=demo)
    title = options[demo]
    await expect(page.get_by_role("textbox", name="Title", exact=True)).to_have_value(title)
    await expect(page.locator(".class-facts")).to_contain_text("This badge needs 2 endorsements")
    await page.get_by_label("What did you learn, and how?").fill(
        "I repaired twelve bikes at the Saturday café and taught two newcomers."
    )

    # Links: rows are added and removed.
    await page.get_by_role("button", name="Add a link").click()
    await page.get_by_label("Address of link 1").fill("https://portfolio.example/bikes")
    await page.get_by_label("What link 1 shows").fill("My repair log")
    await page.get_by_role("button", name="Add a link").click()
    await page.get_by_label("Address of link 2").fill("https://nothing.example")
    await page.get_by_role("button", name="Remove link 2").click()
    await expect(page.get_by_label("Address of link 2")).to_have_count(0)

    # Files: what the server would refuse is refused here, saying why; nothing is sent yet.
    await expect(page.get_by_text("PNG, JPEG, PDF, TXT; at most 5 MB each.")).to_be_visible()
    await page.get_by_label("Choose files").set_input_files(
        [
            FilePayload(name="huge.png", mimeType="image/png", buffer=PNG + bytes(MAX_BYTES)),
            FilePayload(name="animation.gif", mimeType="image/gif", buffer=b"GIF89a\x01\x00"),
            FilePayload(name="disguised.pdf", mimeType="application/pdf", buffer=PNG),
            FilePayload(name="bike.png", mimeType="image/png", buffer=PNG),
            FilePayload(name="report.pdf", mimeType="application/pdf", buffer=PDF),
        ]
    )
    files = page.locator(".file-item")
    await expect(files.filter(has_text="huge.png")).to_contain_text(
        "Not added: the file is larger than 5 MB."
    )
    await expect(files.filter(has_text="animation.gif")).to_contain_text(
        "Not added: only these kinds of file can be added: PNG, JPEG, PDF, TXT."
    )
    await expect(files.filter(has_text="disguised.pdf")).to_contain_text(
        "Not added: the file is not really a PDF file."
    )
    await expect(files.filter(has_text="bike.png")).to_contain_text("Ready")
    await expect(files.filter(has_text="report.pdf")).to_contain_text("Ready")
    await page.get_by_role("button", name="Remove huge.png").click()
    await expect(files.filter(has_text="huge.png")).to_have_count(0)
    assert sent == []
    await check_accessibility(page)
    await assert_fits(page)
    await screenshot(page, "self-assert")

    # The first try of the report meets a dropped connection: it says so, and is retried.
    dropped: list[str] = []

    async def drop_once(route: Route) -> None:
        if not dropped:
            dropped.append(route.request.url)
            await route.abort("connectionreset")
        else:
            await route.continue_()

    await page.route(re.compile(r"/evidence\?name=report\.pdf"), drop_once)
    await page.get_by_role("button", name="Save my claim").click()
    # A first self-assertion on a cold server plans many statements: slow is not missing.
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        "Your claim is saved", timeout=60_000
    )
    bike = files.filter(has_text="bike.png")
    await expect(bike.get_by_role("progressbar", name="Upload of bike.png")).to_have_attribute(
        "value", "100"
    )
    await expect(bike).to_contain_text("100 %")
    await expect(bike).to_contain_text("Uploaded.")
    report = files.filter(has_text="report.pdf")
    await expect(report.get_by_role("alert")).to_contain_text("Not sent: you seem to be offline.")
    some_failed = page.get_by_role("status").filter(has_text="Some files were not sent")
    await expect(some_failed).to_be_visible()
    await check_accessibility(page)
    await report.get_by_role("button", name="Try again report.pdf").click()
    await expect(report.get_by_role("progressbar")).to_have_attribute("value", "100")
    await expect(report).to_contain_text("Uploaded.")
    assert len(dropped) == 1
    names = sorted(re.search(r"name=([^&]+)", url).group(1) for url in sent)  # type: ignore[union-attr]
    assert names == ["bike.png", "report.pdf", "report.pdf"]  # the refused ones never left
    await screenshot(page, "self-assert-uploaded")

    # The claim shows its narrative, its links and both files, which download as sent.
    await page.get_by_role("link", name="Open your claim").click()
    await expect(page).to_have_url(re.compile(r"/claims/[0-9a-f-]{36}$"))
    await expect(page.get_by_role("heading", level=1)).to_have_text(title)
    await expect(page.locator(".claim-state")).to_contain_text("Collecting endorsements")
    await expect(page.locator(".tier-mark")).to_have_text("Self-asserted")
    evidence = page.locator(".evidence-list")
    await expect(evidence.get_by_role("link", name="My repair log")).to_have_attribute(
        "href", "https://portfolio.example/bikes"
    )
    for name, body in (("bike.png", PNG), ("report.pdf", PDF)):
        href = await evidence.get_by_role("link", name=name).get_attribute("href")
        assert href is not None
        assert href.startswith("/evidence/")
        download = await page.request.get(href)
        assert download.ok
        assert await download.body() == body
    await expect(page.get_by_text("This badge needs 2 endorsements")).to_be_visible()
    await check_accessibility(page)
    await assert_no_problems_but_the_dropped_upload(page)
    await assert_fits(page)
    await screenshot(page, "claim")

    # Shared publicly, then withdrawn: it says so and asks for nothing more.
    await page.get_by_role("radio", name="Public").check()
    await expect(page.get_by_role("status").filter(has_text="Saved: Public.")).to_be_visible()
    await page.get_by_role("button", name="Withdraw this claim…").click()
    await page.get_by_role("button", name="Yes, withdraw it").click()
    withdrawn = page.get_by_role("status").filter(has_text="Your claim is withdrawn.")
    await expect(withdrawn).to_be_visible()
    await expect(page.locator(".claim-state")).to_contain_text("Withdrawn")
    await expect(page.get_by_role("heading", name="Ask for an endorsement")).to_have_count(0)
    await expect(page.get_by_role("button", name="Withdraw this claim…")).to_have_count(0)


async def assert_no_problems_but_the_dropped_upload(page: Page) -> None:
    # The connection the test dropped is logged by Chromium as a failed resource load.
    seen = watched(page)
    seen.console_errors[:] = [m for m in seen.console_errors if "report.pdf" not in m]
    await assert_no_problems(page)


def self_assert(web_server: WebServer, person: str, title: str) -> str:
    """A claim of the learner's own learning, made through the API."""
    token = web_server.token_for(demo_id("person", person))
    answer = httpx.post(
        f"{web_server.url}/graphql",
        headers={"authorization": f"Bearer {token}"},
        json={
            "query": "mutation($i: SelfAssertInput!) { selfAssert(input: $i) { id } }",
            "variables": {
                "i": {
                    "title": title,
                    "narrative": "I guided six walks for newcomers through the city.",
                    "universityId": UNIVERSITY,
                    "domain": "GLOBAL_CITIZENSHIP",
                }
            },
        },
        timeout=30,
    )
    body = answer.json()
    assert "errors" not in body, body
    claim_id: str = body["data"]["selfAssert"]["id"]
    return claim_id


async def test_an_endorser_follows_the_mailed_link_and_the_learner_sees_the_endorsement(
    page: Page, browser: Browser, web_server: WebServer
) -> None:
    person = learner(page, 43, 44)
    claim = self_assert(web_server, person, "Guided city walks")
    mentor = f"mentor-{uuid.uuid4().hex[:12]}@mail.example"

    await sign_in_as(page, f"{person}@{EMAIL_DOMAIN}")
    await page.goto(f"/claims/{claim}")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Guided city walks")
    await expect(page.get_by_text("No endorsements yet.")).to_be_visible()
    await expect(page.get_by_text("You have not asked anyone yet.")).to_be_visible()
    await page.get_by_label("Their e-mail address").fill(mentor)
    await page.get_by_label("A message for them (optional)").fill("You walked with us in May.")
    await page.get_by_role("button", name="Ask for an endorsement").click()
    await expect(page.get_by_text(f"Asked {mentor} to endorse your claim.")).to_be_visible()
    link = page.get_by_label(re.compile("You can also send them this link yourself"))
    await expect(link).to_have_value(re.compile(r"/endorse/[\w-]{20,}$"))
    asked = page.locator(".requests li").filter(has_text=mentor)
    await expect(asked).to_contain_text("Waiting")
    await expect(asked).to_contain_text("Your message: You walked with us in May.")
    await check_accessibility(page)
    await assert_fits(page)
    await screenshot(page, "claim-request")

    # The mentor is not on Kring: they follow the mailed link, make an account, sign in
    # (which brings them back to the invitation) and endorse.
    async with signed_out(browser, web_server, page) as endorser:
        endorsed = await endorse_from_email(
            endorser,
            web_server,
            mentor,
            name="Mira Mentor",
            relationship="Peer",
            testimonial="Led every walk with patience; newcomers asked for more.",
            observed="Three walks around the Korenmarkt in May.",
        )
        assert endorsed == claim
        await expect(endorser.get_by_role("heading", name="Your endorsement")).to_be_visible()
        await check_accessibility(endorser)
        await assert_no_problems(endorser)
        await assert_fits(endorser)
        await screenshot(endorser, "endorse-done")

    await page.reload()
    item = page.locator(".endorsements article")
    await expect(item).to_have_count(1)
    await expect(item).to_contain_text("Mira Mentor, peer")
    await expect(item).to_contain_text("Led every walk with patience; newcomers asked for more.")
    await expect(item).to_contain_text("Observed: Three walks around the Korenmarkt in May.")
    signals = item.get_by_role("list", name="What Kring knows about this endorsement")
    await expect(signals).to_contain_text("Counts towards the badge")
    await expect(asked).to_contain_text("Endorsed")
    await check_accessibility(page)
    await assert_no_problems(page)
    await screenshot(page, "claim-endorsed")


async def test_the_endorse_page_asks_a_stranger_to_sign_in_and_refuses_a_bad_link(
    page: Page,
) -> None:
    await page.goto("/endorse/not-a-real-invitation")
    await expect(page.get_by_role("heading", level=1)).to_have_text("You are invited to endorse")
    await expect(page.get_by_role("link", name="Sign in to endorse")).to_have_attribute(
        "href", "/sign-in?next=%2Fendorse%2Fnot-a-real-invitation"
    )
    await check_accessibility(page)
    await assert_no_problems(page)
    await screenshot(page, "endorse-invited")

    await sign_in_as(page, f"learner45@{EMAIL_DOMAIN}")
    await page.goto("/endorse/not-a-real-invitation")
    await expect(page.get_by_role("alert")).to_have_text(
        "This invitation link is not valid. Check that you copied all of it."
    )
