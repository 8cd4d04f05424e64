"""The per-request GraphQL context: who is calling and the resources to serve them."""

from __future__ import annotations

from dataclasses import dataclass

import strawberry
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket

from auth.identity import Caller
from auth.session_gate import SessionGate
from badges.verification import ProofChecker
from embeddings import Encoder
from graph.core.database import Graph
from graph.core.errors import Unauthenticated
from notifications.live import LiveFeed
from server.graphql.loaders import Loaders
from server.settings import Settings


@dataclass
class Context:
    request: Request | WebSocket
    response: Response | None
    graph: Graph
    settings: Settings
    push_public_key: str
    proofs: ProofChecker
    sessions: SessionGate
    caller: Caller | None
    loaders: Loaders
    embedder: Encoder
    live: LiveFeed
    # graphql-transport-ws: the payload of connection_init (see KringGraphQL.on_ws_connect).
    connection_params: dict[str, object] | None = None

    @property
    def actor_id(self) -> str | None:
        return self.caller.person_id if self.caller else None

    def require_caller(self) -> Caller:
        if self.caller is None:
            raise Unauthenticated("Sign in to do this.")
        return self.caller


Info = strawberry.Info[Context, None]
