"""The local launcher: starts, listens on loopback only, stops cleanly, keeps committed data;
supervised under `kring serve` and `kring neo4j` (restarted when it dies, never orphaned)."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import httpx
import neo4j
import pytest

from deploy import local_neo4j
from deploy.neo4j_source import Source, find_source
from tests.conftest import CACHE_DIR
from tests.processes import environ, kring, serving, wait_for


def _launcher_not_needed() -> bool:
    """No JDK and Maven here, but the suite's Neo4j comes from NEO4J_URI or Docker: the
    launcher's own tests cannot run, and nothing else needs them to."""
    try:
        local_neo4j.find_toolchain()
    except local_neo4j.LocalNeo4jError:
        uri = os.environ.get("NEO4J_URI") or None
        return find_source(uri).source is not Source.LOCAL_LAUNCHER
    return False


starts_the_launcher = pytest.mark.skipif(
    _launcher_not_needed(), reason="no JDK and Maven, and NEO4J_URI or Docker provides Neo4j"
)


def _listening_sockets(pid: int) -> list[tuple[str, int]]:
    """(local address, port) of every TCP socket the process listens on, from /proc."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state == "0A" and inode in inodes:  # 0A = LISTEN
                address, port = local.split(":")
                found.append((address, int(port, 16)))
    return found


def _is_loopback(hex_address: str) -> bool:
    if len(hex_address) == 8:  # IPv4, little-endian
        return hex_address == "0100007F"
    # IPv4-mapped IPv6 ::ffff:127.0.0.1 or ::1
    return hex_address in {
        "0000000000000000FFFF00000100007F",
        "00000000000000000000000001000000",
    }


def _count_people(uri: str) -> int:
    with neo4j.GraphDatabase.driver(uri, auth=None) as driver:
        records, _, _ = driver.execute_query(
            "MATCH (p:Person {id: 'survivor'}) RETURN count(p) AS n", database_="neo4j"
        )
        return int(records[0]["n"])


@starts_the_launcher
def test_launcher_serves_bolt_on_loopback_only_and_keeps_data_across_restart(
    tmp_path: Path,
) -> None:
    store = tmp_path / "store"
    server = local_neo4j.start(store, cache_dir=CACHE_DIR)
    try:
        listeners = _listening_sockets(server.process.pid)
        assert [port for _, port in listeners] == [server.port], listeners
        assert all(_is_loopback(address) for address, _ in listeners), listeners
        with neo4j.GraphDatabase.driver(server.uri, auth=None) as driver:
            driver.execute_query("CREATE (:Person {id: 'survivor'})", database_="neo4j")
    finally:
        server.stop()
    assert server.stopped_cleanly()  # SIGTERM ran Neo4j's own shutdown, checkpoint included

    again = local_neo4j.start(store, cache_dir=CACHE_DIR)
    try:
        assert _count_people(again.uri) == 1
    finally:
        again.stop()


@starts_the_launcher
def test_a_busy_port_is_reported(tmp_path: Path) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        with pytest.raises(local_neo4j.LocalNeo4jError, match="already in use"):
            local_neo4j.start(tmp_path / "store", port, cache_dir=CACHE_DIR)


def test_missing_java_or_maven_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(local_neo4j.LocalNeo4jError, match="JDK 17\\+ and Maven") as info:
        local_neo4j.find_toolchain()
    assert "NEO4J_URI" in str(info.value)


def _launcher_pids(port: int) -> list[int]:
    """Live launcher JVMs serving `port` (a zombie has no command line, so is not counted)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if local_neo4j.MAIN_CLASS.encode() in args and any(
            a == b"--port" and b == str(port).encode() for a, b in itertools.pairwise(args)
        ):
            found.append(int(entry.name))
    return found


def _listening(port: int) -> bool:
    """Whether any socket on this machine listens on `port` (from /proc, any process)."""
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                return True
    return False


def _gone(pid: int) -> bool:
    """Exited and reaped (or, orphaned, at worst a zombie: nothing left running)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] in ("Z", "X")


def _data_dir(tmp_path: Path) -> Path:
    """A KRING_DATA_DIR sharing the compiled launcher, so nothing is resolved again."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "cache").symlink_to(CACHE_DIR, target_is_directory=True)
    return data


APPLY = """
mutation($input: ApplyOrganisationInput!) { applyOrganisation(input: $input) { id name } }
"""


class WriteLoad:
    """A bounded stream of acknowledged writes: one `applyOrganisation` after another, each
    with a fresh name, noting which ones the API acknowledged (and when)."""

    def __init__(self, url: str, token: str, university: str, limit: int = 2000) -> None:
        self.url, self.token, self.university, self.limit = url, token, university, limit
        self.acknowledged: list[tuple[str, float]] = []
        self.refused = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="write-load", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=60)
        assert not self._thread.is_alive()

    def acknowledged_since(self, moment: float) -> int:
        return sum(1 for _, at in self.acknowledged if at > moment)

    def _run(self) -> None:
        headers = {"authorization": f"Bearer {self.token}"}
        with httpx.Client(base_url=self.url, headers=headers, timeout=20) as client:
            for n in range(self.limit):
                if self._stop.is_set():
                    return
                name = f"load-{n}-{uuid.uuid4().hex[:8]}"
                variables = {
                    "input": {
                        "universityId": self.university,
                        "name": name,
                        "description": "A write under load",
                        "contactEmail": "load@example.org",
                        "address": "Korenmarkt 1, Gent",
                        "latitude": 51.0545,
                        "longitude": 3.7217,
                    }
                }
                try:
                    response = client.post(
                        "/graphql", json={"query": APPLY, "variables": variables}
                    )
                    body = response.json()
                except (httpx.HTTPError, ValueError):
                    body, response = None, None
                ok = (
                    response is not None
                    and response.status_code == 200
                    and isinstance(body, dict)
                    and not body.get("errors")
                    and body["data"]["applyOrganisation"]["name"] == name
                )
                if ok:
                    self.acknowledged.append((name, time.monotonic()))
                else:
                    self.refused += 1
                    time.sleep(0.2)


@starts_the_launcher
@pytest.mark.slow
def test_serve_restarts_a_killed_neo4j_and_loses_no_acknowledged_write(tmp_path: Path) -> None:
    data = _data_dir(tmp_path)
    bolt_port = local_neo4j.free_port()
    with serving(data, KRING_ENV="development", KRING_NEO4J_LOCAL_PORT=str(bolt_port)) as server:
        uri = f"bolt://127.0.0.1:{bolt_port}"
        assert server.runtime()["neo4j_uri"] == uri
        [java] = _launcher_pids(bolt_port)
        person, university = str(uuid.uuid4()), str(uuid.uuid4())
        with neo4j.GraphDatabase.driver(uri, auth=None) as driver:
            driver.execute_query(
                "CREATE (:Person {id: $person, email: 'load@demo.example', name: 'Lou Load'}), "
                "(:University {id: $university, name: 'Load University'})",
                person=person,
                university=university,
                database_="neo4j",
            )
        # The token comes from the CLI, which finds this server by its runtime file alone.
        minted = kring(
            "dev-token",
            "--email",
            "load@demo.example",
            KRING_ENV="development",
            KRING_DATA_DIR=str(data),
        )
        assert minted.returncode == 0, minted.stderr
        token = minted.stdout.strip()

        load = WriteLoad(server.url, token, university)
        load.start()
        try:
            wait_for(lambda: len(load.acknowledged) >= 10, 120, "writes before the kill")
            os.kill(java, signal.SIGKILL)
            killed_at = time.monotonic()
            wait_for(lambda: _launcher_pids(bolt_port) not in ([], [java]), 60, "a new Neo4j")
            wait_for(
                lambda: load.acknowledged_since(killed_at) >= 10, 300, "writes after the restart"
            )
        finally:
            load.stop()
        recovered = time.monotonic() - killed_at

        assert _gone(java)  # reaped by the supervisor: no zombie
        [restarted] = _launcher_pids(bolt_port)
        assert restarted != java
        # The outage was real (a write refused, or held by the driver's bounded retries until
        # the database was back) and GraphQL answers again.
        assert load.refused > 0 or recovered > 1
        me = server.graphql("{ me { id } }", token)
        assert me.status_code == 200, me.text
        assert me.json()["data"]["me"] == {"id": person}
        names = [name for name, _ in load.acknowledged]
        with neo4j.GraphDatabase.driver(uri, auth=None) as driver:
            records, _, _ = driver.execute_query(
                "MATCH (o:Organisation) WHERE o.name IN $names "
                "RETURN collect(DISTINCT o.name) AS n",
                names=names,
                database_="neo4j",
            )
        missing = set(names) - set(records[0]["n"])
        assert not missing, f"{len(missing)} acknowledged writes lost of {len(names)}"
        log = server.log()
        assert "local Neo4j died; restarting it" in log
        assert "local Neo4j restarted" in log

        assert server.stop(signal.SIGTERM) == 0, server.log()
        assert _launcher_pids(bolt_port) == []
        assert not _listening(bolt_port)
        assert not (data / "runtime.json").exists()
        neo4j_log = (data / "neo4j" / "kring-neo4j.log").read_text()
        assert neo4j_log.rstrip().endswith(local_neo4j.STOPPED_LINE)
        print(f"recovered in {recovered:.0f} s; {len(names)} writes acknowledged")


def _kring_neo4j(data: Path, port: int) -> subprocess.Popen[bytes]:
    """`kring neo4j` as a child process, once its Neo4j answers Bolt."""
    with (data / "neo4j-cli.log").open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "server.cli", "neo4j"],
            env=environ(KRING_DATA_DIR=str(data), KRING_NEO4J_LOCAL_PORT=str(port)),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    wait_for(
        lambda: process.poll() is not None or local_neo4j.bolt_answers(port),
        300,
        "kring neo4j to answer Bolt",
    )
    assert process.poll() is None, (data / "neo4j-cli.log").read_text()
    return process


@starts_the_launcher
@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_to_kring_neo4j_stops_its_database(tmp_path: Path, sig: signal.Signals) -> None:
    data, port = _data_dir(tmp_path), local_neo4j.free_port()
    process = _kring_neo4j(data, port)
    try:
        [java] = _launcher_pids(port)
        process.send_signal(sig)
        assert process.wait(timeout=60) == 0
        assert _gone(java)
        assert not _listening(port)
        assert _launcher_pids(port) == []
        assert (
            (data / "neo4j" / "kring-neo4j.log")
            .read_text()
            .rstrip()
            .endswith(local_neo4j.STOPPED_LINE)
        )
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@starts_the_launcher
@pytest.mark.slow
def test_killing_kring_neo4j_leaves_no_database_behind(tmp_path: Path) -> None:
    """SIGKILL gives the CLI no chance to clean up: the JVM notices its parent is gone."""
    data, port = _data_dir(tmp_path), local_neo4j.free_port()
    process = _kring_neo4j(data, port)
    [java] = _launcher_pids(port)
    try:
        process.kill()
        process.wait()
        killed_at = time.monotonic()
        wait_for(lambda: not _listening(port), 10, "the orphaned Neo4j to stop listening", 0.1)
        wait_for(lambda: _gone(java), 20, "the orphaned Neo4j to exit", 0.1)
        print(f"port closed after {time.monotonic() - killed_at:.1f} s")
    finally:
        if not _gone(java):
            os.kill(java, signal.SIGKILL)


@starts_the_launcher
@pytest.mark.slow
def test_the_supervisor_restarts_a_hung_neo4j(tmp_path: Path) -> None:
    """A JVM that stops answering Bolt (here: SIGSTOP) is killed, reaped and replaced."""
    port = local_neo4j.free_port()
    policy = local_neo4j.SupervisorPolicy(
        check_interval=0.5, probe_timeout=1.0, unresponsive_after=3, backoff_initial=0.5
    )
    server = local_neo4j.SupervisedNeo4j(
        tmp_path / "store", port, cache_dir=CACHE_DIR, policy=policy
    ).start()
    try:
        first = server.current
        assert first is not None
        with neo4j.GraphDatabase.driver(server.uri, auth=None) as driver:
            driver.execute_query("CREATE (:Person {id: 'survivor'})", database_="neo4j")
        os.kill(first.pid, signal.SIGSTOP)
        wait_for(lambda: server.restarts == 1, 240, "the hung Neo4j to be replaced")
        assert _gone(first.pid)
        assert server.current is not None
        assert server.current.pid != first.pid
        assert _count_people(server.uri) == 1  # same store, same port
    finally:
        server.stop()
    assert not _listening(port)
