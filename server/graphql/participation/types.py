"""GraphQL types for applications."""

from __future__ import annotations

from datetime import datetime

import strawberry

from graph.participation import bulk, endorsable
from graph.participation import participation as model
from server.graphql.enums import ApplicationStatus, ClaimStatus


@strawberry.type
class Application:
    id: strawberry.ID
    status: ApplicationStatus
    motivation: str
    reason: str | None = strawberry.field(description="Why it was rejected, if it was.")
    created_at: datetime
    decided_at: datetime | None
    learner_id: strawberry.ID
    learner_name: str
    opportunity_id: strawberry.ID
    opportunity_title: str
    attended_at: datetime | None = strawberry.field(
        default=None, description="When the learner checked in with the event's code."
    )

    @classmethod
    def from_model(cls, a: model.Application) -> Application:
        return cls(
            id=strawberry.ID(a.id),
            status=a.status,
            motivation=a.motivation,
            reason=a.reason,
            created_at=a.created_at,
            decided_at=a.decided_at,
            learner_id=strawberry.ID(a.learner_id),
            learner_name=a.learner_name,
            opportunity_id=strawberry.ID(a.opportunity_id),
            opportunity_title=a.opportunity_title,
            attended_at=a.attended_at,
        )


ParticipationOutcome = bulk.ParticipationOutcome
strawberry.enum(ParticipationOutcome, description="How an accepted learner's participation ended.")


@strawberry.type(description="What became of one application of a bulk action.")
class BulkItemResult:
    application_id: strawberry.ID
    ok: bool = strawberry.field(description="It was marked as asked.")
    code: str | None = strawberry.field(
        description="Why not: NOT_FOUND, FORBIDDEN, CONFLICT (its state, or not started), or "
        "CHUNK_FAILED (left unchanged because another item of its chunk failed)."
    )
    message: str | None = strawberry.field(description="Why not, in words.")

    @classmethod
    def from_model(cls, item: bulk.ItemResult) -> BulkItemResult:
        return cls(
            application_id=strawberry.ID(item.application_id),
            ok=item.ok,
            code=item.code,
            message=item.message,
        )


@strawberry.type(description="The outcome of a bulk action, item by item, in the order asked.")
class BulkReport:
    request_id: strawberry.ID
    completed: int = strawberry.field(description="Items marked as asked.")
    failed: int = strawberry.field(description="Items left unchanged.")
    items: list[BulkItemResult]

    @classmethod
    def from_model(cls, report: bulk.BulkReport) -> BulkReport:
        return cls(
            request_id=strawberry.ID(report.request_id),
            completed=report.completed,
            failed=report.failed,
            items=[BulkItemResult.from_model(i) for i in report.items],
        )


@strawberry.type(description="A completed participant whose claim you were asked to endorse.")
class EndorsableParticipant:
    application_id: strawberry.ID
    learner_name: str
    claim_id: strawberry.ID
    claim_title: str
    claim_status: ClaimStatus
    endorsed: bool = strawberry.field(description="You already endorsed it.")

    @classmethod
    def from_model(cls, p: endorsable.EndorsableParticipant) -> EndorsableParticipant:
        return cls(
            application_id=strawberry.ID(p.application_id),
            learner_name=p.learner_name,
            claim_id=strawberry.ID(p.claim_id),
            claim_title=p.claim_title,
            claim_status=p.claim_status,
            endorsed=p.endorsed,
        )
