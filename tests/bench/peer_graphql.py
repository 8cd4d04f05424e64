"""The near-me benchmark's peer: @neo4j/graphql 7 on Apollo Server (tests/bench/peer/, from
npm), run with node over the benchmark's Neo4j, and the Cypher it generates (its debug log)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from deploy import local_neo4j
from graph.core.database import Neo4jTarget
from server.settings import REPO_ROOT

FOLDER = Path(__file__).resolve().parent / "peer"
# @neo4j/graphql needs APOC core (apoc.date.convertFormat for every DateTime it returns);
# the newest APOC for Neo4j 5.26 on Maven Central, with the shared classes it is built on.
APOC_VERSION = "5.26.19"
APOC_ARTIFACTS = ("apoc-core", "apoc-common")

# The discover list's question as the peer's generated API asks it: `distanceKm` is a @cypher
# field whose arguments are optional, which the library lets a query sort by (it sorts by the
# value computed for the selection), so the peer, too, answers nearest first.
NEAR_ME = """
query NearMe($where: OpportunityWhere!, $first: Int!, $latitude: Float!, $longitude: Float!) {
  opportunitiesConnection(where: $where, first: $first, sort: [{ distanceKm: ASC }]) {
    edges {
      cursor
      node {
        id
        title
        synopsis
        startsAt
        capacity
        freePlaces
        domain
        level
        address
        location {
          latitude
          longitude
        }
        organisation {
          name
        }
        distanceKm(latitude: $latitude, longitude: $longitude)
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
"""


def near_me_variables(
    latitude: float, longitude: float, radius_km: float, first: int
) -> dict[str, Any]:
    return {
        "where": {
            "status": {"eq": "PUBLISHED"},
            "location": {
                "distance": {
                    "from": {"latitude": latitude, "longitude": longitude},
                    "lte": radius_km * 1000,
                }
            },
        },
        "first": first,
        "latitude": latitude,
        "longitude": longitude,
    }


def apoc_jars() -> list[Path]:
    """APOC's jars, fetched once from Maven Central with the local launcher's Maven."""
    folder = REPO_ROOT / ".kring" / "cache" / f"apoc-{APOC_VERSION}"
    jars = [folder / f"{artifact}-{APOC_VERSION}.jar" for artifact in APOC_ARTIFACTS]
    for artifact, jar in zip(APOC_ARTIFACTS, jars, strict=True):
        if jar.is_file():
            continue
        done = subprocess.run(
            [
                local_neo4j.find_toolchain().mvn,
                "-q",
                "-B",
                "dependency:copy",
                f"-Dartifact=org.neo4j.procedure:{artifact}:{APOC_VERSION}",
                f"-DoutputDirectory={folder}",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0 or not jar.is_file():
            raise RuntimeError(f"Maven could not fetch {artifact}:\n{done.stdout}{done.stderr}")
    return jars


@dataclass
class Peer:
    url: str
    process: subprocess.Popen[str]
    output: list[str] = field(default_factory=list)

    def log(self) -> str:
        return "".join(self.output)


def _pump(peer: Peer, ready: threading.Event) -> None:
    assert peer.process.stdout is not None
    for line in peer.process.stdout:
        peer.output.append(line)
        if line.startswith("PEER-READY "):
            ready.set()


@contextmanager
def peer_server(target: Neo4jTarget, *, debug: bool = False) -> Iterator[Peer]:
    """The peer on a free port over `target`; with `debug`, it logs every Cypher statement."""
    if not (FOLDER / "node_modules" / ".package-lock.json").is_file():
        raise RuntimeError("the peer's packages are missing: run `make bench-peer-deps`")
    port = local_neo4j.free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "DEBUG"))},
        "NEO4J_URI": target.uri,
        "NEO4J_USER": target.user,
        "NEO4J_PASSWORD": target.password,
        "PORT": str(port),
        "NODE_ENV": "production",
    }
    if debug:
        env["DEBUG"] = "@neo4j/graphql:execution"
        env["DEBUG_COLORS"] = "no"
    process = subprocess.Popen(
        ["node", "server.js"],
        cwd=FOLDER,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    peer = Peer(f"http://127.0.0.1:{port}/", process)
    ready = threading.Event()
    pump = threading.Thread(target=_pump, args=(peer, ready), daemon=True)
    pump.start()
    try:
        deadline = time.monotonic() + 120
        while not ready.wait(0.2):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the peer did not start:\n{peer.log()[-4000:]}")
        yield peer
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        pump.join(timeout=5)


# --- reading its debug log ------------------------------------------------------------------

_STAMP = re.compile(r"^\S+Z @neo4j/graphql:execution ", re.MULTILINE)
_INTEGER = re.compile(r"Integer \{ low: (-?\d+), high: (-?\d+) \}")
_KEY = re.compile(r"([{,]\s*)([A-Za-z_$][\w$]*)\s*:")
_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")


def _inspected(text: str) -> Any:
    """node's util.inspect of the parameters (plain maps, strings, numbers) as Python."""
    text = _INTEGER.sub(lambda m: str(int(m[1]) + (int(m[2]) << 32)), text)
    text = _QUOTED.sub(lambda m: json.dumps(m[1].replace("\\'", "'")), text)
    return json.loads(_KEY.sub(r'\1"\2":', text))


def last_statement(log: str) -> tuple[str, dict[str, Any]]:
    """The last Cypher statement the peer executed and its parameters, from its debug log."""
    entries = _STAMP.split(log)
    for i in range(len(entries) - 1, 0, -1):
        if entries[i].startswith("cypher params: ") and entries[i - 1].startswith("CYPHER "):
            params = _inspected(entries[i].removeprefix("cypher params: ").strip())
            return entries[i - 1].strip(), params
    raise RuntimeError(f"no Cypher statement in the peer's log:\n{log[-4000:]}")


def with_point(params: Any, was: tuple[float, float], now: tuple[float, float]) -> Any:
    """The captured parameters with the point they were captured at replaced by `now`."""
    if isinstance(params, dict):
        return {k: with_point(v, was, now) for k, v in params.items()}
    if isinstance(params, list):
        return [with_point(v, was, now) for v in params]
    if isinstance(params, float) and params in was:
        return now[was.index(params)]
    return params
