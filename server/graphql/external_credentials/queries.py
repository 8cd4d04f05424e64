"""A learner's credentials from elsewhere (only theirs), and a class's mappings."""

from __future__ import annotations

import strawberry

from graph.core.database import writes_allowed_in_query
from graph.external_credentials import external_credentials as externals
from server.graphql import validation as check
from server.graphql.context import Info
from server.graphql.external_credentials import checking
from server.graphql.external_credentials.types import ExternalCredential, ExternalMapping


@strawberry.type
class ExternalCredentialQueries:
    @strawberry.field(description="Your credentials from elsewhere, newest first.")
    async def my_external_credentials(self, info: Info) -> list[ExternalCredential]:
        person = info.context.require_caller().person_id
        found = await externals.mine(info.context.graph, person)
        return [ExternalCredential.from_model(x) for x in found]

    @strawberry.field(
        description="One of your credentials from elsewhere, verified again when its last "
        "result is older than a day (out of reach: UNREACHABLE; the record stays)."
    )
    async def external_credential(self, info: Info, id: strawberry.ID) -> ExternalCredential | None:
        person = info.context.require_caller().person_id
        key = check.entity_id(id)
        found = await externals.read(info.context.graph, person, key)
        if found is None:
            return None
        if checking.stale(found):
            status, message = await checking.recheck(info, person, found)
            # The one query that writes: a re-check is recorded (at most once a day per
            # credential) so that the fetches it took are not repeated on every view.
            with writes_allowed_in_query():
                found = await externals.record_check(
                    info.context.graph, person, key, status, message
                )
            if found is None:  # removed meanwhile
                return None
        return ExternalCredential.from_model(found)

    @strawberry.field(
        description="Which achievements from elsewhere count as this badge class (public)."
    )
    async def external_mappings(
        self, info: Info, badge_class_id: strawberry.ID
    ) -> list[ExternalMapping]:
        key = check.entity_id(badge_class_id, "badgeClassId")
        found = await externals.mappings(info.context.graph, key)
        return [ExternalMapping.from_model(m) for m in found]
