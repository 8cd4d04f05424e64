"""Queries for the check-in screen and an issuer's claim codes."""

from __future__ import annotations

from urllib.parse import quote

import strawberry

from auth.permissions import Permission, require
from badges.qr import qr_svg
from graph.presence import check_in, claim_codes
from server.graphql import validation as check
from server.graphql.context import Info
from server.graphql.presence.secret import secret_of
from server.graphql.presence.types import CheckInCode, ClaimCode


@strawberry.type
class PresenceQueries:
    @strawberry.field(
        description="The opportunity's check-in code now (it changes every minute), for its "
        "organisation's admins and supervisors, from an hour before it starts until an hour "
        "after it ends."
    )
    async def check_in_code(self, info: Info, opportunity_id: strawberry.ID) -> CheckInCode:
        actor = info.context.require_caller().person_id
        key = check.entity_id(opportunity_id, "opportunityId")
        shown = await check_in.check_in_code(
            info.context.graph,
            actor,
            require(Permission.CHECK_IN_SHOW),
            key,
            secret_of(info.context.settings),
        )
        url = (
            f"{info.context.settings.public_url.rstrip('/')}/check-in/{quote(key)}"
            f"?code={shown.code}"
        )
        return CheckInCode(
            opportunity_id=strawberry.ID(key),
            title=shown.title,
            code=shown.code,
            url=url,
            qr_svg=qr_svg(url, title="Check-in code"),
            valid_until=shown.valid_until,
            checked_in=shown.checked_in,
            accepted=shown.accepted,
        )

    @strawberry.field(
        description="A badge class's claim codes, newest first (at most 200), for its issuer's "
        "staff."
    )
    async def claim_codes(self, info: Info, badge_class_id: strawberry.ID) -> list[ClaimCode]:
        actor = info.context.require_caller().person_id
        found = await claim_codes.of_badge_class(
            info.context.graph,
            actor,
            require(Permission.CLAIM_CODE_MANAGE),
            check.entity_id(badge_class_id, "badgeClassId"),
        )
        return [ClaimCode.from_model(c) for c in found]
