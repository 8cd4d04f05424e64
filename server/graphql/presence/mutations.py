"""Mutations for checking in, confirming attendance, and claim codes."""

from __future__ import annotations

import strawberry

from auth.permissions import Permission, require
from graph.core.errors import BadUserInput
from graph.presence import check_in, claim_codes
from server.graphql import validation as check
from server.graphql.context import Info
from server.graphql.participation.types import BulkReport
from server.graphql.presence.secret import secret_of
from server.graphql.presence.types import CheckInResult, ClaimCode, ClaimCodeRedemption

# Longer than any code, shorter than anything that could cost work.
MAX_CODE_TEXT = 64


@strawberry.type
class PresenceMutations:
    @strawberry.mutation(
        description="Check in at an opportunity you were accepted for, with the code shown "
        "there now (and, if you share it, where you are: within 300 m of its place). "
        "Checking in again changes nothing."
    )
    async def check_in(
        self,
        info: Info,
        opportunity_id: strawberry.ID,
        code: str,
        latitude: float | None = None,
        longitude: float | None = None,
    ) -> CheckInResult:
        actor = info.context.require_caller().person_id
        digits = "".join(code.split())
        if not (len(digits) == check_in.DIGITS and digits.isascii() and digits.isdigit()):
            raise BadUserInput("A check-in code is 8 digits.", field="code")
        place = None
        if latitude is not None or longitude is not None:
            if latitude is None or longitude is None:
                raise BadUserInput(
                    "Give both latitude and longitude, or neither.", field="latitude"
                )
            point = check.coordinates(latitude, longitude)
            place = (point.latitude, point.longitude)
        done = await check_in.check_in(
            info.context.graph,
            actor,
            require(Permission.CHECK_IN_ATTEND),
            check.entity_id(opportunity_id, "opportunityId"),
            digits,
            place,
            secret_of(info.context.settings),
        )
        return CheckInResult.from_model(done)

    @strawberry.mutation(
        description="Mark every accepted learner who checked in completed, in one request as "
        "`completeApplications` does. `requestId` is a UUID the client makes: the same request "
        "again returns the same report."
    )
    async def confirm_attendance(
        self, info: Info, opportunity_id: strawberry.ID, request_id: strawberry.ID
    ) -> BulkReport:
        actor = info.context.require_caller().person_id
        report = await check_in.confirm_attendance(
            info.context.graph,
            actor,
            require(Permission.APPLICATION_DECIDE),
            check.entity_id(opportunity_id, "opportunityId"),
            check.uuid_text(request_id, "requestId"),
        )
        return BulkReport.from_model(report)

    @strawberry.mutation(
        description="A new claim code for a badge class, by its issuer's staff: up to 500 uses, "
        "expiring within 90 days. The code is in this answer only."
    )
    async def create_claim_code(
        self,
        info: Info,
        badge_class_id: strawberry.ID,
        max_uses: int = 1,
        expires_in_days: int = 30,
        label: str = "",
    ) -> ClaimCode:
        actor = info.context.require_caller().person_id
        made = await claim_codes.create(
            info.context.graph,
            actor,
            require(Permission.CLAIM_CODE_MANAGE),
            check.entity_id(badge_class_id, "badgeClassId"),
            check.text(label, "label", max_length=120, required=False),
            check.whole(max_uses, "maxUses", 1, claim_codes.MAX_USES),
            check.whole(expires_in_days, "expiresInDays", 1, claim_codes.MAX_DAYS),
        )
        return ClaimCode.from_model(made, info.context.settings.public_url)

    @strawberry.mutation(description="Withdraw a claim code: badges it issued stay.")
    async def revoke_claim_code(self, info: Info, id: strawberry.ID) -> ClaimCode:
        actor = info.context.require_caller().person_id
        revoked = await claim_codes.revoke(
            info.context.graph, actor, require(Permission.CLAIM_CODE_MANAGE), check.entity_id(id)
        )
        return ClaimCode.from_model(revoked)

    @strawberry.mutation(
        description="Redeem a claim code: its badge is issued to you at once, by the decision "
        "its issuer made when it created the code."
    )
    async def redeem_claim_code(self, info: Info, code: str) -> ClaimCodeRedemption:
        actor = info.context.require_caller().person_id
        if len(code) > MAX_CODE_TEXT or not claim_codes.normalise(code):
            raise BadUserInput("That is not a claim code.", field="code")
        done = await claim_codes.redeem(
            info.context.graph, actor, require(Permission.CLAIM_CODE_REDEEM), code
        )
        return ClaimCodeRedemption.from_model(done)
