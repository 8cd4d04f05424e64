"""Builds test data in the real graph with explicit, parameterised statements."""

from __future__ import annotations

import hashlib
import struct
import uuid
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from graph.core.database import Graph
from graph.core.vocabulary import Domain, Level, OpportunityStatus, Role


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True)
class Org:
    id: str
    name: str
    university_id: str


async def _run(graph: Graph, query: str, **params: Any) -> None:
    async def work(tx: Any) -> None:
        await (await tx.run(query, params)).consume()

    await graph.write(work)


async def make_university(graph: Graph, name: str = "Test University") -> str:
    uid = new_id()
    await _run(graph, "CREATE (:University {id: $id, name: $name})", id=uid, name=name)
    return uid


async def make_organisation(
    graph: Graph, university_id: str, name: str = "Test Org", lat: float = 51.05, lon: float = 3.72
) -> Org:
    oid = new_id()
    await _run(
        graph,
        "MATCH (u:University {id: $uid}) "
        "CREATE (o:Organisation {id: $id, name: $name, status: 'APPROVED', "
        "website: 'https://org.example', location: point({latitude: $lat, longitude: $lon})})"
        "-[:PARTNER_OF]->(u)",
        uid=university_id,
        id=oid,
        name=name,
        lat=lat,
        lon=lon,
    )
    return Org(oid, name, university_id)


async def make_opportunity(
    graph: Graph,
    org: Org,
    title: str,
    lat: float,
    lon: float,
    *,
    status: OpportunityStatus = OpportunityStatus.PUBLISHED,
    domain: Domain = Domain.SUSTAINABILITY,
    level: Level = Level.BEGINNER,
    opportunity_id: str | None = None,
) -> str:
    oid = opportunity_id or new_id()
    starts = datetime(2030, 5, 1, 10, tzinfo=UTC)
    await _run(
        graph,
        "MATCH (org:Organisation {id: $org}) "
        "CREATE (o:Opportunity {id: $id, title: $title, synopsis: $title, description: $title, "
        "domain: $domain, level: $level, status: $status, startsAt: $starts, endsAt: $ends, "
        "capacity: 5, address: 'Somewhere 1, Gent', "
        "location: point({latitude: $lat, longitude: $lon})})-[:OFFERED_BY]->(org)",
        org=org.id,
        id=oid,
        title=title,
        domain=domain.value,
        level=level.value,
        status=status.value,
        starts=starts,
        ends=starts + timedelta(hours=2),
        lat=lat,
        lon=lon,
    )
    return oid


async def make_person(
    graph: Graph,
    email: str,
    name: str = "Test Person",
    *,
    role: Role | None = None,
    body_id: str | None = None,
) -> str:
    pid = new_id()
    await _run(
        graph,
        "CREATE (:Person {id: $id, email: $email, name: $name})",
        id=pid,
        email=email,
        name=name,
    )
    if role is not None:
        await _run(
            graph,
            "MATCH (p:Person {id: $pid}) MATCH (b {id: $bid}) WHERE b:University OR b:Organisation "
            "CREATE (p)-[:MEMBER_OF {role: $role}]->(b)",
            pid=pid,
            bid=body_id,
            role=role.value,
        )
    return pid


@dataclass(frozen=True)
class World:
    """A small community with one person in every role, and things in every state."""

    university: str
    other_university: str
    organisation: str
    other_organisation: str
    pending_organisation: str
    badge_class: str  # issues its own completed participations (consent in advance)
    live_opportunity: str  # published, started an hour ago, ends in two days: attendance
    upcoming_opportunity: str  # published, starts in three days, no places taken: applying
    draft_opportunity: str
    submitted_opportunity: str
    closed_opportunity: str
    pending_application: str  # by `owner` on the live opportunity
    accepted_application: str  # by `accepted_learner` on the live opportunity
    people: dict[str, str]  # role name -> person id
    completed_application: str = ""  # by `owner` on the closed opportunity, not claimed yet
    open_claim: str = ""  # self-asserted by `owner`; `teacher` and `accepted_learner` invited
    endorsement: str = ""  # by `accepted_learner` (PEER) on the open claim
    assertion: str = ""  # issued to `owner` for `badge_class`
    validated_badge_class: str = ""
    invitation_token: str = ""  # an e-mail invitation to endorse the open claim
    notification: str = ""  # an unread notification for `owner`
    saved_area: str = ""  # an area `owner` watches
    push_endpoint: str = ""  # a device of `owner`
    review_claim: str = ""  # self-asserted by `owner` on `badge_class`, met its policy: IN_REVIEW
    returned_claim: str = ""  # by `owner` on `badge_class`, returned by the organisation
    flagged_endorsement: str = ""  # `other_org_admin` on `learner`'s claim: RECIPROCAL
    competency_framework: str = ""  # the university's, with one competency
    competency: str = ""
    claim_code: str = ""  # single-use, for `badge_class`, its text WORLD_CLAIM_CODE
    badge_template: str = ""  # the university's, no rubric: teachers issue from it on the spot


ROLES = (
    "learner",
    "owner",
    "accepted_learner",
    "org_admin",
    "org_supervisor",
    "other_org_admin",
    "uni_moderator",
    "other_uni_moderator",
    "curator",
    "teacher",
    "platform_admin",
)

WORLD = """
CREATE (u:University {id: $ids.university, name: 'Hogeschool Test', brandPrimary: '#123456',
                      brandSecondary: '#654321'})
CREATE (u2:University {id: $ids.other_university, name: 'Other University'})
CREATE (o:Organisation {id: $ids.organisation, name: 'Buurtwerk Test', status: 'APPROVED',
        description: 'Test org', address: 'Straat 1, Gent',
        location: point({latitude: 51.05, longitude: 3.72})})-[:PARTNER_OF]->(u)
CREATE (o2:Organisation {id: $ids.other_organisation, name: 'Other Org', status: 'APPROVED',
        description: 'Another', address: 'Straat 2, Gent',
        location: point({latitude: 51.06, longitude: 3.73})})-[:PARTNER_OF]->(u)
CREATE (op:Organisation {id: $ids.pending_organisation, name: 'Pending Org', status: 'PENDING',
        description: 'Waiting', address: 'Straat 3, Gent',
        location: point({latitude: 51.07, longitude: 3.74})})-[:PARTNER_OF]->(u)
CREATE (b:BadgeClass {id: $ids.badge_class, name: 'Test Badge', description: 'd', criteria: 'c',
        domain: 'SUSTAINABILITY', level: 1, policyMinimum: 2,
        policyRelationships: ['TEACHER', 'SUPERVISOR', 'PEER'],
        policyRequireOneOf: ['TEACHER', 'SUPERVISOR'], autoIssueParticipations: true})
        -[:ISSUED_BY]->(o)
WITH *
UNWIND $people AS person
CREATE (p:Person {id: person.id, email: person.role + '@world.example', name: person.role,
                  platformAdmin: person.role = 'platform_admin'})
WITH *
CALL (p, person, o, o2, u, u2) {
  WITH p, person, CASE person.role
      WHEN 'org_admin' THEN [o, 'ADMIN'] WHEN 'org_supervisor' THEN [o, 'SUPERVISOR']
      WHEN 'other_org_admin' THEN [o2, 'ADMIN'] WHEN 'uni_moderator' THEN [u, 'MODERATOR']
      WHEN 'other_uni_moderator' THEN [u2, 'MODERATOR'] WHEN 'curator' THEN [u, 'CURATOR']
      WHEN 'teacher' THEN [u, 'TEACHER'] ELSE null END AS membership
  WITH p, membership WHERE membership IS NOT NULL
  WITH p, membership[0] AS body, membership[1] AS role
  CREATE (p)-[:MEMBER_OF {role: role}]->(body)
}
WITH DISTINCT o, b
UNWIND $opportunities AS row
CREATE (x:Opportunity {id: row.id, title: row.title, synopsis: row.title, description: row.title,
        domain: 'SUSTAINABILITY', level: 1, status: row.status, startsAt: row.startsAt,
        endsAt: row.endsAt, capacity: 10, placesTaken: row.taken, address: 'Straat 1, Gent',
        location: point({latitude: 51.05, longitude: 3.72}), version: 0})
CREATE (x)-[:OFFERED_BY]->(o)
CREATE (x)-[:LEADS_TO]->(b)
WITH DISTINCT o
UNWIND $applications AS row
MATCH (learner:Person {id: row.learner})
MATCH (x:Opportunity {id: row.opportunity})
CREATE (learner)-[:APPLIED]->(:Application {id: row.id, status: row.status,
        motivation: 'keen', createdAt: datetime()})-[:FOR]->(x)
"""


async def make_world(graph: Graph) -> World:
    now = datetime.now(UTC)
    people = {role: new_id() for role in ROLES}
    ids = {
        "university": new_id(),
        "other_university": new_id(),
        "organisation": new_id(),
        "other_organisation": new_id(),
        "pending_organisation": new_id(),
        "badge_class": new_id(),
    }
    opportunities = {
        "live_opportunity": ("PUBLISHED", now - timedelta(hours=1), now + timedelta(days=2), 2),
        "upcoming_opportunity": (
            "PUBLISHED",
            now + timedelta(days=3),
            now + timedelta(days=3, hours=3),
            0,
        ),
        "draft_opportunity": ("DRAFT", now + timedelta(days=7), now + timedelta(days=8), 0),
        "submitted_opportunity": ("SUBMITTED", now + timedelta(days=7), now + timedelta(days=8), 0),
        "closed_opportunity": ("CLOSED", now + timedelta(days=7), now + timedelta(days=8), 1),
    }
    opp_ids = {name: new_id() for name in opportunities}
    app_ids = {"pending_application": new_id(), "accepted_application": new_id()}
    await _run(
        graph,
        WORLD,
        ids=ids,
        people=[{"id": pid, "role": role} for role, pid in people.items()],
        opportunities=[
            {
                "id": opp_ids[name],
                "title": name,
                "status": status,
                "startsAt": starts,
                "endsAt": ends,
                "taken": taken,
            }
            for name, (status, starts, ends, taken) in opportunities.items()
        ],
        applications=[
            {
                "id": app_ids["pending_application"],
                "learner": people["owner"],
                "opportunity": opp_ids["live_opportunity"],
                "status": "PENDING",
            },
            {
                "id": app_ids["accepted_application"],
                "learner": people["accepted_learner"],
                "opportunity": opp_ids["live_opportunity"],
                "status": "ACCEPTED",
            },
        ],
    )
    recognition = {
        "completed_application": new_id(),
        "open_claim": new_id(),
        "endorsement": new_id(),
        "assertion": new_id(),
        "validated_badge_class": new_id(),
        "notification": new_id(),
        "saved_area": new_id(),
        "push_endpoint": f"http://127.0.0.1:9/push/{new_id()}",
        "review_claim": new_id(),
        "returned_claim": new_id(),
        "flagged_endorsement": new_id(),
    }
    token = f"invite-{new_id()}"
    await _run(
        graph,
        RECOGNITION,
        ids=recognition,
        owner=people["owner"],
        teacher=people["teacher"],
        peer=people["accepted_learner"],
        learner=people["learner"],
        mate=people["other_org_admin"],
        past=opp_ids["closed_opportunity"],
        university=ids["university"],
        organisation=ids["organisation"],
        badgeClass=ids["badge_class"],
        tokenHash=hashlib.sha256(token.encode()).hexdigest(),
    )
    framework = {"competency_framework": new_id(), "competency": new_id()}
    await _run(graph, FRAMEWORK, university=ids["university"], **framework)
    claim_code = new_id()
    await _run(graph, CLAIM_CODE, id=claim_code, badgeClass=ids["badge_class"], hash=_code_hash())
    template = new_id()
    await _run(
        graph,
        "MATCH (u:University {id: $u}) CREATE (:BadgeTemplate {id: $id, name: 'Helped out', "
        "description: 'd', criteria: 'c', domain: 'SUSTAINABILITY', level: 1, archived: false, "
        "createdAt: datetime()})-[:PROVIDED_BY]->(u)",
        u=ids["university"],
        id=template,
    )
    return World(
        **ids,
        **opp_ids,
        **app_ids,
        people=people,
        **recognition,
        **framework,
        invitation_token=token,
        claim_code=claim_code,
        badge_template=template,
    )


FRAMEWORK = """
MATCH (u:University {id: $university})
CREATE (u)-[:PROVIDES]->(f:CompetencyFramework {id: $competency_framework,
        name: 'Skills ' + $competency_framework, description: '', createdAt: datetime()})
CREATE (f)-[:HAS {position: 0}]->(:Competency {id: $competency,
        key: 'Skills ' + $competency_framework + '|1', framework: 'Skills ' + $competency_framework,
        code: '1', name: 'Listening', domain: 'RESEARCH', levels: []})
"""


# The world's claim code (graph.presence.claim_codes keeps only its digest).
WORLD_CLAIM_CODE = "KRNG-WRLD-CQDE-AAAA-BBBB-CCCC-DD"
CLAIM_CODE = """
MATCH (b:BadgeClass {id: $badgeClass})
CREATE (:ClaimCode {id: $id, codeHash: $hash, hint: 'CCDD', label: 'World', maxUses: 1, uses: 0,
        createdAt: datetime(), expiresAt: datetime() + duration('P7D')})-[:FOR_BADGE]->(b)
"""


def _code_hash() -> str:
    from graph.presence.claim_codes import digest

    return digest(WORLD_CLAIM_CODE)


RECOGNITION = """
MATCH (owner:Person {id: $owner}), (teacher:Person {id: $teacher}), (peer:Person {id: $peer})
MATCH (learner:Person {id: $learner}), (mate:Person {id: $mate})
MATCH (past:Opportunity {id: $past}), (u:University {id: $university})
MATCH (o:Organisation {id: $organisation}), (b:BadgeClass {id: $badgeClass})
CREATE (owner)-[:APPLIED]->(:Application {id: $ids.completed_application, status: 'COMPLETED',
        motivation: 'done', createdAt: datetime()})-[:FOR]->(past)
CREATE (owner)-[:CLAIMED]->(c:Claim {id: $ids.open_claim, kind: 'SELF_ASSERTED',
        title: 'Ran a repair cafe', narrative: 'I organised it', status: 'OPEN',
        visibility: 'PRIVATE', createdAt: datetime(), version: 0})
CREATE (c)-[:FOR_BADGE]->(b), (c)-[:BRANDED_BY]->(u)
CREATE (c)-[:REQUESTED]->(:EndorsementRequest {id: randomUUID(), createdAt: datetime(),
        expiresAt: datetime() + duration('P14D')})-[:TO]->(teacher)
CREATE (c)-[:REQUESTED]->(:EndorsementRequest {id: randomUUID(), createdAt: datetime(),
        expiresAt: datetime() + duration('P14D')})-[:TO]->(peer)
CREATE (c)-[:REQUESTED]->(:EndorsementRequest {id: randomUUID(), email: 'friend@x.example',
        tokenHash: $tokenHash, createdAt: datetime(), expiresAt: datetime() + duration('P14D')})
CREATE (peer)-[:ENDORSED]->(:Endorsement {id: $ids.endorsement, relationship: 'PEER',
        testimonial: 'Saw it', observed: 'All of it', status: 'ACTIVE',
        createdAt: datetime()})-[:OF]->(c)
CREATE (owner)-[:CLAIMED]->(done:Claim {id: randomUUID(), kind: 'PARTICIPATION',
        title: 'Test Badge', narrative: 'n', status: 'ISSUED', visibility: 'PRIVATE',
        createdAt: datetime(), version: 0})
CREATE (done)-[:FOR_BADGE]->(b), (done)-[:BRANDED_BY]->(u)
CREATE (a:Assertion {id: $ids.assertion, issuedAt: datetime(), visibility: 'PRIVATE',
        version: 0, statusIndex: 0, learnerName: owner.name, underValidation: false})
CREATE (:StatusList {issuerId: o.id, next: 1})
CREATE (done)-[:ISSUED_AS]->(a), (owner)-[:HOLDS]->(a), (a)-[:OF_BADGE]->(b),
       (a)-[:BRANDED_BY]->(u)
CREATE (:Notification {id: $ids.notification, kind: 'BADGE_ISSUED', data: '{}',
        createdAt: datetime()})-[:TO]->(owner)
CREATE (owner)-[:WATCHES]->(:SavedArea {id: $ids.saved_area, name: 'Home', radiusKm: 2.0,
        domains: [], location: point({latitude: 51.05, longitude: 3.72}), createdAt: datetime()})
CREATE (:PushSubscription {id: randomUUID(), endpoint: $ids.push_endpoint, p256dh: 'x',
        auth: 'y', createdAt: datetime(), updatedAt: datetime()})-[:OF]->(owner)
CREATE (:BadgeClass {id: $ids.validated_badge_class, name: 'Validated', description: 'd',
        criteria: 'c', domain: 'RESEARCH', level: 2, validated: true})-[:ISSUED_BY]->(o)
CREATE (owner)-[:CLAIMED]->(rc:Claim {id: $ids.review_claim, kind: 'SELF_ASSERTED',
        title: 'Fixed bikes', narrative: 'I fixed them', status: 'IN_REVIEW',
        visibility: 'PRIVATE', createdAt: datetime(), submittedAt: datetime(),
        inReviewSince: datetime(), version: 0, revision: 1})
CREATE (rc)-[:FOR_BADGE]->(b), (rc)-[:BRANDED_BY]->(u)
CREATE (teacher)-[:ENDORSED]->(:Endorsement {id: randomUUID(), relationship: 'TEACHER',
        testimonial: 'Taught them', observed: '', status: 'ACTIVE', createdAt: datetime(),
        revision: 1})-[:OF]->(rc)
CREATE (peer)-[:ENDORSED]->(:Endorsement {id: randomUUID(), relationship: 'PEER',
        testimonial: 'Saw them', observed: '', status: 'ACTIVE', createdAt: datetime(),
        revision: 1})-[:OF]->(rc)
CREATE (owner)-[:CLAIMED]->(rt:Claim {id: $ids.returned_claim, kind: 'SELF_ASSERTED',
        title: 'Hosted a workshop', narrative: 'I hosted it', status: 'RETURNED',
        visibility: 'PRIVATE', createdAt: datetime(), submittedAt: datetime(), version: 0,
        revision: 1})
CREATE (rt)-[:FOR_BADGE]->(b), (rt)-[:BRANDED_BY]->(u)
CREATE (teacher)-[:ENDORSED]->(:Endorsement {id: randomUUID(), relationship: 'TEACHER',
        testimonial: 'Yes', observed: '', status: 'ACTIVE', createdAt: datetime(),
        revision: 1})-[:OF]->(rt)
CREATE (peer)-[:ENDORSED]->(:Endorsement {id: randomUUID(), relationship: 'PEER',
        testimonial: 'Yes', observed: '', status: 'ACTIVE', createdAt: datetime(),
        revision: 1})-[:OF]->(rt)
// learner and another organisation's admin endorse each other: both are held back.
CREATE (learner)-[:CLAIMED]->(lc:Claim {id: randomUUID(), kind: 'SELF_ASSERTED',
        title: 'Mentored newcomers', narrative: 'n', status: 'OPEN', visibility: 'PRIVATE',
        createdAt: datetime(), version: 0, revision: 1})
CREATE (lc)-[:FOR_BADGE]->(b), (lc)-[:BRANDED_BY]->(u)
CREATE (mate)-[:ENDORSED]->(:Endorsement {id: $ids.flagged_endorsement, relationship: 'PEER',
        testimonial: 'Great mentor', observed: '', status: 'ACTIVE', createdAt: datetime(),
        revision: 1})-[:OF]->(lc)
CREATE (mate)-[:CLAIMED]->(pc:Claim {id: randomUUID(), kind: 'SELF_ASSERTED',
        title: 'Organised a clean-up', narrative: 'n', status: 'OPEN', visibility: 'PRIVATE',
        createdAt: datetime(), version: 0, revision: 1})
CREATE (pc)-[:FOR_BADGE]->(b), (pc)-[:BRANDED_BY]->(u)
CREATE (learner)-[:ENDORSED]->(:Endorsement {id: randomUUID(), relationship: 'PEER',
        testimonial: 'Good job', observed: '', status: 'ACTIVE', createdAt: datetime(),
        revision: 1})-[:OF]->(pc)
"""


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def make_png(width: int, height: int, extra: bytes = b"") -> bytes:
    """A real greyscale PNG; `extra` goes into a tEXt chunk to pad the file."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = b"".join(b"\x00" + bytes(width) for _ in range(height))
    chunks = png_chunk(b"IHDR", header)
    if extra:
        chunks += png_chunk(b"tEXt", b"Comment\x00" + extra)
    chunks += png_chunk(b"IDAT", zlib.compress(rows)) + png_chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks
