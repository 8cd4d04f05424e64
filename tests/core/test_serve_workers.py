"""`kring serve --workers N`: N server processes on one port, one delivery worker, SIGHUP
replaces the server processes one by one without a refused request, TERM stops them all."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from graph.core.database import Neo4jTarget
from server.cli import available_cpus
from tests.processes import Served, serving, wait_for


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except FileNotFoundError:
        return ""


def _roles(parent: int) -> tuple[set[int], set[int]]:
    """(server processes, delivery workers) among the children of `parent`."""
    kids = _children(parent)
    servers = {k for k in kids if "spawn_main" in _command(k)}
    deliverers = {k for k in kids if "server.cli worker" in _command(k)}
    return servers, deliverers


def _alive(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists() and "(Z)" not in Path(f"/proc/{pid}/stat").read_text()


@contextmanager
def two_workers(tmp_path: Path, target: Neo4jTarget) -> Iterator[Served]:
    """`kring serve --workers 2` delivering notifications itself, both servers up."""
    with serving(
        tmp_path / "data",
        "--workers",
        "2",
        KRING_ENV="development",
        KRING_PUSH_WORKER="embedded",
        NEO4J_URI=target.uri,
        NEO4J_USER=target.user,
        NEO4J_PASSWORD=target.password,
    ) as server:
        wait_for(lambda: len(_roles(server.process.pid)[0]) == 2, 120, "two server processes")
        yield server


def test_workers_share_the_port_restart_one_by_one_and_stop_together(
    tmp_path: Path, neo4j_target: Neo4jTarget
) -> None:
    with two_workers(tmp_path, neo4j_target) as server:
        parent = server.process.pid
        servers, deliverers = _roles(parent)
        # Notifications go out from one process only, whatever the number of servers.
        assert len(deliverers) == 1, server.log()

        with httpx.Client(base_url=server.url, timeout=30) as http:
            for _ in range(20):
                answer = http.post("/graphql", json={"query": "{ __typename }"})
                assert answer.json() == {"data": {"__typename": "Query"}}

            # A rolling restart: every request during it is answered.
            server.process.send_signal(signal.SIGHUP)
            deadline = time.monotonic() + 240
            while time.monotonic() < deadline:
                assert http.get("/readyz").status_code == 200
                now, _ = _roles(parent)
                if len(now) == 2 and not now & servers:
                    break
                time.sleep(0.2)
            else:
                raise AssertionError(f"the server processes were not replaced\n{server.log()}")
            assert server.process.poll() is None

        everyone = _roles(parent)[0] | deliverers
        assert server.stop() == 0, server.log()
        wait_for(lambda: not any(_alive(p) for p in everyone), 60, "every process to stop")


def test_killed_outright_it_leaves_no_process_serving(
    tmp_path: Path, neo4j_target: Neo4jTarget
) -> None:
    with two_workers(tmp_path, neo4j_target) as server:
        parent = server.process.pid
        servers, deliverers = _roles(parent)
        assert len(deliverers) == 1, server.log()
        # SIGKILL (the OOM killer, say): the supervisor cannot stop what it started, so each
        # of its processes notices and stops itself; nothing goes on serving the port.
        server.process.kill()
        server.process.wait(30)
        wait_for(
            lambda: not any(_alive(p) for p in servers | deliverers),
            60,
            "the server processes and the delivery worker to stop",
        )
        with httpx.Client(base_url=server.url, timeout=5) as http:
            try:
                http.get("/healthz")
            except httpx.ConnectError:
                pass
            else:
                raise AssertionError("something still answers on the port")


def test_production_serves_with_the_cpus_its_container_may_use(tmp_path: Path) -> None:
    # os.cpu_count() is the host's: in a container limited to half a CPU, or to one through
    # cgroup v1, one server process is what the limit allows, not one per host core.
    mine = len(os.sched_getaffinity(0))
    assert available_cpus(tmp_path / "none") == mine
    v2 = tmp_path / "v2"
    v2.mkdir()
    (v2 / "cpu.max").write_text("50000 100000\n")
    assert available_cpus(v2) == 1
    (v2 / "cpu.max").write_text(f"{100000 * (mine + 8)} 100000\n")
    assert available_cpus(v2) == mine  # a quota above the CPUs it has gives no more
    (v2 / "cpu.max").write_text("max 100000\n")
    assert available_cpus(v2) == mine
    v1 = tmp_path / "v1" / "cpu,cpuacct"
    v1.mkdir(parents=True)
    (v1 / "cpu.cfs_quota_us").write_text("100000\n")
    (v1 / "cpu.cfs_period_us").write_text("100000\n")
    assert available_cpus(tmp_path / "v1") == 1
    (v1 / "cpu.cfs_quota_us").write_text("-1\n")
    assert available_cpus(tmp_path / "v1") == mine
