"""Mutations for recognition: claim, invite, endorse, issue, curate, revoke, own one's record."""

from __future__ import annotations

from typing import Annotated

import strawberry

from auth.permissions import Permission, require
from graph.badge_classes import badge_classes
from graph.core.errors import BadUserInput, NotFound
from graph.organisations.organisations import university_by_id
from graph.people import records
from graph.people.people import person_by_id
from graph.recognition import (
    assertions,
    claim_review,
    claims,
    community_policy,
    curation,
    endorsements,
)
from server.evidence_store import EvidenceStore
from server.graphql import validation as check
from server.graphql.badge_classes.types import BadgeClass
from server.graphql.context import Info
from server.graphql.enums import Relationship, Visibility
from server.graphql.micro_credentials.inputs import MicroCredentialInput
from server.graphql.organisations.types import University
from server.graphql.recognition.inputs import (
    CommunityPolicyInput,
    CriterionAssessmentInput,
    EvidenceLinkInput,
    SelfAssertInput,
    evidence_links,
    parse_assessment,
)
from server.graphql.recognition.types import Assertion, Claim, EndorsementRequest


async def _badge_class(info: Info, badge_class_id: str) -> BadgeClass:
    # Read afresh: a loader may hold the class as it was before this mutation.
    found = await badge_classes.badge_classes_by_ids(info.context.graph, [badge_class_id])
    return BadgeClass.from_model(found[badge_class_id])


def _reviewed(claim: claims.Claim, actor: str) -> Claim:
    return Claim.from_model(claim, owner=False, reviewer=True, viewer_id=actor)


def _own(claim: claims.Claim, actor: str) -> Claim:
    return Claim.from_model(claim, owner=True, viewer_id=actor)


async def _set_validation(
    info: Info,
    id: str,
    note: str,
    *,
    validate: bool,
    micro_credential: MicroCredentialInput | None = None,
) -> BadgeClass:
    actor = info.context.require_caller().person_id
    key = check.entity_id(id)
    await curation.set_validation(
        info.context.graph,
        actor,
        require(Permission.BADGE_CLASS_VALIDATE),
        key,
        validate=validate,
        note=check.text(note, "note", max_length=2000),
        elements=micro_credential.to_model() if micro_credential else None,
    )
    return await _badge_class(info, key)


@strawberry.type
class RecognitionMutations:
    @strawberry.mutation(description="Claim the badge class of a completed participation.")
    async def claim_participation(
        self,
        info: Info,
        application_id: strawberry.ID,
        narrative: str = "",
        evidence: list[EvidenceLinkInput] | None = None,
    ) -> Claim:
        actor = info.context.require_caller().person_id
        claim = await claims.claim_participation(
            info.context.graph,
            actor,
            require(Permission.CLAIM_CREATE),
            check.entity_id(application_id, "applicationId"),
            check.text(narrative, "narrative", max_length=10_000, required=False),
            evidence_links(evidence or []),
        )
        return _own(claim, actor)

    @strawberry.mutation(description="Self-assert learning that happened anywhere.")
    async def self_assert(self, info: Info, input: SelfAssertInput) -> Claim:
        actor = info.context.require_caller().person_id
        claim = await claims.self_assert(
            info.context.graph, actor, require(Permission.CLAIM_CREATE), input.to_model()
        )
        return _own(claim, actor)

    @strawberry.mutation(description="Add links as evidence (files: PUT /claims/{id}/evidence).")
    async def add_evidence_links(
        self, info: Info, claim_id: strawberry.ID, evidence: list[EvidenceLinkInput]
    ) -> Claim:
        actor = info.context.require_caller().person_id
        if not evidence:
            raise BadUserInput("Give at least one link.", field="evidence")
        claim = await claims.add_evidence(
            info.context.graph,
            actor,
            require(Permission.CLAIM_MANAGE),
            check.entity_id(claim_id, "claimId"),
            evidence_links(evidence),
        )
        return _own(claim, actor)

    @strawberry.mutation(
        description="Revise an open or returned claim: a new narrative and/or more evidence "
        "links. Every revision is kept."
    )
    async def revise_claim(
        self,
        info: Info,
        claim_id: strawberry.ID,
        narrative: str | None = None,
        evidence: list[EvidenceLinkInput] | None = None,
    ) -> Claim:
        actor = info.context.require_caller().person_id
        if narrative is None and not evidence:
            raise BadUserInput("Change the narrative or add evidence.", field="narrative")
        claim = await claims.revise(
            info.context.graph,
            actor,
            require(Permission.CLAIM_MANAGE),
            check.entity_id(claim_id, "claimId"),
            narrative=check.text(narrative, "narrative", max_length=10_000)
            if narrative is not None
            else None,
            evidence=evidence_links(evidence or []),
        )
        return _own(claim, actor)

    @strawberry.mutation(
        description="Send a returned claim back to the issuer's reviewers, saying what changed."
    )
    async def resubmit_claim(self, info: Info, claim_id: strawberry.ID, message: str) -> Claim:
        actor = info.context.require_caller().person_id
        claim = await claims.resubmit(
            info.context.graph,
            actor,
            require(Permission.CLAIM_MANAGE),
            check.entity_id(claim_id, "claimId"),
            check.text(message, "message", max_length=2000),
        )
        return _own(claim, actor)

    @strawberry.mutation(description="Take back a claim that is not decided yet.")
    async def withdraw_claim(self, info: Info, claim_id: strawberry.ID) -> Claim:
        actor = info.context.require_caller().person_id
        claim = await claims.withdraw(
            info.context.graph,
            actor,
            require(Permission.CLAIM_MANAGE),
            check.entity_id(claim_id, "claimId"),
        )
        return _own(claim, actor)

    @strawberry.mutation(
        description="A reviewer of the issuer approves a claim in review: the badge is issued "
        "with the issuer's key. A badge class with a rubric needs a level for every criterion, "
        "at least its minimum."
    )
    async def approve_claim(
        self,
        info: Info,
        claim_id: strawberry.ID,
        note: str = "",
        assessment: list[CriterionAssessmentInput] | None = None,
    ) -> Claim:
        actor = info.context.require_caller().person_id
        claim = await claim_review.approve(
            info.context.graph,
            actor,
            require(Permission.CLAIM_REVIEW),
            check.entity_id(claim_id, "claimId"),
            check.text(note, "note", max_length=2000, required=False),
            parse_assessment(assessment),
        )
        return _reviewed(claim, actor)

    @strawberry.mutation(description="A reviewer of the issuer declines a claim, saying why.")
    async def decline_claim(self, info: Info, claim_id: strawberry.ID, reason: str) -> Claim:
        actor = info.context.require_caller().person_id
        claim = await claim_review.decline(
            info.context.graph,
            actor,
            require(Permission.CLAIM_REVIEW),
            check.entity_id(claim_id, "claimId"),
            check.text(reason, "reason", max_length=2000),
        )
        return _reviewed(claim, actor)

    @strawberry.mutation(
        description="A reviewer of the issuer returns a claim for revision, saying what it needs."
    )
    async def return_claim(self, info: Info, claim_id: strawberry.ID, note: str) -> Claim:
        actor = info.context.require_caller().person_id
        claim = await claim_review.return_for_revision(
            info.context.graph,
            actor,
            require(Permission.CLAIM_REVIEW),
            check.entity_id(claim_id, "claimId"),
            check.text(note, "note", max_length=2000),
        )
        return _reviewed(claim, actor)

    @strawberry.mutation(
        description="A curator lets a flagged (reciprocal or cyclic) endorsement count, "
        "saying what they checked."
    )
    async def clear_endorsement_flag(self, info: Info, id: strawberry.ID, note: str) -> bool:
        actor = info.context.require_caller().person_id
        await curation.clear_flag(
            info.context.graph,
            actor,
            require(Permission.ENDORSEMENT_CLEAR_FLAG),
            check.entity_id(id),
            check.text(note, "note", max_length=2000),
        )
        return True

    @strawberry.mutation(description="PRIVATE (default), LINK (anyone with the link) or PUBLIC.")
    async def set_claim_visibility(
        self, info: Info, claim_id: strawberry.ID, visibility: Visibility
    ) -> Claim:
        actor = info.context.require_caller().person_id
        claim = await claims.set_visibility(
            info.context.graph,
            actor,
            require(Permission.CLAIM_MANAGE),
            check.entity_id(claim_id, "claimId"),
            visibility,
        )
        return _own(claim, actor)

    @strawberry.mutation(
        description="Ask someone to endorse your claim: a person on Kring, or anyone by e-mail "
        "(you get a single-use link valid for 14 days to send them)."
    )
    async def request_endorsement(
        self,
        info: Info,
        claim_id: strawberry.ID,
        person_id: strawberry.ID | None = None,
        email: str | None = None,
        message: str = "",
    ) -> EndorsementRequest:
        actor = info.context.require_caller().person_id
        made = await endorsements.request_endorsement(
            info.context.graph,
            actor,
            require(Permission.CLAIM_MANAGE),
            check.entity_id(claim_id, "claimId"),
            person_id=check.entity_id(person_id, "personId") if person_id else None,
            email=check.email(email) if email is not None else None,
            message=check.text(message, "message", max_length=2000, required=False),
        )
        base = info.context.settings.public_url
        return EndorsementRequest.from_model(
            made, link=f"{base}/endorse/{made.token}" if made.token else None
        )

    @strawberry.mutation(description="Accept an e-mailed invitation to endorse, once.")
    async def redeem_endorsement_invitation(self, info: Info, token: str) -> Claim:
        actor = info.context.require_caller().person_id
        claim_id = await endorsements.redeem_invitation(info.context.graph, actor, token.strip())
        view = await claims.claim_by_id(info.context.graph, claim_id, actor)
        assert view is not None
        return Claim.from_model(view.claim, owner=False, viewer_id=actor, invited=True)

    @strawberry.mutation(
        description="Endorse a claim you were invited to: who you are to the learner, your "
        "testimonial, what you observed and, optionally, levels on the badge class's rubric. "
        "The endorsement that meets the policy issues the badge (when the issuer consented "
        "in advance) or sends the claim to the issuer's reviewers."
    )
    async def endorse_claim(
        self,
        info: Info,
        claim_id: strawberry.ID,
        relationship: Relationship,
        testimonial: str,
        observed: str = "",
        assessment: list[CriterionAssessmentInput] | None = None,
    ) -> Claim:
        actor = info.context.require_caller().person_id
        claim = await endorsements.endorse(
            info.context.graph,
            actor,
            require(Permission.CLAIM_ENDORSE),
            check.entity_id(claim_id, "claimId"),
            relationship,
            check.text(testimonial, "testimonial", max_length=5000),
            check.text(observed, "observed", max_length=5000, required=False),
            parse_assessment(assessment),
        )
        return Claim.from_model(claim, owner=False, viewer_id=actor, invited=True)

    @strawberry.mutation(
        description="Someone invited to endorse asks the learner for more evidence instead."
    )
    async def request_more_evidence(self, info: Info, claim_id: strawberry.ID, note: str) -> Claim:
        actor = info.context.require_caller().person_id
        claim = await endorsements.ask_for_evidence(
            info.context.graph,
            actor,
            require(Permission.CLAIM_ENDORSE),
            check.entity_id(claim_id, "claimId"),
            check.text(note, "note", max_length=2000),
        )
        return Claim.from_model(claim, owner=False, viewer_id=actor, invited=True)

    @strawberry.mutation(description="Withdraw your endorsement while the badge is not issued.")
    async def withdraw_endorsement(self, info: Info, id: strawberry.ID) -> Claim:
        actor = info.context.require_caller().person_id
        claim = await endorsements.withdraw(
            info.context.graph, actor, require(Permission.ENDORSEMENT_WITHDRAW), check.entity_id(id)
        )
        return Claim.from_model(claim, owner=False, viewer_id=actor)

    @strawberry.mutation(description="The issuer or a curator revokes a badge, saying why.")
    async def revoke_assertion(self, info: Info, id: strawberry.ID, reason: str) -> Assertion:
        actor = info.context.require_caller().person_id
        revoked = await assertions.revoke(
            info.context.graph,
            actor,
            require(Permission.ASSERTION_REVOKE),
            check.entity_id(id),
            check.text(reason, "reason", max_length=2000),
        )
        return Assertion.from_model(revoked)

    @strawberry.mutation(
        description="A curator officially validates a badge class: its badges become OFFICIAL."
    )
    async def validate_badge_class(
        self,
        info: Info,
        id: strawberry.ID,
        note: str,
        micro_credential: Annotated[
            MicroCredentialInput | None,
            strawberry.argument(
                description="The EU micro-credential elements the university states (they "
                "replace any stated before; required in full for a micro-credential)."
            ),
        ] = None,
    ) -> BadgeClass:
        return await _set_validation(
            info, id, note, validate=True, micro_credential=micro_credential
        )

    @strawberry.mutation(description="A curator withdraws validation: badges go back to COMMUNITY.")
    async def withdraw_badge_class_validation(
        self, info: Info, id: strawberry.ID, note: str
    ) -> BadgeClass:
        return await _set_validation(info, id, note, validate=False)

    @strawberry.mutation(
        description="A CURATOR or MODERATOR of the university records its consent in advance: "
        "a learner's own one-off claim carrying its brand is issued under its key once its "
        "endorsements meet `policy` (replacing an earlier policy). `null` withdraws the "
        "consent: such claims go to its claim reviewers again. Issued badges stay issued."
    )
    async def set_community_policy(
        self, info: Info, university_id: strawberry.ID, policy: CommunityPolicyInput | None
    ) -> University:
        actor = info.context.require_caller().person_id
        key = await community_policy.set_policy(
            info.context.graph,
            actor,
            require(Permission.COMMUNITY_POLICY_SET),
            check.entity_id(university_id, "universityId"),
            policy.to_model() if policy is not None else None,
        )
        found = await university_by_id(info.context.graph, key)
        if found is None:
            raise NotFound("No such university.", field="universityId")
        return University.from_model(found)

    @strawberry.mutation(
        description="Erase your account (see the README for what happens to what). Confirm "
        "with your e-mail address."
    )
    async def delete_my_account(self, info: Info, confirm_email: str) -> bool:
        caller = info.context.require_caller()
        me = await person_by_id(info.context.graph, caller.person_id)
        if me is None or me.email != confirm_email.strip().lower():
            raise BadUserInput("Type your own e-mail address to confirm.", field="confirmEmail")
        hashes = await records.delete_account(info.context.graph, caller.person_id)
        info.context.sessions.erase_person(caller.person_id)  # other replicas: the feed
        store = EvidenceStore(info.context.settings.evidence_dir)
        for digest in await records.unused_evidence(info.context.graph, hashes):
            store.discard(digest)
        return True
