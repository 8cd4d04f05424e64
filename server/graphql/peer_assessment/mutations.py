"""Peer-assessment mutations: each one graph transaction under the submission's lock."""

from __future__ import annotations

import strawberry

from auth.permissions import Permission, require
from graph.peer_assessment import assignment as assignment_model
from graph.peer_assessment import configuration as settings_model
from graph.peer_assessment import reviews as model
from server.graphql import validation as check
from server.graphql.context import Info
from server.graphql.peer_assessment.inputs import (
    PeerAssessmentSettingsInput,
    PeerScoreInput,
    SubmitPortfolioInput,
    score_inputs,
)
from server.graphql.peer_assessment.types import (
    PeerAssessmentConfiguration,
    PeerAssignment,
    PeerSubmission,
)


@strawberry.type
class PeerAssessmentMutations:
    @strawberry.mutation(
        description="Switch peer assessment on for a badge class with a rubric (settings "
        "given: the issuer's recorded consent to issue on passing reviews) or off (settings "
        "null: no badge is issued on review from now on). Those who manage the class's "
        "issuance consent only."
    )
    async def configure_peer_assessment(
        self,
        info: Info,
        badge_class_id: strawberry.ID,
        settings: PeerAssessmentSettingsInput | None = None,
    ) -> PeerAssessmentConfiguration:
        actor = info.context.require_caller().person_id
        made = await settings_model.configure(
            info.context.graph,
            actor,
            require(Permission.PEER_ASSESSMENT_CONFIGURE),
            check.entity_id(badge_class_id, "badgeClassId"),
            settings.to_model() if settings else None,
        )
        return PeerAssessmentConfiguration.from_model(made)

    @strawberry.mutation(
        description="Submit a reflexive portfolio to a peer-assessed badge class; reviewers "
        f"from across the network are assigned at once. At most "
        f"{assignment_model.SUBMISSIONS_PER_DAY} a day; one open submission per class."
    )
    async def submit_portfolio(self, info: Info, input: SubmitPortfolioInput) -> PeerSubmission:
        actor = info.context.require_caller().person_id
        graph = info.context.graph
        claim_id = await assignment_model.submit(
            graph,
            actor,
            require(Permission.PEER_ASSESSMENT_SUBMIT),
            check.entity_id(input.badge_class_id, "badgeClassId"),
            check.text(input.narrative, "narrative", max_length=10_000),
            input.links(),
        )
        mine = await model.my_submissions(graph, actor)
        return PeerSubmission.from_model(next(s for s in mine if s.id == claim_id))

    @strawberry.mutation(
        description="Score every rubric criterion of a portfolio assigned to me, with a "
        "comment each; anonymous: the learner sees no name. The last review decides."
    )
    async def review_portfolio(
        self,
        info: Info,
        assignment_id: strawberry.ID,
        scores: list[PeerScoreInput],
        anonymous: bool = False,
    ) -> PeerAssignment:
        actor = info.context.require_caller().person_id
        done = await model.review(
            info.context.graph,
            actor,
            require(Permission.PEER_ASSESSMENT_REVIEW),
            check.entity_id(assignment_id, "assignmentId"),
            score_inputs(scores),
            anonymous,
        )
        return PeerAssignment.from_model(done)

    @strawberry.mutation(
        description="The issuer's staff decide a disputed submission: issue the badge (their "
        "decision) or decline it, saying why."
    )
    async def decide_peer_dispute(
        self, info: Info, claim_id: strawberry.ID, issue: bool, note: str = ""
    ) -> PeerSubmission:
        actor = info.context.require_caller().person_id
        decided = await model.decide_dispute(
            info.context.graph,
            actor,
            require(Permission.PEER_ASSESSMENT_DECIDE),
            check.entity_id(claim_id, "claimId"),
            issue,
            check.text(note, "note", max_length=2000, required=False),
        )
        return PeerSubmission.from_model(decided)
