"""A university's community policy: its consent, recorded in advance, that a learner's own
one-off claim carrying its brand is issued under its key once endorsements meet the policy.

Without that consent such a claim goes to the university's claim reviewers like any other
(graph.recognition.issuance). Its curators or moderators give the consent, change the
policy, or withdraw it; each is one transaction under the university's lock, audited.
"""

from __future__ import annotations

from neo4j import AsyncManagedTransaction

from graph.badge_classes.fields import EndorsementPolicy
from graph.core import audit
from graph.core.access import STANDING, STANDING_FIELDS, Guard, standing_from
from graph.core.cypher import execute, single
from graph.core.errors import BadUserInput, NotFound
from graph.core.transactions import writes

# More would be no community recognition anyone reaches; fewer than one would let anyone
# issue the university's badge to themselves.
MAX_MINIMUM = 10


def checked(policy: EndorsementPolicy) -> EndorsementPolicy:
    """The policy as stored (duplicates dropped), or BAD_USER_INPUT naming the field."""
    if not 1 <= policy.minimum <= MAX_MINIMUM:
        raise BadUserInput(
            f"policy.minimum must be between 1 and {MAX_MINIMUM}: without endorsements "
            "anyone could issue the university's badge to themselves.",
            field="policy.minimum",
        )
    if not policy.relationships:
        raise BadUserInput(
            "Say whose endorsements count (policy.relationships).", field="policy.relationships"
        )
    if not set(policy.require_one_of) <= set(policy.relationships):
        raise BadUserInput(
            "policy.requireOneOf may only name relationships that count.",
            field="policy.requireOneOf",
        )
    return EndorsementPolicy(
        minimum=policy.minimum,
        relationships=tuple(dict.fromkeys(policy.relationships)),
        require_one_of=tuple(dict.fromkeys(policy.require_one_of)),
    )


def in_words(policy: EndorsementPolicy) -> str:
    """The policy as the audit trail records it."""
    words = f"{policy.minimum} endorsements of {', '.join(policy.relationships)}"
    if policy.require_one_of:
        words += f"; one from {' or '.join(policy.require_one_of)}"
    return words


# Locks the university: two staff changing its consent at once apply one after the other.
FACTS = (
    """
MATCH (uni:University {id: $university})
SET uni.version = coalesce(uni.version, 0) + 1
WITH uni, null AS org
"""
    + STANDING
    + "RETURN uni.communityPolicyConsentAt IS NOT NULL AS consented, "
    "uni.communityPolicyMinimum AS minimum, uni.communityPolicyRelationships AS relationships, "
    "uni.communityPolicyRequireOneOf AS requireOneOf, " + STANDING_FIELDS
)
CONSENT = """
MATCH (u:University {id: $university})
SET u.communityPolicyMinimum = $minimum, u.communityPolicyRelationships = $relationships,
    u.communityPolicyRequireOneOf = $requireOneOf, u.communityPolicyConsentAt = datetime(),
    u.communityPolicyConsentBy = $actor
"""
WITHDRAW = """
MATCH (u:University {id: $university})
REMOVE u.communityPolicyMinimum, u.communityPolicyRelationships, u.communityPolicyRequireOneOf,
       u.communityPolicyConsentAt, u.communityPolicyConsentBy
"""


@writes
async def set_policy(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    university_id: str,
    policy: EndorsementPolicy | None,
) -> str:
    """Record the university's consent under `policy` (replacing a different earlier one), or
    withdraw it (`None`). Issued badges stay issued. Returns the university's id."""
    if policy is not None:
        policy = checked(policy)
    facts = await single(tx, FACTS, university=university_id, actor=actor_id)
    if facts is None:
        raise NotFound("No such university.", field="universityId")
    guard(standing_from(facts, actor_id))
    if policy is None:
        if facts["consented"]:
            await execute(tx, WITHDRAW, university=university_id)
            await audit.record(
                tx,
                actor_id,
                "withdraw_community_policy",
                audit.TargetKind.UNIVERSITY,
                university_id,
                "one-off claims go to the claim reviewers again",
            )
        return university_id
    relationships = [r.value for r in policy.relationships]
    require_one_of = [r.value for r in policy.require_one_of]
    if facts["consented"] and (
        facts["minimum"],
        list(facts["relationships"]),
        list(facts["requireOneOf"]),
    ) == (policy.minimum, relationships, require_one_of):
        return university_id  # the same consent again: it stands as recorded then
    await execute(
        tx,
        CONSENT,
        university=university_id,
        actor=actor_id,
        minimum=policy.minimum,
        relationships=relationships,
        requireOneOf=require_one_of,
    )
    await audit.record(
        tx,
        actor_id,
        "consent_community_policy",
        audit.TargetKind.UNIVERSITY,
        university_id,
        "consent in advance: issue a learner's own one-off claim on " + in_words(policy),
    )
    return university_id
