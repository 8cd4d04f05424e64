"""An organisation with a known past: opportunities, applications, badges and endorsements at
chosen times, written straight into the graph, and the figures its insights must show,
computed here from the same plan (not read back through Kring)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from graph.core.database import Graph
from tests.factories import new_id

# (days before `now` it started, hours it lasted, the statuses of its applications by learner)
OPPORTUNITIES: tuple[tuple[int, float, tuple[tuple[int, str], ...]], ...] = (
    (95, 3.0, ((0, "COMPLETED"), (1, "COMPLETED"), (2, "NO_SHOW"), (3, "WITHDRAWN"))),
    (64, 2.5, ((0, "COMPLETED"), (4, "COMPLETED"), (5, "REJECTED"))),
    (60, 4.0, ((1, "COMPLETED"), (4, "COMPLETED"), (6, "COMPLETED"), (7, "NO_SHOW"))),
    (33, 1.5, ((2, "COMPLETED"), (8, "ACCEPTED"))),
    (12, 2.0, ((0, "COMPLETED"), (9, "COMPLETED"), (10, "NO_SHOW"))),
)
# Long ago: outside every range the tests ask for.
OLD_OPPORTUNITY = (800, 5.0, ((0, "COMPLETED"), (11, "COMPLETED")))
LEARNERS = 12
# (days before `now` it was issued, learner, validated class?) and the endorsers each carries.
BADGES: tuple[tuple[int, int, bool], ...] = (
    (90, 0, False),
    (88, 1, False),
    (58, 4, True),
    (57, 6, True),
    (55, 1, False),
    (30, 2, False),
    (10, 9, False),
)
OLD_BADGE = (800, 11, False)
COMMUNITY_COMPETENCIES = (("ESCO", "S1.2", "Repairing devices"), ("ESCO", "S4.1", "Teamwork"))
VALIDATED_COMPETENCIES = (("ESCO", "S4.1", "Teamwork"),)


@dataclass(frozen=True)
class Period:
    """What one calendar month (UTC) must show."""

    people_reached: int = 0
    completions: int = 0
    hours: float = 0.0
    community: int = 0
    official: int = 0


@dataclass(frozen=True)
class Activity:
    university: str
    organisation: str
    organisation_name: str
    admin: str
    admin_email: str
    community_class: str
    community_class_name: str
    validated_class: str
    now: datetime
    months: dict[tuple[int, int], Period] = field(default_factory=dict)
    people_reached: int = 0  # distinct over the months listed
    competencies: dict[str, int] = field(default_factory=dict)  # name -> badges
    endorsers: dict[str, int] = field(default_factory=dict)  # name -> endorsements

    @property
    def completions(self) -> int:
        return sum(p.completions for p in self.months.values())

    @property
    def hours(self) -> float:
        return sum(p.hours for p in self.months.values())

    @property
    def badges(self) -> int:
        return sum(p.community + p.official for p in self.months.values())


def _month(at: datetime) -> tuple[int, int]:
    return (at.year, at.month)


def expected(now: datetime) -> tuple[dict[tuple[int, int], Period], int, dict[str, int]]:
    """Per month, the distinct people overall, and badges per competency, for everything
    at most 400 days old (the old opportunity and badge are left out)."""
    people: dict[tuple[int, int], set[int]] = {}
    completions: Counter[tuple[int, int]] = Counter()
    hours: dict[tuple[int, int], float] = {}
    for days, lasted, applications in OPPORTUNITIES:
        month = _month(now - timedelta(days=days))
        people.setdefault(month, set()).update(learner for learner, _ in applications)
        done = sum(1 for _, status in applications if status == "COMPLETED")
        completions[month] += done
        hours[month] = hours.get(month, 0.0) + done * lasted
    community: Counter[tuple[int, int]] = Counter()
    official: Counter[tuple[int, int]] = Counter()
    competencies: Counter[str] = Counter()
    for days, _, validated in BADGES:
        month = _month(now - timedelta(days=days))
        (official if validated else community)[month] += 1
        for _, _, name in VALIDATED_COMPETENCIES if validated else COMMUNITY_COMPETENCIES:
            competencies[name] += 1
    months = {
        month: Period(
            people_reached=len(people.get(month, set())),
            completions=completions[month],
            hours=hours.get(month, 0.0),
            community=community[month],
            official=official[month],
        )
        for month in set(people) | set(community) | set(official)
    }
    everyone = {learner for _, _, apps in OPPORTUNITIES for learner, _ in apps}
    return months, len(everyone), dict(competencies)


WORLD = """
MATCH (u:University {id: $university})
CREATE (org:Organisation {id: $organisation, name: $name, status: 'APPROVED',
        description: 'Repairs and more', address: 'Straat 9, Gent', website: 'https://r.example',
        location: point({latitude: 51.05, longitude: 3.72})})-[:PARTNER_OF]->(u)
CREATE (admin:Person {id: $admin, email: $adminEmail, name: $name + ' admin'})
CREATE (admin)-[:MEMBER_OF {role: 'ADMIN'}]->(org)
CREATE (community:BadgeClass {id: $community, name: $communityName, description: 'd',
        criteria: 'Fix three things', domain: 'SUSTAINABILITY', level: 1, policyMinimum: 1,
        policyRelationships: ['SUPERVISOR', 'PEER'], policyRequireOneOf: [],
        createdAt: datetime()})-[:ISSUED_BY]->(org)
CREATE (validated:BadgeClass {id: $validated, name: $name + ' teamwork', description: 'd',
        criteria: 'Lead a team', domain: 'GLOBAL_CITIZENSHIP', level: 2, validated: true,
        createdAt: datetime()})-[:ISSUED_BY]->(org)
WITH *
CALL (community, validated) {
  UNWIND $alignments AS row
  MERGE (k:Competency {key: row.framework + '|' + row.code})
    ON CREATE SET k.framework = row.framework, k.code = row.code, k.name = row.name
  WITH k, row, CASE WHEN row.validated THEN validated ELSE community END AS b
  MERGE (b)-[:ALIGNED_TO]->(k)
}
CALL () {
  UNWIND $learners AS learner
  CREATE (:Person {id: learner.id, email: learner.email, name: learner.name})
}
CALL (org, community) {
  UNWIND $opportunities AS row
  CREATE (o:Opportunity {id: row.id, title: row.title, synopsis: row.title,
          description: row.title, domain: 'SUSTAINABILITY', level: 1, status: 'CLOSED',
          startsAt: row.startsAt, endsAt: row.endsAt, capacity: 20, placesTaken: 0,
          address: 'Straat 9, Gent', location: point({latitude: 51.05, longitude: 3.72}),
          version: 0})-[:OFFERED_BY]->(org)
  CREATE (o)-[:LEADS_TO]->(community)
  WITH o, row
  UNWIND row.applications AS application
  MATCH (p:Person {id: application.learner})
  CREATE (p)-[:APPLIED]->(:Application {id: randomUUID(), status: application.status,
          motivation: 'keen', createdAt: row.startsAt - duration('P7D')})-[:FOR]->(o)
}
CALL (u, community, validated, admin) {
  UNWIND $badges AS row
  MATCH (learner:Person {id: row.learner})
  WITH row, learner, CASE WHEN row.validated THEN validated ELSE community END AS b
  CREATE (learner)-[:CLAIMED]->(c:Claim {id: randomUUID(), kind: 'PARTICIPATION',
          title: b.name, narrative: 'I fixed things', status: 'ISSUED', visibility: 'PUBLIC',
          createdAt: row.issuedAt, issuedAt: row.issuedAt, version: 0, revision: 1})
  CREATE (c)-[:FOR_BADGE]->(b), (c)-[:BRANDED_BY]->(u)
  CREATE (c)-[:HAS_EVIDENCE]->(:Evidence {id: randomUUID(), kind: 'URL', name: 'Photos',
          url: 'https://photos.example/' + row.learner, description: '', revision: 1,
          createdAt: row.issuedAt})
  CREATE (a:Assertion {id: randomUUID(), issuedAt: row.issuedAt, visibility: 'PUBLIC',
          version: 0, consent: 'REVIEWED'})
  CREATE (c)-[:ISSUED_AS]->(a), (learner)-[:HOLDS]->(a), (a)-[:OF_BADGE]->(b),
         (a)-[:BRANDED_BY]->(u)
  CREATE (admin)-[:ENDORSED]->(e:Endorsement {id: randomUUID(), relationship: 'SUPERVISOR',
          testimonial: 'Did well', observed: 'All of it', status: 'ACTIVE',
          createdAt: row.issuedAt - duration('PT1H'), revision: 1})-[:OF]->(c)
  CREATE (a)-[:CARRIES]->(e)
}
"""


async def make_activity(graph: Graph, university_id: str, label: str) -> Activity:
    """A fresh organisation of `university_id` named after `label`, with its known past."""
    now = datetime.now(UTC)
    suffix = new_id()[:8]
    name = f"{label} {suffix}"
    ids = {"organisation": new_id(), "admin": new_id(), "community": new_id()}
    learners = [
        {"id": new_id(), "email": f"insight-{suffix}-{n}@x.example", "name": f"Learner {n}"}
        for n in range(LEARNERS)
    ]

    def opportunity(plan: tuple[int, float, tuple[tuple[int, str], ...]], n: int) -> Any:
        days, lasted, applications = plan
        starts = now - timedelta(days=days)
        return {
            "id": new_id(),
            "title": f"{name} session {n}",
            "startsAt": starts,
            "endsAt": starts + timedelta(hours=lasted),
            "applications": [
                {"learner": learners[learner]["id"], "status": status}
                for learner, status in applications
            ],
        }

    def badge(plan: tuple[int, int, bool]) -> Any:
        days, learner, validated = plan
        return {
            "issuedAt": now - timedelta(days=days),
            "learner": learners[learner]["id"],
            "validated": validated,
        }

    validated = new_id()
    community_name = f"{name} repairs"
    admin_email = f"insight-admin-{suffix}@x.example"

    async def work(tx: Any) -> None:
        await (
            await tx.run(
                WORLD,
                university=university_id,
                organisation=ids["organisation"],
                name=name,
                admin=ids["admin"],
                adminEmail=admin_email,
                community=ids["community"],
                communityName=community_name,
                validated=validated,
                alignments=[
                    {"framework": f, "code": c, "name": n, "validated": False}
                    for f, c, n in COMMUNITY_COMPETENCIES
                ]
                + [
                    {"framework": f, "code": c, "name": n, "validated": True}
                    for f, c, n in VALIDATED_COMPETENCIES
                ],
                learners=learners,
                opportunities=[
                    opportunity(plan, n) for n, plan in enumerate((*OPPORTUNITIES, OLD_OPPORTUNITY))
                ],
                badges=[badge(plan) for plan in (*BADGES, OLD_BADGE)],
            )
        ).consume()

    await graph.write(work)
    months, reached, competencies = expected(now)
    return Activity(
        university=university_id,
        organisation=ids["organisation"],
        organisation_name=name,
        admin=ids["admin"],
        admin_email=admin_email,
        community_class=ids["community"],
        community_class_name=community_name,
        validated_class=validated,
        now=now,
        months=months,
        people_reached=reached,
        competencies=competencies,
        endorsers={f"{name} admin": len(BADGES)},  # the old badge's endorsement is out of range
    )
