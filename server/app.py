"""The Starlette application: routes, middleware and the lifespan that owns resources."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any, cast

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.applications import Starlette
from starlette.authentication import (
    AuthCredentials,
    AuthenticationBackend,
    AuthenticationError,
    BaseUser,
)
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Match, Route, WebSocketRoute
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.base import BaseRequestProtocol
from strawberry.schema import BaseSchema
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import SubscribeMessage
from strawberry.types.unset import UNSET, UnsetType

import embeddings
from auth.backend import BearerTokenBackend, SessionCheckUnavailable, caller_from_header
from auth.identity import session_caller
from auth.oidc import parse_providers, registry
from auth.session_gate import SessionGate
from auth.token_keys import TokenKeys, bookmark_secret, session_secret
from auth.tokens import TokenSettings
from badges.issuer_keys import IssuerKeys
from badges.proof_workers import ProofWorkers
from badges.transparency_log import CredentialNotary
from graph.core.database import Graph, Neo4jTarget
from graph.core.errors import ErrorCode, KringError, Unauthenticated
from notifications.live import LiveFeed
from notifications.vapid import application_server_key, load_vapid
from server import metrics
from server.bookmarks import CausalConsistency
from server.csrf import CsrfMiddleware
from server.delivery import mail_sender, running_worker
from server.evidence_store import MAX_EVIDENCE_BYTES
from server.graphql.context import Context
from server.graphql.documents import DocumentCache, PersistedDocuments
from server.graphql.loaders import build_loaders
from server.graphql.schema import build_schema
from server.http_errors import (
    EXCEPTION_HANDLERS,
    RETRY_AFTER_SECONDS,
    error_document,
    error_response,
    retry_after,
)
from server.idempotent_requests import IdempotentRequests
from server.limits import BodyLimitMiddleware
from server.logs import RequestIdMiddleware
from server.routes import (
    auth,
    auth_oidc,
    badge_images,
    competencies,
    credentials,
    europass,
    evidence,
    graphiql,
    health,
    learner_api,
    oauth,
    ob2_hosted,
    organisations,
    portfolios,
    sharing,
    transparency_log,
    web,
)
from server.routes.credentials import MAX_VERIFY_BYTES
from server.routes.graphiql import render_ide
from server.settings import PushWorker, Settings
from server.state import AppState, app_state

log = logging.getLogger(__name__)


NO_ACK_PAYLOAD = cast("UnsetType", UNSET)


class PersistedSubscriptions(BaseGraphQLTransportWSHandler[Context, None]):
    """graphql-transport-ws with persisted documents: a subscribe message's hash becomes
    its text before strawberry sees it, or the operation gets an error saying why not."""

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        payload = message.get("payload")
        if not self.connection_acknowledged or not isinstance(payload, dict):
            await super().handle_subscribe(message)  # strawberry refuses it in its own way
            return
        documents = cast("KringGraphQL", self.view).documents
        try:
            text = documents.text_for(payload.get("query"), payload.get("extensions"))
        except KringError as exc:
            errors = error_document(exc.message, exc.code)["errors"]
            await self.send_message({"id": message["id"], "type": "error", "payload": errors})
            return
        await super().handle_subscribe({**message, "payload": {**payload, "query": text or ""}})

    async def run_operation(self, operation: Any) -> None:
        """Counted as open (/metrics) for as long as it runs."""
        metrics.SUBSCRIPTIONS.inc()
        try:
            await super().run_operation(operation)
        finally:
            metrics.SUBSCRIPTIONS.dec()


class KringGraphQL(GraphQL[Context, None]):
    graphql_transport_ws_handler_class = PersistedSubscriptions

    def __init__(
        self, schema: BaseSchema, documents: PersistedDocuments, *, development: bool
    ) -> None:
        # graphql-transport-ws only: the older graphql-ws protocol would bypass the
        # persisted-document checks, and nothing of Kring's speaks it.
        super().__init__(
            schema,
            graphql_ide="graphiql" if development else None,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
        )
        self.documents = documents

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Requests GraphQL cannot even read (bad JSON, a wrong method) leave in the error
        contract's shape too, not as strawberry's plain text."""
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        try:
            response = await self.run(Request(scope=scope, receive=receive))
        except HTTPException as exc:
            metrics.count_error(ErrorCode.BAD_REQUEST)
            response = error_response(exc.reason, ErrorCode.BAD_REQUEST, status=exc.status_code)
        except KringError as exc:  # a persisted document refused (PersistedDocuments)
            metrics.count_error(exc.code)
            response = error_response(exc.message, exc.code)
        await response(scope, receive, send)

    def should_render_graphql_ide(self, request: BaseRequestProtocol) -> bool:
        """A GET carrying a persisted hash is an operation, not a visit to GraphiQL."""
        return "extensions" not in request.query_params and super().should_render_graphql_ide(
            request
        )

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        """Each operation's text, from its persisted hash where it sends one."""
        data = await super().parse_http_body(request)
        for operation in data if isinstance(data, list) else [data]:
            operation.query = self.documents.text_for(operation.query, operation.extensions)
        return data

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        """A database out of reach is 503 with Retry-After, not a 200 carrying an error."""
        response = super().create_response(response_data, sub_response)
        results = response_data if isinstance(response_data, list) else [response_data]
        codes = {
            str(e.get("extensions", {}).get("code"))
            for result in results
            for e in cast("list[dict[str, Any]]", result.get("errors") or [])
        }
        if ErrorCode.SERVICE_UNAVAILABLE in codes:
            response.status_code = 503
            response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    def decode_json(self, data: str | bytes) -> object:
        try:
            return super().decode_json(data)
        except RecursionError:
            # Nested thousands deep: refused as unreadable rather than crashing the parser.
            raise json.JSONDecodeError("nested too deeply", "", 0) from None

    async def render_graphql_ide(self, request: Request) -> Response:
        """GraphiQL from Kring's own files (server/routes/graphiql.py), not from a CDN."""
        return render_ide()

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """Subscriptions authenticate at connection_init: {"Authorization": "Bearer …"}."""
        params = context.connection_params or {}
        header = params.get("Authorization") or params.get("authorization")
        if header is None:
            return NO_ACK_PAYLOAD  # the handshake's cookie or header, if any, decided
        state = app_state(context.request)
        try:
            caller = caller_from_header(
                str(header), state.token_keys, state.token_settings, state.sessions
            )
        except Unauthenticated as exc:
            raise ConnectionRejectionError(
                {"message": exc.message, "code": ErrorCode.UNAUTHENTICATED.value}
            ) from None
        context.caller = session_caller(caller)
        return NO_ACK_PAYLOAD

    async def get_context(self, request: Request | WebSocket, response: Any) -> Context:
        state = app_state(request)
        return Context(
            request=request,
            response=response if isinstance(response, Response) else None,
            graph=state.graph,
            settings=state.settings,
            push_public_key=state.push_public_key,
            proofs=state.proofs,
            sessions=state.sessions,
            caller=session_caller(request.scope.get("user")),
            loaders=build_loaders(state.graph),
            embedder=state.embedder,
            live=state.live,
        )


class WebAppAnonymous(AuthenticationBackend):
    """The web app's pages and files are the same for everyone, so they are served without
    looking at the session cookie: a stale one must not stop the app loading to refresh it.
    Under /auth/ a session cookie that no longer stands counts as none."""

    def __init__(
        self,
        backend: AuthenticationBackend,
        server_routes: Sequence[BaseRoute],
        web_routes: Sequence[BaseRoute],
    ) -> None:
        self.backend = backend
        self.server_routes = server_routes
        self.web_routes = web_routes

    def _web_only(self, scope: Scope) -> bool:
        if scope["method"] not in {"GET", "HEAD"}:
            return False
        if not any(r.matches(scope)[0] is Match.FULL for r in self.web_routes):
            return False
        # A path the server answers too is the server's, and authenticated as ever.
        return not any(r.matches(scope)[0] is not Match.NONE for r in self.server_routes)

    async def authenticate(self, conn: HTTPConnection) -> tuple[AuthCredentials, BaseUser] | None:
        if conn.scope["type"] == "http" and self._web_only(conn.scope):
            return None
        if conn.url.path in oauth.CLIENT_PATHS:
            return None  # OAuth clients authenticate themselves there (HTTP Basic, a secret)
        try:
            return await self.backend.authenticate(conn)
        except AuthenticationError:
            # Signing in and out judge their own credentials (a password, the refresh
            # token): a session cookie ended elsewhere must not stop a browser from signing
            # in again, or from signing out and so losing the dead cookies.
            if conn.url.path.startswith("/auth/") and "authorization" not in conn.headers:
                return None
            raise


def unauthenticated(conn: HTTPConnection, exc: AuthenticationError) -> Response:
    """A bad token is an error the client must see, in the GraphQL error shape."""
    if isinstance(exc, SessionCheckUnavailable):
        code = ErrorCode.SERVICE_UNAVAILABLE
        return error_response(str(exc), code, headers=retry_after(code))
    return error_response(
        str(exc),
        ErrorCode.UNAUTHENTICATED,
        headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
    )


def create_app(settings: Settings, target: Neo4jTarget) -> Starlette:
    """Build the app for one Neo4j; the driver opens and closes with the lifespan."""
    mail = mail_sender(settings)
    oidc = registry(parse_providers(settings.oidc_providers.get_secret_value()))
    token_keys = TokenKeys(settings.key_dir)
    token_keys.signing_key()  # made now, not on the first request
    push_public_key = application_server_key(load_vapid(settings.key_dir))
    token_settings = TokenSettings(
        issuer=settings.token_issuer,
        audience=settings.token_audience,
        ttl_seconds=settings.token_ttl_seconds,
    )
    gate = SessionGate(settings.token_ttl_seconds)
    live = LiveFeed()
    embedder = embeddings.load(settings.embedding_model)  # a second or two: now, not later
    document_cache = DocumentCache(settings.graphql_document_cache)
    schema = build_schema(
        max_depth=settings.graphql_max_depth,
        max_aliases=settings.graphql_max_aliases,
        max_tokens=settings.graphql_max_tokens,
        introspection=settings.introspection,
        documents=document_cache,
    )
    web_routes = web.routes
    # The hashes the web app sends are those of the build it was served from.
    documents = PersistedDocuments(
        manifest=lambda: web.documents_of(web_routes),
        trusted=settings.graphql_trusted_documents,
    )
    graphql = KringGraphQL(schema, documents, development=settings.development)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, AppState]]:
        graph = Graph.connect(
            target,
            notary=CredentialNotary(settings.public_url, IssuerKeys(settings.key_dir)),
        )
        log.info("connected to Neo4j", extra={"source": target.source, "uri": target.uri})
        proofs = ProofWorkers(
            settings.public_url,
            settings.key_dir,
            settings.verify_workers,
            settings.verify_timeout_seconds,
        )
        state = AppState(
            settings,
            graph,
            token_keys,
            token_settings,
            mail,
            oidc,
            push_public_key,
            proofs,
            gate,
            embedder,
            live,
        )
        with contextlib.suppress(Exception):
            # A database still starting (or down) is caught up with by `follow`.
            await asyncio.wait_for(gate.refresh(graph), timeout=2)
        stop = asyncio.Event()
        following = asyncio.create_task(gate.follow(graph, stop), name="kring-session-feed")
        reading = asyncio.create_task(live.follow(graph, stop), name="kring-live-notifications")
        try:
            with metrics.exposed(settings.metrics_host, settings.metrics_port):
                if settings.push_worker is PushWorker.EMBEDDED:
                    async with running_worker(graph, settings, mail):
                        yield {"kring": state}
                else:
                    yield {"kring": state}
        finally:
            metrics.forget_this_process()
            stop.set()
            for task in (following, reading):
                task.cancel()  # even mid-read of a database that is away
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            proofs.close()
            await graph.close()

    server_routes: list[BaseRoute] = [
        *health.routes,
        *auth.routes,
        *auth_oidc.routes,
        Route("/graphql", IdempotentRequests(graphql), methods=["GET", "POST"]),
        *graphiql.routes,
        *badge_images.routes,
        *credentials.routes,
        *europass.routes,
        *learner_api.routes,
        *oauth.routes,
        *ob2_hosted.routes,
        *competencies.routes,
        *evidence.routes,
        *sharing.routes,
        *portfolios.routes,
        *organisations.routes,
        *transparency_log.routes,
        WebSocketRoute("/graphql", graphql),
    ]
    app = Starlette(
        debug=False,
        exception_handlers=EXCEPTION_HANDLERS,
        # The web app last: a path both answer stays the server's.
        routes=[*server_routes, *web_routes],
        middleware=[
            Middleware(RequestIdMiddleware),
            Middleware(CausalConsistency, secret=bookmark_secret(settings.key_dir)),
            Middleware(
                BodyLimitMiddleware,
                default_bytes=settings.max_body_bytes,
                by_path={
                    # Its own limit, answered in its own words up to a little past it.
                    r"/claims/[^/]+/evidence": MAX_EVIDENCE_BYTES + 64 * 1024,
                    r"/verify": MAX_VERIFY_BYTES,
                },
            ),
            Middleware(CsrfMiddleware, exempt=oauth.CLIENT_PATHS),
            # Holds OIDC state, nonce and PKCE verifier between redirect and callback only.
            Middleware(
                SessionMiddleware,
                secret_key=session_secret(settings.key_dir),
                session_cookie="kring_oidc",
                max_age=600,
                same_site="lax",
                https_only=settings.public_url.startswith("https://"),
            ),
            Middleware(
                AuthenticationMiddleware,
                backend=WebAppAnonymous(
                    BearerTokenBackend(token_keys, token_settings, gate),
                    server_routes,
                    web_routes,
                ),
                on_error=unauthenticated,
            ),
        ],
        lifespan=lifespan,
    )
    app.state.document_cache = document_cache  # for tests and operators to look at
    return app
