"""Quest types: built from graph.quests' views, which already left out what the viewer may
not see."""

from __future__ import annotations

from datetime import datetime

import strawberry

from graph.core.vocabulary import QuestOfferStatus, QuestRole, QuestStatus
from graph.quests import quests as model
from server.graphql.common import GeoPoint
from server.graphql.enums import Domain
from server.graphql.pagination import PageInfo

strawberry.enum(
    QuestStatus,
    description="OPEN, ACCEPTED (a helper is on it), DONE, CLOSED, EXPIRED (an open quest "
    "past its expiry) or HIDDEN (reported, pending a moderator's look).",
)
strawberry.enum(QuestOfferStatus)
strawberry.enum(QuestRole, description="Quests I posted (GIVER) or offered help on (HELPER).")


@strawberry.type
class QuestOffer:
    id: strawberry.ID
    helper_name: str
    message: str
    status: QuestOfferStatus
    offered_at: datetime

    @classmethod
    def from_model(cls, o: model.QuestOffer) -> QuestOffer:
        return cls(
            id=strawberry.ID(o.id),
            helper_name=o.helper_name,
            message=o.message,
            status=o.status,
            offered_at=o.offered_at,
        )


@strawberry.type(description="Someone's request for help, recognised by a university's community.")
class Quest:
    id: strawberry.ID
    title: str
    description: str
    domain: Domain
    status: QuestStatus
    starts_at: datetime | None = strawberry.field(
        description="When help is wanted (null: any time before it expires)."
    )
    expires_at: datetime
    created_at: datetime
    area: GeoPoint = strawberry.field(
        description="The approximate place, rounded to about 500 m: safe to show anyone."
    )
    area_name: str = strawberry.field(
        description='A public name for the place, e.g. a neighbourhood ("Muide, Gent").'
    )
    location: GeoPoint | None = strawberry.field(
        description="Exact point and address: only the quest giver and the accepted helper "
        "see them."
    )
    address: str | None
    giver_name: str
    mine: bool = strawberry.field(description="You posted it.")
    my_offer: QuestOffer | None = strawberry.field(
        description="Your own offer on it, if you offered."
    )
    helper_name: str | None = strawberry.field(
        description="The accepted helper's display name (giver and helper only)."
    )
    offers: list[QuestOffer] = strawberry.field(
        description="Offers received (only the giver sees them; empty for anyone else)."
    )
    claim_id: strawberry.ID | None = strawberry.field(
        description="The helper's claim created when the giver marked it done (giver and "
        "helper only)."
    )
    university_name: str = strawberry.field(
        description="The university whose community recognises it (its Helping hand badges)."
    )
    university_id: strawberry.ID

    @classmethod
    def from_model(cls, q: model.Quest) -> Quest:
        return cls(
            id=strawberry.ID(q.id),
            title=q.title,
            description=q.description,
            domain=q.domain,
            status=q.status,
            starts_at=q.starts_at,
            expires_at=q.expires_at,
            created_at=q.created_at,
            area=GeoPoint(latitude=q.area.latitude, longitude=q.area.longitude),
            area_name=q.area_name,
            location=GeoPoint(latitude=q.location.latitude, longitude=q.location.longitude)
            if q.location
            else None,
            address=q.address,
            giver_name=q.giver_name,
            mine=q.mine,
            my_offer=QuestOffer.from_model(q.my_offer) if q.my_offer else None,
            helper_name=q.helper_name,
            offers=[QuestOffer.from_model(o) for o in q.offers],
            claim_id=strawberry.ID(q.claim_id) if q.claim_id else None,
            university_name=q.university_name,
            university_id=strawberry.ID(q.university_id),
        )


@strawberry.type
class QuestEdge:
    cursor: str
    node: Quest
    distance_km: float | None = strawberry.field(description="km from `near`, when given")


@strawberry.type
class QuestConnection:
    edges: list[QuestEdge]
    page_info: PageInfo
