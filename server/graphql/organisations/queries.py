"""Queries about universities and organisations; private parts only for those entitled."""

from __future__ import annotations

import strawberry

from auth.permissions import Permission, allows, require
from graph.core import audit
from graph.core.access import standing_at_university
from graph.core.errors import BadUserInput, Forbidden, NotFound
from graph.core.vocabulary import OrganisationStatus
from graph.organisations import organisations as model
from server.graphql import validation as check
from server.graphql.common import AuditEvent, visible_organisation
from server.graphql.context import Info
from server.graphql.organisations.types import Member, Organisation, University


@strawberry.type
class OrganisationQueries:
    @strawberry.field(description="Every university on the platform.")
    async def universities(self, info: Info) -> list[University]:
        return [University.from_model(u) for u in await model.universities(info.context.graph)]

    @strawberry.field
    async def university(self, info: Info, id: strawberry.ID) -> University | None:
        found = await model.university_by_id(info.context.graph, check.entity_id(id))
        return University.from_model(found) if found else None

    @strawberry.field(
        description="A university's members and roles (invited: no account yet); for its "
        "MODERATORs and platform admins, who manage them."
    )
    async def university_members(self, info: Info, university_id: strawberry.ID) -> list[Member]:
        found = await model.university_members(
            info.context.graph,
            info.context.actor_id,
            require(Permission.UNIVERSITY_MANAGE_MEMBERS),
            check.entity_id(university_id, "universityId"),
        )
        return [Member.from_model(m) for m in found]

    @strawberry.field(description="An approved organisation, or your own / one you moderate.")
    async def organisation(self, info: Info, id: strawberry.ID) -> Organisation | None:
        try:
            view = await visible_organisation(info, id)
        except NotFound:
            return None
        return Organisation.from_model(view.organisation)

    @strawberry.field(
        description="Approved organisations; PENDING or REJECTED ones for that university's "
        "moderators (pass universityId)."
    )
    async def organisations(
        self,
        info: Info,
        status: OrganisationStatus = OrganisationStatus.APPROVED,
        university_id: strawberry.ID | None = None,
    ) -> list[Organisation]:
        uni = check.entity_id(university_id, "universityId") if university_id else None
        if status != OrganisationStatus.APPROVED:
            if uni is None:
                raise BadUserInput(
                    "Listing PENDING or REJECTED organisations needs a universityId.",
                    field="universityId",
                )
            standing = await standing_at_university(info.context.graph, uni, info.context.actor_id)
            if standing is None or not allows(Permission.ORGANISATION_REVIEW, standing):
                raise Forbidden("Only a university's moderators list its unapproved organisations.")
        found = await model.organisations(info.context.graph, status, uni)
        return [Organisation.from_model(o) for o in found]

    @strawberry.field(description="Members and roles; for its members and moderators.")
    async def organisation_members(
        self, info: Info, organisation_id: strawberry.ID
    ) -> list[Member]:
        info.context.require_caller()  # private: a stranger is asked to sign in
        view = await visible_organisation(info, organisation_id)
        if not allows(Permission.ORGANISATION_READ_PRIVATE, view.standing):
            raise Forbidden("Only its members and moderators see who belongs to it.")
        found = await model.organisation_members(info.context.graph, view.organisation.id)
        return [Member.from_model(m) for m in found]

    @strawberry.field(description="Who changed this organisation, and when (newest first).")
    async def organisation_audit_trail(
        self, info: Info, organisation_id: strawberry.ID
    ) -> list[AuditEvent]:
        info.context.require_caller()  # private: a stranger is asked to sign in
        view = await visible_organisation(info, organisation_id)
        if not allows(Permission.ORGANISATION_READ_PRIVATE, view.standing):
            raise Forbidden("Only its members and moderators see its audit trail.")
        events = await audit.trail(info.context.graph, view.organisation.id)
        return [AuditEvent.from_model(e) for e in events]
