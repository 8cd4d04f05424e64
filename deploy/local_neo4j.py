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
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO

log = logging.getLogger(__name__)

LAUNCHER_DIR = Path(__file__).resolve().parent / "neo4j-local"
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


# Bolt's preamble and four version proposals (5.0-5.4, 4.1-4.4, then none): any 4-byte answer,
# even "no common version", means the Bolt server's event loop is alive and answering.
BOLT_HANDSHAKE = b"\x60\x60\xb0\x17" + bytes([0, 4, 4, 5, 0, 3, 4, 4]) + bytes(8)


def bolt_answers(port: int, host: str = "127.0.0.1", timeout: float = 3.0) -> bool:
    """Whether a Bolt server answers a handshake on `port` within `timeout` seconds; unlike a
    bare TCP connect, a hung (or stopped) JVM fails this, its kernel backlog notwithstanding."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            sock.settimeout(timeout)
            sock.sendall(BOLT_HANDSHAKE)
            reply = b""
            while len(reply) < 4:
                chunk = sock.recv(4 - len(reply))
                if not chunk:
                    return False
                reply += chunk
            return True
    except OSError:
        return False


def command(prepared: Prepared, home: Path, port: int, *, watch_parent: bool) -> list[str]:
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
    if watch_parent:
        args.append("--exit-with-parent")
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

    @property
    def pid(self) -> int:
        return self.process.pid

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
        self._release()

    def kill(self) -> None:
        """SIGKILL and reap: for a Neo4j that no longer answers (its store recovers on start)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self._release()

    def _release(self) -> None:
        if self.process.stdin:
            with contextlib.suppress(OSError):
                self.process.stdin.close()
        if self._pump:
            self._pump.join(timeout=5)
        if self.process.stdout:
            self.process.stdout.close()


def _pump_output(stream: IO[str], sink: IO[str], ready: threading.Event, echo: bool) -> None:
    with sink:
        for line in stream:
            sink.write(line)
            sink.flush()
            if echo:
                with contextlib.suppress(OSError, ValueError):  # our own stdout may be gone
                    sys.stdout.write(line)
                    sys.stdout.flush()
            if line.startswith(READY_PREFIX):
                ready.set()


def _launch(
    prepared: Prepared,
    home: Path,
    port: int,
    *,
    ready_timeout: float,
    cancel: threading.Event | None = None,
    echo: bool = False,
) -> LocalNeo4j:
    """Start the launcher and wait for its ready line (or failure, timeout, or `cancel`)."""
    if port_is_open(port):
        raise LocalNeo4jError(f"Port {port} on 127.0.0.1 is already in use")
    home.mkdir(parents=True, exist_ok=True)
    log_path = home / "kring-neo4j.log"
    process = subprocess.Popen(
        # Its stdin is a pipe only we hold: when we die, it sees end-of-file and shuts down.
        command(prepared, home, port, watch_parent=True),
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
        args=(process.stdout, log_path.open("a", encoding="utf-8"), ready, echo),
        name="kring-neo4j-log",
        daemon=True,
    )
    pump.start()
    server = LocalNeo4j(home=home, port=port, process=process, log_path=log_path, _pump=pump)
    deadline = time.monotonic() + ready_timeout
    try:
        while not ready.wait(0.2):
            if cancel is not None and cancel.is_set():
                server.stop(timeout=30)
                raise LocalNeo4jError("Starting the local Neo4j was cancelled")
            if process.poll() is not None or time.monotonic() > deadline:
                server.stop(timeout=10)
                tail = log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
                raise LocalNeo4jError(
                    f"The local Neo4j did not become ready; its log ends:\n{tail}"
                )
    except LocalNeo4jError:
        raise
    except BaseException:  # a signal (KeyboardInterrupt, a stop request) while we wait
        server.stop(timeout=30)
        raise
    log.info("local Neo4j ready", extra={"uri": server.uri, "store": str(home), "pid": process.pid})
    return server


def start(
    home: Path,
    port: int | None = None,
    *,
    cache_dir: Path,
    ready_timeout: float = 180.0,
    plugins: Sequence[Path] = (),
) -> LocalNeo4j:
    """Start Neo4j on 127.0.0.1:`port` (a free one if None) with its store under `home`.

    `plugins` are jars of procedures and functions (APOC for a benchmark's peer): the embedded
    DBMS compiles them from home/plugins but finds their extensions on the classpath only."""
    prepared = prepare(cache_dir)
    if plugins:
        folder = home / "plugins"
        folder.mkdir(parents=True, exist_ok=True)
        for jar in plugins:
            shutil.copyfile(jar, folder / jar.name)
        prepared = replace(
            prepared, classpath=os.pathsep.join([prepared.classpath, *map(str, plugins)])
        )
    return _launch(
        prepared,
        home,
        port if port is not None else free_port(),
        ready_timeout=ready_timeout,
    )


@dataclass(frozen=True)
class SupervisorPolicy:
    """How a supervised Neo4j is watched and restarted."""

    check_interval: float = 1.0  # how often the process is reaped-if-dead and Bolt probed
    probe_timeout: float = 3.0  # one Bolt handshake
    unresponsive_after: int = 5  # failed handshakes in a row before it is killed as hung
    backoff_initial: float = 1.0  # the first restart's delay, doubling per quick failure
    backoff_cap: float = 30.0
    stable_after: float = 60.0  # up this long, and the next restart is quick again
    ready_timeout: float = 180.0


class SupervisedNeo4j:
    """A local Neo4j that is restarted (same store, same port) whenever its process exits or
    stops answering Bolt, until stop(). The dead process is reaped, never left a zombie;
    restarts back off exponentially while it keeps failing, and every one is logged. Clients
    reconnect by themselves: the URI never changes."""

    def __init__(
        self,
        home: Path,
        port: int,
        *,
        cache_dir: Path,
        policy: SupervisorPolicy | None = None,
        echo: bool = False,
    ) -> None:
        self.home = home
        self.port = port
        self.cache_dir = cache_dir
        self.policy = policy or SupervisorPolicy()
        self.echo = echo
        self.restarts = 0
        self._prepared: Prepared | None = None
        self._current: LocalNeo4j | None = None
        self._up_since = 0.0
        self._delay = 0.0
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._monitor: threading.Thread | None = None

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    @property
    def current(self) -> LocalNeo4j | None:
        """The Neo4j process running now (None while it is being restarted)."""
        return self._current

    def start(self) -> SupervisedNeo4j:
        """Start Neo4j (raising LocalNeo4jError if it cannot), then watch it from a thread."""
        self._prepared = prepare(self.cache_dir)
        self._current = self._launch()
        self._monitor = threading.Thread(
            target=self._watch, name="kring-neo4j-supervisor", daemon=True
        )
        self._monitor.start()
        return self

    def stop(self, timeout: float = 60.0) -> None:
        """Stop watching and shut Neo4j down cleanly (a start in progress is abandoned)."""
        self._stopping.set()
        if self._monitor is not None and self._monitor is not threading.current_thread():
            self._monitor.join(timeout=timeout + self.policy.probe_timeout)
        with self._lock:
            server, self._current = self._current, None
        if server is not None:
            server.stop(timeout)

    def wait(self) -> None:
        """Block until stop() (from a signal handler or another thread)."""
        while self._monitor is not None and self._monitor.is_alive():
            self._monitor.join(0.5)

    def _launch(self) -> LocalNeo4j:
        assert self._prepared is not None
        server = _launch(
            self._prepared,
            self.home,
            self.port,
            ready_timeout=self.policy.ready_timeout,
            cancel=self._stopping,
            echo=self.echo,
        )
        self._up_since = time.monotonic()
        return server

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def _watch(self) -> None:
        try:
            self._watch_loop()
        except Exception:
            log.exception("the local Neo4j supervisor failed; Neo4j is no longer watched")

    def _watch_loop(self) -> None:
        failures = 0
        while not self._stopping.wait(self.policy.check_interval):
            server = self._current
            if server is None:
                return
            code = server.process.poll()  # reaps it if it died: no zombie is left behind
            if code is None:
                if bolt_answers(self.port, timeout=self.policy.probe_timeout):
                    failures = 0
                    continue
                failures += 1
                if failures < self.policy.unresponsive_after or self._stopping.is_set():
                    continue
                log.error(
                    "local Neo4j stopped answering Bolt; killing it",
                    extra={"pid": server.pid, "failed_probes": failures},
                )
                server.kill()
                reason = "stopped answering Bolt"
            else:
                server.stop()  # releases its pipes; the process is already reaped
                reason = f"exited with status {code}"
            failures = 0
            if not self._restart(server.pid, reason):
                return

    def _restart(self, dead_pid: int, reason: str) -> bool:
        """Start a new Neo4j, backing off while attempts fail; False once we are stopping."""
        policy = self.policy
        if time.monotonic() - self._up_since >= policy.stable_after or self._delay == 0:
            self._delay = policy.backoff_initial
        else:
            self._delay = min(self._delay * 2, policy.backoff_cap)
        with self._lock:
            self._current = None
        while True:
            log.error(
                "local Neo4j died; restarting it",
                extra={
                    "pid": dead_pid,
                    "reason": reason,
                    "delay_seconds": self._delay,
                    "restarts": self.restarts,
                    "uri": self.uri,
                },
            )
            if self._stopping.wait(self._delay):
                return False
            try:
                server = self._launch()
            except LocalNeo4jError as exc:
                if self._stopping.is_set():
                    return False
                reason = f"restart failed: {str(exc)[-500:]}"
                self._delay = min(self._delay * 2, policy.backoff_cap)
                continue
            with self._lock:
                if self._stopping.is_set():
                    abandoned = server
                else:
                    self._current, abandoned = server, None
                    self.restarts += 1
            if abandoned is not None:
                abandoned.stop()
                return False
            log.warning(
                "local Neo4j restarted",
                extra={"pid": server.pid, "restarts": self.restarts, "uri": self.uri},
            )
            return True
