"""Portfolio page types, built from pages already cut to what the viewer may see."""

from __future__ import annotations

from datetime import datetime

import strawberry

from graph.portfolios import pages as model
from server.graphql.enums import Visibility

strawberry.enum(
    model.ItemKind,
    name="PortfolioItemKind",
    description="BADGE, CLAIM, EVIDENCE (of one of your claims) or EXTERNAL (imported).",
)


@strawberry.type(description="One item of a portfolio page, as the viewer may see it.")
class PortfolioItem:
    kind: model.ItemKind
    id: strawberry.ID = strawberry.field(
        description="The badge's, claim's, evidence item's or external credential's id."
    )
    caption: str
    name: str
    issuer_name: str | None
    status: str | None = strawberry.field(
        description="A badge: ACTIVE, REVOKED or EXPIRED; a claim: its state; an external "
        "credential: its verification result."
    )
    at: datetime | None = strawberry.field(
        description="When it was issued, claimed, added or last verified."
    )
    detail: str
    url: str | None = strawberry.field(description="An evidence link.")
    visibility: Visibility | None = strawberry.field(
        description="The item's own visibility; null for external credentials."
    )
    revocation_reason: str | None
    shown_to_visitors: bool = strawberry.field(
        description="Whether visitors of this page see it (the item's own visibility wins)."
    )

    @classmethod
    def from_model(cls, i: model.Item, page_visibility: Visibility) -> PortfolioItem:
        return cls(
            kind=i.kind,
            id=strawberry.ID(i.id),
            caption=i.caption,
            name=i.name,
            issuer_name=i.issuer_name,
            status=i.status,
            at=i.at,
            detail=i.detail,
            url=i.url,
            visibility=i.visibility,
            revocation_reason=i.revocation_reason,
            shown_to_visitors=model.shown_to_visitors(i, page_visibility),
        )


@strawberry.type(description="A learner's portfolio page: their learning story.")
class PortfolioPage:
    id: strawberry.ID
    learner_id: strawberry.ID
    learner_name: str
    title: str
    narrative: str
    visibility: Visibility
    share_token: str | None = strawberry.field(
        description="The secret of the page's link; only its learner reads it."
    )
    created_at: datetime
    updated_at: datetime
    items: list[PortfolioItem]
    mine: bool

    @classmethod
    def from_model(cls, p: model.Page, *, mine: bool) -> PortfolioPage:
        shown = p if mine else model.as_visitor_sees(p)
        return cls(
            id=strawberry.ID(shown.id),
            learner_id=strawberry.ID(shown.learner_id),
            learner_name=shown.learner_name,
            title=shown.title,
            narrative=shown.narrative,
            visibility=shown.visibility,
            share_token=shown.share_token,
            created_at=shown.created_at,
            updated_at=shown.updated_at,
            items=[PortfolioItem.from_model(i, shown.visibility) for i in shown.items],
            mine=mine,
        )
