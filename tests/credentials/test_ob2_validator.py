"""IMS's own Open Badges 2.0 validator accepts Kring's hosted badges, run fully offline.

The validator is `openbadges` on PyPI (IMS Global's openbadges-validator-core, the code behind
the IMS web validator). Every release pins PyLD==0.7.1, which Kring's pyld>=2 excludes, so it
cannot share Kring's venv: it gets a venv of its own under .kring/cache/, made from PyPI the
first time these tests run. Its 2018 pins of python-jose, pytz and pycryptodome no longer
import on Python 3.11 (collections.Mapping, 2to3-only sources), so exactly those three are
raised to releases that do; everything else is installed as the release pins it.

It runs in a subprocess against a real Kring on a free loopback port: each Kring URL is
fetched over HTTP from that server, each JSON-LD context from badges/contexts/, and any other
address is refused (and reported, which fails the test).
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import json
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from badges.jsonld import CONTEXT_FILES
from deploy.local_neo4j import free_port
from graph.core.database import Graph, Neo4jTarget
from server.app import create_app
from server.settings import REPO_ROOT, Settings
from tests.credential_world import rich_world
from tests.factories import World
from tests.helpers import gql, repo_path, run

VALIDATOR = "openbadges==1.1.2"
# openbadges 1.1.2's own requirements, installed beside it with --no-deps on it alone.
VALIDATOR_DEPENDENCIES = (
    "aniso8601==10.0.1",
    "click==6.7",
    "future==0.16.0",
    "jsonschema==2.6.0",
    "language-tags==0.4.3",
    "openbadges-bakery==1.2.4",
    "pycryptodome==3.24.1",  # pins 3.6.6, whose sources need 2to3 at build time
    "pydux==0.2.2",
    "PyLD==0.7.1",
    "python-jose==3.5.0",  # pins 3.0.1: `from collections import Mapping` fails on 3.10+
    "python-mimeparse==1.6.0",
    "pytz==2025.2",  # pins 2017.2: the same collections import
    "requests>=2.13,<3",
    "requests-cache==0.4.13",
    "rfc3986==0.4.1",
    "validators==0.11.2",
)
_PINS = hashlib.sha256("\n".join((VALIDATOR, *VALIDATOR_DEPENDENCIES)).encode()).hexdigest()
VALIDATOR_ENV = REPO_ROOT / ".kring" / "cache" / f"ob2-validator-{_PINS[:12]}"

# Runs inside the validator's venv: argv[1] is a JSON object with the assertion's "url", the
# Kring "origin" it may fetch from, the "contexts" it reads from files, and a "recipient".
DRIVER = r"""
import json
import socket
import sys

import requests
import requests.adapters
import requests.models
import requests.sessions

config = json.loads(sys.argv[1])
origin = config["origin"]
contexts = config["contexts"]
fetched = []
refused = []
LOOPBACK = ("127.0.0.1", "::1")


class OfflineAdapter(requests.adapters.HTTPAdapter):
    # Contexts from the files Kring bundles, Kring itself over HTTP, nothing else.
    def send(self, request, **kwargs):
        url = request.url
        if url in contexts:
            fetched.append(url)
            response = requests.models.Response()
            response.status_code = 200
            response.url = url
            response.request = request
            response.headers["Content-Type"] = "application/ld+json"
            with open(contexts[url], "rb") as file:
                response._content = file.read()
            response.encoding = "utf-8"
            return response
        if url.startswith(origin + "/"):
            fetched.append(url)
            return super().send(request, **kwargs)
        refused.append(url)
        raise requests.ConnectionError("offline: the validator may not fetch " + url)


# Every requests.Session (and requests_cache's) mounts this adapter from now on.
requests.sessions.HTTPAdapter = OfflineAdapter
requests.adapters.HTTPAdapter = OfflineAdapter

# A second fence below requests: no connection or name lookup leaves the loopback.
_getaddrinfo = socket.getaddrinfo
_connect = socket.socket.connect


def getaddrinfo(host, *args, **kwargs):
    if host not in LOOPBACK:
        refused.append("dns:" + str(host))
        raise OSError("offline: no name lookup for " + str(host))
    return _getaddrinfo(host, *args, **kwargs)


def connect(self, address):
    if isinstance(address, tuple) and address[0] not in LOOPBACK:
        refused.append("connect:" + str(address[0]))
        raise OSError("offline: no connection to " + str(address[0]))
    return _connect(self, address)


socket.getaddrinfo = getaddrinfo
socket.socket.connect = connect

from pyld import jsonld  # noqa: E402
from openbadges import verify  # noqa: E402
from openbadges.verifier.utils import CachableDocumentLoader  # noqa: E402

# PyLD's own default loader uses urllib: send it through the same adapter.
jsonld.set_document_loader(CachableDocumentLoader(use_cache=False))

result = verify(config["url"], recipient_profile=config["recipient"])
print(json.dumps(
    {"report": result["report"], "graph": result["graph"], "fetched": fetched,
     "refused": refused},
    default=str,
))
"""


def _pip(python: Path, *args: str) -> None:
    completed = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *args],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if completed.returncode != 0:
        pytest.fail(
            f"Could not install the IMS validator ({' '.join(args)}):\n"
            f"{completed.stdout}\n{completed.stderr}",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def validator_python() -> Path:
    """The validator's own venv (made once from PyPI), by its interpreter; fails if it can't."""
    python = VALIDATOR_ENV / "bin" / "python"
    done = VALIDATOR_ENV / ".complete"
    if not done.exists():
        shutil.rmtree(VALIDATOR_ENV, ignore_errors=True)
        VALIDATOR_ENV.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "venv", str(VALIDATOR_ENV)], check=True, timeout=300)
        _pip(python, "--no-deps", VALIDATOR)
        _pip(python, *VALIDATOR_DEPENDENCIES)
        done.write_text(VALIDATOR + "\n" + "\n".join(VALIDATOR_DEPENDENCIES) + "\n")
    return python


@dataclasses.dataclass(frozen=True)
class Kring:
    """A real Kring, served by uvicorn on a loopback port, whose URLs say that port."""

    origin: str


@pytest.fixture(scope="module")
def kring(settings: Settings, neo4j_target: Neo4jTarget, graph: Graph) -> Iterator[Kring]:
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    app = create_app(dataclasses.replace(settings, public_url=origin, port=port), neo4j_target)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("Kring did not start for the validator tests.", pytrace=False)
        time.sleep(0.05)
    yield Kring(origin)
    server.should_exit = True
    thread.join(timeout=10)


async def ims_validate(python: Path, kring: Kring, url: str, email: str) -> dict[str, Any]:
    """The validator's verify() of a hosted assertion: report, graph, URLs fetched, refused."""
    config = {
        "url": url,
        "origin": kring.origin,
        "contexts": {u: str(repo_path("badges", "contexts", f)) for u, f in CONTEXT_FILES.items()},
        "recipient": {"email": email},
    }
    process = await asyncio.create_subprocess_exec(
        str(python),
        "-c",
        DRIVER,
        json.dumps(config),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=180)
    lines = stdout.decode().strip().splitlines()
    failed = f"The IMS validator failed to run (exit {process.returncode}):\n{stderr.decode()}"
    assert process.returncode == 0, failed
    assert lines, failed
    verdict: dict[str, Any] = json.loads(lines[-1])
    assert verdict["refused"] == [], f"The validator reached outside Kring: {verdict['refused']}"
    return verdict


async def _endorse_twice(graph: Graph, world: World) -> None:
    """Two endorsements on the world's badge: the teacher's, and one whose endorser left."""
    await run(
        graph,
        "MATCH (a:Assertion {id: $a}), (t:Person {id: $t}) "
        "CREATE (t)-[:ENDORSED]->(e:Endorsement {id: randomUUID(), relationship: 'TEACHER', "
        "testimonial: 'Careful and kind', observed: 'Three repairs', status: 'ACTIVE', "
        "createdAt: datetime()}) CREATE (a)-[:CARRIES]->(e) "
        "CREATE (a)-[:CARRIES]->(:Endorsement {id: randomUUID(), relationship: 'PEER', "
        "testimonial: 'Fixed my kettle', status: 'ACTIVE', endorserName: 'A former member', "
        "createdAt: datetime() + duration('PT1S')})",
        a=world.assertion,
        t=world.people["teacher"],
    )
    await run(graph, "MATCH (a:Assertion {id: $a}) SET a.visibility = 'PUBLIC'", a=world.assertion)


def _errors(verdict: dict[str, Any]) -> list[str]:
    return [
        f"{m.get('name')}: {m.get('result')}"
        for m in verdict["report"]["messages"]
        if m["messageLevel"] == "ERROR"
    ]


async def test_the_ims_validator_accepts_a_public_assertion_with_endorsements(
    kring: Kring, clean_graph: Graph, validator_python: Path
) -> None:
    world = await rich_world(clean_graph)
    await _endorse_twice(clean_graph, world)
    url = f"{kring.origin}/ob2/assertions/{world.assertion}"

    verdict = await ims_validate(validator_python, kring, url, "owner@world.example")

    report = verdict["report"]
    assert _errors(verdict) == [], report["messages"]
    assert report["errorCount"] == 0
    assert report["valid"] is True
    assert report["openBadgesVersion"] == "2.0"
    assert report["recipientProfile"] == {"email": "owner@world.example"}
    for message in report["messages"]:  # only warnings are left: show them when run with -s
        print("IMS validator:", message["messageLevel"], message.get("result"))
    # It followed every link: both endorsements and both endorsers' profiles, from Kring.
    fetched = set(verdict["fetched"])
    async with httpx.AsyncClient() as http:
        assertion = (await http.get(url)).json()
        endorsements = [(await http.get(e)).json() for e in assertion["endorsement"]]
    endorsers = {e["issuer"] for e in endorsements}
    assert endorsers == {
        f"{kring.origin}/ob2/people/{world.people['teacher']}",
        f"{kring.origin}/ob2/platform",
    }
    assert {url, *assertion["endorsement"], *endorsers} <= fetched
    assert "https://w3id.org/openbadges/v2" in fetched  # from badges/contexts/ob-v2p0.json
    validated = {node["id"] for node in verdict["graph"]}
    assert {*assertion["endorsement"], *endorsers} <= validated


async def test_every_profile_kring_serves_has_a_url_that_answers(
    kring: Kring, clean_graph: Graph
) -> None:
    """Issuer and endorsers each have the url the IMS validator requires; Kring's own answer.

    (The validator lists `email` as required too but never checks it: EMAIL is missing from
    its ValueTypes.PRIMITIVES. Kring publishes no endorser's address.)
    """
    world = await rich_world(clean_graph)
    await _endorse_twice(clean_graph, world)
    async with httpx.AsyncClient(headers={"accept": "application/ld+json"}) as http:
        assertion = (await http.get(f"{kring.origin}/ob2/assertions/{world.assertion}")).json()
        badge = (await http.get(assertion["badge"])).json()
        profiles = [badge["issuer"]]
        for endorsement in assertion["endorsement"]:
            profiles.append((await http.get(endorsement)).json()["issuer"])
        assert len(profiles) == 3
        for profile_url in profiles:
            response = await http.get(profile_url)
            assert response.status_code == 200, profile_url
            profile = response.json()
            assert profile["type"] in ("Issuer", "Profile")
            assert profile["name"]
            if profile["url"].startswith(kring.origin):  # an outside website is not ours to test
                assert (await http.get(profile["url"])).status_code == 200, profile


async def test_the_ims_validator_rejects_a_revoked_assertion(
    kring: Kring,
    client: httpx.AsyncClient,
    clean_graph: Graph,
    validator_python: Path,
    token_for: Callable[[str], str],
) -> None:
    """The same harness does say no: a revoked badge is not valid, for the validator too."""
    world = await rich_world(clean_graph)
    await _endorse_twice(clean_graph, world)
    revoked = await gql(
        client,
        'mutation($id: ID!) { revokeAssertion(id: $id, reason: "Plagiarised") { status } }',
        {"id": world.assertion},
        token=token_for(world.people["org_admin"]),
    )
    assert "errors" not in revoked, revoked
    url = f"{kring.origin}/ob2/assertions/{world.assertion}"
    verdict = await ims_validate(validator_python, kring, url, "owner@world.example")
    assert verdict["report"]["valid"] is False
    # It has no words for hosted revocation: the 410 stub is simply no badge to it.
    assert any("Required property recipient not present" in e for e in _errors(verdict)), _errors(
        verdict
    )
