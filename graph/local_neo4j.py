"""Runs the embedded Neo4j Community of `deploy/neo4j-local/` with the machine's JDK and Maven."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

log = logging.getLogger(__name__)

LAUNCHER_DIR = Path(__file__).resolve().parent.parent / "deploy" / "neo4j-local"
MAIN_CLASS = "kring.Neo4jLocal"
READY_PREFIX = "KRING-NEO4J-READY "
STOPPED_LINE = "KRING-NEO4J-STOPPED cleanly"
JVM_FLAGS = (
    "-Xms256m",
    "-Xmx1g",
    "-XX:+UseG1GC",
    "-XX:+ExitOnOutOfMemoryError",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "-Dfile.encoding=UTF-8",
)


class LocalNeo4jError(RuntimeError):
    """The local Neo4j could not be prepared or started; the message says what to do."""


@dataclass(frozen=True)
class Toolchain:
    java: str
    javac: str
    mvn: str


@dataclass(frozen=True)
class Prepared:
    """A resolved classpath and the compiled launcher, ready to start."""

    toolchain: Toolchain
    classpath: str


def find_toolchain() -> Toolchain:
    """Locate Java >= 17 (java, javac) and Maven, or explain what to install."""
    java, javac, mvn = shutil.which("java"), shutil.which("javac"), shutil.which("mvn")
    missing = [name for name, path in (("java", java), ("javac", javac), ("mvn", mvn)) if not path]
    if missing or java is None or javac is None or mvn is None:
        raise LocalNeo4jError(
            f"The local Neo4j needs a JDK 17+ and Maven; not found on PATH: {', '.join(missing)}. "
            "Install them (Debian: apt-get install openjdk-17-jdk-headless maven) "
            "or set NEO4J_URI to a Neo4j 5.26 you run elsewhere."
        )
    out = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    match = re.search(r'version "(\d+)', out.stderr + out.stdout)
    if not match or int(match.group(1)) < 17:
        raise LocalNeo4jError(
            f"The local Neo4j needs Java 17 or newer; `java -version` said: {out.stderr.strip()!r}"
        )
    return Toolchain(java=java, javac=javac, mvn=mvn)


def _fingerprint(*paths: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def prepare(cache_dir: Path) -> Prepared:
    """Resolve Neo4j's classpath with Maven (cached per pom) and compile the launcher."""
    toolchain = find_toolchain()
    pom = LAUNCHER_DIR / "pom.xml"
    source = LAUNCHER_DIR / "src" / "main" / "java" / "kring" / "Neo4jLocal.java"
    cache_dir.mkdir(parents=True, exist_ok=True)

    cp_file = cache_dir / f"classpath-{_fingerprint(pom)}.txt"
    if not cp_file.exists():
        log.info("resolving Neo4j from Maven Central (first run only)")
        tmp = cp_file.with_suffix(f".{os.getpid()}.tmp")
        result = subprocess.run(
            [
                toolchain.mvn,
                "-q",
                "-B",
                "-f",
                str(pom),
                "dependency:build-classpath",
                f"-Dmdep.outputFile={tmp}",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0 or not tmp.exists():
            raise LocalNeo4jError(
                "Maven could not resolve Neo4j (is Maven Central reachable?):\n"
                + (result.stdout + result.stderr)[-4000:]
            )
        tmp.replace(cp_file)
    deps = cp_file.read_text().strip()

    classes = cache_dir / f"launcher-{_fingerprint(pom, source)}"
    if not (classes / "kring" / "Neo4jLocal.class").exists():
        staging = cache_dir / f"launcher-staging-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        result = subprocess.run(
            [toolchain.javac, "-cp", deps, "-d", str(staging), str(source)],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise LocalNeo4jError(f"Compiling the Neo4j launcher failed:\n{result.stderr}")
        with contextlib.suppress(OSError):  # a concurrent preparer may have won the race
            staging.replace(classes)
        shutil.rmtree(staging, ignore_errors=True)
    return Prepared(toolchain=toolchain, classpath=f"{classes}{os.pathsep}{deps}")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_is_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def command(prepared: Prepared, home: Path, port: int, *, watch_stdin: bool) -> list[str]:
    args = [
        prepared.toolchain.java,
        *JVM_FLAGS,
        "-cp",
        prepared.classpath,
        MAIN_CLASS,
        "--home",
        str(home),
        "--port",
        str(port),
    ]
    if watch_stdin:
        args.append("--exit-on-stdin-eof")
    return args


@dataclass
class LocalNeo4j:
    """A running local Neo4j child process; stop() shuts it down cleanly."""

    home: Path
    port: int
    process: subprocess.Popen[str]
    log_path: Path
    _pump: threading.Thread | None = field(default=None, repr=False)

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    def stopped_cleanly(self) -> bool:
        """Whether Neo4j's shutdown (checkpoint included) completed, per the launcher's log."""
        return STOPPED_LINE in self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self, timeout: float = 60.0) -> None:
        """SIGTERM and wait: Neo4j checkpoints on shutdown, so committed data survives."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                log.warning("local Neo4j did not stop in %ss; killing it", timeout)
                self.process.kill()
                self.process.wait()
        if self.process.stdin:
            self.process.stdin.close()
        if self._pump:
            self._pump.join(timeout=5)
        if self.process.stdout:
            self.process.stdout.close()


def _pump_output(stream: IO[str], sink: IO[str], ready: threading.Event) -> None:
    with sink:
        for line in stream:
            sink.write(line)
            sink.flush()
            if line.startswith(READY_PREFIX):
                ready.set()


def start(
    home: Path,
    port: int | None = None,
    *,
    cache_dir: Path,
    ready_timeout: float = 180.0,
) -> LocalNeo4j:
    """Start Neo4j on 127.0.0.1:`port` (a free one if None) with its store under `home`."""
    prepared = prepare(cache_dir)
    port = port if port is not None else free_port()
    if port_is_open(port):
        raise LocalNeo4jError(f"Port {port} on 127.0.0.1 is already in use")
    home.mkdir(parents=True, exist_ok=True)
    log_path = home / "kring-neo4j.log"
    process = subprocess.Popen(
        command(prepared, home, port, watch_stdin=True),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # a Ctrl-C reaches us first; we stop Neo4j in order
    )
    assert process.stdout is not None
    ready = threading.Event()
    pump = threading.Thread(
        target=_pump_output,
        args=(process.stdout, log_path.open("a", encoding="utf-8"), ready),
        name="kring-neo4j-log",
        daemon=True,
    )
    pump.start()
    server = LocalNeo4j(home=home, port=port, process=process, log_path=log_path, _pump=pump)
    deadline = time.monotonic() + ready_timeout
    while not ready.wait(0.2):
        if process.poll() is not None or time.monotonic() > deadline:
            server.stop(timeout=10)
            tail = log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
            raise LocalNeo4jError(f"The local Neo4j did not become ready; its log ends:\n{tail}")
    log.info("local Neo4j ready", extra={"uri": server.uri, "store": str(home)})
    return server


def run_foreground(home: Path, port: int, *, cache_dir: Path) -> int:
    """Run Neo4j attached to this terminal until Ctrl-C or SIGTERM; returns its exit code."""
    prepared = prepare(cache_dir)
    if port_is_open(port):
        raise LocalNeo4jError(f"Port {port} on 127.0.0.1 is already in use")
    home.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(command(prepared, home, port, watch_stdin=False))
    try:
        return process.wait()
    except KeyboardInterrupt:
        # The terminal's SIGINT reached the JVM too; let its shutdown hook finish.
        return process.wait()
