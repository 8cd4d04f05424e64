"""GraphQL types for check-in codes and claim codes."""

from __future__ import annotations

from datetime import datetime

import strawberry

from badges.qr import qr_svg
from graph.presence import check_in, claim_codes

ClaimCodeState = claim_codes.ClaimCodeState
strawberry.enum(ClaimCodeState, description="Whether a claim code can still be redeemed.")


@strawberry.type(description="The check-in code to show now, with who checked in so far.")
class CheckInCode:
    opportunity_id: strawberry.ID
    title: str
    code: str = strawberry.field(description="8 digits, valid this minute and the next.")
    url: str = strawberry.field(description="The learner's check-in page with this code.")
    qr_svg: str = strawberry.field(description="The URL as a QR code, an SVG document.")
    valid_until: datetime = strawberry.field(description="When the next code is shown.")
    checked_in: int = strawberry.field(description="Accepted learners who checked in.")
    accepted: int = strawberry.field(description="Accepted learners in all.")


@strawberry.type(description="A learner's check-in at an opportunity.")
class CheckInResult:
    application_id: strawberry.ID
    opportunity_id: strawberry.ID
    opportunity_title: str
    attended_at: datetime
    first: bool = strawberry.field(description="False when you had checked in already.")

    @classmethod
    def from_model(cls, c: check_in.CheckIn) -> CheckInResult:
        return cls(
            application_id=strawberry.ID(c.application_id),
            opportunity_id=strawberry.ID(c.opportunity_id),
            opportunity_title=c.opportunity_title,
            attended_at=c.attended_at,
            first=c.first,
        )


@strawberry.type(description="A code that hands out a badge of its class, made by its issuer.")
class ClaimCode:
    id: strawberry.ID
    badge_class_id: strawberry.ID
    label: str
    hint: str = strawberry.field(description="The code's last four characters.")
    code: str | None = strawberry.field(
        description="The code itself: only in the answer that made it (it is not kept)."
    )
    redeem_url: str | None = strawberry.field(
        description="The learners' redeem page with the code: only with the code itself."
    )
    qr_svg: str | None = strawberry.field(
        description="redeemUrl as a QR code (an SVG document): only with the code itself."
    )
    max_uses: int
    uses: int
    uses_left: int
    expires_at: datetime
    created_at: datetime
    revoked_at: datetime | None
    state: ClaimCodeState

    @classmethod
    def from_model(cls, c: claim_codes.ClaimCode, public_url: str = "") -> ClaimCode:
        url = f"{public_url.rstrip('/')}/redeem?code={c.code}" if c.code else None
        return cls(
            redeem_url=url,
            qr_svg=qr_svg(url, title="Claim code") if url else None,
            id=strawberry.ID(c.id),
            badge_class_id=strawberry.ID(c.badge_class_id),
            label=c.label,
            hint=c.hint,
            code=c.code,
            max_uses=c.max_uses,
            uses=c.uses,
            uses_left=c.uses_left,
            expires_at=c.expires_at,
            created_at=c.created_at,
            revoked_at=c.revoked_at,
            state=c.state,
        )


@strawberry.type(description="The badge a claim code just issued to you.")
class ClaimCodeRedemption:
    assertion_id: strawberry.ID
    badge_class_id: strawberry.ID
    badge_name: str

    @classmethod
    def from_model(cls, r: claim_codes.Redemption) -> ClaimCodeRedemption:
        return cls(
            assertion_id=strawberry.ID(r.assertion_id),
            badge_class_id=strawberry.ID(r.badge_class_id),
            badge_name=r.badge_name,
        )
