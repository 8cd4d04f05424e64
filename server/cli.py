"""The `kring` command: serve, migrate, seed-demo, neo4j, dev-token, export-schema."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Iterator

from auth.keys import load_or_create_signing_key
from auth.tokens import TokenSettings, issue_access_token
from graph import local_neo4j
from graph.database import DatabaseUnavailable, Graph, Neo4jTarget, provide_neo4j
from graph.demo import seed_demo
from graph.migrations import migrate
from graph.people import person_by_email
from server.logs import configure_logging
from server.settings import Settings, SettingsError

log = logging.getLogger("kring.cli")


class CliError(Exception):
    """A failure to report in one line, with exit status 2."""


@contextlib.contextmanager
def database(settings: Settings) -> Iterator[Neo4jTarget]:
    """The configured Neo4j; reuses a local one already running (e.g. under `make run`)."""
    with provide_neo4j(
        uri=settings.neo4j_uri,
        user=settings.neo4j_user,
        password=settings.neo4j_password,
        database=settings.neo4j_database,
        local_store=settings.neo4j_store_dir,
        local_port=settings.neo4j_local_port,
        cache_dir=settings.data_dir / "cache",
        reuse_running_local=True,
    ) as target:
        yield target


async def _prepare_graph(target: Neo4jTarget, demo: bool) -> None:
    graph = Graph.connect(target)
    try:
        applied = await migrate(graph)
        log.info("migrations up to date", extra={"applied_now": applied})
        if demo:
            counts = await seed_demo(graph)
            log.info("demo data loaded", extra={"counts": vars(counts)})
    finally:
        await graph.close()


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from server.app import create_app

    with database(settings) as target:
        asyncio.run(_prepare_graph(target, demo=args.demo))
        app = create_app(settings, target)
        log.info("serving", extra={"url": f"http://{settings.host}:{settings.port}/graphql"})
        uvicorn.run(
            app,
            host=settings.host,
            port=settings.port,
            log_config=None,
            access_log=False,
            proxy_headers=True,
            timeout_graceful_shutdown=20,
        )
    return 0


def cmd_migrate(settings: Settings, args: argparse.Namespace) -> int:
    with database(settings) as target:
        asyncio.run(_prepare_graph(target, demo=False))
    return 0


def cmd_seed_demo(settings: Settings, args: argparse.Namespace) -> int:
    with database(settings) as target:
        asyncio.run(_prepare_graph(target, demo=True))
    return 0


def cmd_neo4j(settings: Settings, args: argparse.Namespace) -> int:
    cache_dir = settings.data_dir / "cache"
    if args.prepare_only:
        local_neo4j.prepare(cache_dir)
        print("Neo4j jars resolved and launcher compiled.")
        return 0
    print(f"Starting Neo4j on bolt://127.0.0.1:{settings.neo4j_local_port}; Ctrl-C stops it.")
    return local_neo4j.run_foreground(
        settings.neo4j_store_dir, settings.neo4j_local_port, cache_dir=cache_dir
    )


async def _dev_token(
    settings: Settings, target: Neo4jTarget, email: str, scopes: tuple[str, ...]
) -> str:
    graph = Graph.connect(target)
    try:
        person = await person_by_email(graph, email)
    finally:
        await graph.close()
    if person is None:
        raise CliError(f"No person with e-mail {email!r}; load the demo with `kring seed-demo`.")
    key = load_or_create_signing_key(settings.key_dir)
    token_settings = TokenSettings(
        settings.token_issuer, settings.token_audience, settings.token_ttl_seconds
    )
    return issue_access_token(key, token_settings, person.id, scopes=scopes)


def cmd_dev_token(settings: Settings, args: argparse.Namespace) -> int:
    if not settings.development:
        raise CliError("dev-token works only with KRING_ENV=development.")
    with database(settings) as target:
        print(asyncio.run(_dev_token(settings, target, args.email, tuple(args.scope))))
    return 0


def cmd_rotate_token_key(settings: Settings, args: argparse.Namespace) -> int:
    from auth.keys import TokenKeys

    key = TokenKeys(settings.key_dir).rotate()
    print(f"New token-signing key {key.kid}; tokens signed by older keys stay valid.")
    return 0


async def _work(settings: Settings, target: Neo4jTarget) -> None:
    from graph.migrations import is_migrated
    from server.delivery import make_worker

    graph = Graph.connect(target)
    try:
        if not await is_migrated(graph):
            raise CliError("The graph is not migrated; run `kring migrate` first.")
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        async with make_worker(graph, settings) as worker:
            print(
                f"Delivery worker {worker.id} delivering; SIGTERM or Ctrl-C stops it.", flush=True
            )
            await worker.run(stop)
        print("Delivery worker stopped; deliveries in flight were recorded.", flush=True)
    finally:
        await graph.close()


def cmd_worker(settings: Settings, args: argparse.Namespace) -> int:
    with database(settings) as target:
        asyncio.run(_work(settings, target))
    return 0


async def _deliveries(target: Neo4jTarget, requeue: bool) -> str:
    from graph import deliveries

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
    serve.set_defaults(run=cmd_serve)
    sub.add_parser("migrate", help="apply schema migrations").set_defaults(run=cmd_migrate)
    sub.add_parser("seed-demo", help="migrate and load the Ghent demo").set_defaults(
        run=cmd_seed_demo
    )
    neo4j = sub.add_parser("neo4j", help="run the local Neo4j in the foreground")
    neo4j.add_argument(
        "--prepare-only", action="store_true", help="resolve jars and compile, then exit"
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
    sub.add_parser(
        "worker",
        help="deliver Web Push and e-mail notifications (run beside KRING_PUSH_WORKER=off)",
    ).set_defaults(run=cmd_worker)
    queue = sub.add_parser(
        "deliveries", help="count queued, in-flight and dead deliveries (push and e-mail)"
    )
    queue.add_argument(
        "--requeue-dead", action="store_true", help="send the dead letters again from scratch"
    )
    queue.set_defaults(run=cmd_deliveries)
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
    return result


if __name__ == "__main__":
    sys.exit(main())
