"""Revoking a connected app."""

from __future__ import annotations

import strawberry

from graph.oauth import oauth as grants
from server.graphql import validation as check
from server.graphql.context import Info


@strawberry.type
class OauthMutations:
    @strawberry.mutation(
        description="Disconnect an app: its access stops at once, its tokens and grant go "
        "(someone else's or an unknown one: NOT_FOUND)."
    )
    async def revoke_connected_app(self, info: Info, id: strawberry.ID) -> strawberry.ID:
        person = info.context.require_caller().person_id
        key = check.entity_id(id)
        for family in await grants.disconnect(info.context.graph, person, key):
            info.context.sessions.end_session(family)
        return strawberry.ID(key)
