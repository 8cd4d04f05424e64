"""GraphQL types for claims, evidence, endorsements, badges (assertions) and curation."""

from __future__ import annotations

from datetime import datetime

import strawberry

from graph.core.errors import BadUserInput
from graph.recognition import assertions as assertion_model
from graph.recognition import claims as claim_model
from graph.recognition import curation as curation_model
from graph.recognition import endorsements as endorsement_model
from server.graphql.badge_classes.types import RubricCriterion
from server.graphql.common import TransparencyLogRecord
from server.graphql.context import Info
from server.graphql.enums import (
    ClaimKind,
    ClaimMessageKind,
    ClaimStatus,
    Consent,
    Domain,
    FlagReason,
    Relationship,
    Tier,
    Visibility,
)
from server.graphql.pagination import PageInfo, check_page_size, decode_cursor, encode_cursor


@strawberry.type
class Evidence:
    id: strawberry.ID
    kind: str = strawberry.field(description="`URL` or `FILE` (download at /evidence/{id}).")
    name: str
    url: str | None
    media_type: str | None
    size: int | None
    sha256: str | None
    description: str
    revision: int = strawberry.field(description="The claim's revision that added it.")

    @classmethod
    def from_model(cls, e: claim_model.EvidenceItem) -> Evidence:
        return cls(
            id=strawberry.ID(e.id),
            kind=e.kind,
            name=e.name,
            url=e.url,
            media_type=e.media_type,
            size=e.size,
            sha256=e.sha256,
            description=e.description,
            revision=e.revision,
        )

    @strawberry.field(description="Where a file is downloaded (its learner's sharing decides who).")
    def download_url(self, info: Info) -> str | None:
        if self.kind != "FILE":
            return None
        return f"{info.context.settings.public_url}/evidence/{self.id}"


@strawberry.type(description="A level reached on one rubric criterion.")
class CriterionAssessment:
    criterion_id: strawberry.ID
    level: int
    comment: str

    @classmethod
    def from_model(cls, a: claim_model.Assessment) -> CriterionAssessment:
        return cls(criterion_id=strawberry.ID(a.criterion_id), level=a.level, comment=a.comment)


@strawberry.type(description="What the graph says about an endorser, shown with the endorsement.")
class TrustSignals:
    holds_same_badge: bool
    supervises_host: bool = strawberry.field(
        description="A supervisor or admin of the organisation that ran the opportunity."
    )
    is_teacher: bool
    reciprocal: bool = strawberry.field(
        description="The learner also endorsed this endorser: worth a second look."
    )


@strawberry.type
class Endorsement:
    id: strawberry.ID
    endorser_id: strawberry.ID | None
    endorser_name: str
    relationship: Relationship
    testimonial: str
    observed: str
    status: str
    created_at: datetime
    trust: TrustSignals
    revision: int = strawberry.field(description="The revision of the claim it was given on.")
    on_earlier_revision: bool = strawberry.field(
        description="The claim changed since: the endorser saw an earlier version."
    )
    flag: FlagReason | None = strawberry.field(
        description="Why it may not count: it does not until a curator clears it."
    )
    flag_cleared: bool
    counts: bool = strawberry.field(description="Whether it counts towards the policy now.")
    assessment: list[CriterionAssessment] = strawberry.field(
        description="The endorser's own view on the rubric, if they gave one."
    )

    @classmethod
    def from_model(cls, e: claim_model.Endorsement, claim_revision: int) -> Endorsement:
        return cls(
            id=strawberry.ID(e.id),
            endorser_id=strawberry.ID(e.endorser_id) if e.endorser_id else None,
            endorser_name=e.endorser_name,
            relationship=e.relationship,
            testimonial=e.testimonial,
            observed=e.observed,
            status=e.status,
            created_at=e.created_at,
            trust=TrustSignals(
                holds_same_badge=e.signals.holds_same_badge,
                supervises_host=e.signals.supervises_host,
                is_teacher=e.signals.is_teacher,
                reciprocal=e.signals.reciprocal,
            ),
            revision=e.revision,
            on_earlier_revision=e.revision < claim_revision,
            flag=e.flag,
            flag_cleared=e.flag_cleared,
            counts=e.counts,
            assessment=[CriterionAssessment.from_model(a) for a in e.assessment],
        )


@strawberry.type(description="The narrative and evidence as they stood at one revision.")
class ClaimRevision:
    number: int
    narrative: str
    evidence_ids: list[strawberry.ID]
    created_at: datetime


@strawberry.type(description="An entry in a claim's conversation.")
class ClaimMessage:
    id: strawberry.ID
    kind: ClaimMessageKind
    body: str
    author_name: str
    revision: int = strawberry.field(description="The claim's revision when it was written.")
    created_at: datetime


@strawberry.type
class Claim:
    id: strawberry.ID
    kind: ClaimKind
    title: str
    narrative: str
    status: ClaimStatus
    tier: Tier
    visibility: Visibility
    share_token: str | None = strawberry.field(
        description="The secret of its share link (only its learner sees it)."
    )
    learner_name: str
    badge_class_id: strawberry.ID
    badge_class_name: str
    issuer_name: str = strawberry.field(description="Who decides on it and signs its badge.")
    university_name: str = strawberry.field(description="Whose community brand it carries.")
    opportunity_title: str | None
    domain: Domain | None
    created_at: datetime
    submitted_at: datetime | None = strawberry.field(
        description="When it first reached the issuer's reviewers."
    )
    decided_at: datetime | None
    assertion_id: strawberry.ID | None
    revision: int = strawberry.field(description="Its current revision (1 when made).")
    evidence: list[Evidence]
    endorsements: list[Endorsement]
    assessment: list[CriterionAssessment] = strawberry.field(
        description="The levels the approving reviewer gave on the badge class's rubric."
    )
    mine: bool = strawberry.field(description="You are its learner.")
    invited_to_endorse: bool = strawberry.field(
        description="You were asked to endorse it (by name, or by a link you accepted)."
    )
    # Who reads it: its learner and the reviewers see the whole conversation, others
    # (invited endorsers) only what they wrote themselves.
    full_conversation: strawberry.Private[bool]
    viewer_id: strawberry.Private[str | None]

    @strawberry.field(
        description="Whom its learner asked to endorse it, newest first (only its learner "
        "sees them; empty for anyone else)."
    )
    async def endorsement_requests(self, info: Info) -> list[EndorsementRequest]:
        if not self.mine:
            return []
        found = await info.context.loaders.endorsement_requests_by_claim.load(str(self.id))
        return [EndorsementRequest.from_model(r) for r in found]

    @strawberry.field(description="The badge class's rubric, criterion by criterion.")
    async def rubric(self, info: Info) -> list[RubricCriterion]:
        found = await info.context.loaders.badge_class_by_id.load(str(self.badge_class_id))
        return [RubricCriterion.from_model(k) for k in found.rubric] if found else []

    @strawberry.field(description="Every revision, oldest first.")
    async def revisions(self, info: Info) -> list[ClaimRevision]:
        history = await info.context.loaders.claim_history_by_claim.load(str(self.id))
        return [
            ClaimRevision(
                number=r.number,
                narrative=r.narrative,
                evidence_ids=[strawberry.ID(e) for e in r.evidence_ids],
                created_at=r.created_at,
            )
            for r in history.revisions
        ]

    @strawberry.field(
        description="Reviewers' decisions and notes, the learner's resubmissions, endorsers' "
        "requests for evidence; oldest first."
    )
    async def conversation(self, info: Info) -> list[ClaimMessage]:
        history = await info.context.loaders.claim_history_by_claim.load(str(self.id))
        return [
            ClaimMessage(
                id=strawberry.ID(m.id),
                kind=m.kind,
                body=m.body,
                author_name=m.author_name,
                revision=m.revision,
                created_at=m.created_at,
            )
            for m in history.messages
            if self.full_conversation or (m.author_id and m.author_id == self.viewer_id)
        ]

    @classmethod
    def from_model(
        cls,
        c: claim_model.Claim,
        *,
        owner: bool,
        reviewer: bool = False,
        viewer_id: str | None = None,
        invited: bool = False,
    ) -> Claim:
        return cls(
            id=strawberry.ID(c.id),
            kind=c.kind,
            title=c.title,
            narrative=c.narrative,
            status=c.status,
            tier=c.tier,
            visibility=c.visibility,
            share_token=c.share_token if owner else None,
            learner_name=c.learner_name,
            badge_class_id=strawberry.ID(c.badge_class_id),
            badge_class_name=c.badge_class_name,
            issuer_name=c.issuer_name,
            university_name=c.university_name,
            opportunity_title=c.opportunity_title,
            domain=c.domain,
            created_at=c.created_at,
            submitted_at=c.submitted_at,
            decided_at=c.decided_at,
            assertion_id=strawberry.ID(c.assertion_id) if c.assertion_id else None,
            revision=c.revision,
            evidence=[Evidence.from_model(e) for e in c.evidence],
            endorsements=[Endorsement.from_model(e, c.revision) for e in c.endorsements],
            assessment=[CriterionAssessment.from_model(a) for a in c.assessment],
            mine=owner,
            invited_to_endorse=invited and not owner,
            full_conversation=owner or reviewer,
            viewer_id=viewer_id,
        )


@strawberry.type
class ReviewQueueEdge:
    cursor: str
    in_review_since: datetime
    node: Claim


@strawberry.type(description="Claims waiting for the issuer's decision, longest waiting first.")
class ReviewQueueConnection:
    edges: list[ReviewQueueEdge]
    page_info: PageInfo
    total_count: int


@strawberry.type(description="An issued badge: a university-branded community or official badge.")
class Assertion:
    id: strawberry.ID
    claim_id: strawberry.ID
    learner_name: str
    badge_class_id: strawberry.ID
    badge_class_name: str
    university_name: str
    tier: Tier
    status: str = strawberry.field(description="`ACTIVE`, `EXPIRED` or `REVOKED`.")
    issued_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    revocation_reason: str | None
    visibility: Visibility
    endorsement_count: int
    consent: Consent | None = strawberry.field(
        description="How its issuer agreed to it (null: issued before Kring recorded consent)."
    )
    awarded_under_validation: bool = strawberry.field(
        default=False,
        description="Awarded while its badge class was officially validated: only such a badge "
        "can be exported to Europass, where its university awards it.",
    )

    @strawberry.field(
        description="Where the public transparency log recorded its issuance (null: issued "
        "before the log, e.g. the demo's badges)."
    )
    async def transparency_log(self, info: Info) -> TransparencyLogRecord | None:
        logged = await info.context.loaders.log_records_by_subject.load(str(self.id))
        return TransparencyLogRecord.from_model(logged)

    @classmethod
    def from_model(cls, a: assertion_model.Assertion) -> Assertion:
        return cls(
            id=strawberry.ID(a.id),
            claim_id=strawberry.ID(a.claim_id),
            learner_name=a.learner_name,
            badge_class_id=strawberry.ID(a.badge_class_id),
            badge_class_name=a.badge_class_name,
            university_name=a.university_name,
            tier=a.tier,
            status=a.status,
            issued_at=a.issued_at,
            expires_at=a.expires_at,
            revoked_at=a.revoked_at,
            revocation_reason=a.revocation_reason,
            visibility=a.visibility,
            endorsement_count=a.endorsement_count,
            consent=a.consent,
            awarded_under_validation=a.under_validation,
        )


@strawberry.type
class EndorsementRequest:
    id: strawberry.ID
    email: str | None
    person_id: strawberry.ID | None
    expires_at: datetime
    link: str | None = strawberry.field(
        description="For an e-mail invitation: the single-use link to send (shown once)."
    )
    created_at: datetime
    message: str
    person_name: str | None = strawberry.field(
        description="The person invited by id (null for an invitation by e-mail)."
    )
    accepted_at: datetime | None = strawberry.field(
        description="When its e-mailed link was used (null: not yet, or invited by id)."
    )
    endorsed: bool = strawberry.field(
        description="Whoever it reached endorsed the claim (and did not withdraw)."
    )

    @classmethod
    def from_model(
        cls, r: endorsement_model.EndorsementRequest, link: str | None = None
    ) -> EndorsementRequest:
        return cls(
            id=strawberry.ID(r.id),
            email=r.email,
            person_id=strawberry.ID(r.person_id) if r.person_id else None,
            expires_at=r.expires_at,
            link=link,
            created_at=r.created_at,
            message=r.message,
            person_name=r.person_name,
            accepted_at=r.accepted_at,
            endorsed=r.endorsed,
        )


# --- a learner's claims and badges, paged -------------------------------------------------

MY_CLAIMS = "my-claims"
MY_ASSERTIONS = "my-assertions"
_EPOCH_SECONDS = 10**11  # beyond any datetime Neo4j is asked to build from a cursor


def _position(kind: str, after: str | None) -> tuple[int, int, str] | None:
    """Where the page after `after` starts: only a cursor this very listing issued."""
    if after is None:
        return None
    seconds, nanos, item_id = decode_cursor(kind, after, 3)
    if not (
        type(seconds) is int
        and -_EPOCH_SECONDS < seconds < _EPOCH_SECONDS
        and type(nanos) is int
        and 0 <= nanos < 10**9
        and isinstance(item_id, str)
        and len(item_id) <= 100
    ):
        raise BadUserInput(
            "The cursor is malformed; use one returned by this query.", field="after"
        )
    return seconds, nanos, item_id


def _page_info(cursors: list[str], has_next: bool, after: str | None) -> PageInfo:
    return PageInfo(
        has_next_page=has_next,
        has_previous_page=after is not None,
        start_cursor=cursors[0] if cursors else None,
        end_cursor=cursors[-1] if cursors else None,
    )


@strawberry.type
class ClaimEdge:
    cursor: str
    node: Claim


@strawberry.type(description="Claims, newest first (Relay paginated), and how many in all.")
class ClaimConnection:
    edges: list[ClaimEdge]
    page_info: PageInfo
    total_count: int

    @classmethod
    async def of_learner(
        cls,
        info: Info,
        learner_id: str,
        *,
        owner: bool,
        cursor_kind: str,
        first: int,
        after: str | None,
    ) -> ClaimConnection:
        """A page of the learner's claims: all of them for the learner, else the PUBLIC ones."""
        check_page_size(first)
        page = await claim_model.claims_of_learner(
            info.context.graph,
            learner_id,
            public_only=not owner,
            limit=first + 1,
            after=_position(cursor_kind, after),
        )
        edges = [
            ClaimEdge(
                cursor=encode_cursor(cursor_kind, list(e.position)),
                node=Claim.from_model(e.claim, owner=owner),
            )
            for e in page.entries[:first]
        ]
        return cls(
            edges=edges,
            page_info=_page_info([e.cursor for e in edges], len(page.entries) > first, after),
            total_count=page.total,
        )


@strawberry.type
class AssertionEdge:
    cursor: str
    node: Assertion


@strawberry.type(description="Badges, newest first (Relay paginated), and how many in all.")
class AssertionConnection:
    edges: list[AssertionEdge]
    page_info: PageInfo
    total_count: int

    @classmethod
    async def of_learner(
        cls,
        info: Info,
        learner_id: str,
        *,
        owner: bool,
        cursor_kind: str,
        first: int,
        after: str | None,
    ) -> AssertionConnection:
        """A page of the learner's badges: all of them for the learner, else the PUBLIC ones."""
        check_page_size(first)
        page = await assertion_model.assertions_of_learner(
            info.context.graph,
            learner_id,
            public_only=not owner,
            limit=first + 1,
            after=_position(cursor_kind, after),
        )
        edges = [
            AssertionEdge(
                cursor=encode_cursor(cursor_kind, list(e.position)),
                node=Assertion.from_model(e.assertion),
            )
            for e in page.entries[:first]
        ]
        return cls(
            edges=edges,
            page_info=_page_info([e.cursor for e in edges], len(page.entries) > first, after),
            total_count=page.total,
        )


@strawberry.type(description="What a learner made PUBLIC: nothing else, to anyone.")
class PublicProfile:
    name: str
    person_id: strawberry.Private[str]

    @strawberry.field(description="Their PUBLIC badges, newest first (Relay paginated).")
    async def assertions(
        self, info: Info, first: int = 20, after: str | None = None
    ) -> AssertionConnection:
        return await AssertionConnection.of_learner(
            info,
            self.person_id,
            owner=False,
            cursor_kind=f"profile-assertions:{self.person_id}",
            first=first,
            after=after,
        )

    @strawberry.field(description="Their PUBLIC claims, newest first (Relay paginated).")
    async def claims(
        self, info: Info, first: int = 20, after: str | None = None
    ) -> ClaimConnection:
        return await ClaimConnection.of_learner(
            info,
            self.person_id,
            owner=False,
            cursor_kind=f"profile-claims:{self.person_id}",
            first=first,
            after=after,
        )


@strawberry.type
class CurationItem:
    badge_class_id: strawberry.ID
    badge_class_name: str
    assertions: int
    endorsements: int
    shared_evidence: list[str]

    @classmethod
    def from_model(cls, q: curation_model.QueueItem) -> CurationItem:
        return cls(
            badge_class_id=strawberry.ID(q.badge_class_id),
            badge_class_name=q.badge_class_name,
            assertions=q.assertions,
            endorsements=q.endorsements,
            shared_evidence=list(q.evidence),
        )


@strawberry.type
class EndorsementFlag:
    kind: str = strawberry.field(description="`RECIPROCAL` or `CYCLE`.")
    people: list[str]


@strawberry.type
class ValidationEvent:
    action: str
    note: str
    at: datetime
    curator_name: str


@strawberry.type(description="A validation or withdrawal of a class the university brands.")
class CurationEvent:
    badge_class_id: strawberry.ID
    badge_class_name: str
    validated: bool = strawberry.field(description="Whether the class is validated now.")
    action: str = strawberry.field(description="`VALIDATE` or `WITHDRAW`.")
    note: str
    at: datetime
    curator_name: str

    @classmethod
    def from_model(cls, v: curation_model.UniversityValidation) -> CurationEvent:
        return cls(
            badge_class_id=strawberry.ID(v.badge_class_id),
            badge_class_name=v.badge_class_name,
            validated=v.validated,
            action=v.event.action,
            note=v.event.note,
            at=v.event.at,
            curator_name=v.event.curator_name,
        )


@strawberry.type(description="A class the university brands that is officially validated now.")
class OfficialBadgeClass:
    badge_class_id: strawberry.ID
    badge_class_name: str
    issuer_name: str = strawberry.field(description="The organisation or university issuing it.")
    validated_at: datetime | None = strawberry.field(
        description="When it was validated; null if validated before that was recorded."
    )
    curator_name: str | None = strawberry.field(description="Who validated it, if recorded.")

    @classmethod
    def from_model(cls, c: curation_model.OfficialClass) -> OfficialBadgeClass:
        return cls(
            badge_class_id=strawberry.ID(c.badge_class_id),
            badge_class_name=c.badge_class_name,
            issuer_name=c.issuer_name,
            validated_at=c.validated_at,
            curator_name=c.curator_name,
        )


@strawberry.type(description="A flagged endorsement that does not count until a curator clears it.")
class HeldEndorsement:
    endorsement_id: strawberry.ID
    claim_id: strawberry.ID
    claim_title: str
    claim_status: ClaimStatus
    learner_name: str
    endorser_name: str
    relationship: Relationship
    created_at: datetime
    flag: FlagReason
    reason: str = strawberry.field(description="Why, in words.")

    @classmethod
    def from_model(cls, h: curation_model.HeldEndorsement) -> HeldEndorsement:
        if h.flag is FlagReason.RECIPROCAL:
            reason = f"{h.learner_name} also endorsed {h.endorser_name}."
        else:
            reason = (
                f"{h.endorser_name} endorsed {h.learner_name}, who endorsed {h.third}, who "
                f"endorsed {h.endorser_name}."
            )
        return cls(
            endorsement_id=strawberry.ID(h.endorsement_id),
            claim_id=strawberry.ID(h.claim_id),
            claim_title=h.claim_title,
            claim_status=h.claim_status,
            learner_name=h.learner_name,
            endorser_name=h.endorser_name,
            relationship=h.relationship,
            created_at=h.created_at,
            flag=h.flag,
            reason=reason,
        )
