"""The local launcher: starts, listens on loopback only, stops cleanly, keeps committed data."""

from __future__ import annotations

import os
from pathlib import Path

import neo4j
import pytest

from graph import local_neo4j
from tests.conftest import CACHE_DIR


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
