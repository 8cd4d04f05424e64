"""The actor's standing towards a target, read in the same transaction as the change."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.core.cypher import single
from graph.core.transactions import reads
from graph.core.vocabulary import Role


@dataclass(frozen=True)
class Standing:
    """What the graph says about the actor relative to one target; rules decide from this."""

    actor_id: str | None
    platform_admin: bool = False
    organisation_roles: frozenset[Role] = frozenset()
    university_roles: frozenset[Role] = frozenset()
    is_owner: bool = False  # the learner whose application (or record) this is
    is_invited: bool = False  # asked by the learner to endorse this claim
    reviews_claims: bool = False  # a SUPERVISOR its organisation's admins let review claims


# Raises Forbidden/Unauthenticated when the standing does not allow the change.
Guard = Callable[[Standing], None]

# Expects `org` and `uni` bound (either may be null) and $actor; adds the actor's standing.
STANDING = """
OPTIONAL MATCH (actor:Person {id: $actor})
CALL (actor, org) {
  OPTIONAL MATCH (actor)-[m:MEMBER_OF]->(org)
  RETURN collect(m.role) AS orgRoles, true IN collect(m.reviewsClaims) AS reviewsClaims
}
CALL (actor, uni) {
  OPTIONAL MATCH (actor)-[m:MEMBER_OF]->(uni)
  RETURN collect(m.role) AS uniRoles
}
"""
STANDING_FIELDS = (
    "actor IS NOT NULL AS actorExists, coalesce(actor.platformAdmin, false) AS platformAdmin, "
    "orgRoles, uniRoles, reviewsClaims"
)


def _roles(values: Iterable[str] | None) -> frozenset[Role]:
    return frozenset(Role(v) for v in values or ())


def standing_from(
    record: Any, actor_id: str | None, *, is_owner: bool = False, is_invited: bool = False
) -> Standing:
    exists = bool(record["actorExists"])
    return Standing(
        actor_id=actor_id if exists else None,
        platform_admin=bool(record["platformAdmin"]),
        organisation_roles=_roles(record["orgRoles"]),
        university_roles=_roles(record["uniRoles"]),
        is_owner=is_owner and exists,
        is_invited=is_invited and exists,
        reviews_claims=bool(record["reviewsClaims"]),
    )


UNIVERSITY_STANDING = (
    """
MATCH (uni:University {id: $university})
WITH uni, null AS org
"""
    + STANDING
    + "RETURN "
    + STANDING_FIELDS
)
# The issuer is an organisation or a university; the other of `org` and `uni` stays null.
ISSUER_STANDING = (
    """
OPTIONAL MATCH (o:Organisation {id: $issuer})
OPTIONAL MATCH (u:University {id: $issuer})
WITH coalesce(o, u) AS issuer WHERE issuer IS NOT NULL
WITH CASE WHEN issuer:Organisation THEN issuer END AS org,
     CASE WHEN issuer:University THEN issuer END AS uni
"""
    + STANDING
    + "RETURN "
    + STANDING_FIELDS
)


@reads
async def standing_at_university(
    tx: AsyncManagedTransaction, university_id: str, actor_id: str | None
) -> Standing | None:
    """The actor's standing at a university, or None if it does not exist."""
    record = await single(tx, UNIVERSITY_STANDING, university=university_id, actor=actor_id)
    return standing_from(record, actor_id) if record else None


@reads
async def standing_at_issuer(
    tx: AsyncManagedTransaction, issuer_id: str, actor_id: str | None
) -> Standing | None:
    """The actor's standing at an organisation or university (None: no such issuer)."""
    record = await single(tx, ISSUER_STANDING, issuer=issuer_id, actor=actor_id)
    return standing_from(record, actor_id) if record else None
