"""Notifications by e-mail, through a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import email
import email.policy
import ipaddress
import socket
import ssl
from collections.abc import AsyncIterator, Callable, Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from graph.core.database import Graph
from notifications.mail import SmtpSecurity
from notifications.worker import Round, Worker
from server.delivery import make_worker
from server.settings import Settings, SettingsError
from tests.factories import World, make_world
from tests.helpers import gql, run

INVITE_PERSON = (
    "mutation($c: ID!, $p: ID!) { requestEndorsement(claimId: $c, personId: $p) { id } }"
)
INVITE_EMAIL = (
    "mutation($c: ID!, $e: String!) { requestEndorsement(claimId: $c, email: $e) { link } }"
)


class Inbox:
    """What the SMTP server accepted, one parsed message per recipient."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        for _ in envelope.rcpt_tos:
            self.messages.append(
                email.message_from_bytes(envelope.content, policy=email.policy.default)
            )
        return "250 Message accepted for delivery"


def text(message: EmailMessage) -> str:
    body: str = message.get_content()
    return body


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclasses.dataclass
class Relay:
    """An SMTP server on loopback that can be down (not started) or up."""

    port: int
    inbox: Inbox
    tls: ssl.SSLContext | None = None
    controller: Controller | None = None

    def up(self) -> None:
        kwargs: dict[str, Any] = {}
        if self.tls is not None:
            kwargs = {"tls_context": self.tls, "require_starttls": True}
        self.controller = Controller(
            self.inbox, hostname="127.0.0.1", port=self.port, ready_timeout=10, **kwargs
        )
        self.controller.start()

    def down(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def relay() -> Iterator[Relay]:
    found = Relay(free_port(), Inbox())
    yield found
    found.down()


def mail_settings(settings: Settings, relay: Relay, **overrides: Any) -> Settings:
    """The shared settings with an SMTP relay and retries quick enough for a test."""
    values: dict[str, Any] = {
        "smtp_host": "127.0.0.1",
        "smtp_port": relay.port,
        "smtp_security": SmtpSecurity.NONE,
        "push_backoff_seconds": 0.05,
        "push_backoff_cap_seconds": 0.1,
        "push_max_attempts": 5,
    }
    values.update(overrides)
    return dataclasses.replace(settings, **values)


@dataclasses.dataclass(frozen=True)
class QuickWorker:
    worker: Worker

    async def round(self) -> Round:
        # Retries are due within 0.1 s; a round waits that long so they are.
        await asyncio.sleep(0.15)
        return await self.worker.run_once()


@pytest.fixture
async def mailer(
    clean_graph: Graph, settings: Settings, relay: Relay
) -> AsyncIterator[QuickWorker]:
    async with make_worker(clean_graph, mail_settings(settings, relay)) as worker:
        yield QuickWorker(worker)


async def email_deliveries(graph: Graph) -> list[dict[str, Any]]:
    return await run(
        graph,
        "MATCH (d:Delivery {channel: 'EMAIL'}) "
        "RETURN d.id AS id, d.state AS state, d.attempts AS attempts, d.lastError AS error, "
        "d.to AS to, d.link AS link ORDER BY d.createdAt",
    )


async def invite_teacher(
    client: httpx.AsyncClient, world: World, token_for: Callable[[str], str]
) -> None:
    body = await gql(
        client,
        INVITE_PERSON,
        {"c": world.open_claim, "p": world.people["teacher"]},
        token=token_for(world.people["owner"]),
    )
    assert "errors" not in body, body


async def test_an_invitation_is_emailed_once_and_retried_while_the_relay_is_down(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    token_for: Callable[[str], str],
    relay: Relay,
    mailer: QuickWorker,
) -> None:
    world = await make_world(clean_graph)
    await invite_teacher(client, world, token_for)
    queued = await email_deliveries(clean_graph)
    assert [d["state"] for d in queued] == ["PENDING"]

    await mailer.round()  # nothing listens yet
    [waiting] = await email_deliveries(clean_graph)
    assert (waiting["state"], waiting["attempts"]) == ("PENDING", 1)
    assert "Connection" in waiting["error"] or "refused" in waiting["error"]
    assert relay.inbox.messages == []

    relay.up()
    await mailer.round()
    [sent] = await email_deliveries(clean_graph)
    assert (sent["state"], sent["attempts"]) == ("DELIVERED", 2)
    for _ in range(2):
        await mailer.round()
    [message] = relay.inbox.messages
    assert message["To"] == "teacher@world.example"
    assert "Ran a repair cafe" in message["Subject"]
    assert message["Message-ID"] == f"<{sent['id']}@kring>"
    body = text(message)
    assert f"http://testserver/claims/{world.open_claim}" in body
    assert "onderschrijven" in body  # and in Dutch


async def test_someone_not_on_kring_gets_the_link_by_email_and_it_is_not_kept(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    token_for: Callable[[str], str],
    relay: Relay,
    mailer: QuickWorker,
) -> None:
    world = await make_world(clean_graph)
    relay.up()
    body = await gql(
        client,
        INVITE_EMAIL,
        {"c": world.open_claim, "e": "neighbour@outside.example"},
        token=token_for(world.people["owner"]),
    )
    link = body["data"]["requestEndorsement"]["link"]
    await mailer.round()
    [message] = relay.inbox.messages
    assert message["To"] == "neighbour@outside.example"
    assert link in text(message)
    [sent] = await email_deliveries(clean_graph)
    # Once out, neither the address nor the secret link stays in the graph.
    assert (sent["state"], sent["to"], sent["link"]) == ("DELIVERED", None, None)


async def test_email_follows_each_persons_preferences(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    token_for: Callable[[str], str],
    relay: Relay,
    mailer: QuickWorker,
) -> None:
    world = await make_world(clean_graph)
    teacher = token_for(world.people["teacher"])
    prefs = await gql(
        client,
        "{ notificationPreferences { kind email } }",
        token=teacher,
    )
    email_on = {p["kind"]: p["email"] for p in prefs["data"]["notificationPreferences"]}
    # Requests to act are e-mailed by default; news that can wait is not.
    assert email_on["ENDORSEMENT_REQUESTED"] is True
    assert email_on["CLAIM_AWAITING_REVIEW"] is True
    assert email_on["OPPORTUNITY_NEARBY"] is False
    changed = await gql(
        client,
        "mutation { updateNotificationPreferences(preferences: "
        "[{kind: ENDORSEMENT_REQUESTED, email: false}, {kind: ENDORSEMENT_RECEIVED, "
        "email: true}]) { kind email inApp } }",
        token=teacher,
    )
    assert "errors" not in changed, changed
    await invite_teacher(client, world, token_for)
    assert await email_deliveries(clean_graph) == []
    # Still in the app: e-mail was the only channel turned off.
    inbox = await gql(
        client, "{ notifications(first: 5) { edges { node { kind } } } }", token=teacher
    )
    assert [e["node"]["kind"] for e in inbox["data"]["notifications"]["edges"]] == [
        "ENDORSEMENT_REQUESTED"
    ]


async def test_two_workers_send_each_email_exactly_once(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    settings: Settings,
    token_for: Callable[[str], str],
    relay: Relay,
) -> None:
    world = await make_world(clean_graph)
    relay.up()
    owner = token_for(world.people["owner"])
    for n in range(12):
        await gql(
            client,
            INVITE_EMAIL,
            {"c": world.open_claim, "e": f"friend{n}@outside.example"},
            token=owner,
        )
    configured = mail_settings(settings, relay)
    async with (
        make_worker(clean_graph, configured) as one,
        make_worker(clean_graph, configured) as two,
    ):
        for _ in range(4):
            await asyncio.gather(one.run_once(), two.run_once())
    ids = sorted(m["Message-ID"] for m in relay.inbox.messages)
    assert len(ids) == 12
    assert len(set(ids)) == 12
    assert sorted(m["To"] for m in relay.inbox.messages) == sorted(
        f"friend{n}@outside.example" for n in range(12)
    )


def _certificate(directory: Path) -> tuple[ssl.SSLContext, Path]:
    """A server context for 127.0.0.1 and the self-made CA file that vouches for it."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Kring test relay")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "relay.pem", directory / "relay.key"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    return context, cert_file


async def test_starttls_checks_the_relays_certificate(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    settings: Settings,
    token_for: Callable[[str], str],
    relay: Relay,
    tmp_path: Path,
) -> None:
    world = await make_world(clean_graph)
    relay.tls, ca_file = _certificate(tmp_path)
    relay.up()
    await invite_teacher(client, world, token_for)
    # A certificate nobody vouches for: nothing is sent, the delivery waits to be retried.
    untrusted = mail_settings(settings, relay, smtp_security=SmtpSecurity.STARTTLS)
    async with make_worker(clean_graph, untrusted) as worker:
        await worker.run_once()
    [waiting] = await email_deliveries(clean_graph)
    assert waiting["state"] == "PENDING"
    assert "CERTIFICATE_VERIFY_FAILED" in waiting["error"]
    assert relay.inbox.messages == []
    trusted = dataclasses.replace(untrusted, smtp_ca_file=ca_file)
    async with make_worker(clean_graph, trusted) as worker:
        await asyncio.sleep(0.15)
        await worker.run_once()
    assert [m["To"] for m in relay.inbox.messages] == ["teacher@world.example"]


def test_mail_in_clear_text_only_to_this_machine() -> None:
    with pytest.raises(SettingsError, match="KRING_SMTP_SECURITY=none"):
        Settings.from_env({"KRING_SMTP_HOST": "mail.example", "KRING_SMTP_SECURITY": "none"})
    local = Settings.from_env({"KRING_SMTP_HOST": "127.0.0.1", "KRING_SMTP_SECURITY": "none"})
    assert local.smtp_security is SmtpSecurity.NONE


ADD_MEMBER = (
    "mutation($o: ID!, $e: String!, $r: Role!) { addOrganisationMember(organisationId: $o, "
    "email: $e, role: $r) { personId invited } }"
)


async def test_a_new_member_is_told_and_someone_not_on_kring_is_asked_to_join(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    token_for: Callable[[str], str],
    relay: Relay,
    mailer: QuickWorker,
) -> None:
    world = await make_world(clean_graph)
    admin = token_for(world.people["org_admin"])
    relay.up()
    for address in ("newcomer@outside.example", "teacher@world.example"):
        for _ in range(2):  # adding the same role again tells nobody twice
            added = await gql(
                client,
                ADD_MEMBER,
                {"o": world.organisation, "e": address, "r": "SUPERVISOR"},
                token=admin,
            )
            assert "errors" not in added, added
    for _ in range(2):
        await mailer.round()
    letters = {str(m["To"]): m for m in relay.inbox.messages}
    assert sorted(letters) == ["newcomer@outside.example", "teacher@world.example"]
    assert len(relay.inbox.messages) == 2

    newcomer = letters["newcomer@outside.example"]
    assert newcomer["Subject"] == (
        "Kring: You were added to “Buurtwerk Test” on Kring as a supervisor."
    )
    body = text(newcomer)
    assert "Create your account with this e-mail address" in body
    assert "http://testserver/register" in body.splitlines()
    assert "als begeleider" in body  # and in Dutch

    known = text(letters["teacher@world.example"])
    assert f"http://testserver/organisations/{world.organisation}" in known.splitlines()
    assert "Create your account" not in known
    inbox = await gql(
        client,
        "{ notifications(first: 5) { edges { node { kind data } } } }",
        token=token_for(world.people["teacher"]),
    )
    [told] = [e["node"] for e in inbox["data"]["notifications"]["edges"]]
    assert told["kind"] == "MEMBER_ADDED"


async def test_members_added_a_day_are_bounded(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    admin = token_for(world.people["org_admin"])
    await run(
        clean_graph,
        "MATCH (o:Organisation {id: $o}) UNWIND range(1, 49) AS i "
        "CREATE (:Person {id: randomUUID(), email: 'p' + i + '@x.example'})"
        "-[:MEMBER_OF {role: 'SUPERVISOR', since: datetime()}]->(o)",
        o=world.organisation,
    )
    fiftieth = await gql(
        client,
        ADD_MEMBER,
        {"o": world.organisation, "e": "fifty@x.example", "r": "SUPERVISOR"},
        token=admin,
    )
    assert "errors" not in fiftieth, fiftieth
    refused = await gql(
        client,
        ADD_MEMBER,
        {"o": world.organisation, "e": "more@x.example", "r": "SUPERVISOR"},
        token=admin,
    )
    assert refused["errors"][0]["extensions"]["code"] == "CONFLICT"
    assert "At most 50 members" in refused["errors"][0]["message"]
    stored = await run(clean_graph, "MATCH (p:Person {email: 'more@x.example'}) RETURN p")
    assert stored == []
