"""Inputs for peer assessment, checked before anything is written."""

from __future__ import annotations

import strawberry

from graph.core.errors import BadUserInput
from graph.peer_assessment import configuration as settings_model
from graph.recognition.claims import Assessment, NewEvidence
from server.graphql import validation as check

MAX_LINKS = 20
MAX_SCORES = 50


@strawberry.input(description="Switch peer assessment on for a badge class (its consent).")
class PeerAssessmentSettingsInput:
    reviewers: int = settings_model.DEFAULT_REVIEWERS
    passing_score: int
    disagreement: int
    expiry_days: int = settings_model.DEFAULT_EXPIRY_DAYS

    def to_model(self) -> settings_model.PeerSettings:
        # Bounds against the rubric are checked in graph/, where the rubric is read.
        return settings_model.PeerSettings(
            reviewers=self.reviewers,
            passing_score=self.passing_score,
            disagreement=self.disagreement,
            expiry_days=self.expiry_days,
        )


@strawberry.input(description="A link of the portfolio: a page, a video, a report.")
class PortfolioLinkInput:
    url: str
    name: str
    description: str = ""

    def to_model(self, index: int) -> NewEvidence:
        at = f"evidence[{index}]"
        url = check.url(self.url, f"{at}.url")
        if url is None:
            raise BadUserInput("A link needs a URL.", field=f"{at}.url")
        return NewEvidence(
            name=check.text(self.name, f"{at}.name", max_length=200),
            url=url,
            description=check.text(
                self.description, f"{at}.description", max_length=2000, required=False
            ),
        )


@strawberry.input(description="A reflexive portfolio for a peer-assessed badge class.")
class SubmitPortfolioInput:
    badge_class_id: strawberry.ID
    narrative: str
    evidence: list[PortfolioLinkInput] = strawberry.field(default_factory=list)

    def links(self) -> tuple[NewEvidence, ...]:
        if len(self.evidence) > MAX_LINKS:
            raise BadUserInput(f"At most {MAX_LINKS} links.", field="evidence")
        return tuple(item.to_model(i) for i, item in enumerate(self.evidence))


@strawberry.input(description="The level reached on one criterion, and why.")
class PeerScoreInput:
    criterion_id: strawberry.ID
    level: int
    comment: str


def score_inputs(items: list[PeerScoreInput]) -> tuple[Assessment, ...]:
    if len(items) > MAX_SCORES:
        raise BadUserInput(f"At most {MAX_SCORES} scores.", field="scores")
    return tuple(
        Assessment(
            criterion_id=check.uuid_text(s.criterion_id, f"scores[{i}].criterionId"),
            level=s.level,
            comment=check.text(s.comment, f"scores[{i}].comment", max_length=2000),
        )
        for i, s in enumerate(items)
    )
