"""Resources the app creates in its lifespan, reached through typed request state."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import HTTPConnection

from auth.oidc import OidcClients
from auth.session_gate import SessionGate
from auth.token_keys import TokenKeys
from auth.tokens import TokenSettings
from badges.verification import ProofChecker
from embeddings import Encoder
from graph.core.database import Graph
from notifications.live import LiveFeed
from notifications.mail import MailSender
from server.settings import Settings


@dataclass(frozen=True)
class AppState:
    settings: Settings
    graph: Graph
    token_keys: TokenKeys
    token_settings: TokenSettings
    mail: MailSender
    oidc: OidcClients
    push_public_key: str  # VAPID application server key, for pushManager.subscribe
    proofs: ProofChecker  # checks untrusted credentials' proofs off the event loop, bounded
    sessions: SessionGate  # whether an access token's session still stands
    embedder: Encoder  # discovery's sentence-embedding model (KRING_EMBEDDING_MODEL)
    live: LiveFeed  # this replica's one reader of new notifications, for all its subscribers


def app_state(conn: HTTPConnection) -> AppState:
    state: AppState = conn.state.kring
    return state
