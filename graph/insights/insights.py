"""Figures for an organisation's members and a university's staff, over a bounded range.

Each insight is one statement that starts from the body's id (its uniqueness index) and
walks only that body's own opportunities, badges and claims inside the range, so its cost
follows the body's activity in the range, never the size of the graph. Periods are UTC
calendar months or ISO weeks (Monday first); empty periods are filled in here, not in Cypher.
"""

from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.core.access import STANDING, STANDING_FIELDS, Standing, standing_from
from graph.core.cypher import single
from graph.core.transactions import reads
from graph.core.vocabulary import Domain, Level, Tier
from graph.recognition.issuance import FLAG

# A range longer than this is refused at the API's edge: the statements walk every
# participation and badge inside it.
MAX_RANGE = timedelta(days=3 * 366)
TOP = 10


class Bucket(enum.StrEnum):
    MONTH = "MONTH"
    WEEK = "WEEK"


def period_start(day: date, bucket: Bucket) -> date:
    """The first day of the period holding `day` (as Cypher's date.truncate does)."""
    if bucket is Bucket.MONTH:
        return day.replace(day=1)
    return day - timedelta(days=day.weekday())


def next_period(start: date, bucket: Bucket) -> date:
    if bucket is Bucket.WEEK:
        return start + timedelta(days=7)
    return date(start.year + start.month // 12, start.month % 12 + 1, 1)


def periods(begin: datetime, end: datetime, bucket: Bucket) -> list[date]:
    """The starts of every period that overlaps [begin, end), in order."""
    found = []
    current = period_start(begin.astimezone(UTC).date(), bucket)
    while datetime.combine(current, time(), UTC) < end:
        found.append(current)
        current = next_period(current, bucket)
    return found


@dataclass(frozen=True)
class CompetencyCount:
    framework: str
    code: str
    name: str
    badges: int


@dataclass(frozen=True)
class OrganisationPeriod:
    start: date
    end: date  # the next period's start
    people_reached: int
    completions: int
    hours: float
    badges_by_tier: dict[Tier, int]
    competencies: tuple[CompetencyCount, ...]


@dataclass(frozen=True)
class OrganisationInsights:
    people_reached: int  # distinct over the whole range, not the sum of the periods
    periods: tuple[OrganisationPeriod, ...]
    competencies: tuple[CompetencyCount, ...]  # over the whole range, most recognised first

    @property
    def completions(self) -> int:
        return sum(p.completions for p in self.periods)

    @property
    def hours(self) -> float:
        return sum(p.hours for p in self.periods)

    @property
    def badges_issued(self) -> int:
        return sum(sum(p.badges_by_tier.values()) for p in self.periods)


ORGANISATION_STANDING = (
    """
MATCH (org:Organisation {id: $organisation})
WITH org, null AS uni
"""
    + STANDING
    + "RETURN "
    + STANDING_FIELDS
)


@reads
async def standing_at_organisation(
    tx: AsyncManagedTransaction, organisation_id: str, actor_id: str | None
) -> Standing | None:
    """The actor's standing at an organisation, or None if there is no such organisation."""
    record = await single(tx, ORGANISATION_STANDING, organisation=organisation_id, actor=actor_id)
    return standing_from(record, actor_id) if record else None


# Participation is counted in the period its opportunity starts; badges in the period they
# were issued, in their tier of today (a class validated later makes its badges OFFICIAL).
ORGANISATION = """
MATCH (org:Organisation {id: $organisation})
CALL (org) {
  MATCH (org)<-[:OFFERED_BY]-(o:Opportunity)<-[:FOR]-(a:Application)<-[:APPLIED]-(p:Person)
  WHERE o.startsAt >= $from AND o.startsAt < $to
  WITH date.truncate($unit, o.startsAt) AS period, p, a, o
  WITH period, count(DISTINCT p) AS reached,
       sum(CASE WHEN a.status = 'COMPLETED' THEN 1 ELSE 0 END) AS completions,
       sum(CASE WHEN a.status = 'COMPLETED'
                THEN duration.inSeconds(o.startsAt, o.endsAt).seconds ELSE 0 END) AS seconds,
       collect(DISTINCT p.id) AS people
  WITH collect({period: period, reached: reached, completions: completions,
                seconds: seconds}) AS participation, collect(people) AS groups
  CALL (groups) {
    UNWIND groups AS people
    UNWIND people AS person
    RETURN count(DISTINCT person) AS reached
  }
  RETURN participation, reached
}
CALL (org) {
  MATCH (org)<-[:ISSUED_BY]-(b:BadgeClass)<-[:OF_BADGE]-(a:Assertion)
  WHERE a.issuedAt >= $from AND a.issuedAt < $to
  WITH date.truncate($unit, a.issuedAt) AS period, coalesce(b.validated, false) AS official,
       count(a) AS badges
  RETURN collect({period: period, official: official, badges: badges}) AS badges
}
CALL (org) {
  MATCH (org)<-[:ISSUED_BY]-(b:BadgeClass)-[:ALIGNED_TO]->(k:Competency)
  MATCH (b)<-[:OF_BADGE]-(a:Assertion)
  WHERE a.issuedAt >= $from AND a.issuedAt < $to
  WITH date.truncate($unit, a.issuedAt) AS period, k, count(a) AS badges
  RETURN collect({period: period, framework: k.framework, code: k.code,
                  name: coalesce(k.name, k.code), badges: badges}) AS competencies
}
RETURN participation, reached, badges, competencies
"""


def _window(begin: datetime, end: datetime, bucket: Bucket) -> dict[str, Any]:
    return {"from": begin, "to": end, "unit": bucket.value.lower()}


def _competencies(rows: list[dict[str, Any]]) -> tuple[CompetencyCount, ...]:
    totals: Counter[tuple[str, str, str]] = Counter()
    for row in rows:
        totals[(row["framework"], row["code"], row["name"])] += row["badges"]
    ordered = sorted(totals.items(), key=lambda item: (-item[1], item[0][2], item[0][1]))
    return tuple(CompetencyCount(f, c, n, badges) for (f, c, n), badges in ordered)


@reads
async def organisation_insights(
    tx: AsyncManagedTransaction,
    organisation_id: str,
    begin: datetime,
    end: datetime,
    bucket: Bucket,
) -> OrganisationInsights:
    """People reached, completions, hours, badges by tier and competencies, per period."""
    record = await single(
        tx, ORGANISATION, organisation=organisation_id, **_window(begin, end, bucket)
    )
    found: dict[str, Any] = dict(record) if record else {}
    participation = {r["period"].to_native(): r for r in found.get("participation", [])}
    badges: dict[date, dict[Tier, int]] = {}
    for row in found.get("badges", []):
        tier = Tier.OFFICIAL if row["official"] else Tier.COMMUNITY
        by_tier = badges.setdefault(row["period"].to_native(), {})
        by_tier[tier] = by_tier.get(tier, 0) + row["badges"]
    competencies: dict[date, list[dict[str, Any]]] = {}
    all_competencies = list(found.get("competencies", []))
    for row in all_competencies:
        competencies.setdefault(row["period"].to_native(), []).append(row)
    listed = []
    for start in periods(begin, end, bucket):
        took = participation.get(start)
        listed.append(
            OrganisationPeriod(
                start=start,
                end=next_period(start, bucket),
                people_reached=took["reached"] if took else 0,
                completions=took["completions"] if took else 0,
                hours=round(took["seconds"] / 3600, 2) if took else 0.0,
                badges_by_tier=badges.get(start, {}),
                competencies=_competencies(competencies.get(start, [])),
            )
        )
    return OrganisationInsights(
        people_reached=found.get("reached", 0),
        periods=tuple(listed),
        competencies=_competencies(all_competencies),
    )


@dataclass(frozen=True)
class DomainLevelCount:
    domain: Domain | None
    level: Level | None
    validated: bool
    badges: int


@dataclass(frozen=True)
class ActiveOrganisation:
    organisation_id: str
    name: str
    badges: int


@dataclass(frozen=True)
class ActiveEndorser:
    name: str
    endorsements: int


@dataclass(frozen=True)
class UniversityInsights:
    by_domain_and_level: tuple[DomainLevelCount, ...]
    organisations: tuple[ActiveOrganisation, ...]  # most badges issued under the brand first
    endorsers: tuple[ActiveEndorser, ...]  # most endorsements given first
    open_flags: int  # endorsements held back by a flag right now, whatever the range

    @property
    def badges_issued(self) -> int:
        return sum(c.badges for c in self.by_domain_and_level)

    @property
    def validated_badges(self) -> int:
        return sum(c.badges for c in self.by_domain_and_level if c.validated)


# Open flags are what a curator has to look at today: flagged, uncleared endorsements on
# undecided claims (as heldEndorsements lists them), so they are not bounded by the range.
UNIVERSITY = (
    """
MATCH (u:University {id: $university})
CALL (u) {
  MATCH (u)<-[:BRANDED_BY]-(a:Assertion)-[:OF_BADGE]->(b:BadgeClass)
  WHERE a.issuedAt >= $from AND a.issuedAt < $to
  WITH b.domain AS domain, b.level AS level, coalesce(b.validated, false) AS validated,
       count(a) AS badges
  RETURN collect({domain: domain, level: level, validated: validated, badges: badges})
         AS badges
}
CALL (u) {
  MATCH (u)<-[:BRANDED_BY]-(a:Assertion)-[:OF_BADGE]->(:BadgeClass)
        -[:ISSUED_BY]->(org:Organisation)
  WHERE a.issuedAt >= $from AND a.issuedAt < $to
  WITH org, count(a) AS badges
  ORDER BY badges DESC, org.name, org.id
  LIMIT $top
  RETURN collect({id: org.id, name: org.name, badges: badges}) AS organisations
}
CALL (u) {
  MATCH (u)<-[:BRANDED_BY]-(:Claim)<-[:OF]-(e:Endorsement {status: 'ACTIVE'})
        <-[:ENDORSED]-(p:Person)
  WHERE e.createdAt >= $from AND e.createdAt < $to
  WITH p, count(e) AS endorsements
  ORDER BY endorsements DESC, p.name, p.id
  LIMIT $top
  RETURN collect({name: p.name, endorsements: endorsements}) AS endorsers
}
CALL (u) {
  MATCH (u)<-[:BRANDED_BY]-(c:Claim)
  WHERE c.status IN ['OPEN', 'IN_REVIEW', 'RETURNED']
  MATCH (learner:Person)-[:CLAIMED]->(c)
  MATCH (endorser:Person)-[:ENDORSED]->(e:Endorsement {status: 'ACTIVE'})-[:OF]->(c)
  WHERE e.flagClearedAt IS NULL
  WITH learner, endorser, e
"""
    + FLAG
    + """
  RETURN count(CASE WHEN flag IS NOT NULL THEN e END) AS openFlags
}
RETURN badges, organisations, endorsers, openFlags
"""
)


@reads
async def university_insights(
    tx: AsyncManagedTransaction, university_id: str, begin: datetime, end: datetime
) -> UniversityInsights:
    """Badges under the brand by domain and level, validated or not; the most active
    organisations and endorsers; the open flags."""
    record = await single(
        tx, UNIVERSITY, university=university_id, top=TOP, **_window(begin, end, Bucket.MONTH)
    )
    if record is None:
        return UniversityInsights((), (), (), 0)
    counts = sorted(
        (
            DomainLevelCount(
                domain=Domain(r["domain"]) if r["domain"] else None,
                level=Level(r["level"]) if r["level"] else None,
                validated=r["validated"],
                badges=r["badges"],
            )
            for r in record["badges"]
        ),
        key=lambda c: (c.domain or "", c.level or 0, c.validated),
    )
    return UniversityInsights(
        by_domain_and_level=tuple(counts),
        organisations=tuple(
            ActiveOrganisation(r["id"], r["name"], r["badges"]) for r in record["organisations"]
        ),
        endorsers=tuple(ActiveEndorser(r["name"], r["endorsements"]) for r in record["endorsers"]),
        open_flags=record["openFlags"],
    )
