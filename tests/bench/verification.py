"""Benchmark: OB 3.0 verification per CPU-second, Kring against Digital Bazaar's verifier, and
POST /verify on a real `kring serve` under 8 concurrent clients.

Every credential carries three proofs (its own and two embedded endorsements'), all different
(names, dates, endorsers, keys), signed by Kring. Kring checks them as its proof workers do
(badges.verification.check_proofs); Digital Bazaar's verifier (tests/interop/verify_many.mjs,
node) checks the very same credentials and endorsements in the same run. Both are timed in CPU
seconds of their own process after a warm-up pass.
"""

from __future__ import annotations

import asyncio
import copy
import json
import os
import random
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from badges.verification import check_proofs
from tests.bench.report import Figure, Report
from tests.bench.store import scratch_neo4j
from tests.helpers import repo_path
from tests.processes import serving
from tests.signed_credentials import PUBLIC_URL, did_documents, sample_credentials

CREDENTIALS = 60
ROUNDS = 3
CLIENTS = 8
GOAL_RATIO = 2.0
INTEROP = repo_path("tests", "interop")


def kring_rate(credentials: list[dict[str, Any]], key_dir: Path, rounds: int) -> float:
    """Credentials per CPU-second of this process, every proof checked."""
    for credential in credentials:  # warm-up, and every proof must hold
        proofs = check_proofs(credential, PUBLIC_URL, str(key_dir), True)
        valid = proofs.credential is not None and proofs.credential.valid
        if not valid or not all(e["valid"] for e in proofs.endorsements):
            raise RuntimeError(f"Kring refused its own credential: {proofs}")
    started = time.process_time()
    for _ in range(rounds):
        for credential in credentials:
            check_proofs(credential, PUBLIC_URL, str(key_dir), True)
    return len(credentials) * rounds / (time.process_time() - started)


def bazaar_rate(
    credentials: list[dict[str, Any]], documents: list[dict[str, Any]], rounds: int, folder: Path
) -> float:
    """Credentials per CPU-second of node running Digital Bazaar's verifier."""
    node = shutil.which("node")
    if node is None or not (INTEROP / "node_modules").is_dir():
        raise RuntimeError("needs node and `make interop-deps` (tests/interop/node_modules)")
    batch = folder / "batch.json"
    batch.write_text(json.dumps({"credentials": credentials, "documents": documents}))
    done = subprocess.run(
        [node, str(INTEROP / "verify_many.mjs"), str(batch), str(rounds)],
        cwd=INTEROP,
        capture_output=True,
        text=True,
        timeout=1800,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    if result["failed"]:
        raise RuntimeError(f"Digital Bazaar's verifier refused {result['failed']} proofs")
    rate: float = result["credentials"] / result["cpu_seconds"]
    return rate


def _tree_cpu_seconds(pid: int) -> float:
    """utime + stime of a process and all its descendants, from /proc (Linux)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
            for task in Path(f"/proc/{current}/task").iterdir():
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total / os.sysconf("SC_CLK_TCK")


def tampered(credential: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(credential)
    changed["credentialSubject"]["achievement"]["name"] += " (edited)"
    return changed


async def under_load(
    url: str, credentials: list[dict[str, Any]], clients: int, rounds: int = 1
) -> tuple[list[str], int, float]:
    """POST every credential (and a tampered copy of every fifth) `rounds` times from
    `clients` concurrent clients; the answers that are not what they should be, the requests,
    the seconds."""
    work: list[tuple[dict[str, Any], str]] = [(c, "genuine") for c in credentials]
    work += [(tampered(c), "tampered") for c in credentials[::5]]
    work *= rounds
    random.Random(8).shuffle(work)
    queue: asyncio.Queue[tuple[dict[str, Any], str]] = asyncio.Queue()
    for item in work:
        queue.put_nowait(item)
    wrong: list[str] = []

    async def client() -> None:
        async with httpx.AsyncClient(base_url=url, timeout=60) as http:
            while not queue.empty():
                credential, kind = queue.get_nowait()
                try:
                    response = await http.post("/verify", json=credential)
                except httpx.HTTPError as exc:
                    wrong.append(f"{kind}: {type(exc).__name__}")
                    continue
                if response.status_code != 200:
                    wrong.append(f"{kind}: HTTP {response.status_code} {response.text[:200]}")
                    continue
                report = response.json()
                if kind == "tampered":
                    ok = report["verdict"] == "tampered"
                else:  # genuine, but not issued by this Kring's graph: proofs hold, status unknown
                    ok = report["proof_valid"] and all(e["valid"] for e in report["endorsements"])
                if not ok:
                    wrong.append(f"{kind}: {report['verdict']} {report['proof_message']}")

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return wrong, len(work), time.perf_counter() - started


def measure(report: Report) -> None:
    with tempfile.TemporaryDirectory(prefix="kring-bench-verify-") as folder:
        data_dir = Path(folder) / "data"
        key_dir = data_dir / "keys"
        credentials = sample_credentials(key_dir, CREDENTIALS)
        documents = did_documents(key_dir, credentials)
        kring = kring_rate(credentials, key_dir, ROUNDS)
        bazaar = bazaar_rate(credentials, documents, ROUNDS, Path(folder))
        ratio = kring / bazaar
        print(
            f"credentials per CPU-second (3 proofs each): Kring {kring:.1f}, "
            f"Digital Bazaar {bazaar:.1f} ({ratio:.2f}x)"
        )
        report.add(
            Figure(
                "verification",
                "OB 3.0 credentials verified per CPU-second (3 proofs each)",
                kring,
                "/CPU-s",
                goal=f">= {GOAL_RATIO:g}x Digital Bazaar per CPU-second",
                met=ratio >= GOAL_RATIO,
                reference=f"Digital Bazaar's verifier (node) {bazaar:.1f}/CPU-s",
                ratio=ratio,
                note=f"{CREDENTIALS} credentials x {ROUNDS} rounds, one process each",
            )
        )
        with scratch_neo4j() as target:
            env = {
                "KRING_ENV": "development",
                "KRING_PUBLIC_URL": PUBLIC_URL,
                "NEO4J_URI": target.uri,
                "NEO4J_USER": target.user,
                "NEO4J_PASSWORD": target.password,
            }
            with serving(data_dir, ready_timeout=300, **env) as served:
                asyncio.run(under_load(served.url, credentials[:CLIENTS], CLIENTS))  # warm-up
                cpu = _tree_cpu_seconds(served.process.pid)
                wrong, requests, seconds = asyncio.run(
                    under_load(served.url, credentials, CLIENTS, ROUNDS)
                )
                cpu = _tree_cpu_seconds(served.process.pid) - cpu
        for line in wrong[:10]:
            print(f"  wrong answer: {line}")
        print(
            f"POST /verify, {CLIENTS} clients: {requests} requests in {seconds:.1f} s, "
            f"{len(wrong)} wrong; {requests / cpu:.1f} per CPU-second of the server"
        )
        report.add(
            Figure(
                "verification",
                f"POST /verify errors at {CLIENTS} concurrent clients",
                len(wrong),
                "errors",
                goal="0",
                met=not wrong,
                note=f"{requests} requests, {requests / seconds:.1f}/s",
            ),
            Figure(
                "verification",
                "POST /verify per CPU-second of kring serve and its proof workers",
                requests / cpu,
                "/CPU-s",
                note="HTTP, JSON and the status lookup included",
            ),
        )
