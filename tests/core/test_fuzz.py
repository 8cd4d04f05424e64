"""Fuzzing the GraphQL API: every query and mutation, anonymous and as a signed-in learner.

A real `kring serve` (a subprocess on a free loopback port, development mode so the schema
can be introspected) serves the Ghent demo; schemathesis generates each operation from the
schema (hypothesis-graphql underneath, with demo ids and e-mail addresses mixed into the
generated values so that queries reach real data) and every answer is held to the API's
contract (README, "The API's contract"): no 5xx, always JSON, and every error with one of
the documented `extensions.code`s, never INTERNAL_SERVER_ERROR. Schemathesis's negative mode
adds operations the schema must refuse (wrong types, missing arguments). All failures are
collected and reported together, each with its request and the server's log of it.

The run is reproducible: a fixed hypothesis seed (KRING_FUZZ_SEED) and no example database.
KRING_FUZZ_EXAMPLES sets the examples per operation and role (`make fuzz` raises it).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import graphql
import httpx
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis.config import SchemathesisConfig
from schemathesis.core.result import Err
from schemathesis.generation import GenerationMode
from schemathesis.graphql import nodes
from schemathesis.specs.graphql.scalars import CUSTOM_SCALARS

from auth.token_keys import TokenKeys
from auth.tokens import TokenSettings, issue_access_token
from deploy.demo import demo_id, seed_demo
from graph.core.database import Graph, Neo4jTarget
from server.settings import REPO_ROOT
from tests.processes import environ

EXAMPLES = int(os.environ.get("KRING_FUZZ_EXAMPLES", "16"))
SEED = int(os.environ.get("KRING_FUZZ_SEED", "20251124"))
LEARNER = demo_id("person", "learner01")
AUDIENCE = "kring-api"
REQUEST_TIMEOUT = 60.0
START_TIMEOUT = 180.0

# README, "The API's contract". INTERNAL_SERVER_ERROR is documented too, but it is a bug.
STABLE_CODES = frozenset(
    {
        "BAD_USER_INPUT",
        "UNAUTHENTICATED",
        "FORBIDDEN",
        "NOT_FOUND",
        "CONFLICT",
        "PREREQUISITES_NOT_MET",
        "FIELD_FROZEN",
        "VERIFICATION_TOO_COMPLEX",
        "QUERY_TOO_COMPLEX",
        "GRAPHQL_PARSE_FAILED",
        "GRAPHQL_VALIDATION_FAILED",
        "BAD_REQUEST",
        "PAYLOAD_TOO_LARGE",
        "SERVICE_UNAVAILABLE",
        "PERSISTED_QUERY_NOT_FOUND",
        "PERSISTED_QUERY_NOT_IN_LIST",
    }
)
# Run last: an example that guesses the learner's address erases the learner.
LAST = ("Mutation.deleteMyAccount",)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def _wipe(tx: Any) -> None:
    await (await tx.run("MATCH (n) WHERE NOT n:Migration DETACH DELETE n")).consume()


async def _demo_values(tx: Any) -> dict[str, list[str]]:
    ids = await tx.run("MATCH (n) WHERE n.id IS NOT NULL RETURN DISTINCT n.id AS v ORDER BY v")
    id_values = [r["v"] async for r in ids if isinstance(r["v"], str)]
    strings = await tx.run(
        "MATCH (n) UNWIND [n.email, n.slug] AS v WITH v WHERE v IS NOT NULL "
        "RETURN DISTINCT v ORDER BY v"
    )
    string_values = [r["v"] async for r in strings if isinstance(r["v"], str)]
    return {"ids": id_values, "strings": string_values}


@dataclass(frozen=True)
class Demo:
    ids: list[str]
    strings: list[str]


@pytest.fixture(scope="module")
async def demo(graph: Graph) -> AsyncIterator[Demo]:
    """The Ghent demo alone in the graph (so a run is reproducible); emptied afterwards."""
    await graph.write(_wipe)
    await seed_demo(graph)
    values = await graph.read(_demo_values)
    assert LEARNER in values["ids"]
    yield Demo(values["ids"], values["strings"])
    await graph.write(_wipe)


@dataclass(frozen=True)
class Server:
    url: str
    issuer: str
    key_dir: Path
    log: Path


@pytest.fixture(scope="module")
def server(
    demo: Demo, neo4j_target: Neo4jTarget, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """`kring serve` on a free loopback port against the session's Neo4j."""
    data_dir = tmp_path_factory.mktemp("fuzz-data")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = data_dir / "server.log"
    env = environ(
        KRING_ENV="development",
        KRING_HOST="127.0.0.1",
        KRING_PORT=str(port),
        KRING_DATA_DIR=str(data_dir),
        KRING_PUSH_WORKER="off",
        NEO4J_URI=neo4j_target.uri,
        NEO4J_USER=neo4j_target.user,
        NEO4J_PASSWORD=neo4j_target.password,
        NEO4J_DATABASE=neo4j_target.database,
    )
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "server.cli", "serve"],
            env=env,
            cwd=REPO_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_ready(process, url, log_path)
        yield Server(url=url, issuer=url, key_dir=data_dir / "keys", log=log_path)
    finally:
        _stop(process)


def _wait_ready(process: subprocess.Popen[bytes], url: str, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"kring serve exited with {process.returncode} before it was ready:\n"
                + log_path.read_text()[-4000:],
                pytrace=False,
            )
        try:
            if httpx.get(f"{url}/readyz", timeout=3).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    pytest.fail(
        f"kring serve was not ready within {START_TIMEOUT:.0f} s:\n" + log_path.read_text()[-4000:],
        pytrace=False,
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            # Its own process group (start_new_session): the server and its verify workers.
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _learner_token(server: Server) -> str:
    key = TokenKeys(server.key_dir).signing_key()
    token_settings = TokenSettings(server.issuer, AUDIENCE, 3600)
    return issue_access_token(key, token_settings, LEARNER)


# --- generation -----------------------------------------------------------------------

# hypothesis-graphql's own alphabet for String and ID (see hypothesis_graphql's strategy).
_TEXT = st.text(
    alphabet=st.characters(
        codec="utf-8", min_codepoint=0, max_codepoint=0xFFFF, exclude_categories=["Cs"]
    )
)
_NAMES = st.from_regex(r"\A[_A-Za-z][_0-9A-Za-z]{0,15}\Z")


def _json_node(value: Any) -> graphql.ValueNode:
    if value is None:
        return graphql.NullValueNode()
    if isinstance(value, bool):
        return nodes.Boolean(value)
    if isinstance(value, int):
        return nodes.Int(value)
    if isinstance(value, float):
        return nodes.Float(value)
    if isinstance(value, str):
        return nodes.String(value)
    if isinstance(value, list):
        return nodes.List([_json_node(v) for v in value])
    return nodes.Object(
        [
            graphql.ObjectFieldNode(name=graphql.NameNode(value=k), value=_json_node(v))
            for k, v in value.items()
        ]
    )


_JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    # A credential's shape, so verification gets past "not an object" now and then.
    | _TEXT
    | st.sampled_from(["VerifiableCredential", "OpenBadgeCredential", "Assertion", "hosted"]),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            _NAMES | st.sampled_from(["type", "id", "issuer", "proof", "badge", "recipient"]),
            children,
            max_size=4,
        )
    ),
    max_leaves=12,
)


def _scalars(demo: Demo) -> dict[str, st.SearchStrategy[graphql.ValueNode]]:
    """Strategies for Kring's JSON scalar, and ids and strings that sometimes exist."""
    return {
        "JSON": _JSON_VALUES.map(_json_node),
        "ID": st.sampled_from(demo.ids).map(nodes.String)
        | _TEXT.map(nodes.String)
        | st.integers(min_value=-(2**31), max_value=2**31 - 1).map(nodes.Int),
        "String": st.sampled_from(demo.strings).map(nodes.String) | _TEXT.map(nodes.String),
    }


# --- judging --------------------------------------------------------------------------


@dataclass
class Failure:
    operation: str
    role: str
    kind: str
    query: str
    status: int
    response: str
    server_log: list[str] = field(default_factory=list)

    def render(self) -> str:
        text = (
            f"{self.operation} as {self.role}: {self.kind}\n"
            # schemathesis writes arguments inline, so the body has no variables.
            f"  POST /graphql {json.dumps({'query': self.query, 'variables': {}})}\n"
            f"  HTTP {self.status}: {self.response[:1500]}"
        )
        for line in self.server_log[:3]:
            text += f"\n  server log: {line[:1500]}"
        return text


def _problems(status: int, text: str) -> list[str]:
    """What breaks the contract in one answer (nothing: an empty list)."""
    problems = []
    if status >= 500:
        problems.append(f"HTTP {status}")
    try:
        body = json.loads(text)
    except ValueError:
        return [*problems, "not JSON"]
    if not isinstance(body, dict) or not ("data" in body or "errors" in body):
        return [*problems, "not a GraphQL response"]
    errors = body.get("errors") or []
    if not isinstance(errors, list):
        return [*problems, "errors is not a list"]
    for error in errors:
        extensions = error.get("extensions") if isinstance(error, dict) else None
        code = extensions.get("code") if isinstance(extensions, dict) else None
        if code is None:
            problems.append("an error without extensions.code")
        elif code not in STABLE_CODES:
            problems.append(f"error code {code}")
        message = error.get("message", "") if isinstance(error, dict) else ""
        if "Traceback" in str(message):
            problems.append("a stack trace in an error message")
    return problems


def _outcome(text: str) -> str:
    """The first error's code, "ok" for an answer without errors (for the summary)."""
    try:
        errors = json.loads(text).get("errors") or []
        return str(errors[0]["extensions"]["code"]) if errors else "ok"
    except (ValueError, AttributeError, LookupError, TypeError):
        return "?"


def _request_ids(text: str) -> list[str]:
    try:
        errors = json.loads(text).get("errors") or []
    except (ValueError, AttributeError):
        return []
    return [
        e["extensions"]["requestId"]
        for e in errors
        if isinstance(e, dict)
        and isinstance(e.get("extensions"), dict)
        and e["extensions"].get("requestId")
    ]


def _log_lines(log: Path, request_ids: list[str]) -> list[str]:
    """The server's log records for these requests (the unexpected errors in full)."""
    if not request_ids:
        return []
    return [
        line
        for line in log.read_text(errors="replace").splitlines()
        if any(rid in line for rid in request_ids) and '"ERROR"' in line
    ]


def _report(failures: list[Failure]) -> str:
    """One entry per operation, role and kind of failure: how often, and the shortest query."""
    groups: dict[tuple[str, str, str], list[Failure]] = {}
    for failure in failures:
        groups.setdefault((failure.operation, failure.role, failure.kind), []).append(failure)
    parts = []
    for _key, found in sorted(groups.items()):
        shortest = min(found, key=lambda f: len(f.query))
        parts.append(f"[{len(found)}x] {shortest.render()}")
    return "\n\n".join(parts)


# --- the run ----------------------------------------------------------------------------


@dataclass
class Run:
    server: Server
    failures: list[Failure] = field(default_factory=list)
    made: int = 0
    codes: dict[str, int] = field(default_factory=dict)  # answers by their first error code

    def exercise(
        self, operation: Any, role: str, headers: dict[str, str], session: requests.Session
    ) -> None:
        """Up to EXAMPLES generated requests for one operation in one role."""

        @seed(SEED)
        @hypothesis_settings(
            max_examples=EXAMPLES,
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
            print_blob=False,
        )
        # Valid operations, and (negative mode) ones the schema must refuse: wrong types,
        # missing arguments.
        @given(case=operation.as_strategy() | operation.as_strategy(GenerationMode.NEGATIVE))
        def one(case: Any) -> None:
            self.made += 1
            response = case.call(
                base_url=self.server.url, session=session, headers=headers, timeout=REQUEST_TIMEOUT
            )
            text = response.content.decode("utf-8", errors="replace")
            outcome = _outcome(text)
            self.codes[outcome] = self.codes.get(outcome, 0) + 1
            for problem in _problems(response.status_code, text):
                self.failures.append(
                    Failure(
                        operation=operation.label,
                        role=role,
                        kind=problem,
                        query=str(case.body),
                        status=response.status_code,
                        response=text,
                        server_log=_log_lines(self.server.log, _request_ids(text)),
                    )
                )

        one()


def test_graphql_api_keeps_its_contract_under_fuzzing(
    server: Server,
    demo: Demo,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name, strategy in _scalars(demo).items():
        monkeypatch.setitem(CUSTOM_SCALARS, name, strategy)
    schema = schemathesis.graphql.from_url(
        f"{server.url}/graphql", config=SchemathesisConfig(seed=SEED), timeout=REQUEST_TIMEOUT
    )
    operations = []
    for result in schema.get_all_operations():
        if isinstance(result, Err):
            raise result.err()
        operations.append(result.ok())
    operations.sort(key=lambda op: (op.label in LAST, not op.label.startswith("Query.")))
    assert {op.label for op in operations} >= {"Query.me", "Mutation.claimParticipation"}

    roles = {
        "anonymous": {},
        "learner": {"Authorization": f"Bearer {_learner_token(server)}"},
    }
    # The learner's requests are the learner's, not anonymous ones refused.
    me = httpx.post(
        f"{server.url}/graphql", json={"query": "{ me { id } }"}, headers=roles["learner"]
    )
    assert me.json() == {"data": {"me": {"id": LEARNER}}}, me.text
    run = Run(server)
    started = time.monotonic()
    for role, headers in roles.items():
        with requests.Session() as session:
            for operation in operations:
                run.exercise(operation, role, headers, session)
    elapsed = time.monotonic() - started

    summary = (
        f"fuzz: {run.made} requests, {len(operations)} operations x {len(roles)} roles, "
        f"up to {EXAMPLES} examples each, seed {SEED}, {elapsed:.0f} s, "
        f"{len(run.failures)} contract violations; answers: "
        + ", ".join(f"{code} {n}" for code, n in sorted(run.codes.items(), key=lambda i: -i[1]))
    )
    with capsys.disabled():
        print(f"\n{summary}")
    if run.failures:
        pytest.fail(f"{summary}\n\n{_report(run.failures)}", pytrace=False)


def test_the_judge_knows_the_contract() -> None:
    """The checks above catch what they are meant to (so a quiet fuzz run means something)."""

    def error(message: str, code: str | None) -> str:
        extra = {"extensions": {"code": code}} if code else {}
        return json.dumps({"data": None, "errors": [{"message": message, **extra}]})

    assert _problems(200, error("No such claim.", "NOT_FOUND")) == []
    assert _problems(200, '{"data": {"me": null}}') == []
    assert _problems(502, "{}") == ["HTTP 502", "not a GraphQL response"]
    assert _problems(200, "<html>oops</html>") == ["not JSON"]
    assert _problems(200, error("x", None)) == ["an error without extensions.code"]
    masked = error("Internal server error", "INTERNAL_SERVER_ERROR")
    assert _problems(200, masked) == ["error code INTERNAL_SERVER_ERROR"]
    leaked = error("Traceback (most recent call last):", "CONFLICT")
    assert _problems(409, leaked) == ["a stack trace in an error message"]
