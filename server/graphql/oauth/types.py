"""An app's request for access, and the apps a learner connected, as the API shows them."""

from __future__ import annotations

from datetime import datetime

import strawberry

from auth.oauth import shown_host, shown_name
from graph.oauth.oauth import ConnectedApp as Model


@strawberry.type(description="What an app asks of the signed-in learner (the consent screen).")
class OauthConsent:
    client_id: str
    client_name: str
    client_uri: str | None
    redirect_host: str = strawberry.field(description="Where the answer is sent (its host).")
    scopes: list[str] = strawberry.field(description="The OB 3.0 scope IRIs asked for.")


@strawberry.type(description="An app the learner let into their record through the OB 3.0 API.")
class ConnectedApp:
    id: strawberry.ID
    client_name: str
    client_uri: str | None
    redirect_hosts: list[str]
    scopes: list[str]
    granted_at: datetime
    last_used_at: datetime | None = strawberry.field(
        description="When the app last got a token (a code redeemed, or a refresh)."
    )

    @classmethod
    def from_model(cls, app: Model) -> ConnectedApp:
        hosts = sorted({shown_host(u) for u in app.redirect_hosts})
        return cls(
            id=strawberry.ID(app.id),
            client_name=shown_name(app.client_name),
            client_uri=app.client_uri,
            redirect_hosts=hosts,
            scopes=list(app.scopes),
            granted_at=app.granted_at,
            last_used_at=app.last_used_at,
        )
