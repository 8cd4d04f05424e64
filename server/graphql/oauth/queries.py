"""The consent screen's question, and the learner's connected apps (only their own)."""

from __future__ import annotations

from functools import partial
from urllib.parse import parse_qs

import strawberry
from authlib.oauth2.rfc6749 import OAuth2Error

from auth import oauth
from graph.core.errors import BadUserInput
from graph.oauth import oauth as grants
from server.graphql.context import Info
from server.graphql.oauth.types import ConnectedApp, OauthConsent
from server.routes.oauth import AUTHORIZE, server_for
from server.state import app_state

MAX_REQUEST_CHARS = 8 * 1024


@strawberry.type
class OauthQueries:
    @strawberry.field(
        description="Check an app's authorization request (the query string of "
        "/oauth/authorize) for the consent screen: who asks, where the answer goes, which "
        "scopes. A bad request is BAD_USER_INPUT with the OAuth error as extensions.reason."
    )
    async def oauth_consent(self, info: Info, request: str) -> OauthConsent:
        person = info.context.require_caller().person_id
        if len(request) > MAX_REQUEST_CHARS:
            raise BadUserInput("The request is too long.", field="request")
        http = info.context.request
        plain = oauth.PlainRequest(
            method="GET",
            url=f"{app_state(http).settings.public_url}{AUTHORIZE}?{request}",
            headers={},
            query=parse_qs(request, keep_blank_values=True),
        )
        server = server_for(http)  # type: ignore[arg-type]
        try:
            grant = await oauth.run(partial(server.consent, plain, person))
        except OAuth2Error as error:
            raise BadUserInput(
                error.description or error.error, field="request", reason=error.error
            ) from None
        client: oauth.Client = grant.request.client
        return OauthConsent(
            client_id=client.client.id,
            client_name=oauth.shown_name(client.client.name),
            client_uri=client.client.uri,
            redirect_host=oauth.shown_host(grant.redirect_uri),
            scopes=grant.request.scope.split(),
        )

    @strawberry.field(description="The apps you let into your record, newest first.")
    async def connected_apps(self, info: Info) -> list[ConnectedApp]:
        person = info.context.require_caller().person_id
        found = await grants.connected_apps(info.context.graph, person)
        return [ConnectedApp.from_model(app) for app in found]
