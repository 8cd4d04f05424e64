"""Claim codes: an issuer hands out a badge at a stand, without applications.

The issuer's staff create a code for one of its badge classes (single-use or up to
`MAX_USES` uses, expiring within `MAX_DAYS`); that is the issuer's decision, so redeeming it
issues the badge at once with Consent.CLAIM_CODE, the code's id recorded on the badge. A code
is 128 random bits in base32, shown in groups of four: it cannot be guessed, and only its
SHA-256 is kept (the text is shown once, when it is made). Each learner redeems a code once;
uses are counted under the code's lock, so a single-use code redeemed twice at once issues
exactly one badge. Redemption attempts are throttled per person.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.core import audit, throttles
from graph.core.access import STANDING, STANDING_FIELDS, Guard, Standing, standing_from
from graph.core.cypher import execute, one, rows, single
from graph.core.database import Graph
from graph.core.errors import Conflict, KringError, NotFound, PrerequisitesNotMet, Reason
from graph.core.transactions import reads, writes
from graph.core.vocabulary import ClaimKind, Consent
from graph.recognition import issuance

MAX_USES = 500
MAX_DAYS = 90
MAX_LISTED = 200
# A typo or two costs nothing; guessing one of 2^128 codes is hopeless anyway, so the wait
# mostly keeps a script from hammering the issuance path.
REDEEM = throttles.Rule("claim-code", free=10, base_seconds=2, cap_seconds=300, forget_seconds=3600)


def new_code() -> str:
    """128 random bits, base32 without padding (26 characters), in groups of four."""
    text = base64.b32encode(secrets.token_bytes(16)).decode().rstrip("=")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def normalise(code: str) -> str:
    """What the learner typed, without spaces, dashes or case."""
    return re.sub(r"[^A-Z2-7]", "", code.upper())


def digest(code: str) -> str:
    return hashlib.sha256(normalise(code).encode()).hexdigest()


class ClaimCodeState(enum.StrEnum):
    ACTIVE = "ACTIVE"
    USED_UP = "USED_UP"
    EXPIRED = "EXPIRED"
    REVOKED = "REVOKED"


@dataclass(frozen=True)
class ClaimCode:
    id: str
    badge_class_id: str
    label: str
    hint: str  # the code's last four characters, to tell printed codes apart
    max_uses: int
    uses: int
    expires_at: datetime
    created_at: datetime
    revoked_at: datetime | None
    state: ClaimCodeState
    code: str | None = None  # the text: only when it was just made

    @property
    def uses_left(self) -> int:
        return 0 if self.state is not ClaimCodeState.ACTIVE else self.max_uses - self.uses


CODE_FIELDS = """
cc { .id, .label, .hint, .maxUses, .uses, .expiresAt, .createdAt, .revokedAt } AS code,
b.id AS badgeClassId,
CASE WHEN cc.revokedAt IS NOT NULL THEN 'REVOKED'
     WHEN cc.expiresAt <= datetime() THEN 'EXPIRED'
     WHEN cc.uses >= cc.maxUses THEN 'USED_UP' ELSE 'ACTIVE' END AS state
"""


def code_from(record: Any, text: str | None = None) -> ClaimCode:
    c = record["code"]
    revoked = c.get("revokedAt")
    return ClaimCode(
        id=c["id"],
        badge_class_id=record["badgeClassId"],
        label=c.get("label") or "",
        hint=c["hint"],
        max_uses=int(c["maxUses"]),
        uses=int(c["uses"]),
        expires_at=c["expiresAt"].to_native(),
        created_at=c["createdAt"].to_native(),
        revoked_at=revoked.to_native() if revoked is not None else None,
        state=ClaimCodeState(record["state"]),
        code=text,
    )


# Classes a code may not hand out: an OFFICIAL class (its university validated how it issues,
# and a code is a new way), a learner's one-off class (it belongs to their claim) and a
# Helping hand badge (earned through quests). Expects `b`.
NOT_BY_CODE = """coalesce(b.validated, false) AS validated,
       coalesce(b.adHoc, false) OR b.helpingHand IS NOT NULL AS special, """

# The actor's standing towards the badge class's issuer (an organisation or a university).
CLASS_STANDING = (
    """
MATCH (b:BadgeClass {id: $badgeClass})-[:ISSUED_BY]->(issuer)
WITH b, issuer, CASE WHEN issuer:Organisation THEN issuer END AS org,
     CASE WHEN issuer:University THEN issuer END AS uni
"""
    + STANDING
    + """
RETURN b.name AS name, coalesce(issuer.status, 'APPROVED') AS issuerStatus, """
    + NOT_BY_CODE
    + STANDING_FIELDS
)


async def _authorise(
    tx: AsyncManagedTransaction, actor_id: str, guard: Guard, badge_class_id: str
) -> Any:
    facts = await single(tx, CLASS_STANDING, badgeClass=badge_class_id, actor=actor_id)
    if facts is None:
        raise NotFound("No such badge class.", field="badgeClassId")
    guard(standing_from(facts, actor_id))
    return facts


CREATE = (
    """
MATCH (b:BadgeClass {id: $badgeClass})
CREATE (cc:ClaimCode {id: randomUUID(), codeHash: $hash, hint: $hint, label: $label,
                      maxUses: $maxUses, uses: 0, createdAt: datetime(), createdBy: $actor,
                      expiresAt: datetime() + duration({days: $days})})-[:FOR_BADGE]->(b)
RETURN """
    + CODE_FIELDS
)


@writes
async def create(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    badge_class_id: str,
    label: str,
    max_uses: int,
    days: int,
) -> ClaimCode:
    """A new code for the class (its text returned this once); `max_uses` and `days` are
    bounded by the API."""
    assert 1 <= max_uses <= MAX_USES
    assert 1 <= days <= MAX_DAYS
    facts = await _authorise(tx, actor_id, guard, badge_class_id)
    if facts["issuerStatus"] != "APPROVED":
        raise Conflict("The organisation is not approved yet: it cannot hand out badges.")
    if facts["special"]:
        raise Conflict(
            "A learner's one-off badge or a Helping hand badge is not handed out by code.",
            field="badgeClassId",
        )
    if facts["validated"]:
        raise Conflict(
            "This class is officially validated by its university as it issues now: a claim "
            "code would be a new way to award it. Ask the curators to withdraw the validation "
            "first.",
            field="badgeClassId",
        )
    text = new_code()
    record = await one(
        tx,
        CREATE,
        badgeClass=badge_class_id,
        hash=digest(text),
        hint=normalise(text)[-4:],
        label=label,
        maxUses=max_uses,
        days=days,
        actor=actor_id,
    )
    made = code_from(record, text)
    await audit.record(
        tx, actor_id, "create_claim_code", audit.TargetKind.BADGE_CLASS, badge_class_id, made.id
    )
    return made


LIST = (
    """
MATCH (cc:ClaimCode)-[:FOR_BADGE]->(b:BadgeClass {id: $badgeClass})
WITH cc, b ORDER BY cc.createdAt DESC, cc.id LIMIT $limit
RETURN """
    + CODE_FIELDS
)


@reads
async def of_badge_class(
    tx: AsyncManagedTransaction, actor_id: str, guard: Guard, badge_class_id: str
) -> list[ClaimCode]:
    """The class's codes, newest first (at most MAX_LISTED), for the issuer's staff."""
    await _authorise(tx, actor_id, guard, badge_class_id)
    found = await rows(tx, LIST, badgeClass=badge_class_id, limit=MAX_LISTED)
    return [code_from(r) for r in found]


CODE_CLASS = "MATCH (:ClaimCode {id: $id})-[:FOR_BADGE]->(b:BadgeClass) RETURN b.id AS id"
REVOKE = (
    """
MATCH (cc:ClaimCode {id: $id})-[:FOR_BADGE]->(b:BadgeClass)
SET cc.revokedAt = coalesce(cc.revokedAt, datetime()), cc.revokedBy = coalesce(cc.revokedBy, $actor)
RETURN """
    + CODE_FIELDS
)


@writes
async def revoke(
    tx: AsyncManagedTransaction, actor_id: str, guard: Guard, code_id: str
) -> ClaimCode:
    """No more redemptions of this code (badges already issued stay); revoking twice is fine."""
    found = await single(tx, CODE_CLASS, id=code_id)
    if found is None:
        raise NotFound("No such claim code.", field="id")
    await _authorise(tx, actor_id, guard, found["id"])
    record = await one(tx, REVOKE, id=code_id, actor=actor_id)
    await audit.record(
        tx, actor_id, "revoke_claim_code", audit.TargetKind.BADGE_CLASS, found["id"], code_id
    )
    return code_from(record)


@dataclass(frozen=True)
class Redemption:
    assertion_id: str
    badge_class_id: str
    badge_name: str


LOCK_CODE = """
MATCH (cc:ClaimCode {codeHash: $hash})
SET cc.version = coalesce(cc.version, 0) + 1
RETURN cc.id AS id
"""
REDEEM_FACTS = (
    """
MATCH (cc:ClaimCode {id: $code})-[:FOR_BADGE]->(b:BadgeClass)-[:ISSUED_BY]->(issuer)
MATCH (learner:Person {id: $actor})
OPTIONAL MATCH (issuer)-[:PARTNER_OF]->(partner:University)
RETURN cc.uses AS uses, cc.maxUses AS maxUses, cc.expiresAt <= datetime() AS expired,
       cc.revokedAt IS NOT NULL AS revoked, b.id AS badgeClassId, b.name AS name,
       b.domain AS domain, coalesce(partner, issuer).id AS brandId,
       coalesce(issuer.status, 'APPROVED') AS issuerStatus, """
    + NOT_BY_CODE
    + """
       EXISTS { (learner)-[:REDEEMED]->(cc) } AS redeemed,
       EXISTS { (learner)-[:HOLDS]->(a:Assertion)-[:OF_BADGE]->(b) WHERE """
    + issuance.LIVE
    + """ } AS holds,
       COLLECT { MATCH (b)-[:REQUIRES]->(r:BadgeClass)
                 WHERE NOT EXISTS { (learner)-[:HOLDS]->(a:Assertion)-[:OF_BADGE]->(r) WHERE """
    + issuance.LIVE
    + """ }
                 RETURN r.name } AS missing
"""
)
CLAIM = """
MATCH (learner:Person {id: $actor})
MATCH (b:BadgeClass {id: $badgeClass})
MATCH (u:University {id: $brand})
CREATE (learner)-[:CLAIMED]->(c:Claim {
  id: randomUUID(), kind: $kind, title: b.name, narrative: $narrative, status: 'OPEN',
  visibility: 'PRIVATE', domain: b.domain, createdAt: datetime(), version: 0, revision: 1,
  claimCodeId: $code
})
CREATE (c)-[:FOR_BADGE]->(b), (c)-[:BRANDED_BY]->(u)
RETURN c.id AS id
"""
USED = """
MATCH (cc:ClaimCode {id: $code})
MATCH (learner:Person {id: $actor})
MATCH (a:Assertion {id: $assertion})
SET cc.uses = cc.uses + 1, a.claimCodeId = cc.id
CREATE (learner)-[:REDEEMED {at: datetime(), assertionId: a.id}]->(cc)
"""


@dataclass(frozen=True)
class _Attempt:
    done: Redemption | None = None
    refused: KringError | None = None


def _refusal(facts: Any) -> KringError | None:
    if facts["revoked"]:
        return Conflict(
            "This claim code was withdrawn by the issuer.",
            field="code",
            reason=Reason.CODE_WITHDRAWN,
        )
    if facts["expired"]:
        return Conflict("This claim code has expired.", field="code", reason=Reason.CODE_EXPIRED)
    if facts["validated"] or facts["special"]:
        # A code made before its class was validated does not outlive that decision.
        return Conflict(
            "This badge is not handed out by claim code (any more): its issuer awards it "
            "otherwise.",
            field="code",
            reason=Reason.NOT_BY_CODE,
        )
    if facts["redeemed"]:
        return Conflict(
            "You already redeemed this claim code.",
            field="code",
            reason=Reason.CODE_ALREADY_REDEEMED,
        )
    if facts["uses"] >= facts["maxUses"]:
        return Conflict(
            "This claim code has been used up.", field="code", reason=Reason.CODE_USED_UP
        )
    if facts["issuerStatus"] != "APPROVED":
        return Conflict(
            "The issuer of this code cannot hand out badges now.",
            field="code",
            reason=Reason.ISSUER_NOT_APPROVED,
        )
    if facts["holds"]:
        return Conflict(
            "You already hold this badge.", field="code", reason=Reason.BADGE_ALREADY_HELD
        )
    if facts["missing"]:
        return PrerequisitesNotMet(
            "This badge builds on badges you do not hold yet: " + ", ".join(facts["missing"]),
            field="code",
        )
    return None


@writes
async def _redeem(tx: AsyncManagedTransaction, actor_id: str, code: str) -> _Attempt:
    key = REDEEM.key(actor_id)
    tried = await throttles.attempt(tx, [key])
    if tried.wait_seconds:
        return _Attempt(
            refused=Conflict(
                f"Too many attempts: try again in {tried.wait_seconds} seconds.",
                reason=Reason.TOO_MANY_ATTEMPTS,
            )
        )
    locked = await single(tx, LOCK_CODE, hash=digest(code))
    if locked is None:
        return _Attempt(refused=NotFound("There is no such claim code: check it.", field="code"))
    # The learner's lock (as every issuance takes it) before reading what they hold.
    await execute(tx, issuance.LOCK_LEARNER, learner=actor_id)
    facts = await one(tx, REDEEM_FACTS, code=locked["id"], actor=actor_id)
    refused = _refusal(facts)
    if refused is not None:
        return _Attempt(refused=refused)
    await throttles.clear(tx, [key])
    made = await one(
        tx,
        CLAIM,
        actor=actor_id,
        badgeClass=facts["badgeClassId"],
        brand=facts["brandId"],
        kind=ClaimKind.CLAIM_CODE.value,
        narrative="Handed out by the issuer with a claim code.",
        code=locked["id"],
    )
    due = await issuance.due_facts(tx, made["id"])
    assertion_id = await issuance.issue(
        tx, made["id"], actor_id, due, Consent.CLAIM_CODE, approver=None
    )
    await execute(tx, USED, code=locked["id"], actor=actor_id, assertion=assertion_id)
    return _Attempt(done=Redemption(assertion_id, facts["badgeClassId"], facts["name"]))


async def redeem(graph: Graph, actor_id: str, guard: Guard, code: str) -> Redemption:
    """Issue the code's badge to the learner at once; a refused attempt is counted (committed)
    before its error is raised."""
    guard(Standing(actor_id=actor_id))
    attempt = await _redeem(graph, actor_id, code)
    if attempt.refused is not None:
        raise attempt.refused
    assert attempt.done is not None
    return attempt.done
