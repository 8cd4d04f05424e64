"""Peer assessment as the API shows it: configuration, submissions, assignments, reviews."""

from __future__ import annotations

import enum
from datetime import datetime

import strawberry

from graph.badge_classes.fields import RubricCriterion
from graph.peer_assessment import configuration as settings_model
from graph.peer_assessment import reviews as model
from server.graphql.recognition.types import Evidence


@strawberry.type(description="The issuer's consent to issue this class on its peers' reviews.")
class PeerAssessmentConfiguration:
    badge_class_id: strawberry.ID
    badge_class_name: str
    issuer_id: strawberry.ID
    issuer_name: str
    enabled: bool
    reviewers: int | None
    passing_score: int | None = strawberry.field(
        description="A review passes with at least this total (and every minimum level)."
    )
    disagreement: int | None = strawberry.field(
        description="Reviews whose totals lie further apart (max - min) go to the issuer's staff."
    )
    expiry_days: int | None
    max_score: int = strawberry.field(description="The rubric's highest total.")
    consent_at: datetime | None

    @classmethod
    def from_model(cls, c: settings_model.PeerConfiguration) -> PeerAssessmentConfiguration:
        s = c.settings
        return cls(
            badge_class_id=strawberry.ID(c.badge_class_id),
            badge_class_name=c.badge_class_name,
            issuer_id=strawberry.ID(c.issuer_id),
            issuer_name=c.issuer_name,
            enabled=c.enabled,
            reviewers=s.reviewers if s else None,
            passing_score=s.passing_score if s else None,
            disagreement=s.disagreement if s else None,
            expiry_days=s.expiry_days if s else None,
            max_score=c.max_score,
            consent_at=c.consent_at,
        )


@strawberry.type(description="One criterion of the class's rubric, as reviewers score it.")
class PeerCriterion:
    id: strawberry.ID
    name: str
    description: str
    levels: list[str] = strawberry.field(description="Level descriptors, level 1 first.")
    minimum_level: int | None

    @classmethod
    def from_model(cls, k: RubricCriterion) -> PeerCriterion:
        return cls(
            id=strawberry.ID(k.id),
            name=k.name,
            description=k.description,
            levels=list(k.levels),
            minimum_level=k.minimum_level,
        )


@strawberry.type
class PeerScore:
    criterion_id: strawberry.ID
    level: int
    comment: str


@strawberry.type(description="One peer's review; anonymous ones name nobody to the learner.")
class PeerReview:
    id: strawberry.ID
    reviewer_name: str | None = strawberry.field(
        description="Null when the review is anonymous to you, or its reviewer left Kring."
    )
    anonymous: bool
    total: int
    passed: bool
    scores: list[PeerScore]
    reviewed_at: datetime

    @classmethod
    def from_model(cls, r: model.PeerReview) -> PeerReview:
        return cls(
            id=strawberry.ID(r.id),
            reviewer_name=r.reviewer_name,
            anonymous=r.anonymous,
            total=r.total,
            passed=r.passed,
            scores=[
                PeerScore(
                    criterion_id=strawberry.ID(s.criterion_id), level=s.level, comment=s.comment
                )
                for s in r.scores
            ],
            reviewed_at=r.reviewed_at,
        )


@strawberry.enum(description="Where a peer-assessed submission stands.")
class PeerSubmissionState(enum.Enum):
    WAITING = "WAITING"  # fewer reviewers than it needs, for now
    REVIEWING = "REVIEWING"
    DISPUTED = "DISPUTED"  # with the issuer's staff
    ISSUED = "ISSUED"
    DECLINED = "DECLINED"


@strawberry.enum(description="Why a submission went to the issuer's staff.")
class PeerDisputeReason(enum.Enum):
    DISAGREEMENT = "DISAGREEMENT"
    CONSENT_WITHDRAWN = "CONSENT_WITHDRAWN"
    PREREQUISITES = "PREREQUISITES"


@strawberry.enum
class PeerAssignmentStatus(enum.Enum):
    OPEN = "OPEN"
    DONE = "DONE"
    EXPIRED = "EXPIRED"
    WITHDRAWN = "WITHDRAWN"  # the learner took the portfolio back


@strawberry.type(description="A portfolio submitted for peer assessment (a claim of its class).")
class PeerSubmission:
    id: strawberry.ID = strawberry.field(description="The claim's id.")
    state: PeerSubmissionState
    dispute_reason: PeerDisputeReason | None
    learner_name: str | None = strawberry.field(description="Shown to the issuer's staff only.")
    badge_class_id: strawberry.ID
    badge_class_name: str
    issuer_name: str
    narrative: str
    evidence: list[Evidence]
    rubric: list[PeerCriterion]
    reviewers_needed: int
    reviews_pending: int = strawberry.field(description="Reviewers assigned who have not reviewed.")
    passing_score: int
    disagreement: int
    submitted_at: datetime
    assertion_id: strawberry.ID | None
    reviews: list[PeerReview]

    @classmethod
    def from_model(cls, s: model.Submission) -> PeerSubmission:
        return cls(
            id=strawberry.ID(s.id),
            state=PeerSubmissionState(s.state),
            dispute_reason=PeerDisputeReason(s.dispute_reason) if s.dispute_reason else None,
            learner_name=s.learner_name,
            badge_class_id=strawberry.ID(s.badge_class_id),
            badge_class_name=s.badge_class_name,
            issuer_name=s.issuer_name,
            narrative=s.narrative,
            evidence=[Evidence.from_model(e) for e in s.evidence],
            rubric=[PeerCriterion.from_model(k) for k in s.rubric],
            reviewers_needed=s.needed,
            reviews_pending=s.open_assignments,
            passing_score=s.passing_score,
            disagreement=s.disagreement,
            submitted_at=s.submitted_at,
            assertion_id=strawberry.ID(s.assertion_id) if s.assertion_id else None,
            reviews=[PeerReview.from_model(r) for r in s.reviews],
        )


@strawberry.type(description="A portfolio given to me to review, and my review once written.")
class PeerAssignment:
    id: strawberry.ID
    status: PeerAssignmentStatus
    assigned_at: datetime
    expires_at: datetime
    submission: PeerSubmission = strawberry.field(
        description="What I review: no learner's name, no other reviews."
    )
    my_review: PeerReview | None

    @classmethod
    def from_model(cls, a: model.Assignment) -> PeerAssignment:
        return cls(
            id=strawberry.ID(a.id),
            status=PeerAssignmentStatus(a.status),
            assigned_at=a.assigned_at,
            expires_at=a.expires_at,
            submission=PeerSubmission.from_model(a.submission),
            my_review=PeerReview.from_model(a.mine) if a.mine else None,
        )
