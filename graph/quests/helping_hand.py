"""Helping hand: a university's consent, given in advance, to recognise quests.

Enabling it creates the university's classes: one community badge per domain ("Helping hand —
digital literacy", BEGINNER, one endorsement from a PEER or OTHER issues it) and two
meta-badges counted from recognised quests, one per person helped. Completing a quest is one
transaction: the quest DONE, a claim for the helper on its domain's class, the giver's
testimonial as an endorsement, the existing policy issuing the badge (consent HELPING_HAND,
recorded on the university), and the meta-badge thresholds checked under the helper's lock,
so each is issued exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.badge_classes.meaning import BADGE_CLASS
from graph.core import audit, meaning
from graph.core.access import STANDING, STANDING_FIELDS, Guard, standing_from
from graph.core.cypher import one, rows, single
from graph.core.errors import BadUserInput, Conflict, NotFound
from graph.core.meaning import Embedder
from graph.core.state_machines import QUEST
from graph.core.transactions import reads, writes
from graph.core.vocabulary import Domain, Relationship
from graph.quests.quests import Quest, lock_quest, read_quest
from graph.recognition.claims import assessment_params, new_revision
from graph.recognition.endorsements import ENDORSE
from graph.recognition.issuance import HELD_OR_REVOKED, LIVE, advance

DOMAIN_NAMES = {
    Domain.DIGITAL_LITERACY: "digital literacy",
    Domain.SUSTAINABILITY: "sustainability",
    Domain.ENTREPRENEURIAL_SPIRIT: "entrepreneurial spirit",
    Domain.RESEARCH: "research",
    Domain.GLOBAL_CITIZENSHIP: "global citizenship",
}
# The relationships a quest giver may have to the helper (the issue: PEER or OTHER).
GIVER_RELATIONSHIPS = (Relationship.PEER, Relationship.OTHER)


@dataclass(frozen=True)
class MetaBadge:
    key: str  # stored as the class's `helpingHand`
    name: str
    level: int
    quests: int  # counted one per person helped
    domains: int


META_BADGES = (
    MetaBadge("I", "Helping hand I", 1, 3, 1),
    MetaBadge("II", "Helping hand II", 2, 10, 2),
)


def _meta_rule(meta: MetaBadge) -> str:
    domains = f" in at least {meta.domains} domains" if meta.domains > 1 else ""
    return (
        f"Awarded by the university once the learner helped {meta.quests} different people "
        f"with quests recognised with a Helping hand badge{domains}; the badge lists one "
        "quest per person helped."
    )


ENABLE_FACTS = (
    """
MATCH (uni:University {id: $university})
SET uni.version = coalesce(uni.version, 0) + 1
WITH uni, null AS org
"""
    + STANDING
    + "RETURN uni.helpingHandAt IS NOT NULL AS enabled, "
    + STANDING_FIELDS
)
ENABLE = """
MATCH (u:University {id: $university})
SET u.helpingHandAt = datetime(), u.helpingHandBy = $actor
WITH u
UNWIND $classes AS k
CREATE (b:BadgeClass {
  id: randomUUID(), name: k.name, description: k.description, criteria: k.criteria,
  domain: k.domain, level: k.level, helpingHand: k.key, questsNeeded: k.quests,
  domainsNeeded: k.domains, policyMinimum: k.minimum, policyRelationships: k.relationships,
  policyRequireOneOf: [], createdAt: datetime(), autoIssueParticipations: false,
  autoIssueOnCompletion: false, issuanceConsentBy: $actor, issuanceConsentAt: datetime()
})-[:ISSUED_BY]->(u)
RETURN b.id AS id
"""


def _classes() -> list[dict[str, object]]:
    peer_or_other = [r.value for r in GIVER_RELATIONSHIPS]
    made: list[dict[str, object]] = [
        {
            "key": "DOMAIN",
            "name": f"Helping hand — {words}",
            "description": f"Helped someone in the community with a request touching {words}.",
            "criteria": "The person who asked for help marked the quest done and wrote a "
            "testimonial of what the helper did (one endorsement from a PEER or OTHER).",
            "domain": domain.value,
            "level": 1,
            "quests": None,
            "domains": None,
            "minimum": 1,
            "relationships": peer_or_other,
        }
        for domain, words in DOMAIN_NAMES.items()
    ]
    for meta in META_BADGES:
        made.append(
            {
                "key": meta.key,
                "name": meta.name,
                "description": _meta_rule(meta),
                "criteria": _meta_rule(meta),
                "domain": Domain.GLOBAL_CITIZENSHIP.value,
                "level": meta.level,
                "quests": meta.quests,
                "domains": meta.domains,
                "minimum": 0,
                "relationships": [],
            }
        )
    return made


@writes
async def enable(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    university_id: str,
    embedder: Embedder | None = None,
) -> str:
    """Record the university's consent and create its Helping hand classes (once; enabling
    again changes nothing), embedded for discovery by meaning. Returns the university's id."""
    facts = await single(tx, ENABLE_FACTS, university=university_id, actor=actor_id)
    if facts is None:
        raise NotFound("No such university.", field="universityId")
    guard(standing_from(facts, actor_id))
    if facts["enabled"]:
        return university_id
    made = await rows(tx, ENABLE, university=university_id, actor=actor_id, classes=_classes())
    if embedder is not None:  # else `kring reembed` (the demo's loader) embeds them later
        await meaning.embed(tx, embedder, BADGE_CLASS, [r["id"] for r in made])
    await audit.record(
        tx,
        actor_id,
        "enable_helping_hand",
        audit.TargetKind.UNIVERSITY,
        university_id,
        "consent in advance: issue Helping hand badges for recognised quests; classes "
        + " ".join(r["id"] for r in made),
    )
    return university_id


# --- completing a quest ---------------------------------------------------------------------

COMPLETE = """
MATCH (q:Quest {id: $quest})-[:IN]->(u:University)
MATCH (helper:Person)-[:OFFERED]->(:QuestOffer {status: 'ACCEPTED'})-[:ON]->(q)
OPTIONAL MATCH (b:BadgeClass {helpingHand: 'DOMAIN', domain: q.domain})-[:ISSUED_BY]->(u)
WITH q, u, helper, b LIMIT 1
SET q.status = 'DONE', q.completedAt = datetime(), q.changedAt = datetime()
WITH q, u, helper, b WHERE b IS NOT NULL
CREATE (helper)-[:CLAIMED]->(c:Claim {
  id: randomUUID(), kind: 'QUEST', title: b.name, narrative: $narrative, status: 'OPEN',
  visibility: 'PRIVATE', domain: q.domain, createdAt: datetime(), version: 0
})
CREATE (c)-[:FOR_BADGE]->(b), (c)-[:BRANDED_BY]->(u), (c)-[:FROM]->(q)
RETURN c.id AS claimId
"""


@writes
async def complete(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    quest_id: str,
    testimonial: str,
    relationship: Relationship,
) -> Quest:
    """The giver marks the accepted quest done; the helper is recognised in this transaction."""
    if relationship not in GIVER_RELATIONSHIPS:
        raise BadUserInput(
            "A quest giver endorses the helper as PEER or OTHER.", field="relationship"
        )
    locked = await lock_quest(tx, quest_id, actor_id, guard)
    QUEST.next("complete", locked.status)
    made = await single(
        tx,
        COMPLETE,
        quest=quest_id,
        narrative=f"Helped with the quest “{locked.title}” "
        f"({DOMAIN_NAMES[locked.domain]}), recognised by the person who asked for help.",
    )
    if made is None:
        # Classes are made when Helping hand is enabled, before any quest can be posted.
        raise Conflict("This university has no Helping hand badge for the quest's domain.")
    claim_id: str = made["claimId"]
    await new_revision(tx, claim_id, None, ())
    await audit.record(tx, actor_id, "complete", audit.TargetKind.QUEST, quest_id, claim_id)
    await audit.record(tx, actor_id, "quest_claim", audit.TargetKind.CLAIM, claim_id, quest_id)
    endorsement = await one(
        tx,
        ENDORSE,
        claim=claim_id,
        actor=actor_id,
        relationship=relationship.value,
        testimonial=testimonial,
        observed=locked.title,
        assessment=assessment_params(()),
    )
    await audit.record(
        tx, actor_id, "endorse", audit.TargetKind.ENDORSEMENT, endorsement["id"], claim_id
    )
    # Issuing the quest's badge counts the meta-badges too (count_meta_badges).
    await advance(tx, claim_id, actor_id)
    return await read_quest(tx, quest_id, actor_id)


# Runs after an issuance, which holds the helper's lock (graph.recognition.issuance): two
# completions at once count one after the other, so a threshold is crossed exactly once.
REACHED = (
    """
MATCH (learner:Person {id: $learner})
MATCH (:Claim {id: $claim})-[:FROM]->(:Quest)-[:IN]->(u:University)
CALL (learner, u) {
  MATCH (learner)-[:CLAIMED]->(c:Claim {kind: 'QUEST', status: 'ISSUED'})-[:FROM]->(q:Quest)
        -[:IN]->(u)
  WHERE EXISTS { (c)-[:ISSUED_AS]->(a:Assertion) WHERE """
    + LIVE
    + """ }
  // One quest per person helped (security review F3: one colluding giver could otherwise
  // fill every threshold). A deleted account stays a tombstone with its id: quests of every
  // giver who has left count as one person together, so leaving and registering anew makes
  // a giver count at most once more. The domains are those of every recognised quest.
  OPTIONAL MATCH (giver:Person)-[:POSTED]->(q)
  WITH CASE WHEN giver IS NULL OR giver.deletedAt IS NOT NULL THEN '' ELSE giver.id END
       AS person, q
  ORDER BY q.completedAt, q.id
  WITH person, collect(q) AS theirs
  WITH theirs[0] AS first, theirs
  ORDER BY first.completedAt, first.id
  WITH collect(first { .id, .title, .domain }) AS quests, collect(theirs) AS grouped
  UNWIND grouped AS theirs
  UNWIND theirs AS q
  RETURN quests, count(DISTINCT q.domain) AS domains,
         collect(q { .id, .title, .domain }) AS recognised
}
MATCH (meta:BadgeClass)-[:ISSUED_BY]->(u)
WHERE meta.helpingHand IN ['I', 'II'] AND size(quests) >= meta.questsNeeded
  AND domains >= meta.domainsNeeded
  AND NOT EXISTS { (learner)-[:HOLDS]->(a:Assertion)-[:OF_BADGE]->(meta) WHERE """
    + HELD_OR_REVOKED
    + """ }
RETURN meta.id AS id, u.id AS universityId, quests, recognised
ORDER BY meta.level
"""
)
META_CLAIM = """
MATCH (learner:Person {id: $learner})
MATCH (meta:BadgeClass {id: $meta})
MATCH (u:University {id: $university})
CREATE (learner)-[:CLAIMED]->(c:Claim {
  id: randomUUID(), kind: 'QUEST', title: meta.name, narrative: $narrative, status: 'OPEN',
  visibility: 'PRIVATE', domain: meta.domain, createdAt: datetime(), version: 0
})
CREATE (c)-[:FOR_BADGE]->(meta), (c)-[:BRANDED_BY]->(u)
WITH c
UNWIND $quests AS qid
MATCH (q:Quest {id: qid})
CREATE (c)-[:COUNTS]->(q)
RETURN DISTINCT c.id AS id
"""


def _evidence(
    one_per_person: list[dict[str, Any]], recognised: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The quests a meta-badge lists and links: one per person helped, then the first quest
    of each domain those leave out (a second quest for someone already helped)."""
    shown = list(one_per_person)
    domains = {q["domain"] for q in shown}
    for quest in recognised:
        if quest["domain"] not in domains:
            shown.append(quest)
            domains.add(quest["domain"])
    return shown


async def count_meta_badges(
    tx: AsyncManagedTransaction, claim_id: str, learner_id: str, actor_id: str
) -> None:
    """After the badge of quest claim `claim_id` was issued: the meta-badges it completes."""
    for reached in await rows(tx, REACHED, learner=learner_id, claim=claim_id):
        quests = _evidence(reached["quests"], reached["recognised"])
        people = len(reached["quests"])
        listed = "; ".join(f"“{q['title']}” ({DOMAIN_NAMES[Domain(q['domain'])]})" for q in quests)
        made = await one(
            tx,
            META_CLAIM,
            learner=learner_id,
            meta=reached["id"],
            university=reached["universityId"],
            narrative=f"Recognised for helping {people} people: {listed}.",
            quests=[q["id"] for q in quests],
        )
        await new_revision(tx, made["id"], None, ())
        await audit.record(tx, actor_id, "quest_claim", audit.TargetKind.CLAIM, made["id"])
        await advance(tx, made["id"], actor_id)


@reads
async def enabled_classes(tx: AsyncManagedTransaction, university_id: str) -> list[str]:
    """The university's Helping hand class ids (tests, demo)."""
    found = await rows(
        tx,
        "MATCH (b:BadgeClass)-[:ISSUED_BY]->(:University {id: $u}) "
        "WHERE b.helpingHand IS NOT NULL RETURN b.id AS id ORDER BY b.name",
        u=university_id,
    )
    return [r["id"] for r in found]
