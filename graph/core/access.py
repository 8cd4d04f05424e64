"""The actor's standing towards a target, read in the same transaction as the change."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

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
