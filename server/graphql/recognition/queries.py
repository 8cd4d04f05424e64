"""Queries for recognition. A learner's private record reaches no one else, by any path."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from auth.permissions import Permission, allows, can_read_claim, can_see_assertion
from graph.core.access import standing_at_issuer, standing_at_university
from graph.core.errors import Forbidden, NotFound
from graph.people import records
from graph.people.people import person_by_id
from graph.recognition import assertions, claim_review, claims, curation
from server.graphql import validation as check
from server.graphql.context import Info
from server.graphql.pagination import PageInfo, check_page_size, decode_cursor, encode_cursor
from server.graphql.recognition.types import (
    MY_ASSERTIONS,
    MY_CLAIMS,
    Assertion,
    AssertionConnection,
    Claim,
    ClaimConnection,
    CurationEvent,
    CurationItem,
    EndorsementFlag,
    HeldEndorsement,
    OfficialBadgeClass,
    PublicProfile,
    ReviewQueueConnection,
    ReviewQueueEdge,
    ValidationEvent,
)

QUEUE_CURSOR = "review-queue"
# The curation page lists every official class at once: a documented bound, not paging.
OFFICIAL_MAX = 500


async def _curator_of(info: Info, university_id: str) -> str:
    key = check.entity_id(university_id, "universityId")
    standing = await standing_at_university(info.context.graph, key, info.context.actor_id)
    if standing is None:
        raise NotFound("No such university.", field="universityId")
    if not allows(Permission.CURATION_READ, standing):
        raise Forbidden("Only the university's curators see this.")
    return key


@strawberry.type
class RecognitionQueries:
    @strawberry.field(
        description="A claim: for its learner, those invited to endorse it, the issuer's "
        "reviewers once it reached them, and everyone once it is PUBLIC."
    )
    async def claim(self, info: Info, id: strawberry.ID) -> Claim | None:
        try:
            key = check.entity_id(id)
        except NotFound:
            return None
        actor = info.context.actor_id
        view = await claims.claim_by_id(info.context.graph, key, actor)
        if view is None:
            return None
        submitted = view.claim.submitted_at is not None
        if not can_read_claim(view.standing, view.claim.visibility, submitted):
            return None
        reviewer = submitted and allows(Permission.CLAIM_REVIEW, view.standing)
        return Claim.from_model(
            view.claim,
            owner=view.standing.is_owner,
            reviewer=reviewer,
            viewer_id=actor,
            invited=allows(Permission.CLAIM_ENDORSE, view.standing),
        )

    @strawberry.field(
        description="Reviewers of an organisation or university: claims on its badge classes "
        "waiting for a decision, longest waiting first."
    )
    async def review_queue(
        self, info: Info, issuer_id: strawberry.ID, first: int = 20, after: str | None = None
    ) -> ReviewQueueConnection:
        actor = info.context.require_caller().person_id
        key = check.entity_id(issuer_id, "issuerId")
        check_page_size(first)
        standing = await standing_at_issuer(info.context.graph, key, actor)
        if standing is None:
            raise NotFound("No such organisation or university.", field="issuerId")
        if not allows(Permission.CLAIM_REVIEW, standing):
            raise Forbidden("Only the issuer's reviewers see its review queue.")
        position = decode_cursor(QUEUE_CURSOR, after, 2) if after else None
        page = await claim_review.review_queue(
            info.context.graph,
            key,
            actor,
            limit=first + 1,
            after=(position[0], position[1]) if position else None,
        )
        entries = page.entries[:first]
        edges = [
            ReviewQueueEdge(
                cursor=encode_cursor(QUEUE_CURSOR, [e.in_review_since.isoformat(), e.claim.id]),
                in_review_since=e.in_review_since,
                node=Claim.from_model(e.claim, owner=False, reviewer=True, viewer_id=actor),
            )
            for e in entries
        ]
        return ReviewQueueConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=len(page.entries) > first,
                has_previous_page=after is not None,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            total_count=page.total,
        )

    @strawberry.field(description="Your claims, newest first (Relay paginated).")
    async def my_claims(
        self, info: Info, first: int = 20, after: str | None = None
    ) -> ClaimConnection:
        learner = info.context.require_caller().person_id
        return await ClaimConnection.of_learner(
            info, learner, owner=True, cursor_kind=MY_CLAIMS, first=first, after=after
        )

    @strawberry.field(description="Your badges, newest first (Relay paginated).")
    async def my_assertions(
        self, info: Info, first: int = 20, after: str | None = None
    ) -> AssertionConnection:
        learner = info.context.require_caller().person_id
        return await AssertionConnection.of_learner(
            info, learner, owner=True, cursor_kind=MY_ASSERTIONS, first=first, after=after
        )

    @strawberry.field(description="A badge: its learner's, or anyone's once it is PUBLIC.")
    async def assertion(self, info: Info, id: strawberry.ID) -> Assertion | None:
        try:
            key = check.entity_id(id)
        except NotFound:
            return None
        view = await assertions.assertion_by_id(info.context.graph, key, info.context.actor_id)
        if view is None:
            return None
        found = view.assertion
        # No link secret here: a shared badge is read through sharedAssertion.
        visible = can_see_assertion(view.standing, found.visibility, found.share_token, None)
        return Assertion.from_model(found) if visible else None

    @strawberry.field(description="A claim shared by link (or public), by its link's secret.")
    async def shared_claim(self, info: Info, token: str) -> Claim | None:
        if not token or len(token) > 100:
            return None
        found = await claims.claim_by_share_token(info.context.graph, token)
        return Claim.from_model(found, owner=False) if found else None

    @strawberry.field(description="A badge shared by link (or public), by its link's secret.")
    async def shared_assertion(self, info: Info, token: str) -> Assertion | None:
        if not token or len(token) > 100:
            return None
        found = await assertions.assertion_by_share_token(info.context.graph, token)
        return Assertion.from_model(found) if found else None

    @strawberry.field(description="What a learner made public: nothing else, to anyone.")
    async def profile(self, info: Info, person_id: strawberry.ID) -> PublicProfile | None:
        try:
            key = check.entity_id(person_id, "personId")
        except NotFound:
            return None
        person = await person_by_id(info.context.graph, key)
        if person is None:
            return None
        return PublicProfile(name=person.name, person_id=person.id)

    @strawberry.field(description="Everything Kring holds about you, as one JSON document.")
    async def export_my_data(self, info: Info) -> JSON:
        learner = info.context.require_caller().person_id
        return JSON(await records.export(info.context.graph, learner))

    @strawberry.field(
        description="Curators: community badge classes not yet validated, most endorsed first."
    )
    async def curation_queue(
        self, info: Info, university_id: strawberry.ID, first: int = 50
    ) -> list[CurationItem]:
        key = await _curator_of(info, university_id)
        check.whole(first, "first", 1, 100)
        items = await curation.review_queue(info.context.graph, key, first)
        return [CurationItem.from_model(q) for q in items]

    @strawberry.field(
        description="Curators: reciprocal endorsements and endorsement cycles in a window."
    )
    async def endorsement_flags(
        self, info: Info, university_id: strawberry.ID, days: int = 30
    ) -> list[EndorsementFlag]:
        key = await _curator_of(info, university_id)
        check.whole(days, "days", 1, 365)
        flags = await curation.endorsement_flags(info.context.graph, key, days)
        return [EndorsementFlag(kind=f.kind, people=list(f.people)) for f in flags]

    @strawberry.field(
        description="Curators: flagged endorsements on undecided claims that do not count "
        "until cleared, and why."
    )
    async def held_endorsements(
        self, info: Info, university_id: strawberry.ID, first: int = 50
    ) -> list[HeldEndorsement]:
        key = await _curator_of(info, university_id)
        check.whole(first, "first", 1, 100)
        held = await curation.held_endorsements(info.context.graph, key, first)
        return [HeldEndorsement.from_model(h) for h in held]

    @strawberry.field(description="The history of a badge class's official validation.")
    async def validation_history(
        self, info: Info, badge_class_id: strawberry.ID
    ) -> list[ValidationEvent]:
        key = check.entity_id(badge_class_id, "badgeClassId")
        events = await curation.validation_history(info.context.graph, key)
        return [
            ValidationEvent(action=e.action, note=e.note, at=e.at, curator_name=e.curator_name)
            for e in events
        ]

    @strawberry.field(
        description="Curators: validations and withdrawals of the classes the university "
        "brands, newest first, with each class's state now."
    )
    async def curation_history(
        self, info: Info, university_id: strawberry.ID, first: int = 50
    ) -> list[CurationEvent]:
        info.context.require_caller()
        key = await _curator_of(info, university_id)
        check.whole(first, "first", 1, 100)
        events = await curation.university_validation_history(info.context.graph, key, first)
        return [CurationEvent.from_model(e) for e in events]

    @strawberry.field(
        description="Curators: every class the university brands that is officially validated "
        f"now, however long ago, newest validation first (`first` at most {OFFICIAL_MAX})."
    )
    async def official_badge_classes(
        self, info: Info, university_id: strawberry.ID, first: int = 200
    ) -> list[OfficialBadgeClass]:
        info.context.require_caller()
        key = await _curator_of(info, university_id)
        check.whole(first, "first", 1, OFFICIAL_MAX)
        found = await curation.official_classes(info.context.graph, key, first)
        return [OfficialBadgeClass.from_model(c) for c in found]
