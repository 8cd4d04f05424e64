"""The `kring` command: serve, migrate, seed-demo, platform-admin, neo4j, dev-token, …"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import math
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import aiohttp

import embeddings
from auth.token_keys import load_or_create_signing_key
from auth.tokens import TokenSettings, issue_access_token
from badges.issuer_keys import IssuerKeys
from badges.transparency_log import (
    Checked,
    CredentialNotary,
    LogCheckFailed,
    read_state,
    state_text,
)
from deploy import local_neo4j
from deploy.demo import seed_demo
from deploy.neo4j_source import DatabaseUnavailable, Source, find_source, provide_neo4j
from graph.core.database import Graph, Neo4jTarget
from graph.core.errors import ServiceUnavailable
from graph.core.migrations import migrate
from graph.people.people import person_by_email
from server import metrics, runtime
from server.logs import configure_logging
from server.settings import PushWorker, Settings, SettingsError

log = logging.getLogger("kring.cli")


class CliError(Exception):
    """A failure to report in one line, with exit status 2."""


class Stopped(BaseException):  # like KeyboardInterrupt: not an Exception
    """SIGTERM or SIGHUP arrived: unwind (stopping whatever we started) and exit 0."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _raise_stopped(signum: int, frame: FrameType | None) -> None:
    raise Stopped(signum)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP unwind the main thread like Ctrl-C does (SIGINT stays
    KeyboardInterrupt), so every `finally` runs and a Neo4j we started is stopped."""
    handled = (signal.SIGTERM, signal.SIGHUP)
    previous = {sig: signal.signal(sig, _raise_stopped) for sig in handled}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _server_neo4j(settings: Settings) -> Neo4jTarget | None:
    """The Neo4j of a `kring serve` running with this data dir (its runtime file), if any."""
    running = runtime.read_live(settings.runtime_file)
    if running is None:
        return None
    log.info(
        "using the running server's Neo4j",
        extra={"uri": running.neo4j_uri, "server_pid": running.pid, "url": running.public_url},
    )
    return running.target(settings.neo4j_password.get_secret_value())


@contextlib.contextmanager
def database(
    settings: Settings, *, follow_server: bool = True, supervise: bool = False
) -> Iterator[Neo4jTarget]:
    """The Neo4j to use: a running server's (its runtime file) when `follow_server`, else the
    configured one; reuses a local one already running (e.g. under `make run`). A local Neo4j
    started here is supervised (restarted if it dies) when `supervise`."""
    if follow_server and (target := _server_neo4j(settings)) is not None:
        yield target
        return
    with provide_neo4j(
        uri=settings.neo4j_uri,
        user=settings.neo4j_user,
        password=settings.neo4j_password.get_secret_value(),
        database=settings.neo4j_database,
        local_store=settings.neo4j_store_dir,
        local_port=settings.neo4j_local_port,
        cache_dir=settings.data_dir / "cache",
        reuse_running_local=True,
        supervise=supervise,
    ) as target:
        yield target


def notary(settings: Settings) -> CredentialNotary:
    """What every Graph that may issue, revoke or validate signs its log entries with."""
    return CredentialNotary(settings.public_url, IssuerKeys(settings.key_dir))


async def _prepare_graph(target: Neo4jTarget, demo: bool, settings: Settings) -> None:
    from graph.opportunities import meaning

    embedding_model = settings.embedding_model
    graph = Graph.connect(target, notary=notary(settings))
    try:
        applied = await migrate(graph)
        log.info("migrations up to date", extra={"applied_now": applied})
        if demo:
            counts = await seed_demo(graph)
            log.info("demo data loaded", extra={"counts": vars(counts)})
            embedder = embeddings.load(embedding_model)
            done = await meaning.reembed_all(graph, embedder, embedder.dimensions, lambda *_: None)
            log.info("demo opportunities embedded", extra={"embedded": done})
    finally:
        await graph.close()


def _worker_count(settings: Settings, asked: int | None) -> int:
    # Production uses every core it may by default; development keeps one process to debug.
    if asked is not None:
        return asked
    return 1 if settings.development else available_cpus()


def available_cpus(cgroup: Path = Path("/sys/fs/cgroup")) -> int:
    """The CPUs this process may use: its affinity, capped by its cgroup's CPU quota (a
    container's limit), which os.cpu_count() ignores: a plain `docker run --cpus 2` on a
    32-core host would otherwise start 32 server processes."""
    count = len(os.sched_getaffinity(0))
    quota = _cgroup_cpu_quota(cgroup)
    return max(1, min(count, math.ceil(quota))) if quota is not None else max(1, count)


def _cgroup_cpu_quota(cgroup: Path) -> float | None:
    """CPUs' worth of time per period the cgroup allows (v2 `cpu.max`, else v1), or None."""
    try:
        limit, period = (cgroup / "cpu.max").read_text().split()[:2]  # "max 100000" or "…"
        return None if limit == "max" else int(limit) / int(period)
    except (OSError, ValueError):
        pass
    for v1 in (cgroup / "cpu", cgroup / "cpu,cpuacct"):
        try:
            microseconds = int((v1 / "cpu.cfs_quota_us").read_text())
            per = int((v1 / "cpu.cfs_period_us").read_text())
        except (OSError, ValueError):
            continue
        return microseconds / per if microseconds > 0 and per > 0 else None
    return None


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from server.app import create_app

    workers = _worker_count(settings, args.workers)
    with stop_on_signals(), database(settings, follow_server=False, supervise=True) as target:
        asyncio.run(_prepare_graph(target, args.demo, settings))
        if workers > 1:
            return _serve_processes(settings, target, workers)
        app = create_app(settings, target)
        server = uvicorn.Server(uvicorn.Config(app, **_uvicorn_options(settings)))

        def hang_up(signum: int, frame: FrameType | None) -> None:
            # Shut down as gracefully as on SIGTERM (uvicorn handles only TERM and INT).
            server.handle_exit(signal.SIGTERM, frame)

        log.info("serving", extra={"url": f"http://{settings.host}:{settings.port}/graphql"})
        previous = signal.signal(signal.SIGHUP, hang_up)
        try:
            with runtime.published(settings, target):
                # After a graceful shutdown uvicorn raises the signal it caught again: that
                # ends up as Stopped (or KeyboardInterrupt) here, and the Neo4j is stopped.
                server.run()
        finally:
            signal.signal(signal.SIGHUP, previous)
        if not server.started:
            raise CliError(f"The server could not start on {settings.host}:{settings.port}.")
    return 0


def _uvicorn_options(settings: Settings) -> dict[str, Any]:
    return {
        "host": settings.host,
        "port": settings.port,
        "log_config": None,
        "access_log": False,
        "proxy_headers": True,
        "timeout_graceful_shutdown": 20,
    }


def _serve_processes(settings: Settings, target: Neo4jTarget, workers: int) -> int:
    """`workers` server processes on one socket, supervised by uvicorn: a dead one is replaced,
    SIGHUP replaces each in turn (the new one serving before the old one stops), TERM/INT
    stop all gracefully. Notifications are delivered by one separate worker process."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    # The processes read their configuration from the environment, as the parent did, and
    # use the database the parent found (perhaps a local one it started).
    os.environ.update(
        {
            "NEO4J_URI": target.uri,
            "NEO4J_USER": target.user,
            "NEO4J_PASSWORD": target.password,
            "NEO4J_DATABASE": target.database,
            SERVED_SOURCE: target.source,
        }
    )
    embedded = settings.push_worker is PushWorker.EMBEDDED
    os.environ["KRING_PUSH_WORKER"] = PushWorker.OFF.value
    config = uvicorn.Config(
        "server.cli:app_from_environment",
        factory=True,
        workers=workers,
        # A new process imports the whole app before it can answer the supervisor's ping:
        # seconds on a busy machine, and it must not be killed for that.
        timeout_worker_healthcheck=60,
        **_uvicorn_options(settings),
    )
    socket = config.bind_socket()
    with contextlib.ExitStack() as stack:
        if settings.metrics_port is not None:
            # The processes write their samples to a shared directory; this one serves the sum.
            os.environ.pop("KRING_METRICS_PORT", None)
            registry = stack.enter_context(metrics.shared_by_processes())
            stack.enter_context(
                metrics.exposed(settings.metrics_host, settings.metrics_port, registry)
            )
        deliverer = (
            subprocess.Popen([sys.executable, "-m", "server.cli", "worker", "--stop-with-parent"])
            if embedded
            else None
        )
        log.info(
            "serving",
            extra={"url": f"http://{settings.host}:{settings.port}/graphql", "workers": workers},
        )
        try:
            with runtime.published(settings, target):
                Multiprocess(config, sockets=[socket]).run()
        finally:
            socket.close()
            if deliverer is not None:
                deliverer.terminate()
                deliverer.wait(30)
    return 0


# Tells a server process where its parent's Neo4j came from (for the log line only).
SERVED_SOURCE = "KRING_NEO4J_SOURCE"


def stop_with_parent() -> None:
    """Stop this process (SIGTERM to itself: gracefully where it is handled) once the process
    that started it is gone: a `kring serve --workers N` killed outright (SIGKILL, the OOM
    killer) cannot stop its server processes and delivery worker, which would serve on."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="kring-parent-watch", daemon=True).start()


def app_from_environment() -> Any:
    """The app of one of `kring serve --workers N`'s processes (uvicorn imports it by name)."""
    from server.app import create_app

    stop_with_parent()

    settings = Settings.from_env()
    configure_logging(settings.log_level)
    target = Neo4jTarget(
        uri=str(settings.neo4j_uri),
        user=settings.neo4j_user,
        password=settings.neo4j_password.get_secret_value(),
        database=settings.neo4j_database,
        source=os.environ.get(SERVED_SOURCE, "NEO4J_URI"),
    )
    return create_app(settings, target)


def cmd_migrate(settings: Settings, args: argparse.Namespace) -> int:
    with database(settings) as target:
        asyncio.run(_prepare_graph(target, False, settings))
    return 0


def cmd_seed_demo(settings: Settings, args: argparse.Namespace) -> int:
    with database(settings) as target:
        asyncio.run(_prepare_graph(target, True, settings))
    return 0


async def _platform_admin(target: Neo4jTarget, email: str, grant: bool) -> str:
    from graph.core.errors import KringError
    from graph.core.migrations import is_migrated
    from graph.people.platform_admins import set_platform_admin

    graph = Graph.connect(target)
    try:
        # The account exists only once `kring serve` ran: granting never changes a schema.
        if not await is_migrated(graph):
            raise CliError("The graph is not migrated; run `kring migrate` first.")
        change = await set_platform_admin(graph, email, grant)
    except KringError as exc:
        raise CliError(exc.message) from None
    finally:
        await graph.close()
    who = f"{change.name} <{email.strip().lower()}>"
    if not change.changed:
        return f"{who} {'already is' if grant else 'is not'} a platform admin; nothing changed."
    if grant:
        return f"{who} is now a platform admin: they add universities at /universities/new."
    return f"{who} is no longer a platform admin."


def cmd_platform_admin(settings: Settings, args: argparse.Namespace) -> int:
    with database(settings) as target:
        print(asyncio.run(_platform_admin(target, args.email, not args.revoke)))
    return 0


def cmd_neo4j(settings: Settings, args: argparse.Namespace) -> int:
    cache_dir = settings.data_dir / "cache"
    if args.prepare_only:
        # `make run` and `make test` prepare the launcher only if they are going to start it,
        # so that a JDK and Maven are needed only then.
        choice = find_source(settings.neo4j_uri)
        if choice.source is not Source.LOCAL_LAUNCHER:
            print(f"Skipping the local Neo4j's jars: {choice.why}.")
            return 0
        print(f"Preparing the local Neo4j: {choice.why}.", flush=True)
        local_neo4j.prepare(cache_dir)
        print("Neo4j jars resolved and launcher compiled.")
        return 0
    print(
        f"Starting Neo4j on bolt://127.0.0.1:{settings.neo4j_local_port} "
        "(restarted if it dies); Ctrl-C stops it.",
        flush=True,
    )
    server = local_neo4j.SupervisedNeo4j(
        settings.neo4j_store_dir, settings.neo4j_local_port, cache_dir=cache_dir, echo=True
    )
    with stop_on_signals():
        try:
            server.start()
            server.wait()
            if not server.stopping:
                raise CliError("The Neo4j supervisor failed (see the log above); stopping Neo4j.")
        finally:
            server.stop()
    return 0


async def _dev_token(
    settings: Settings,
    target: Neo4jTarget,
    token_settings: TokenSettings,
    email: str,
    scopes: tuple[str, ...],
) -> str:
    graph = Graph.connect(target, patience=10.0)
    try:
        person = await person_by_email(graph, email)
    except ServiceUnavailable:
        raise CliError(
            f"The database at {target.uri} ({target.source}) does not answer; "
            "is it running? Try again in a few seconds."
        ) from None
    except Exception as exc:
        raise CliError(f"Reading {target.uri} ({target.source}) failed: {exc}") from None
    finally:
        await graph.close()
    if person is None:
        raise CliError(f"No person with e-mail {email!r}; load the demo with `kring seed-demo`.")
    key = load_or_create_signing_key(settings.key_dir)
    return issue_access_token(key, token_settings, person.id, scopes=scopes)


def _standalone_neo4j(settings: Settings) -> Neo4jTarget:
    """With no server running: NEO4J_URI, or a local Neo4j already up; never starting one
    (a token is for a running server, and starting a database would take a minute)."""
    if settings.neo4j_uri:
        return Neo4jTarget(
            settings.neo4j_uri,
            settings.neo4j_user,
            settings.neo4j_password.get_secret_value(),
            settings.neo4j_database,
            source=Source.NEO4J_URI.value,
        )
    port = settings.neo4j_local_port
    if local_neo4j.port_is_open(port):
        url = f"bolt://127.0.0.1:{port}"
        return Neo4jTarget(url, "neo4j", "", "neo4j", source=Source.RUNNING_LOCAL.value)
    raise CliError(
        f"No Kring server is running with this data directory ({settings.data_dir}: no live "
        f"{settings.runtime_file.name}) and no Neo4j answers on bolt://127.0.0.1:{port}. "
        "Start the server first (`make run`, or `kring serve` with the same KRING_DATA_DIR), "
        "or set NEO4J_URI to the database it uses."
    )


def cmd_dev_token(settings: Settings, args: argparse.Namespace) -> int:
    if not settings.development:
        raise CliError("dev-token works only with KRING_ENV=development.")
    running = runtime.read_live(settings.runtime_file)
    if running is not None:
        # The running server's issuer and audience, whatever this shell's KRING_PORT says.
        if running.env != "development":
            raise CliError(
                f"The server running with this data directory (pid {running.pid}, "
                f"{running.public_url}) is not in development mode; dev-token is refused."
            )
        target = running.target(settings.neo4j_password.get_secret_value())
        issuer, audience = running.issuer, running.token_audience
    else:
        target = _standalone_neo4j(settings)
        issuer, audience = settings.token_issuer, settings.token_audience
    token_settings = TokenSettings(issuer, audience, settings.token_ttl_seconds)
    print(asyncio.run(_dev_token(settings, target, token_settings, args.email, tuple(args.scope))))
    return 0


def cmd_rotate_token_key(settings: Settings, args: argparse.Namespace) -> int:
    from auth.token_keys import TokenKeys

    key = TokenKeys(settings.key_dir).rotate()
    print(f"New token-signing key {key.kid}; tokens signed by older keys stay valid.")
    return 0


async def _work(settings: Settings, target: Neo4jTarget) -> None:
    from graph.core.migrations import is_migrated
    from server.delivery import make_worker

    graph = Graph.connect(target, notary=notary(settings))
    try:
        if not await is_migrated(graph):
            raise CliError("The graph is not migrated; run `kring migrate` first.")
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        with metrics.exposed(settings.metrics_host, settings.metrics_port):
            async with make_worker(graph, settings) as worker:
                print(
                    f"Delivery worker {worker.id} delivering; SIGTERM or Ctrl-C stops it.",
                    flush=True,
                )
                await worker.run(stop)
        metrics.forget_this_process()
        print("Delivery worker stopped; deliveries in flight were recorded.", flush=True)
    finally:
        await graph.close()


def cmd_worker(settings: Settings, args: argparse.Namespace) -> int:
    if args.stop_with_parent:
        stop_with_parent()
    with database(settings) as target:
        asyncio.run(_work(settings, target))
    return 0


async def _deliveries(target: Neo4jTarget, requeue: bool) -> str:
    from graph.notifications import deliveries

    graph = Graph.connect(target)
    try:
        requeued = await deliveries.requeue_dead(graph) if requeue else 0
        counts = await deliveries.queue_counts(graph)
    finally:
        await graph.close()
    lines = [f"requeued {requeued} dead letters"] if requeue else []
    for state in ("PENDING", "SENDING", "DEAD"):
        lines.append(f"{state.lower()}: {counts.get(state, 0)}")
    return "\n".join(lines)


def cmd_deliveries(settings: Settings, args: argparse.Namespace) -> int:
    with database(settings) as target:
        print(asyncio.run(_deliveries(target, args.requeue_dead)))
    return 0


async def reembed_with_progress(target: Neo4jTarget, embedder: embeddings.Encoder) -> int:
    """Migrate, then embed what is missing or stale, with a progress bar (also the bench's)."""
    from rich.progress import Progress

    from graph.opportunities import meaning

    graph = Graph.connect(target)
    try:
        await migrate(graph)
        with Progress() as bar:
            task = bar.add_task(f"Embedding opportunities with {embedder.model}", total=None)
            return await meaning.reembed_all(
                graph,
                embedder,
                embedder.dimensions,
                lambda done, total: bar.update(task, completed=done, total=total),
            )
    finally:
        await graph.close()


def cmd_reembed(settings: Settings, args: argparse.Namespace) -> int:
    with database(settings) as target:
        embedder = embeddings.load(settings.embedding_model)
        done = asyncio.run(reembed_with_progress(target, embedder))
    print(f"embedded {done} opportunities")
    return 0


async def _peer_sweep(settings: Settings, target: Neo4jTarget) -> str:
    from graph.peer_assessment import assignment

    graph = Graph.connect(target, notary=notary(settings))
    try:
        await migrate(graph)
        report = await assignment.sweep(graph)
    finally:
        await graph.close()
    return f"expired reviews on {report.expired} submissions; assigned {report.assigned} reviewers"


def cmd_peer_sweep(settings: Settings, args: argparse.Namespace) -> int:
    with database(settings) as target:
        print(asyncio.run(_peer_sweep(settings, target)))
    return 0


async def _log_sign(settings: Settings, target: Neo4jTarget) -> str:
    from badges.transparency_log import sign_tree_head

    graph = Graph.connect(target)
    try:
        await migrate(graph)
        head = await sign_tree_head(graph, settings.public_url, IssuerKeys(settings.key_dir))
    finally:
        await graph.close()
    assert head is not None
    return f"signed the tree head of {head.tree_size} entries (root {head.root_hash.hex()})"


async def _log_verify(base_url: str, earlier: tuple[int, bytes] | None) -> Checked:
    from badges.transparency_log import check_log

    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(timeout=timeout) as session:

        async def fetch(path: str) -> Any:
            url = base_url + path
            async with session.get(url, headers={"Accept": "application/json"}) as answer:
                if answer.status != 200:
                    raise LogCheckFailed(f"GET {path} answered {answer.status}.")
                return await answer.json(content_type=None)

        return await check_log(fetch, base_url, earlier)


def _verified(checked: Checked) -> str:
    consistent = (
        f"; consistent with the {checked.consistent_with} entries checked before"
        if checked.consistent_with is not None
        else ""
    )
    return (
        f"log verified: {checked.tree_size} entries, every leaf, root, signature and "
        f"inclusion proof checks out{consistent}"
    )


def cmd_log(settings: Settings, args: argparse.Namespace) -> int:
    if args.log_command == "sign":
        with database(settings) as target:
            print(asyncio.run(_log_sign(settings, target)))
        return 0
    base_url = str(args.base_url).rstrip("/")
    state: Path | None = args.state
    try:
        earlier = read_state(state.read_text()) if state is not None and state.exists() else None
        checked = asyncio.run(_log_verify(base_url, earlier))
        if state is not None:
            state.write_text(state_text(checked))
        print(_verified(checked))
    except (LogCheckFailed, aiohttp.ClientError, ValueError) as exc:
        print(f"kring: the transparency log does not check out: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_vapid_key(settings: Settings, args: argparse.Namespace) -> int:
    from notifications.vapid import application_server_key, load_vapid

    print(application_server_key(load_vapid(settings.key_dir)))
    return 0


def cmd_export_schema(settings: Settings, args: argparse.Namespace) -> int:
    from server.graphql.schema import build_schema

    sys.stdout.write(build_schema().as_str() + "\n")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kring", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="migrate, then serve the API")
    serve.add_argument("--demo", action="store_true", help="load the Ghent demo first")
    serve.add_argument(
        "--workers",
        type=int,
        choices=range(1, 65),
        metavar="N",
        help="server processes (default: the CPU count in production, 1 in development); "
        "SIGHUP then replaces them one by one",
    )
    serve.set_defaults(run=cmd_serve)
    sub.add_parser("migrate", help="apply schema migrations").set_defaults(run=cmd_migrate)
    sub.add_parser("seed-demo", help="migrate and load the Ghent demo").set_defaults(
        run=cmd_seed_demo
    )
    admin = sub.add_parser(
        "platform-admin",
        help="make an account a platform admin (who adds universities), or --revoke it",
    )
    admin.add_argument("email", help="the e-mail address of an existing account")
    admin.add_argument(
        "--revoke", action="store_true", help="no longer a platform admin (never the last one)"
    )
    admin.set_defaults(run=cmd_platform_admin)
    neo4j = sub.add_parser("neo4j", help="run the local Neo4j in the foreground")
    neo4j.add_argument(
        "--prepare-only",
        action="store_true",
        help="resolve jars and compile, then exit; skipped when NEO4J_URI is set or a Docker "
        "engine answers (the local Neo4j would not be used)",
    )
    neo4j.set_defaults(run=cmd_neo4j)
    token = sub.add_parser("dev-token", help="print an access token for a demo user")
    token.add_argument("--email", required=True)
    token.add_argument(
        "--scope",
        action="append",
        default=[],
        help="an OAuth scope to grant (repeatable), e.g. for the OB 3.0 API",
    )
    token.set_defaults(run=cmd_dev_token)
    sub.add_parser(
        "rotate-token-key", help="start signing access tokens with a new key"
    ).set_defaults(run=cmd_rotate_token_key)
    worker = sub.add_parser(
        "worker",
        help="deliver Web Push and e-mail notifications (run beside KRING_PUSH_WORKER=off)",
    )
    worker.add_argument(
        "--stop-with-parent",
        action="store_true",
        help="stop when the process that started it is gone (used by kring serve --workers)",
    )
    worker.set_defaults(run=cmd_worker)
    queue = sub.add_parser(
        "deliveries", help="count queued, in-flight and dead deliveries (push and e-mail)"
    )
    queue.add_argument(
        "--requeue-dead", action="store_true", help="send the dead letters again from scratch"
    )
    queue.set_defaults(run=cmd_deliveries)
    sub.add_parser(
        "reembed",
        help="embed every opportunity whose vector is missing or from another model "
        "(after changing KRING_EMBEDDING_MODEL); search keeps working meanwhile",
    ).set_defaults(run=cmd_reembed)
    sub.add_parser(
        "peer-sweep",
        help="expire overdue peer reviews and assign reviewers to waiting portfolios "
        "(the worker does this every few minutes)",
    ).set_defaults(run=cmd_peer_sweep)
    log_parser = sub.add_parser("log", help="the transparency log: sign a tree head, or verify")
    log_sub = log_parser.add_subparsers(dest="log_command", required=True)
    log_sub.add_parser("sign", help="sign and publish the log's current tree head")
    verify = log_sub.add_parser(
        "verify", help="check a Kring's whole log through its public endpoints only"
    )
    verify.add_argument("--base-url", required=True, help="e.g. https://kring.example")
    verify.add_argument(
        "--state", type=Path, help="a file keeping the last checked tree head (consistency)"
    )
    log_parser.set_defaults(run=cmd_log)
    sub.add_parser(
        "vapid-key", help="print the VAPID public key (created once in the key directory)"
    ).set_defaults(run=cmd_vapid_key)
    sub.add_parser("export-schema", help="print the GraphQL SDL").set_defaults(
        run=cmd_export_schema
    )
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        print(f"kring: configuration error: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level)
    try:
        result: int = args.run(settings, args)
    except (CliError, DatabaseUnavailable, local_neo4j.LocalNeo4jError) as exc:
        print(f"kring: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Stopped:
        return 0  # stopped as asked, cleanly
    return result


if __name__ == "__main__":
    sys.exit(main())
