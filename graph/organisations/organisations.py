"""Universities, community organisations applying to issue, and their members."""

from __future__ import annotations

import base64
import enum
from dataclasses import dataclass
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.core import audit
from graph.core.access import (
    STANDING,
    STANDING_FIELDS,
    Guard,
    Standing,
    standing_at_university,
    standing_from,
)
from graph.core.cypher import execute, one, rows, single
from graph.core.errors import BadUserInput, Conflict, NotFound
from graph.core.fields import check_required, given, stored_properties
from graph.core.records import camel
from graph.core.state_machines import ORGANISATION
from graph.core.transactions import reads, writes
from graph.core.vocabulary import ORGANISATION_ROLES, UNIVERSITY_ROLES, OrganisationStatus, Role
from graph.notifications import outbox
from graph.organisations.fields import (
    ORGANISATION_PROJECTION,
    UNIVERSITY_PROJECTION,
    Organisation,
    OrganisationFields,
    ProfileChanges,
    University,
    UniversityFields,
    organisation_from,
    university_from,
)
from graph.people.accounts import INVITED_ONLY, invited_only


@dataclass(frozen=True)
class OrganisationView:
    """An organisation with the reader's standing towards it, for visibility decisions."""

    organisation: Organisation
    standing: Standing


@dataclass(frozen=True)
class Member:
    person_id: str
    email: str
    name: str
    role: Role
    reviews_claims: bool = False  # a SUPERVISOR the admins let review claims
    invited: bool = False  # added by address before having an account, and has none yet


class BodyKind(enum.StrEnum):
    ORGANISATION = "Organisation"
    UNIVERSITY = "University"


# --- universities -------------------------------------------------------------------------

PLATFORM_STANDING = """
OPTIONAL MATCH (actor:Person {id: $actor})
RETURN actor IS NOT NULL AS actorExists, coalesce(actor.platformAdmin, false) AS platformAdmin,
       [] AS orgRoles, [] AS uniRoles, false AS reviewsClaims
"""

CREATE_UNIVERSITY = (
    """
CREATE (u:University {id: randomUUID(), createdAt: datetime()})
SET u += $props
RETURN """
    + UNIVERSITY_PROJECTION
)


@writes
async def create_university(
    tx: AsyncManagedTransaction, actor_id: str, guard: Guard, data: UniversityFields
) -> University:
    check_required(data)
    facts = await one(tx, PLATFORM_STANDING, actor=actor_id)
    guard(standing_from(facts, actor_id))
    record = await one(
        tx, CREATE_UNIVERSITY, props=stored_properties(UniversityFields, given(data))
    )
    university = university_from(record["university"])
    await audit.record(tx, actor_id, "create", audit.TargetKind.UNIVERSITY, university.id)
    return university


UNIVERSITY_BY_ID = "MATCH (u:University {id: $id}) RETURN " + UNIVERSITY_PROJECTION

UNIVERSITIES = "MATCH (u:University) RETURN " + UNIVERSITY_PROJECTION + " ORDER BY u.name"


@reads
async def university_by_id(tx: AsyncManagedTransaction, university_id: str) -> University | None:
    record = await single(tx, UNIVERSITY_BY_ID, id=university_id)
    return university_from(record["university"]) if record else None


@reads
async def universities(tx: AsyncManagedTransaction) -> list[University]:
    return [university_from(r["university"]) async for r in await tx.run(UNIVERSITIES)]


# --- applying and review ------------------------------------------------------------------

APPLY = (
    """
MATCH (uni:University {id: $university})
MATCH (actor:Person {id: $actor})
CREATE (o:Organisation {id: randomUUID(), status: $status, createdAt: datetime(), version: 0})
      -[:PARTNER_OF]->(uni)
SET o += $props
CREATE (actor)-[:MEMBER_OF {role: $adminRole, since: datetime()}]->(o)
RETURN """
    + ORGANISATION_PROJECTION
)


@writes
async def apply(
    tx: AsyncManagedTransaction, actor_id: str, guard: Guard, data: OrganisationFields
) -> Organisation:
    """Create a PENDING organisation with the applicant as its first ADMIN."""
    check_required(data)
    assert data.university_id is not None
    standing = await standing_at_university.within(tx, data.university_id, actor_id)
    if standing is None:
        raise NotFound("No such university.", field="universityId")
    guard(standing)
    record = await one(
        tx,
        APPLY,
        university=data.university_id,
        actor=actor_id,
        props=stored_properties(OrganisationFields, given(data)),
        status=OrganisationStatus.PENDING.value,
        adminRole=Role.ADMIN.value,
    )
    organisation = organisation_from(record)
    await audit.record(tx, actor_id, "apply", audit.TargetKind.ORGANISATION, organisation.id)
    return organisation


# Taking the write lock first (SET) makes the status read below race-free.
LOCK_ORGANISATION = (
    """
MATCH (o:Organisation {id: $id})-[:PARTNER_OF]->(uni:University)
SET o.version = coalesce(o.version, 0) + 1
WITH o, uni, o AS org
"""
    + STANDING
    + "RETURN o.status AS status, "
    + STANDING_FIELDS
)

REVIEW = (
    """
MATCH (o:Organisation {id: $id})-[:PARTNER_OF]->(uni:University)
SET o.status = $status, o.rejectionReason = $reason, o.reviewedAt = datetime()
RETURN """
    + ORGANISATION_PROJECTION
)


@writes
async def review(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    organisation_id: str,
    *,
    approve: bool,
    reason: str | None = None,
) -> Organisation:
    """Approve or reject a PENDING organisation (a rejection carries its reason)."""
    if not approve and not (reason and reason.strip()):
        raise BadUserInput("A rejection needs a reason.", field="reason")
    facts = await single(tx, LOCK_ORGANISATION, id=organisation_id, actor=actor_id)
    if facts is None:
        raise NotFound("No such organisation.", field="id")
    guard(standing_from(facts, actor_id))
    action = "approve" if approve else "reject"
    status = ORGANISATION.next(action, facts["status"])
    record = await one(tx, REVIEW, id=organisation_id, status=status, reason=reason)
    await audit.record(
        tx, actor_id, action, audit.TargetKind.ORGANISATION, organisation_id, reason or ""
    )
    organisation = organisation_from(record)
    await outbox.record(
        tx,
        outbox.Kind.ORGANISATION_APPROVED if approve else outbox.Kind.ORGANISATION_REJECTED,
        outbox.Audience.ORGANISATION_ADMINS,
        [organisation_id],
        {"organisationId": organisation_id, "name": organisation.name, "reason": reason},
    )
    return organisation


# --- the profile ---------------------------------------------------------------------------

# A null in `$props` removes that property; the logo's time moves only with the logo.
UPDATE_PROFILE = (
    """
MATCH (o:Organisation {id: $id})-[:PARTNER_OF]->(uni:University)
SET o += $props
SET o.logoUpdatedAt = CASE $logo WHEN 'set' THEN datetime() WHEN 'cleared' THEN null
                      ELSE o.logoUpdatedAt END
RETURN """
    + ORGANISATION_PROJECTION
)


@writes
async def update_profile(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    organisation_id: str,
    changes: ProfileChanges,
) -> Organisation:
    """An admin changes the profile, in any state (a pending one is still being described)."""
    changed = given(changes.fields)
    props = stored_properties(OrganisationFields, changed)
    for name in changes.cleared - {"logo"}:
        props[camel(name)] = None
    logo = "unchanged"
    if changes.logo_png is not None:
        props["logoPng"], logo = base64.b64encode(changes.logo_png).decode(), "set"
    elif "logo" in changes.cleared:
        props["logoPng"], logo = None, "cleared"
    if not props:
        raise BadUserInput("Nothing to change.")
    facts = await single(tx, LOCK_ORGANISATION, id=organisation_id, actor=actor_id)
    if facts is None:
        raise NotFound("No such organisation.", field="id")
    guard(standing_from(facts, actor_id))
    record = await one(tx, UPDATE_PROFILE, id=organisation_id, props=props, logo=logo)
    names = sorted({*changed, *changes.cleared} | ({"logo"} if logo == "set" else set()))
    await audit.record(
        tx, actor_id, "edit", audit.TargetKind.ORGANISATION, organisation_id, ", ".join(names)
    )
    return organisation_from(record)


LOGO = (
    """
MATCH (o:Organisation {id: $id})-[:PARTNER_OF]->(uni:University)
WITH o, uni, o AS org
"""
    + STANDING
    + "RETURN o.logoPng AS png, o.status AS status, "
    + STANDING_FIELDS
)


@dataclass(frozen=True)
class Logo:
    png: bytes | None
    status: OrganisationStatus
    standing: Standing


@reads
async def logo(
    tx: AsyncManagedTransaction, organisation_id: str, actor_id: str | None
) -> Logo | None:
    """The organisation's logo with what decides who may see it (None: no such one)."""
    record = await single(tx, LOGO, id=organisation_id, actor=actor_id)
    if record is None:
        return None
    png = base64.b64decode(record["png"]) if record["png"] else None
    return Logo(png, OrganisationStatus(record["status"]), standing_from(record, actor_id))


# --- reading --------------------------------------------------------------------------------

ORGANISATION_BY_ID = (
    """
MATCH (o:Organisation {id: $id})-[:PARTNER_OF]->(uni:University)
WITH o, uni, o AS org
"""
    + STANDING
    + "RETURN "
    + ORGANISATION_PROJECTION
    + ", "
    + STANDING_FIELDS
)

ORGANISATIONS = (
    """
MATCH (o:Organisation {status: $status})-[:PARTNER_OF]->(uni:University)
WHERE $university IS NULL OR uni.id = $university
RETURN """
    + ORGANISATION_PROJECTION
    + """
ORDER BY o.name, o.id
LIMIT $limit
"""
)


@reads
async def organisation_by_id(
    tx: AsyncManagedTransaction, organisation_id: str, actor_id: str | None
) -> OrganisationView | None:
    record = await single(tx, ORGANISATION_BY_ID, id=organisation_id, actor=actor_id)
    if record is None:
        return None
    return OrganisationView(organisation_from(record), standing_from(record, actor_id))


@reads
async def organisations(
    tx: AsyncManagedTransaction,
    status: OrganisationStatus = OrganisationStatus.APPROVED,
    university_id: str | None = None,
    limit: int = 200,
) -> list[Organisation]:
    result = await tx.run(ORGANISATIONS, status=status.value, university=university_id, limit=limit)
    return [organisation_from(r) async for r in result]


# --- members --------------------------------------------------------------------------------

BODY_FACTS = {
    BodyKind.ORGANISATION: """
MATCH (org:Organisation {id: $body})-[:PARTNER_OF]->(uni:University)
SET org.version = coalesce(org.version, 0) + 1
WITH org, uni
"""
    + STANDING
    + "RETURN org.status AS status, "
    + STANDING_FIELDS,
    BodyKind.UNIVERSITY: """
MATCH (uni:University {id: $body})
SET uni.version = coalesce(uni.version, 0) + 1
WITH uni, null AS org
"""
    + STANDING
    + "RETURN 'APPROVED' AS status, "
    + STANDING_FIELDS,
}

ADD_MEMBER = {
    BodyKind.ORGANISATION: "MATCH (body:Organisation {id: $body})",
    BodyKind.UNIVERSITY: "MATCH (body:University {id: $body})",
}
ADD_MEMBER_TAIL = (
    """
MERGE (p:Person {email: $email})
  ON CREATE SET p.id = randomUUID(), p.name = $email, p.invitedAt = datetime()
WITH p, body, EXISTS { (p)-[:MEMBER_OF {role: $role}]->(body) } AS already
MERGE (p)-[m:MEMBER_OF {role: $role}]->(body)
  ON CREATE SET m.since = datetime(), m.invitedBy = $actor
RETURN p.id AS personId, p.email AS email, p.name AS name, m.role AS role, already,
       body.name AS bodyName, """
    + INVITED_ONLY
    + " AS invited"
)
ADDED_TODAY_TAIL = """
RETURN COUNT { (:Person)-[m:MEMBER_OF]->(body) WHERE m.since > datetime() - duration('P1D') }
       AS added
"""
# Each new member is told by e-mail, most of them at an address new to Kring: a bound keeps
# an organisation's admin from using Kring to mail strangers in bulk.
MAX_MEMBERS_ADDED_PER_DAY = 50

REMOVE_MEMBER = {
    BodyKind.ORGANISATION: "MATCH (body:Organisation {id: $body})",
    BodyKind.UNIVERSITY: "MATCH (body:University {id: $body})",
}
# Only keepers with an account count: an address added but never registered manages nothing.
REMOVE_MEMBER_TAIL = (
    """
MATCH (p:Person {id: $person})-[m:MEMBER_OF {role: $role}]->(body)
CALL (body) {
  OPTIONAL MATCH (keeper:Person)-[k:MEMBER_OF {role: $keeperRole}]->(body)
  WHERE NOT """
    + invited_only("keeper")
    + """
  RETURN count(k) AS keepers
}
RETURN m IS NOT NULL AS found, keepers, NOT """
    + INVITED_ONLY
    + """ AS counted
"""
)
# The role a body never loses its last of: those who manage its members (an organisation's
# ADMINs; a university's MODERATORs, beside platform admins who are not on every university).
KEEPER_ROLE = {BodyKind.ORGANISATION: Role.ADMIN, BodyKind.UNIVERSITY: Role.MODERATOR}
LAST_KEEPER = {
    BodyKind.ORGANISATION: (
        "An organisation keeps at least one ADMIN with a Kring account; add another one first."
    ),
    BodyKind.UNIVERSITY: (
        "A university keeps at least one MODERATOR with a Kring account; add another one first."
    ),
}
DELETE_MEMBER_TAIL = """
MATCH (:Person {id: $person})-[m:MEMBER_OF {role: $role}]->(body)
DELETE m
"""


def _check_role(kind: BodyKind, role: Role) -> None:
    allowed = ORGANISATION_ROLES if kind is BodyKind.ORGANISATION else UNIVERSITY_ROLES
    if role not in allowed:
        names = ", ".join(sorted(allowed))
        raise BadUserInput(f"A {kind.value.lower()} member's role is one of {names}.", field="role")


async def _lock_body(
    tx: AsyncManagedTransaction, kind: BodyKind, body_id: str, actor_id: str, guard: Guard
) -> None:
    facts = await single(tx, BODY_FACTS[kind], body=body_id, actor=actor_id)
    if facts is None:
        field = "organisationId" if kind is BodyKind.ORGANISATION else "universityId"
        raise NotFound(f"No such {kind.value.lower()}.", field=field)
    guard(standing_from(facts, actor_id))
    # Until a moderator vouches for an organisation, it cannot pull people into it.
    if facts["status"] != OrganisationStatus.APPROVED:
        raise Conflict(f"The organisation is {facts['status']}; add members once it is approved.")


@writes
async def add_member(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    kind: BodyKind,
    body_id: str,
    email: str,
    role: Role,
) -> Member:
    """Give a person (invited by e-mail if new to Kring) a role in an organisation/university."""
    _check_role(kind, role)
    email = email.strip().lower()
    await _lock_body(tx, kind, body_id, actor_id, guard)
    today = await one(tx, ADD_MEMBER[kind] + ADDED_TODAY_TAIL, body=body_id)
    if today["added"] >= MAX_MEMBERS_ADDED_PER_DAY:
        raise Conflict(
            f"At most {MAX_MEMBERS_ADDED_PER_DAY} members can be added a day; try again tomorrow."
        )
    record = await one(
        tx, ADD_MEMBER[kind] + ADD_MEMBER_TAIL, body=body_id, email=email, role=role, actor=actor_id
    )
    member = Member(
        record["personId"],
        record["email"],
        record["name"],
        Role(record["role"]),
        invited=record["invited"],
    )
    if not record["already"]:
        # Someone not on Kring yet is asked to make an account with this address; it is
        # theirs as soon as they do (graph.people.accounts.register).
        body_key = "organisationId" if kind is BodyKind.ORGANISATION else "universityId"
        await outbox.record(
            tx,
            outbox.Kind.MEMBER_ADDED,
            outbox.Audience.PEOPLE,
            [member.person_id],
            {
                body_key: body_id,
                "title": record["bodyName"],
                "role": role.value,
                "invited": member.invited,
            },
        )
    # The person's id, never their address: the trail outlives an erased account.
    await audit.record(
        tx,
        actor_id,
        "add_member",
        audit.TargetKind(kind.value),
        body_id,
        f"{member.person_id} as {role}",
    )
    return member


@writes
async def remove_member(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    kind: BodyKind,
    body_id: str,
    person_id: str,
    role: Role,
) -> None:
    _check_role(kind, role)
    await _lock_body(tx, kind, body_id, actor_id, guard)
    record = await single(
        tx,
        REMOVE_MEMBER[kind] + REMOVE_MEMBER_TAIL,
        body=body_id,
        person=person_id,
        role=role,
        keeperRole=KEEPER_ROLE[kind].value,
    )
    if record is None:
        raise NotFound("That person does not have that role here.", field="personId")
    # An invited keeper may always go; one with an account only if another one stays.
    if role is KEEPER_ROLE[kind] and record["counted"] and record["keepers"] <= 1:
        raise Conflict(LAST_KEEPER[kind])
    await execute(
        tx, REMOVE_MEMBER[kind] + DELETE_MEMBER_TAIL, body=body_id, person=person_id, role=role
    )
    await audit.record(
        tx,
        actor_id,
        "remove_member",
        audit.TargetKind(kind.value),
        body_id,
        f"{person_id} as {role}",
    )


# One member, as every members read returns it.
MEMBER_ROW = (
    """{personId: p.id, email: p.email, name: p.name, role: m.role,
          reviewsClaims: coalesce(m.reviewsClaims, false), invited: """
    + INVITED_ONLY
    + "}"
)
ORGANISATION_MEMBERS = """
MATCH (p:Person)-[m:MEMBER_OF]->(:Organisation {id: $body})"""
MEMBERS_TAIL = (
    """
WITH p, m ORDER BY p.name, p.id, m.role
RETURN """
    + MEMBER_ROW
    + " AS member\n"
)


def _member(r: Any) -> Member:
    return Member(
        r["personId"],
        r["email"],
        r["name"],
        Role(r["role"]),
        r["reviewsClaims"],
        invited=r["invited"],
    )


@reads
async def organisation_members(tx: AsyncManagedTransaction, organisation_id: str) -> list[Member]:
    found = await rows(tx, ORGANISATION_MEMBERS + MEMBERS_TAIL, body=organisation_id)
    return [_member(r["member"]) for r in found]


# The standing decides before anything is returned; the members come in the same statement.
UNIVERSITY_MEMBERS = (
    """
MATCH (uni:University {id: $university})
WITH uni, null AS org
"""
    + STANDING
    + "RETURN "
    + STANDING_FIELDS
    + """, COLLECT {
  MATCH (p:Person)-[m:MEMBER_OF]->(uni)
  WITH p, m ORDER BY p.name, p.id, m.role
  RETURN """
    + MEMBER_ROW
    + """
} AS members
"""
)


@reads
async def university_members(
    tx: AsyncManagedTransaction, actor_id: str | None, guard: Guard, university_id: str
) -> list[Member]:
    """A university's members and their roles, for those the guard lets manage them."""
    record = await single(tx, UNIVERSITY_MEMBERS, university=university_id, actor=actor_id)
    if record is None:
        raise NotFound("No such university.", field="universityId")
    guard(standing_from(record, actor_id))
    return [_member(m) for m in record["members"]]


ALLOW_REVIEW = """
MATCH (p:Person {id: $person})-[m:MEMBER_OF {role: 'SUPERVISOR'}]->(:Organisation {id: $body})
SET m.reviewsClaims = $allowed
"""


@writes
async def allow_claim_review(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    organisation_id: str,
    person_id: str,
    allowed: bool,
) -> Member:
    """An admin lets a supervisor review claims on the organisation's badge classes (or not)."""
    await _lock_body(tx, BodyKind.ORGANISATION, organisation_id, actor_id, guard)
    await execute(tx, ALLOW_REVIEW, person=person_id, body=organisation_id, allowed=allowed)
    found = await rows(
        tx,
        ORGANISATION_MEMBERS + " WHERE p.id = $person AND m.role = 'SUPERVISOR'" + MEMBERS_TAIL,
        body=organisation_id,
        person=person_id,
    )
    if not found:
        raise NotFound("That person is not a supervisor here.", field="personId")
    await audit.record(
        tx,
        actor_id,
        "allow_claim_review" if allowed else "disallow_claim_review",
        audit.TargetKind.ORGANISATION,
        organisation_id,
        person_id,
    )
    return _member(found[0]["member"])
