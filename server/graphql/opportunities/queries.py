"""Queries for discovering and reading opportunities."""

from __future__ import annotations

import hashlib
import math
from dataclasses import replace
from datetime import datetime

import strawberry

from auth.permissions import Permission, allows
from graph.core import audit
from graph.core.access import standing_at_university
from graph.core.errors import BadUserInput, Forbidden, NotFound
from graph.core.vocabulary import OpportunityStatus
from graph.opportunities import discovery as model
from graph.opportunities.recommendations import recommend
from graph.quests.quests import Quest as QuestModel
from server.graphql import validation as check
from server.graphql.common import AuditEvent, visible_organisation
from server.graphql.context import Info
from server.graphql.opportunities.inputs import NearInput, OpportunityFilter
from server.graphql.opportunities.types import (
    DiscoveryConnection,
    DiscoveryEdge,
    NextStep,
    Opportunity,
    OpportunityConnection,
    OpportunityEdge,
    Recommendation,
    reads,
)
from server.graphql.pagination import PageInfo, check_page_size, decode_cursor, encode_cursor
from server.graphql.quests.types import Quest
from server.graphql.selection import selected_below

CURSOR = "opportunities"


def _fingerprint(filters: model.Filters) -> str:
    # The filters are part of the cursor, so a cursor cannot be replayed against another query.
    return hashlib.sha256(repr(filters).encode()).hexdigest()[:16]


def _cursor(fingerprint: str, position: model.Position) -> str:
    return encode_cursor(CURSOR, [fingerprint, position.key, position.id])


def _position(filters: model.Filters, cursor: str) -> model.Position:
    fingerprint, key, opportunity_id = decode_cursor(CURSOR, cursor, 3)
    if fingerprint != _fingerprint(filters):
        raise BadUserInput("The cursor belongs to a different search.", field="after")
    malformed = BadUserInput(
        "The cursor is malformed; use one returned by this query.", field="after"
    )
    if not isinstance(opportunity_id, str):
        raise malformed
    if filters.order is model.Order.START:
        try:
            datetime.fromisoformat(key)
        except (TypeError, ValueError):
            raise malformed from None
    elif not isinstance(key, float) or not math.isfinite(key):
        raise malformed
    return model.Position(key, opportunity_id)


async def _meaning(info: Info, filters: model.Filters) -> model.Meaning | None:
    if not filters.text:
        return None
    embedder = info.context.embedder
    vector = await embedder.query(filters.text)
    return model.Meaning(vector, embedder.model, embedder.related)


def _page_info(
    edges: list[OpportunityEdge] | list[DiscoveryEdge], more: bool, paged: bool
) -> PageInfo:
    return PageInfo(
        has_next_page=more,
        has_previous_page=paged,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )


async def discover(
    info: Info, filters: model.Filters, first: int, after: str | None
) -> OpportunityConnection:
    check_page_size(first)
    position = _position(filters, after) if after is not None else None
    fields = reads(selected_below(info, "edges", "node"))
    meaning = await _meaning(info, filters)
    found = await model.discover(
        info.context.graph, filters, limit=first + 1, after=position, fields=fields, meaning=meaning
    )
    page = found[:first]
    fingerprint = _fingerprint(filters)
    edges = [
        OpportunityEdge(
            cursor=_cursor(fingerprint, f.position),
            node=Opportunity.from_model(f.opportunity),
            distance_km=f.distance_m / 1000.0 if f.distance_m is not None else None,
            score=f.score,
        )
        for f in page
    ]
    return OpportunityConnection(
        meaning=meaning,
        edges=edges,
        page_info=_page_info(edges, len(found) > first, position is not None),
    )


async def discover_kinds(
    info: Info, filters: model.Filters, first: int, after: str | None
) -> DiscoveryConnection:
    check_page_size(first)
    position = _position(filters, after) if after is not None else None
    meaning = await _meaning(info, filters)
    found = await model.discover_kinds(
        info.context.graph,
        filters,
        info.context.actor_id,
        limit=first + 1,
        after=position,
        fields=reads(selected_below(info, "edges", "node")),
        meaning=meaning,
    )
    fingerprint = _fingerprint(filters)
    edges = [
        DiscoveryEdge(
            cursor=_cursor(fingerprint, f.position),
            node=Quest.from_model(f.item)
            if isinstance(f.item, QuestModel)
            else Opportunity.from_model(f.item),
            distance_km=f.distance_m / 1000.0 if f.distance_m is not None else None,
            score=f.score,
        )
        for f in found[:first]
    ]
    return DiscoveryConnection(
        meaning=meaning,
        edges=edges,
        page_info=_page_info(edges, len(found) > first, position is not None),
    )


@strawberry.type
class OpportunityQueries:
    @strawberry.field(
        description="Published opportunities matching every filter (Relay paginated)."
    )
    async def opportunities(
        self,
        info: Info,
        filter: OpportunityFilter | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> OpportunityConnection:
        filters = filter.to_model(info.context.actor_id) if filter else model.Filters()
        return await discover(info, filters, first, after)

    @strawberry.field(
        description="Published opportunities and open quests matching every filter, in one "
        "order (Relay paginated). Quests have no level, organisation, competency, places or "
        "fixed start: a filter on any of those lists no quests. A quest's distance is to its "
        "public area."
    )
    async def discover(
        self,
        info: Info,
        filter: OpportunityFilter | None = None,
        kinds: list[model.Kind] | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> DiscoveryConnection:
        filters = filter.to_model(info.context.actor_id) if filter else model.Filters()
        chosen = tuple(sorted(set(model.Kind if kinds is None else kinds), key=lambda k: k.value))
        if not chosen:
            raise BadUserInput("kinds is empty; leave it out to list every kind.", field="kinds")
        return await discover_kinds(info, replace(filters, kinds=chosen), first, after)

    @strawberry.field(
        description="Published opportunities within a circle, nearest first (Relay paginated)."
    )
    async def opportunities_near(
        self, info: Info, near: NearInput, first: int = 20, after: str | None = None
    ) -> OpportunityConnection:
        return await discover(info, model.Filters(circle=near.to_model()), first, after)

    @strawberry.field(
        description="A published opportunity; unpublished ones only for its organisation, "
        "its university's moderators, and learners who applied."
    )
    async def opportunity(self, info: Info, id: strawberry.ID) -> Opportunity | None:
        try:
            key = check.entity_id(id)
        except NotFound:
            return None
        view = await model.opportunity_by_id(info.context.graph, key, info.context.actor_id)
        if view is None:
            return None
        if view.opportunity.status != OpportunityStatus.PUBLISHED and not (
            view.standing.is_owner or allows(Permission.OPPORTUNITY_READ_UNPUBLISHED, view.standing)
        ):
            return None
        return Opportunity.from_model(view.opportunity)

    @strawberry.field(
        description="An organisation's opportunities: all of them for its members and "
        "moderators, the published ones for everyone else."
    )
    async def organisation_opportunities(
        self,
        info: Info,
        organisation_id: strawberry.ID,
        statuses: list[OpportunityStatus] | None = None,
    ) -> list[Opportunity]:
        view = await visible_organisation(info, organisation_id)
        wanted = tuple(statuses) if statuses else None
        if not allows(Permission.OPPORTUNITY_READ_UNPUBLISHED, view.standing):
            wanted = (OpportunityStatus.PUBLISHED,)
        found = await model.opportunities_of_organisation(
            info.context.graph, view.organisation.id, wanted
        )
        return [Opportunity.from_model(o) for o in found]

    @strawberry.field(
        description="Opportunities of the university's partner organisations waiting for its "
        "moderators (SUBMITTED), soonest start first; for its moderators."
    )
    async def submitted_opportunities(
        self, info: Info, university_id: strawberry.ID, first: int = 50
    ) -> list[Opportunity]:
        info.context.require_caller()
        university = check.entity_id(university_id, "universityId")
        check_page_size(first)
        standing = await standing_at_university(
            info.context.graph, university, info.context.actor_id
        )
        if standing is None:
            raise NotFound("No such university.", field="universityId")
        if not allows(Permission.OPPORTUNITY_REVIEW, standing):
            raise Forbidden("Only the university's moderators see what waits for them.")
        found = await model.submitted_to_university(info.context.graph, university, first)
        return [Opportunity.from_model(o) for o in found]

    @strawberry.field(description="Who changed this opportunity, and when (newest first).")
    async def opportunity_audit_trail(
        self, info: Info, opportunity_id: strawberry.ID
    ) -> list[AuditEvent]:
        view = await model.opportunity_by_id(
            info.context.graph,
            check.entity_id(opportunity_id, "opportunityId"),
            info.context.actor_id,
        )
        if view is None:
            raise NotFound("No such opportunity.", field="opportunityId")
        if not allows(Permission.OPPORTUNITY_READ_UNPUBLISHED, view.standing):
            raise Forbidden("Only its organisation and moderators see its audit trail.")
        events = await audit.trail(info.context.graph, view.opportunity.id)
        return [AuditEvent.from_model(e) for e in events]

    @strawberry.field(
        description="Published opportunities, not yet ended, about the same thing as a "
        "published one (by meaning), most alike first; empty for any other id."
    )
    async def similar_opportunities(
        self, info: Info, opportunity_id: strawberry.ID, first: int = 4
    ) -> list[Opportunity]:
        check_page_size(first)
        try:
            key = check.entity_id(opportunity_id, "opportunityId")
        except NotFound:
            return []
        embedder = info.context.embedder
        found = await model.similar_to(
            info.context.graph, key, embedder.model, embedder.related, first
        )
        return [Opportunity.from_model(o) for o in found]

    @strawberry.field(
        description="For you: published opportunities, not started and not applied for, "
        "from what Kring knows of you alone (your badges, open claims, completed "
        "participations, saved areas), the most reasons first, each with its reasons."
    )
    async def recommendations(self, info: Info, first: int = 10) -> list[Recommendation]:
        learner = info.context.require_caller().person_id
        check_page_size(first)
        embedder = info.context.embedder
        found = await recommend(
            info.context.graph, learner, embedder.model, embedder.related, first
        )
        return [Recommendation.from_model(r) for r in found]

    @strawberry.field(description="Opportunities that continue a pathway you started.")
    async def next_steps(self, info: Info, first: int = 20) -> list[NextStep]:
        learner = info.context.require_caller().person_id
        check_page_size(first)
        steps = await model.next_steps(info.context.graph, learner, first)
        return [
            NextStep(
                opportunity=Opportunity.from_model(s.opportunity),
                pathway=s.pathway_name,
                pathway_id=strawberry.ID(s.pathway_id),
            )
            for s in steps
        ]
