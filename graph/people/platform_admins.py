"""Platform admins: who may add universities, granted and revoked by an operator (the CLI)."""

from __future__ import annotations

from dataclasses import dataclass

from neo4j import AsyncManagedTransaction

from graph.core import audit
from graph.core.cypher import execute, single
from graph.core.errors import Conflict, NotFound
from graph.core.transactions import writes
from graph.people.accounts import INVITED_ONLY

# Who did it: the operator's shell, not a person (the audit event's actor is null).
BY_CLI = "kring platform-admin"

# Every platform admin's write lock first (records.LOCK_LEAVING takes it too, for an admin
# erasing their account): two revocations or erasures at once are serialised, and the count
# read after it below is never stale, so the platform is never left without one.
LOCK_ADMINS = """
MATCH (a:Person {platformAdmin: true})
SET a.version = coalesce(a.version, 0) + 1
"""

FACTS = (
    """
MATCH (p:Person {email: $email}) WHERE p.deletedAt IS NULL
// Their own lock too: an erasure running meanwhile waits, then this grant finds nobody.
SET p.version = coalesce(p.version, 0) + 1
WITH p
RETURN p.id AS id, p.name AS name, coalesce(p.platformAdmin, false) AS admin,
       """
    + INVITED_ONLY
    + """ AS invitedOnly,
       COUNT { MATCH (a:Person {platformAdmin: true}) WHERE a.deletedAt IS NULL } AS admins
"""
)

# Revoked is absent, as on everyone who never was one (and as an erased account).
SET_ADMIN = """
MATCH (p:Person {id: $id}) WHERE p.deletedAt IS NULL
SET p.platformAdmin = CASE WHEN $admin THEN true END, p.version = coalesce(p.version, 0) + 1
"""


@dataclass(frozen=True)
class PlatformAdminChange:
    person_id: str
    name: str
    admin: bool  # what they are now
    changed: bool  # False: they already were (or were not) one


@writes
async def set_platform_admin(
    tx: AsyncManagedTransaction, email: str, admin: bool
) -> PlatformAdminChange:
    """Make the account with this e-mail a platform admin, or (admin=False) no longer one."""
    email = email.strip().lower()
    if not admin:
        await execute(tx, LOCK_ADMINS)
    facts = await single(tx, FACTS, email=email)
    if facts is None:
        raise NotFound(f"No account with e-mail {email!r}; they register first.", field="email")
    if facts["invitedOnly"]:
        raise Conflict(
            f"{email!r} was invited but has made no account yet; they register first.",
            field="email",
        )
    change = PlatformAdminChange(facts["id"], facts["name"], admin, facts["admin"] != admin)
    if not change.changed:
        return change
    if not admin and facts["admins"] <= 1:
        raise Conflict(
            f"{email!r} is the last platform admin; make someone else one first.", field="email"
        )
    await execute(tx, SET_ADMIN, id=change.person_id, admin=admin)
    action = "grant_platform_admin" if admin else "revoke_platform_admin"
    await audit.record(tx, None, action, audit.TargetKind.PERSON, change.person_id, BY_CLI)
    return change
