"""Checking and importing credentials from elsewhere; curators mapping them."""

from __future__ import annotations

import strawberry

from auth.permissions import Permission, require
from badges import external
from graph.core.errors import BadUserInput
from graph.external_credentials import external_credentials as externals
from server.graphql import validation as check
from server.graphql.context import Info
from server.graphql.external_credentials import checking
from server.graphql.external_credentials.types import (
    ExternalCredential,
    ExternalCredentialCheck,
    ExternalCredentialInput,
    ExternalMapping,
)

MAX_ID = 2048


@strawberry.type
class ExternalCredentialMutations:
    @strawberry.mutation(
        description="Verify a credential from elsewhere and say what Kring found; nothing is "
        "kept. Bad input is BAD_USER_INPUT with extensions.reason TOO_BIG, UNREACHABLE, "
        "PRIVATE_ADDRESS, UNSUPPORTED_FORMAT or INVALID."
    )
    async def check_external_credential(
        self, info: Info, credential: ExternalCredentialInput
    ) -> ExternalCredentialCheck:
        person = info.context.require_caller().person_id
        checking.source(credential)  # refused input is not counted
        await externals.throttle_check(info.context.graph, person)
        checked = await checking.check(info, person, credential)
        held = {x.credential_id for x in await externals.mine(info.context.graph, person)}
        return ExternalCredentialCheck.from_model(checked, checked.credential_id in held)

    @strawberry.mutation(
        description="Keep a credential from elsewhere in your record: verified again here "
        "(never from a report the client sends) and kept only when VALID or EXPIRED; the same "
        "credential twice is CONFLICT."
    )
    async def import_external_credential(
        self, info: Info, credential: ExternalCredentialInput
    ) -> ExternalCredential:
        person = info.context.require_caller().person_id
        checking.source(credential)
        await externals.throttle_check(info.context.graph, person)
        checked = await checking.check(info, person, credential)
        if checked.status.value not in ("VALID", "EXPIRED"):
            raise BadUserInput(
                f"Not imported: {checked.message}", field="credential", reason="INVALID"
            )
        stored = await externals.store(info.context.graph, person, external.to_keep(checked))
        return ExternalCredential.from_model(stored)

    @strawberry.mutation(description="Remove one of your credentials from elsewhere.")
    async def remove_external_credential(self, info: Info, id: strawberry.ID) -> strawberry.ID:
        person = info.context.require_caller().person_id
        key = check.entity_id(id)
        await externals.remove(info.context.graph, person, key)
        return strawberry.ID(key)

    @strawberry.mutation(
        description="Curators of the university whose brand a badge class carries: let an "
        "issuer's achievement from elsewhere count as that class in learners' "
        "self-assessment (issuerId: its issuer's id or DID; achievementId: its achievement's "
        "or OB 2.0 badge class's id)."
    )
    async def map_external_achievement(
        self, info: Info, badge_class_id: strawberry.ID, issuer_id: str, achievement_id: str
    ) -> ExternalMapping:
        actor = info.context.require_caller().person_id
        key = check.entity_id(badge_class_id, "badgeClassId")
        issuer = check.text(issuer_id, "issuerId", max_length=MAX_ID)
        achievement = check.text(achievement_id, "achievementId", max_length=MAX_ID)
        made = await externals.map_achievement(
            info.context.graph,
            actor,
            require(Permission.EXTERNAL_CREDENTIAL_MAP),
            key,
            issuer,
            achievement,
        )
        return ExternalMapping.from_model(made)

    @strawberry.mutation(description="Curators: take a mapping back.")
    async def unmap_external_achievement(
        self, info: Info, badge_class_id: strawberry.ID, mapping_id: strawberry.ID
    ) -> strawberry.ID:
        actor = info.context.require_caller().person_id
        key = check.entity_id(badge_class_id, "badgeClassId")
        mapping = check.entity_id(mapping_id, "mappingId")
        await externals.unmap(
            info.context.graph, actor, require(Permission.EXTERNAL_CREDENTIAL_MAP), key, mapping
        )
        return strawberry.ID(mapping)
