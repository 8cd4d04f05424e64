"""The OpenID Connect redirect flow: to the university's provider and back."""

from __future__ import annotations

from authlib.integrations.base_client.errors import OAuthError
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from auth.cookies import set_session
from auth.tokens import issue_access_token
from graph.core.errors import NotFound
from graph.people import identities, sessions
from server.state import app_state

NO_PROVIDER = "No such identity provider."


def _refused(description: str) -> JSONResponse:
    """An OAuth 2.0 error response, as the provider's own refusals are."""
    return JSONResponse(
        {"error": "access_denied", "error_description": description}, status_code=400
    )


async def login(request: Request) -> Response:
    """GET /auth/oidc/{provider}/login: off to the provider (state, nonce and PKCE kept in
    a short-lived signed cookie)."""
    state = app_state(request)
    name = request.path_params["provider"]
    if name not in state.oidc.providers:
        raise NotFound(NO_PROVIDER)
    client = state.oidc.oauth.create_client(name)
    redirect_uri = f"{state.settings.public_url}/auth/oidc/{name}/callback"
    response: Response = await client.authorize_redirect(request, redirect_uri)
    return response


async def callback(request: Request) -> Response:
    """GET /auth/oidc/{provider}/callback: check state, code, ID token (iss, aud, exp,
    nonce); sign the person in with a cookie session."""
    state = app_state(request)
    name = request.path_params["provider"]
    provider = state.oidc.providers.get(name)
    if provider is None:
        raise NotFound(NO_PROVIDER)
    client = state.oidc.oauth.create_client(name)
    try:
        token = await client.authorize_access_token(request)
    except OAuthError as exc:
        return _refused(exc.description or exc.error or "The sign-in could not be completed.")
    except Exception as exc:
        # ID-token validation errors (signature, audience, expiry, nonce) arrive here.
        return _refused(f"The identity provider's answer was refused: {type(exc).__name__}.")
    claims = token.get("userinfo") or {}
    if not claims.get("sub") or not claims.get("iss"):
        return _refused("The identity provider sent no subject.")
    identity = identities.ExternalIdentity(
        issuer=str(claims["iss"]),
        subject=str(claims["sub"]),
        email=claims.get("email"),
        email_verified=bool(claims.get("email_verified")),
        name=claims.get("name"),
    )
    person = await identities.sign_in(
        state.graph, identity, provider.university_id, provider.roles(claims)
    )
    issued = await sessions.start(state.graph, person)
    access = issue_access_token(
        state.token_keys.signing_key(), state.token_settings, person, session=issued.family
    )
    response = RedirectResponse("/graphql", status_code=303)
    set_session(
        response,
        access,
        issued.refresh_token,
        state.token_settings.ttl_seconds,
        secure=state.settings.public_url.startswith("https://"),
    )
    return response


routes: list[BaseRoute] = [
    Route("/auth/oidc/{provider}/login", login, methods=["GET"]),
    Route("/auth/oidc/{provider}/callback", callback, methods=["GET"]),
]
