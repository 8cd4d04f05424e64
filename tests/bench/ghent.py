"""A Ghent-scale graph for benchmarks, seeded: learners (each watching the area around home,
a third with a push device), organisations, opportunities, applications, claims with their
endorsements and badges, in the shapes Kring's own statements write (graph/, deploy/demo.py).

`ghent_graph(scale)` yields a Neo4j holding it. With the local launcher the loaded store is
kept under .kring/bench/, keyed by generator version, scale and Neo4j build, and every run
gets its own copy of it, so a benchmark that writes can never change what the next one reads.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import fcntl
import functools
import hashlib
import json
import random
import re
import shutil
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

import embeddings
from deploy import local_neo4j
from deploy.demo import DOMAIN_COMPETENCIES, TITLES
from deploy.neo4j_source import Source, find_source, provide_neo4j
from graph.core.database import Graph, Neo4jTarget
from graph.core.migrations import MIGRATIONS, migrate
from graph.core.vocabulary import Domain, Level
from server.cli import reembed_with_progress
from server.settings import REPO_ROOT
from tests.bench.store import scratch_neo4j

# Bump whenever what is generated changes: stored graphs of other versions are not reused.
GENERATOR_VERSION = 1
NAMESPACE = uuid.UUID("0c9c7a44-3f7e-4c55-9d8a-6a1f2b0e7d15")
EMAIL_DOMAIN = "bench.kring.example"
STORES = REPO_ROOT / ".kring" / "bench"
CACHE = REPO_ROOT / ".kring" / "cache"

# Greater Ghent, and the Korenmarkt at its heart, where organisations (and learners) crowd.
LAT_RANGE = (50.99, 51.12)
LON_RANGE = (3.62, 3.83)
CENTRE = (51.0545, 3.7217)
DOMAINS = tuple(d.value for d in Domain)
# Fixed, so that the same seed gives the same graph on any day.
ANCHOR = datetime(2026, 1, 1, 9, tzinfo=UTC)
BATCH = 10_000  # rows (endorsements, for claims) per transaction

DISTRICTS = (
    "Binnenstad", "Brugse Poort", "Dampoort", "Ledeberg", "Rabot", "Muide", "Sint-Amandsberg",
    "Gentbrugge", "Wondelgem", "Mariakerke", "Zwijnaarde", "Oostakker", "Drongen",
    "Sint-Denijs-Westrem", "Ekkergem", "Macharius", "Sluizeken", "Afrikalaan",
)  # fmt: skip
KINDS = (
    "Buurtwerk", "Repair Café", "Taalcafé", "Jeugdhuis", "Bibliotheekpunt", "Klimaatkeuken",
    "Stadsimkers", "Onderzoekswinkel", "Wereldhuis", "Sportclub", "Digidak", "Buurtmoestuin",
)  # fmt: skip
TESTIMONIALS = (
    "Welcomed every visitor and kept the queue moving.",
    "Patient and clear with first-timers, and never took the device out of their hands.",
    "Prepared the session on their own and adapted it when half the group did not show.",
    "Asked the right questions and wrote down what the neighbours actually needed.",
    "Reliable every week; the others looked to them when something went wrong.",
    "Turned a messy afternoon into a plan the whole group could follow.",
)
OBSERVED = (
    "Hosted the whole afternoon; fixed two lamps.",
    "Explained the booking site to three neighbours step by step.",
    "Led the counting walk and checked every sheet afterwards.",
    "Cooked for forty with what the market left over.",
    "Ran the language table twice and kept everyone talking.",
)
OPPORTUNITY_STATUSES = ("DRAFT", "SUBMITTED", "REJECTED", "CLOSED", "ARCHIVED")
CLAIM_STATUSES = (  # (status, weight)
    ("OPEN", 25),
    ("IN_REVIEW", 12),
    ("RETURNED", 4),
    ("ISSUED", 50),
    ("DECLINED", 5),
    ("WITHDRAWN", 4),
)
RELATIONSHIPS = (("TEACHER", 20), ("SUPERVISOR", 30), ("PEER", 45), ("OTHER", 5))


@dataclass(frozen=True)
class Scale:
    """How much is generated; the defaults are issue 15's Ghent scale."""

    learners: int = 75_000
    organisations: int = 2_000
    opportunities: int = 20_000
    endorsements: int = 1_000_000
    universities: int = 2
    teachers_per_university: int = 200
    seed: int = 15

    def scaled(self, factor: float) -> Scale:
        """The same city at a fraction of its size (for developing a benchmark)."""
        return replace(
            self,
            learners=max(200, int(self.learners * factor)),
            organisations=max(20, int(self.organisations * factor)),
            opportunities=max(200, int(self.opportunities * factor)),
            endorsements=max(1_000, int(self.endorsements * factor)),
            teachers_per_university=max(5, int(self.teachers_per_university * factor)),
        )

    @property
    def key(self) -> str:
        digest = hashlib.sha256(json.dumps(asdict(self), sort_keys=True).encode()).hexdigest()
        return f"v{GENERATOR_VERSION}-{digest[:12]}"


GHENT = Scale()


@functools.lru_cache(maxsize=1 << 17)  # learners and staff come back as endorsers
def ghent_id(kind: str, n: int | str) -> str:
    """The id of the n-th generated `kind` (learner, organisation, opportunity, ...)."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{n}"))


def learner_email(n: int) -> str:
    return f"learner{n}@{EMAIL_DOMAIN}"


def place(rng: random.Random) -> tuple[float, float]:
    """A point in Greater Ghent: three in five near the centre (about 2 km), the rest anywhere."""
    while True:
        if rng.random() < 0.6:
            lat, lon = rng.gauss(CENTRE[0], 0.018), rng.gauss(CENTRE[1], 0.028)
        else:
            lat, lon = rng.uniform(*LAT_RANGE), rng.uniform(*LON_RANGE)
        if LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]:
            return lat, lon


def _iso(moment: datetime | None) -> str | None:
    """Timestamps travel as ISO text, parsed by Cypher's datetime(): packing the driver's
    DateTime costs Python more than the rest of the load together."""
    return moment.isoformat() if moment is not None else None


def _weighted(rng: random.Random, choices: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([c for c, _ in choices], [w for _, w in choices])[0]


# --- the plan: everything but the endorsements' details, decided up front -----------------


@dataclass
class _Opportunity:
    n: int
    organisation: int
    badge_class: int
    status: str
    starts_at: datetime
    capacity: int
    taken: int = 0


@dataclass
class _Claim:
    n: int
    learner: int
    badge_class: int
    university: int
    endorsements: int
    opportunity: int | None  # a participation claim's completed opportunity


@dataclass
class Plan:
    scale: Scale
    organisations: list[dict[str, Any]] = field(default_factory=list)
    badge_classes: list[dict[str, Any]] = field(default_factory=list)  # organisation, domain, level
    opportunities: list[_Opportunity] = field(default_factory=list)
    claims: list[_Claim] = field(default_factory=list)
    # (learner, opportunity, status) of applications to upcoming opportunities
    pending: list[tuple[int, int, str]] = field(default_factory=list)


def plan(scale: Scale) -> Plan:
    rng = random.Random(scale.seed)
    result = Plan(scale)
    for n in range(scale.organisations):
        lat, lon = place(rng)
        partners = [rng.randrange(scale.universities)]
        if scale.universities > 1 and rng.random() < 0.3:
            partners = list(range(scale.universities))
        result.organisations.append(
            {"n": n, "lat": lat, "lon": lon, "universities": partners, "kind": rng.choice(KINDS)}
        )
        primary = rng.choice(DOMAINS)
        result.badge_classes.append({"organisation": n, "domain": primary, "level": 1})
        result.badge_classes.append(
            {"organisation": n, "domain": rng.choice(DOMAINS), "level": rng.randint(1, 3)}
        )
    for n in range(scale.opportunities):
        organisation = rng.randrange(scale.organisations)
        status = "PUBLISHED" if rng.random() < 0.9 else rng.choice(OPPORTUNITY_STATUSES)
        starts = ANCHOR + timedelta(days=rng.uniform(-180, 365))
        starts = starts.replace(hour=rng.randint(9, 20), minute=0, second=0, microsecond=0)
        result.opportunities.append(
            _Opportunity(
                n, organisation, 2 * organisation + rng.randint(0, 1), status, starts,
                capacity=rng.randint(4, 30),
            )
        )  # fmt: skip
    past = [
        o
        for o in result.opportunities
        if o.starts_at < ANCHOR and o.status in ("PUBLISHED", "CLOSED", "ARCHIVED")
    ]
    upcoming = [
        o for o in result.opportunities if o.starts_at >= ANCHOR and o.status == "PUBLISHED"
    ]
    # Claims until the endorsements are spent: 1-7 each (about 4); half of the claims are a
    # completed participation while the opportunity had a place, the rest self-asserted.
    left, n = scale.endorsements, 0
    while left > 0:
        count = min(left, rng.choice((1, 2, 3, 3, 4, 4, 4, 5, 5, 6, 7)))
        left -= count
        learner = rng.randrange(scale.learners)
        opportunity = None
        if rng.random() < 0.5 and past:
            for _ in range(3):
                candidate = rng.choice(past)
                if candidate.taken < candidate.capacity:
                    candidate.taken += 1
                    opportunity = candidate.n
                    break
        if opportunity is not None:
            badge_class = result.opportunities[opportunity].badge_class
        else:
            badge_class = rng.randrange(len(result.badge_classes))
        organisation = result.organisations[result.badge_classes[badge_class]["organisation"]]
        university = rng.choice(organisation["universities"])
        result.claims.append(_Claim(n, learner, badge_class, university, count, opportunity))
        n += 1
    # Upcoming opportunities fill up: some are full, most have places left.
    for o in upcoming:
        for _ in range(rng.randint(0, o.capacity)):
            status = "PENDING" if rng.random() < 0.6 else "ACCEPTED"
            result.pending.append((rng.randrange(scale.learners), o.n, status))
            o.taken += 1
    return result


# --- rows, in the properties Kring's statements write ---------------------------------------


def _universities(scale: Scale) -> list[dict[str, Any]]:
    names = ("Universiteit Ganda", "Hogeschool Portus", "Hogeschool Leie", "Academie Schelde")
    return [
        {
            "id": ghent_id("university", n),
            "name": names[n % len(names)] + ("" if n < len(names) else f" {n}"),
            "slug": f"university-{n}",
            "website": f"https://university-{n}.example",
            "brandPrimary": "#0E4D64",
            "brandSecondary": "#F2A541",
        }
        for n in range(scale.universities)
    ]


def _organisation_rows(p: Plan) -> list[dict[str, Any]]:
    rows = []
    for o in p.organisations:
        n = o["n"]
        district = DISTRICTS[n % len(DISTRICTS)]
        rows.append(
            {
                "id": ghent_id("organisation", n),
                "name": f"{o['kind']} {district} {n}",
                "description": f"{o['kind']} for the neighbours of {district}.",
                "website": f"https://organisation-{n}.example",
                "contactEmail": f"hello@organisation-{n}.example",
                "address": f"{district}straat {1 + n % 180}, 9000 Gent",
                "lat": o["lat"],
                "lon": o["lon"],
                "createdAt": _iso(ANCHOR - timedelta(days=400 + n % 300)),
                "universities": [ghent_id("university", u) for u in o["universities"]],
                "supervisor": _staff(f"supervisor-{n}", f"Supervisor {n}"),
                "admin": _staff(f"admin-{n}", f"Admin {n}"),
            }
        )
    return rows


def _staff(key: str, name: str) -> dict[str, Any]:
    return {"id": ghent_id("staff", key), "name": name, "email": f"{key}@{EMAIL_DOMAIN}"}


def _badge_class_rows(p: Plan) -> list[dict[str, Any]]:
    rows = []
    for n, b in enumerate(p.badge_classes):
        domain, level = Domain(b["domain"]), Level(b["level"])
        label = domain.value.replace("_", " ").title()
        competency = DOMAIN_COMPETENCIES[domain]
        rows.append(
            {
                "id": ghent_id("badge-class", n),
                "organisation": ghent_id("organisation", b["organisation"]),
                "name": f"{label} {level.name.title()} ({b['organisation']})",
                "description": f"Learning in {label.lower()} by taking part in the community.",
                "criteria": "Take part in one of its opportunities and reflect on what you did.",
                "domain": domain.value,
                "level": level.value,
                "createdAt": _iso(ANCHOR - timedelta(days=380)),
                "competency": competency["framework"] + "|" + competency["code"],
            }
        )
    return rows


def _opportunity_rows(p: Plan, chunk: list[_Opportunity]) -> list[dict[str, Any]]:
    rows = []
    for o in chunk:
        rng = random.Random(f"{p.scale.seed}:opportunity:{o.n}")
        badge = p.badge_classes[o.badge_class]
        organisation = p.organisations[o.organisation]
        district = DISTRICTS[o.organisation % len(DISTRICTS)]
        title = rng.choice(TITLES[Domain(badge["domain"])][Level(badge["level"])])
        hours = rng.randint(2, 4)
        rows.append(
            {
                "id": ghent_id("opportunity", o.n),
                "organisation": ghent_id("organisation", o.organisation),
                "badgeClass": ghent_id("badge-class", o.badge_class),
                "title": f"{title} ({district})",
                "synopsis": f"{title} with {organisation['kind']} {district}.",
                "description": f"{title}, in {district}: we meet, we learn by doing, and we "
                "look back together on what worked. Bring curiosity; we bring the rest. "
                f"Places are limited to {o.capacity}.",
                "domain": badge["domain"],
                "level": badge["level"],
                "status": o.status,
                "startsAt": _iso(o.starts_at),
                "endsAt": _iso(o.starts_at + timedelta(hours=hours)),
                "capacity": o.capacity,
                "placesTaken": min(o.taken, o.capacity),
                "address": f"{district}straat {1 + o.organisation % 180}, 9000 Gent",
                "lat": organisation["lat"] + rng.gauss(0, 0.004),
                "lon": organisation["lon"] + rng.gauss(0, 0.006),
                "contactEmail": f"hello@organisation-{o.organisation}.example",
                "website": f"https://organisation-{o.organisation}.example/{o.n}"
                if rng.random() < 0.3
                else None,
                "rejectionReason": "Please describe what participants will do."
                if o.status == "REJECTED"
                else None,
                "createdAt": _iso(o.starts_at - timedelta(days=rng.randint(14, 60))),
            }
        )
    return rows


def learner_home(scale: Scale, n: int) -> tuple[float, float]:
    """Where the n-th learner lives: the centre of their saved area."""
    return place(random.Random(f"{scale.seed}:learner:{n}"))


def watch_radius(rng: random.Random) -> float:
    """Most watch a walk or a bike ride around home (1-5 km), one in ten a whole district."""
    roll = rng.random()
    if roll < 0.6:
        return rng.uniform(1, 2)
    if roll < 0.9:
        return rng.uniform(2, 5)
    return rng.uniform(5, 15)


def _learner_rows(scale: Scale, start: int, stop: int) -> list[dict[str, Any]]:
    rows = []
    for n in range(start, stop):
        rng = random.Random(f"{scale.seed}:learner:{n}")
        lat, lon = place(rng)
        created = ANCHOR - timedelta(days=30 + n % 700)
        rows.append(
            {
                "id": ghent_id("learner", n),
                "name": f"Learner {n}",
                "email": learner_email(n),
                "createdAt": _iso(created),
                "area": {
                    "id": ghent_id("saved-area", n),
                    "lat": lat,
                    "lon": lon,
                    "radiusKm": watch_radius(rng),
                    # Half watch every domain, the rest one or two.
                    "domains": []
                    if rng.random() < 0.5
                    else sorted(rng.sample(DOMAINS, rng.randint(1, 2))),
                },
                # A third of them get pushed notifications on a device.
                "device": {
                    "id": ghent_id("push-subscription", n),
                    "endpoint": f"https://fcm.googleapis.com/fcm/send/bench-{n}",
                }
                if rng.random() < 1 / 3
                else None,
            }
        )
    return rows


def _pending_rows(p: Plan, start: int, stop: int) -> list[dict[str, Any]]:
    return [
        {
            "id": ghent_id("application", n),
            "learner": ghent_id("learner", learner),
            "opportunity": ghent_id("opportunity", opportunity),
            "status": status,
            "createdAt": _iso(p.opportunities[opportunity].starts_at - timedelta(days=3 + n % 20)),
        }
        for n, (learner, opportunity, status) in enumerate(p.pending[start:stop], start)
    ]


class _StatusLists:
    """Each issuer numbers its badges in its status list, in the order they were issued."""

    def __init__(self) -> None:
        self.next: Counter[str] = Counter()

    def take(self, issuer: str) -> int:
        index = self.next[issuer]
        self.next[issuer] += 1
        return index


def _claim_rows(p: Plan, chunk: list[_Claim], lists: _StatusLists) -> list[dict[str, Any]]:
    scale = p.scale
    rows = []
    for c in chunk:
        rng = random.Random(f"{scale.seed}:claim:{c.n}")
        badge = p.badge_classes[c.badge_class]
        organisation = badge["organisation"]
        label = badge["domain"].replace("_", " ").lower()
        supervisor = ghent_id("staff", f"supervisor-{organisation}")
        status = _weighted(rng, CLAIM_STATUSES)
        created = ANCHOR - timedelta(days=rng.uniform(10, 540))
        submitted = created + timedelta(days=rng.uniform(1, 8))
        decided = submitted + timedelta(days=rng.uniform(1, 10))
        narrative = (
            f"What I did and learned in {label}: I took part from start to finish, helped "
            "the others where I could, and wrote down what I would do differently next time."
        )
        endorsements = []
        endorsers = {ghent_id("learner", c.learner)}  # nobody endorses twice, nor their own
        for k in range(c.endorsements):
            while True:
                relationship = _weighted(rng, RELATIONSHIPS)
                if relationship == "TEACHER":
                    teacher = rng.randrange(scale.teachers_per_university)
                    endorser = ghent_id("staff", f"teacher-{c.university}-{teacher}")
                elif relationship == "SUPERVISOR":
                    endorser = supervisor
                else:
                    endorser = ghent_id("learner", rng.randrange(scale.learners))
                if endorser not in endorsers:
                    endorsers.add(endorser)
                    break
            withdrawn = rng.random() < 0.04
            endorsements.append(
                {
                    "id": ghent_id("endorsement", c.n * 8 + k),
                    "endorser": endorser,
                    "relationship": relationship,
                    "testimonial": rng.choice(TESTIMONIALS),
                    "observed": rng.choice(OBSERVED),
                    "status": "WITHDRAWN" if withdrawn else "ACTIVE",
                    "createdAt": _iso(created + timedelta(hours=rng.uniform(2, 24 * 6))),
                    "withdrawnAt": _iso(submitted if withdrawn else None),
                }
            )
        assertion = None
        if status == "ISSUED":
            issuer = ghent_id("organisation", organisation)
            assertion = {
                "id": ghent_id("assertion", c.n),
                "issuedAt": _iso(decided),
                "consent": "REVIEWED",
                "approvedBy": supervisor,
                "statusIndex": lists.take(issuer),
            }
        rows.append(
            {
                "id": ghent_id("claim", c.n),
                "learner": ghent_id("learner", c.learner),
                "badgeClass": ghent_id("badge-class", c.badge_class),
                "university": ghent_id("university", c.university),
                "kind": "SELF_ASSERTED" if c.opportunity is None else "PARTICIPATION",
                "title": f"{label.title()} in the neighbourhood",
                "narrative": narrative,
                "status": status,
                "visibility": "PUBLIC" if rng.random() < 0.35 else "PRIVATE",
                "domain": badge["domain"],
                "createdAt": _iso(created),
                "submittedAt": _iso(submitted if status != "OPEN" else None),
                "inReviewSince": _iso(submitted if status == "IN_REVIEW" else None),
                "decidedAt": _iso(
                    decided if status in ("ISSUED", "DECLINED", "RETURNED") else None
                ),
                "issuedAt": _iso(decided if status == "ISSUED" else None),
                "revision": ghent_id("revision", c.n),
                "application": None
                if c.opportunity is None
                else {
                    "id": ghent_id("participation", c.n),
                    "opportunity": ghent_id("opportunity", c.opportunity),
                    "createdAt": _iso(p.opportunities[c.opportunity].starts_at - timedelta(days=5)),
                },
                "assertion": assertion,
                "endorsements": endorsements,
            }
        )
    return rows


# --- the statements -------------------------------------------------------------------------

BASE = """
UNWIND $universities AS row
CREATE (u:University) SET u = row
WITH count(*) AS universities
UNWIND $competencies AS row
CREATE (:Competency {key: row.key, framework: row.framework, code: row.code, name: row.name})
WITH count(*) AS competencies
UNWIND $teachers AS row
MATCH (u:University {id: row.university})
CREATE (p:Person {id: row.id, name: row.name, email: row.email, createdAt: $anchor,
                  emailVerified: true})
CREATE (p)-[:MEMBER_OF {role: 'TEACHER', since: $anchor}]->(u)
"""
ORGANISATIONS = """
UNWIND $rows AS row
CREATE (o:Organisation {id: row.id, name: row.name, description: row.description,
        website: row.website, contactEmail: row.contactEmail, address: row.address,
        status: 'APPROVED', createdAt: datetime(row.createdAt), version: 0,
        location: point({latitude: row.lat, longitude: row.lon})})
CREATE (admin:Person {id: row.admin.id, name: row.admin.name, email: row.admin.email,
                      createdAt: datetime(row.createdAt), emailVerified: true})
CREATE (admin)-[:MEMBER_OF {role: 'ADMIN', since: datetime(row.createdAt)}]->(o)
CREATE (sup:Person {id: row.supervisor.id, name: row.supervisor.name,
                    email: row.supervisor.email, createdAt: datetime(row.createdAt),
                    emailVerified: true})
CREATE (sup)-[:MEMBER_OF {role: 'SUPERVISOR', since: datetime(row.createdAt),
                          reviewsClaims: true}]->(o)
WITH o, row
UNWIND row.universities AS uid
MATCH (u:University {id: uid})
CREATE (o)-[:PARTNER_OF]->(u)
"""
BADGE_CLASSES = """
UNWIND $rows AS row
MATCH (o:Organisation {id: row.organisation})
MATCH (k:Competency {key: row.competency})
CREATE (b:BadgeClass {id: row.id, name: row.name, description: row.description,
        criteria: row.criteria, domain: row.domain, level: row.level,
        createdAt: datetime(row.createdAt),
        policyMinimum: 2, policyRelationships: ['TEACHER', 'SUPERVISOR', 'PEER'],
        policyRequireOneOf: ['TEACHER', 'SUPERVISOR'],
        autoIssueParticipations: false, autoIssueOnCompletion: false})
CREATE (b)-[:ISSUED_BY]->(o), (b)-[:ALIGNED_TO]->(k)
"""
OPPORTUNITIES = """
UNWIND $rows AS row
MATCH (org:Organisation {id: row.organisation})
MATCH (b:BadgeClass {id: row.badgeClass})
CREATE (o:Opportunity {id: row.id, title: row.title, synopsis: row.synopsis,
        description: row.description, domain: row.domain, level: row.level, status: row.status,
        startsAt: datetime(row.startsAt), endsAt: datetime(row.endsAt), capacity: row.capacity,
        placesTaken: row.placesTaken, address: row.address, contactEmail: row.contactEmail,
        website: row.website, rejectionReason: row.rejectionReason,
        createdAt: datetime(row.createdAt), version: 0,
        location: point({latitude: row.lat, longitude: row.lon})})
CREATE (o)-[:OFFERED_BY]->(org), (o)-[:LEADS_TO]->(b)
"""
# Each learner watches the area around home, as "tell me about new opportunities here".
LEARNERS = """
UNWIND $rows AS row
CREATE (p:Person {id: row.id, name: row.name, email: row.email,
                  createdAt: datetime(row.createdAt), emailVerified: true})
CREATE (p)-[:WATCHES]->(:SavedArea {id: row.area.id, name: 'Home', radiusKm: row.area.radiusKm,
        domains: row.area.domains, createdAt: datetime(row.createdAt),
        location: point({latitude: row.area.lat, longitude: row.area.lon})})
FOREACH (device IN CASE WHEN row.device IS NULL THEN [] ELSE [row.device] END |
  CREATE (:PushSubscription {id: device.id, endpoint: device.endpoint, p256dh: 'bench-key',
          auth: 'bench-auth', createdAt: datetime(row.createdAt),
          updatedAt: datetime(row.createdAt)})-[:OF]->(p))
"""
APPLICATIONS = """
UNWIND $rows AS row
MATCH (learner:Person {id: row.learner})
MATCH (o:Opportunity {id: row.opportunity})
CREATE (learner)-[:APPLIED]->(:Application {id: row.id, status: row.status,
        motivation: 'I would like to help out and learn.', createdAt: datetime(row.createdAt),
        version: 0})-[:FOR]->(o)
"""
# One claim per row with its first revision, the completed participation it came from, its
# badge when issued, and its endorsements (an issued badge carries the active ones).
CLAIMS = """
UNWIND $rows AS row
MATCH (learner:Person {id: row.learner})
MATCH (b:BadgeClass {id: row.badgeClass})
MATCH (u:University {id: row.university})
OPTIONAL MATCH (o:Opportunity {id: row.application.opportunity})
CREATE (learner)-[:CLAIMED]->(c:Claim {id: row.id, kind: row.kind, title: row.title,
        narrative: row.narrative, status: row.status, visibility: row.visibility,
        domain: row.domain, createdAt: datetime(row.createdAt),
        submittedAt: datetime(row.submittedAt), inReviewSince: datetime(row.inReviewSince),
        decidedAt: datetime(row.decidedAt), issuedAt: datetime(row.issuedAt),
        version: 0, revision: 1})
CREATE (c)-[:FOR_BADGE]->(b), (c)-[:BRANDED_BY]->(u)
CREATE (:ClaimRevision {id: row.revision, number: 1, narrative: row.narrative, evidence: [],
                        createdAt: datetime(row.createdAt)})-[:OF]->(c)
FOREACH (given IN CASE WHEN o IS NULL THEN [] ELSE [row.application] END |
  CREATE (learner)-[:APPLIED]->(app:Application {id: given.id, status: 'COMPLETED',
          motivation: 'I would like to help out and learn.', createdAt: datetime(given.createdAt),
          version: 0})-[:FOR]->(o)
  CREATE (c)-[:FROM]->(app))
WITH row, learner, b, u, c
CALL (row, c) {
  UNWIND row.endorsements AS given
  MATCH (p:Person {id: given.endorser})
  CREATE (p)-[:ENDORSED]->(e:Endorsement {id: given.id, relationship: given.relationship,
          testimonial: given.testimonial, observed: given.observed, status: given.status,
          createdAt: datetime(given.createdAt), withdrawnAt: datetime(given.withdrawnAt),
          revision: 1, assessedCriteria: [], assessedLevels: [], assessedComments: []})-[:OF]->(c)
  RETURN collect(CASE WHEN e.status = 'ACTIVE' THEN e END) AS active
}
FOREACH (given IN CASE WHEN row.assertion IS NULL THEN [] ELSE [row.assertion] END |
  CREATE (c)-[:ISSUED_AS]->(a:Assertion {id: given.id, issuedAt: datetime(given.issuedAt),
          visibility: row.visibility, version: 0, consent: given.consent,
          approvedBy: given.approvedBy, statusIndex: given.statusIndex})
  CREATE (learner)-[:HOLDS]->(a), (a)-[:OF_BADGE]->(b), (a)-[:BRANDED_BY]->(u)
  FOREACH (e IN active | CREATE (a)-[:CARRIES]->(e)))
"""
STATUS_LISTS = """
UNWIND $rows AS row
CREATE (:StatusList {issuerId: row.issuer, next: row.next})
"""
COUNTS = """
CALL () { MATCH (n:Person) RETURN count(n) AS people }
CALL () { MATCH (n:Organisation) RETURN count(n) AS organisations }
CALL () { MATCH (n:Opportunity) RETURN count(n) AS opportunities }
CALL () { MATCH (n:Claim) RETURN count(n) AS claims }
CALL () { MATCH (n:Endorsement) RETURN count(n) AS endorsements }
RETURN people, organisations, opportunities, claims, endorsements
"""


async def _run(graph: Graph, statement: str, **params: Any) -> None:
    async def work(tx: Any) -> None:
        await (await tx.run(statement, **params)).consume()

    await graph.write(work)


async def counts(graph: Graph) -> dict[str, int]:
    async def work(tx: Any) -> dict[str, int]:
        record = await (await tx.run(COUNTS)).single()
        return dict(record) if record else {}

    return await graph.read(work)


def _chunks(total: int, size: int) -> Iterator[tuple[int, int]]:
    for start in range(0, total, size):
        yield start, min(start + size, total)


async def load(graph: Graph, scale: Scale = GHENT) -> dict[str, int]:
    """Write the generated city into an empty, migrated graph; returns what it counted."""
    began = time.perf_counter()
    p = plan(scale)
    universities = _universities(scale)
    teachers = [
        {**_staff(f"teacher-{u}-{k}", f"Teacher {u}-{k}"), "university": universities[u]["id"]}
        for u in range(scale.universities)
        for k in range(scale.teachers_per_university)
    ]
    competencies = [
        {**c, "key": c["framework"] + "|" + c["code"]} for c in DOMAIN_COMPETENCIES.values()
    ]
    organisations = _organisation_rows(p)
    badge_classes = _badge_class_rows(p)
    claim_batches: list[list[_Claim]] = [[]]
    endorsements_in_batch = 0
    for claim in p.claims:
        if endorsements_in_batch + claim.endorsements > BATCH:
            claim_batches.append([])
            endorsements_in_batch = 0
        claim_batches[-1].append(claim)
        endorsements_in_batch += claim.endorsements
    lists = _StatusLists()
    columns = (
        TextColumn("{task.description:<28}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns) as progress:

        def task(what: str, total: int) -> Any:
            return progress.add_task(what, total=total)

        base = task("universities, organisations", scale.organisations)
        await _run(
            graph, BASE, universities=universities, competencies=competencies,
            teachers=teachers, anchor=ANCHOR,
        )  # fmt: skip
        for start, stop in _chunks(len(organisations), BATCH // 4):
            await _run(graph, ORGANISATIONS, rows=organisations[start:stop])
            progress.advance(base, stop - start)
        for start, stop in _chunks(len(badge_classes), BATCH):
            await _run(graph, BADGE_CLASSES, rows=badge_classes[start:stop])
        opportunities = task("opportunities", scale.opportunities)
        for start, stop in _chunks(scale.opportunities, BATCH):
            rows = _opportunity_rows(p, p.opportunities[start:stop])
            await _run(graph, OPPORTUNITIES, rows=rows)
            progress.advance(opportunities, stop - start)
        learners = task("learners", scale.learners)
        for start, stop in _chunks(scale.learners, BATCH):
            await _run(graph, LEARNERS, rows=_learner_rows(scale, start, stop))
            progress.advance(learners, stop - start)
        applications = task("applications (upcoming)", len(p.pending))
        for start, stop in _chunks(len(p.pending), BATCH):
            await _run(graph, APPLICATIONS, rows=_pending_rows(p, start, stop))
            progress.advance(applications, stop - start)
        endorsements = task("claims and endorsements", scale.endorsements)
        # The next batch's rows are made while Neo4j writes this one.
        upcoming = asyncio.create_task(asyncio.to_thread(_claim_rows, p, claim_batches[0], lists))
        for i, batch in enumerate(claim_batches):
            rows = await upcoming
            if i + 1 < len(claim_batches):
                upcoming = asyncio.create_task(
                    asyncio.to_thread(_claim_rows, p, claim_batches[i + 1], lists)
                )
            await _run(graph, CLAIMS, rows=rows)
            progress.advance(endorsements, sum(c.endorsements for c in batch))
        await _run(
            graph,
            STATUS_LISTS,
            rows=[{"issuer": issuer, "next": n} for issuer, n in sorted(lists.next.items())],
        )
    found = await counts(graph)
    expected = {
        "opportunities": scale.opportunities,
        "organisations": scale.organisations,
        "claims": len(p.claims),
        "endorsements": scale.endorsements,
    }
    wrong = {k: (found.get(k), v) for k, v in expected.items() if found.get(k) != v}
    if wrong:
        raise RuntimeError(f"the Ghent graph did not load completely (found, expected): {wrong}")
    print(
        f"loaded the Ghent graph ({', '.join(f'{v:,} {k}' for k, v in found.items())}) "
        f"in {time.perf_counter() - began:.0f} s"
    )
    return found


# --- where it lives -------------------------------------------------------------------------


def _neo4j_build() -> str:
    """The embedded Neo4j's build (its pom): a store is only reused by the Neo4j that wrote it."""
    return hashlib.sha256((local_neo4j.LAUNCHER_DIR / "pom.xml").read_bytes()).hexdigest()[:12]


def _start(store: Path) -> contextlib.AbstractContextManager[Neo4jTarget]:
    return provide_neo4j(
        uri=None,
        user="neo4j",
        password="",
        database="neo4j",
        local_store=store,
        local_port=None,
        cache_dir=CACHE,
    )


async def _migrate_and_load(target: Neo4jTarget, scale: Scale) -> dict[str, int]:
    graph = Graph.connect(target)
    try:
        # The first two steps hold the ids the load looks up; the later ones' indexes are
        # built once over the loaded graph, which costs Neo4j half of keeping them row by row.
        await migrate(graph, MIGRATIONS[:2])
        found = await load(graph, scale)
        began = time.perf_counter()
        await migrate(graph)
        print(f"the remaining migrations and their indexes: {time.perf_counter() - began:.0f} s")
        return found
    finally:
        await graph.close()


def _build(folder: Path, scale: Scale) -> None:
    """Load the graph into folder/store and mark it complete only after a clean shutdown."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    store = folder / "store"
    with _start(store) as target:
        found = asyncio.run(_migrate_and_load(target, scale))
    log = (store / "kring-neo4j.log").read_text(encoding="utf-8", errors="replace")
    if "KRING-NEO4J-STOPPED cleanly" not in log:
        raise RuntimeError(f"Neo4j did not stop cleanly after loading {store}; not keeping it")
    (folder / "complete.json").write_text(
        json.dumps(
            {
                "generator": GENERATOR_VERSION,
                "scale": asdict(scale),
                "neo4j": _neo4j_build(),
                "migrations": len(MIGRATIONS),
                "counts": found,
            },
            indent=2,
        )
    )


def _embedded(folder: Path, model: str) -> bool:
    try:
        return bool(json.loads((folder / "embedded.json").read_text()).get("model") == model)
    except (OSError, ValueError):
        return False


def _embed(folder: Path) -> None:
    """Give the kept graph's opportunities their vectors once (and again for a new model):
    discovery by meaning is measured on it, and every run copies it."""
    encoder = embeddings.load()
    if _embedded(folder, encoder.model):
        return
    with _start(folder / "store") as target:
        done = asyncio.run(reembed_with_progress(target, encoder))
    (folder / "embedded.json").write_text(json.dumps({"model": encoder.model, "done": done}))


def _complete(folder: Path, scale: Scale) -> bool:
    try:
        mark = json.loads((folder / "complete.json").read_text())
    except (OSError, ValueError):
        return False
    return bool(
        mark.get("generator") == GENERATOR_VERSION
        and mark.get("scale") == asdict(scale)
        and mark.get("neo4j") == _neo4j_build()
    )


def _prune() -> None:
    """Forget kept graphs no run can use any more (another generator version or Neo4j build):
    each is gigabytes."""
    usable = re.compile(rf"ghent-v{GENERATOR_VERSION}-[0-9a-f]+-{_neo4j_build()}")
    for kept in STORES.glob("ghent-*"):
        if kept.is_dir() and not usable.fullmatch(kept.name):
            shutil.rmtree(kept, ignore_errors=True)


async def _migrated(target: Neo4jTarget) -> None:
    graph = Graph.connect(target)
    try:
        await migrate(graph)
    finally:
        await graph.close()


@contextlib.contextmanager
def ghent_graph(scale: Scale = GHENT, plugins: Sequence[Path] = ()) -> Iterator[Neo4jTarget]:
    """A Neo4j holding the Ghent graph at `scale` (with `plugins`' jars), thrown away after.

    With the local launcher the loaded store is kept (built once, under a lock) and copied
    for this run; elsewhere (Docker) the graph is loaded into a fresh Neo4j every time.
    """
    if find_source(None).source is not Source.LOCAL_LAUNCHER:
        if plugins:
            raise RuntimeError(
                "this benchmark needs plugins (APOC) in its Neo4j, which only the local launcher "
                "adds; run it where no Docker engine answers"
            )
        with scratch_neo4j() as target:
            asyncio.run(_migrate_and_load(target, scale))
            asyncio.run(reembed_with_progress(target, embeddings.load()))
            yield target
        return
    folder = STORES / f"ghent-{scale.key}-{_neo4j_build()}"
    STORES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kring-ghent-") as copy:
        with folder.with_name(folder.name + ".lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # one builder; nobody copies a half-built store
            if not _complete(folder, scale):
                _prune()
                print(f"building the Ghent graph once into {folder}")
                _build(folder, scale)
            else:
                print(f"reusing the Ghent graph in {folder} (a copy for this run)")
            _embed(folder)
            shutil.copytree(folder / "store", Path(copy) / "store")
        server = local_neo4j.start(Path(copy) / "store", cache_dir=CACHE, plugins=plugins)
        try:
            target = Neo4jTarget(
                server.uri, "neo4j", "", "neo4j", source=Source.LOCAL_LAUNCHER.value
            )
            # Migrations added since the graph was kept apply to this copy, as to a deployment.
            asyncio.run(_migrated(target))
            yield target
        finally:
            server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description="Build (or check) the kept Ghent graph.")
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of Ghent scale")
    args = parser.parse_args()
    scale = GHENT if args.scale == 1 else GHENT.scaled(args.scale)
    with ghent_graph(scale) as target:
        print(asyncio.run(_counted(target)))


async def _counted(target: Neo4jTarget) -> dict[str, int]:
    graph = Graph.connect(target)
    try:
        return await counts(graph)
    finally:
        await graph.close()


if __name__ == "__main__":
    main()
