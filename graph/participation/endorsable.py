"""Completed participants whose claims the reader was asked to endorse, for the organisation's
people to endorse from the opportunity's list rather than one invitation at a time."""

from __future__ import annotations

from dataclasses import dataclass

from neo4j import AsyncManagedTransaction

from graph.core.cypher import rows
from graph.core.transactions import reads
from graph.core.vocabulary import ApplicationStatus, ClaimStatus

MAX_LISTED = 1_000

# Anchored on the opportunity's id (unique index); an invitation is the only way to read and
# endorse a claim (auth.permissions: claim:endorse), so nobody sees more than they were asked.
# The hint keeps the start at the opportunity: on a full graph the planner may otherwise seek
# the endorser first and walk every request they ever received.
ENDORSABLE = """
MATCH (o:Opportunity {id: $opportunity})
USING INDEX SEEK o:Opportunity(id)
MATCH (learner:Person)-[:APPLIED]->(a:Application)-[:FOR]->(o)
WHERE a.status = $completed
MATCH (c:Claim)-[:FROM]->(a)
WHERE c.status <> $withdrawn
  AND EXISTS { (c)-[:REQUESTED]->(:EndorsementRequest)-[:TO]->(:Person {id: $actor}) }
RETURN a.id AS applicationId, learner.name AS learnerName, c.id AS claimId,
       c.title AS claimTitle, c.status AS claimStatus,
       EXISTS {
         (:Person {id: $actor})-[:ENDORSED]->(:Endorsement {status: 'ACTIVE'})-[:OF]->(c)
       } AS endorsed
ORDER BY learnerName, applicationId
LIMIT $limit
"""


@dataclass(frozen=True)
class EndorsableParticipant:
    application_id: str
    learner_name: str
    claim_id: str
    claim_title: str
    claim_status: ClaimStatus
    endorsed: bool


@reads
async def endorsable_participants(
    tx: AsyncManagedTransaction, opportunity_id: str, actor_id: str
) -> list[EndorsableParticipant]:
    """The actor's invitations among this opportunity's completed participants, by name."""
    found = await rows(
        tx,
        ENDORSABLE,
        opportunity=opportunity_id,
        actor=actor_id,
        completed=ApplicationStatus.COMPLETED.value,
        withdrawn=ClaimStatus.WITHDRAWN.value,
        limit=MAX_LISTED,
    )
    return [
        EndorsableParticipant(
            application_id=r["applicationId"],
            learner_name=r["learnerName"],
            claim_id=r["claimId"],
            claim_title=r["claimTitle"],
            claim_status=ClaimStatus(r["claimStatus"]),
            endorsed=bool(r["endorsed"]),
        )
        for r in found
    ]
