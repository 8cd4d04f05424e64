"""Mutations for universities, organisations and memberships: parse, guard, one graph call."""

from __future__ import annotations

import strawberry

from auth.permissions import Permission, require
from graph.core.vocabulary import Role
from graph.organisations import organisations as model
from server.graphql import validation as check
from server.graphql.context import Info
from server.graphql.organisations.inputs import (
    ApplyOrganisationInput,
    CreateUniversityInput,
    UpdateOrganisationInput,
)
from server.graphql.organisations.types import Member, Organisation, University


@strawberry.type
class OrganisationMutations:
    @strawberry.mutation(description="Platform admins add a university.")
    async def create_university(self, info: Info, input: CreateUniversityInput) -> University:
        actor = info.context.require_caller().person_id
        created = await model.create_university(
            info.context.graph, actor, require(Permission.UNIVERSITY_CREATE), input.to_model()
        )
        return University.from_model(created)

    @strawberry.mutation(description="Give someone (invited by e-mail if new) a university role.")
    async def add_university_member(
        self, info: Info, university_id: strawberry.ID, email: str, role: Role
    ) -> Member:
        actor = info.context.require_caller().person_id
        member = await model.add_member(
            info.context.graph,
            actor,
            require(Permission.UNIVERSITY_MANAGE_MEMBERS),
            model.BodyKind.UNIVERSITY,
            check.entity_id(university_id, "universityId"),
            check.email(email),
            role,
        )
        return Member.from_model(member)

    @strawberry.mutation
    async def remove_university_member(
        self, info: Info, university_id: strawberry.ID, person_id: strawberry.ID, role: Role
    ) -> bool:
        actor = info.context.require_caller().person_id
        await model.remove_member(
            info.context.graph,
            actor,
            require(Permission.UNIVERSITY_MANAGE_MEMBERS),
            model.BodyKind.UNIVERSITY,
            check.entity_id(university_id, "universityId"),
            check.entity_id(person_id, "personId"),
            role,
        )
        return True

    @strawberry.mutation(
        description="Ask a university to approve your organisation as an issuer; you become "
        "its first ADMIN and it stays PENDING until a moderator decides."
    )
    async def apply_organisation(self, info: Info, input: ApplyOrganisationInput) -> Organisation:
        actor = info.context.require_caller().person_id
        created = await model.apply(
            info.context.graph, actor, require(Permission.ORGANISATION_APPLY), input.to_model()
        )
        return Organisation.from_model(created)

    @strawberry.mutation(description="A moderator of its university approves it.")
    async def approve_organisation(self, info: Info, id: strawberry.ID) -> Organisation:
        actor = info.context.require_caller().person_id
        reviewed = await model.review(
            info.context.graph,
            actor,
            require(Permission.ORGANISATION_REVIEW),
            check.entity_id(id),
            approve=True,
        )
        return Organisation.from_model(reviewed)

    @strawberry.mutation(description="A moderator of its university rejects it, saying why.")
    async def reject_organisation(self, info: Info, id: strawberry.ID, reason: str) -> Organisation:
        actor = info.context.require_caller().person_id
        reviewed = await model.review(
            info.context.graph,
            actor,
            require(Permission.ORGANISATION_REVIEW),
            check.entity_id(id),
            approve=False,
            reason=check.text(reason, "reason", max_length=2000),
        )
        return Organisation.from_model(reviewed)

    @strawberry.mutation(
        description="Its admins change its profile (name, description, contacts, address, "
        "logo), whatever its state."
    )
    async def update_organisation(
        self, info: Info, id: strawberry.ID, input: UpdateOrganisationInput
    ) -> Organisation:
        actor = info.context.require_caller().person_id
        changes = input.to_model()
        updated = await model.update_profile(
            info.context.graph,
            actor,
            require(Permission.ORGANISATION_UPDATE),
            check.entity_id(id),
            changes,
        )
        return Organisation.from_model(updated)

    @strawberry.mutation(description="Its admins invite someone as ADMIN or SUPERVISOR.")
    async def add_organisation_member(
        self, info: Info, organisation_id: strawberry.ID, email: str, role: Role
    ) -> Member:
        actor = info.context.require_caller().person_id
        member = await model.add_member(
            info.context.graph,
            actor,
            require(Permission.ORGANISATION_MANAGE_MEMBERS),
            model.BodyKind.ORGANISATION,
            check.entity_id(organisation_id, "organisationId"),
            check.email(email),
            role,
        )
        return Member.from_model(member)

    @strawberry.mutation(description="Its admins remove a role (never the last ADMIN).")
    async def remove_organisation_member(
        self, info: Info, organisation_id: strawberry.ID, person_id: strawberry.ID, role: Role
    ) -> bool:
        actor = info.context.require_caller().person_id
        await model.remove_member(
            info.context.graph,
            actor,
            require(Permission.ORGANISATION_MANAGE_MEMBERS),
            model.BodyKind.ORGANISATION,
            check.entity_id(organisation_id, "organisationId"),
            check.entity_id(person_id, "personId"),
            role,
        )
        return True

    @strawberry.mutation(
        description="Its admins let a SUPERVISOR review claims on the organisation's badge "
        "classes (approve, decline, return for revision), or stop them."
    )
    async def allow_claim_review(
        self,
        info: Info,
        organisation_id: strawberry.ID,
        person_id: strawberry.ID,
        allowed: bool,
    ) -> Member:
        actor = info.context.require_caller().person_id
        member = await model.allow_claim_review(
            info.context.graph,
            actor,
            require(Permission.ORGANISATION_MANAGE_MEMBERS),
            check.entity_id(organisation_id, "organisationId"),
            check.entity_id(person_id, "personId"),
            allowed,
        )
        return Member.from_model(member)
