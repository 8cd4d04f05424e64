"""GraphQL types of the insights: figures per period, and the university's brand at a glance."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import strawberry

from graph.insights import insights as model
from server.graphql.enums import Domain, Level, Tier

Bucket = model.Bucket
strawberry.enum(Bucket, name="InsightBucket", description="Calendar months or ISO weeks (UTC).")


def _instant(day: date) -> datetime:
    return datetime.combine(day, time(), UTC)


@strawberry.type
class InsightTierCount:
    tier: Tier
    badges: int


@strawberry.type
class InsightCompetency:
    framework: str
    code: str
    name: str
    badges: int = strawberry.field(description="Badges issued that recognise it.")

    @classmethod
    def from_model(cls, c: model.CompetencyCount) -> InsightCompetency:
        return cls(framework=c.framework, code=c.code, name=c.name, badges=c.badges)


@strawberry.type
class InsightPeriod:
    start: datetime = strawberry.field(description="Midnight UTC of the period's first day.")
    end: datetime = strawberry.field(description="The next period's start.")
    people_reached: int = strawberry.field(
        description="Distinct people who applied to opportunities starting in the period."
    )
    completions: int
    hours: float = strawberry.field(
        description="Completed participations times their opportunity's duration."
    )
    badges_by_tier: list[InsightTierCount]
    competencies: list[InsightCompetency]

    @classmethod
    def from_model(cls, p: model.OrganisationPeriod) -> InsightPeriod:
        return cls(
            start=_instant(p.start),
            end=_instant(p.end),
            people_reached=p.people_reached,
            completions=p.completions,
            hours=p.hours,
            badges_by_tier=[
                InsightTierCount(tier=tier, badges=count)
                for tier, count in sorted(p.badges_by_tier.items())
            ],
            competencies=[InsightCompetency.from_model(c) for c in p.competencies],
        )


@strawberry.type
class OrganisationInsights:
    organisation_id: strawberry.ID
    from_: datetime = strawberry.field(name="from")
    to: datetime
    bucket: Bucket
    people_reached: int = strawberry.field(
        description="Distinct people over the whole range (not the sum of the periods)."
    )
    completions: int
    hours: float
    badges_issued: int
    periods: list[InsightPeriod]
    competencies: list[InsightCompetency] = strawberry.field(
        description="Over the whole range, most recognised first."
    )

    @classmethod
    def from_model(
        cls,
        organisation_id: str,
        begin: datetime,
        end: datetime,
        bucket: model.Bucket,
        found: model.OrganisationInsights,
    ) -> OrganisationInsights:
        return cls(
            organisation_id=strawberry.ID(organisation_id),
            from_=begin,
            to=end,
            bucket=bucket,
            people_reached=found.people_reached,
            completions=found.completions,
            hours=round(found.hours, 2),
            badges_issued=found.badges_issued,
            periods=[InsightPeriod.from_model(p) for p in found.periods],
            competencies=[InsightCompetency.from_model(c) for c in found.competencies],
        )


@strawberry.type
class InsightDomainLevel:
    domain: Domain | None
    level: Level | None
    validated: bool
    badges: int


@strawberry.type
class InsightOrganisation:
    organisation_id: strawberry.ID
    name: str
    badges: int = strawberry.field(description="Badges of its classes issued under the brand.")


@strawberry.type
class InsightEndorser:
    name: str
    endorsements: int


@strawberry.type
class UniversityInsights:
    university_id: strawberry.ID
    from_: datetime = strawberry.field(name="from")
    to: datetime
    badges_issued: int
    validated_badges: int = strawberry.field(
        description="Of the badges issued, those whose class the university validated."
    )
    by_domain_and_level: list[InsightDomainLevel]
    organisations: list[InsightOrganisation] = strawberry.field(
        description="The ten organisations with the most badges issued under the brand."
    )
    endorsers: list[InsightEndorser] = strawberry.field(
        description="The ten people who gave the most endorsements on claims under the brand."
    )
    open_flags: int = strawberry.field(
        description="Flagged endorsements waiting for a curator now, whatever the range."
    )

    @classmethod
    def from_model(
        cls, university_id: str, begin: datetime, end: datetime, found: model.UniversityInsights
    ) -> UniversityInsights:
        return cls(
            university_id=strawberry.ID(university_id),
            from_=begin,
            to=end,
            badges_issued=found.badges_issued,
            validated_badges=found.validated_badges,
            by_domain_and_level=[
                InsightDomainLevel(
                    domain=c.domain, level=c.level, validated=c.validated, badges=c.badges
                )
                for c in found.by_domain_and_level
            ],
            organisations=[
                InsightOrganisation(
                    organisation_id=strawberry.ID(o.organisation_id), name=o.name, badges=o.badges
                )
                for o in found.organisations
            ],
            endorsers=[
                InsightEndorser(name=e.name, endorsements=e.endorsements) for e in found.endorsers
            ],
            open_flags=found.open_flags,
        )
