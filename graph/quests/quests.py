"""A quest's lifecycle: posted, offered on, a helper accepted, closed, reported and reviewed.

Safety first: before a helper is accepted nobody sees more of the other person than their
display name, and the exact place (`location`, `address`) is read only by the giver and the
accepted helper; everyone else gets the rounded `area` and the public `areaName`. The redaction
happens here, when a quest is read for an actor, so no API path can forget it.

Rules decided: per person and day at most POSTS_PER_DAY posts, OFFERS_PER_DAY offers and
REPORTS_PER_DAY reports (graph.core.throttles); one offer per person and quest (a withdrawn one
may be renewed); only OPEN quests expire (an accepted helper may still be recognised after the
expiry date); a report hides an OPEN quest at once until a moderator of its university restores
or closes it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.core import audit, throttles
from graph.core.access import STANDING, STANDING_FIELDS, Guard, standing_from
from graph.core.cypher import execute, one, rows, single
from graph.core.errors import BadUserInput, Conflict, Forbidden, NotFound, Reason
from graph.core.geo import GeoPoint
from graph.core.state_machines import QUEST
from graph.core.transactions import reads, writes
from graph.core.vocabulary import Domain, QuestOfferStatus, QuestRole, QuestStatus
from graph.notifications import fan_out, outbox

DAY = 24 * 3600
# After the day's last free attempt the next waits a day: N a day, counted in the graph.
POSTS_PER_DAY = 5
OFFERS_PER_DAY = 20
REPORTS_PER_DAY = 10
POST = throttles.Rule("quest-post", POSTS_PER_DAY, DAY, DAY, DAY)
OFFER = throttles.Rule("quest-offer", OFFERS_PER_DAY, DAY, DAY, DAY)
REPORT = throttles.Rule("quest-report", REPORTS_PER_DAY, DAY, DAY, DAY)
MAX_OFFERS_PER_QUEST = 50
MAX_EXPIRY_DAYS = 30
# The public point is the exact one snapped to a grid of about 500 m.
AREA_STEP_KM = 0.5
LIST_LIMIT = 200


@dataclass(frozen=True)
class QuestOffer:
    id: str
    helper_id: str
    helper_name: str
    message: str
    status: QuestOfferStatus
    offered_at: datetime


@dataclass(frozen=True)
class Quest:
    """A quest as one actor may see it: exact place and people only where the rules allow."""

    id: str
    title: str
    description: str
    domain: Domain
    status: QuestStatus
    starts_at: datetime | None
    expires_at: datetime
    created_at: datetime
    area: GeoPoint
    area_name: str
    location: GeoPoint | None
    address: str | None
    giver_name: str
    mine: bool
    my_offer: QuestOffer | None
    helper_name: str | None
    offers: tuple[QuestOffer, ...]
    claim_id: str | None
    university_id: str
    university_name: str
    moderated: bool  # the actor moderates its university


@dataclass(frozen=True)
class NewQuest:
    university_id: str
    title: str
    description: str
    domain: Domain
    location: GeoPoint
    address: str
    area_name: str
    starts_at: datetime | None
    expires_in_days: int


def rounded_area(point: GeoPoint) -> GeoPoint:
    """The point snapped to a grid of about AREA_STEP_KM, so the public one hides the door."""
    lat_step = AREA_STEP_KM / 111.32
    latitude = round(point.latitude / lat_step) * lat_step
    lon_step = lat_step / max(math.cos(math.radians(latitude)), 0.01)
    longitude = round(point.longitude / lon_step) * lon_step
    return GeoPoint(round(latitude, 6), round(min(max(longitude, -180.0), 180.0), 6))


def effective_status(stored: str, expires_at: datetime, now: datetime) -> QuestStatus:
    status = QuestStatus(stored)
    if status is QuestStatus.OPEN and expires_at <= now:
        return QuestStatus.EXPIRED
    return status


# Expects `q` bound and $actor; one row per quest with what any actor might be allowed.
VIEW = """
MATCH (giver:Person)-[:POSTED]->(q)-[:IN]->(u:University)
CALL (q) {
  OPTIONAL MATCH (h:Person)-[:OFFERED]->(:QuestOffer {status: 'ACCEPTED'})-[:ON]->(q)
  RETURN h { .id, .name } AS helper LIMIT 1
}
CALL (q) {
  OPTIONAL MATCH (me:Person {id: $actor})-[:OFFERED]->(o:QuestOffer)-[:ON]->(q)
  RETURN o { .id, .message, .status, .offeredAt, helperId: me.id, helperName: me.name } AS mine
  LIMIT 1
}
CALL (q, giver) {
  OPTIONAL MATCH (p:Person)-[:OFFERED]->(o:QuestOffer)-[:ON]->(q)
  WHERE giver.id = $actor
  WITH p, o ORDER BY o.offeredAt, o.id
  RETURN collect(o { .id, .message, .status, .offeredAt, helperId: p.id,
                     helperName: p.name }) AS offers
}
CALL (q) {
  OPTIONAL MATCH (c:Claim)-[:FROM]->(q)
  RETURN c.id AS claimId LIMIT 1
}
RETURN q { .id, .title, .description, .domain, .status, .startsAt, .expiresAt, .createdAt,
           .area, .areaName, .location, .address } AS quest,
       giver { .id, .name } AS giver, u { .id, .name } AS university, helper, mine, offers,
       claimId,
       EXISTS { (:Person {id: $actor})-[:MEMBER_OF {role: 'MODERATOR'}]->(u) } AS moderated
"""


def _when(value: Any) -> datetime | None:
    return value.to_native() if value is not None else None


def _point(value: Any) -> GeoPoint:
    return GeoPoint(value.latitude, value.longitude)


def _offer(o: dict[str, Any]) -> QuestOffer:
    return QuestOffer(
        id=o["id"],
        helper_id=o["helperId"],
        helper_name=o["helperName"] or "",
        message=o.get("message") or "",
        status=QuestOfferStatus(o["status"]),
        offered_at=o["offeredAt"].to_native(),
    )


def quest_from(record: Any, actor_id: str | None, now: datetime | None = None) -> Quest:
    """The quest as `actor_id` may see it (see the module's safety rule)."""
    q = record["quest"]
    helper = record["helper"]
    is_giver = actor_id is not None and record["giver"]["id"] == actor_id
    is_helper = actor_id is not None and helper is not None and helper["id"] == actor_id
    party = is_giver or is_helper
    expires_at = q["expiresAt"].to_native()
    return Quest(
        id=q["id"],
        title=q["title"],
        description=q["description"],
        domain=Domain(q["domain"]),
        status=effective_status(q["status"], expires_at, now or datetime.now(UTC)),
        starts_at=_when(q.get("startsAt")),
        expires_at=expires_at,
        created_at=q["createdAt"].to_native(),
        area=_point(q["area"]),
        area_name=q["areaName"],
        location=_point(q["location"]) if party else None,
        address=q["address"] if party else None,
        giver_name=record["giver"]["name"] or "",
        mine=is_giver,
        my_offer=_offer(record["mine"]) if record["mine"] and actor_id else None,
        helper_name=helper["name"] if party and helper is not None else None,
        offers=tuple(_offer(o) for o in record["offers"]) if is_giver else (),
        claim_id=record["claimId"] if party else None,
        university_id=record["university"]["id"],
        university_name=record["university"]["name"],
        moderated=bool(record["moderated"]),
    )


BY_ID = "MATCH (q:Quest {id: $id})\n" + VIEW


async def read_quest(tx: AsyncManagedTransaction, quest_id: str, actor_id: str | None) -> Quest:
    return quest_from(await one(tx, BY_ID, id=quest_id, actor=actor_id), actor_id)


@reads
async def quest_by_id(
    tx: AsyncManagedTransaction, quest_id: str, actor_id: str | None
) -> Quest | None:
    """The quest, or None when it does not exist or is hidden from the actor (a HIDDEN one
    shows only to its giver and its university's moderators)."""
    record = await single(tx, BY_ID, id=quest_id, actor=actor_id)
    if record is None:
        return None
    quest = quest_from(record, actor_id)
    if quest.status is QuestStatus.HIDDEN and not (quest.mine or quest.moderated):
        return None
    return quest


# --- posting --------------------------------------------------------------------------------

POST_FACTS = (
    """
MATCH (uni:University {id: $university})
WITH uni, null AS org
"""
    + STANDING
    + "RETURN uni.helpingHandAt IS NOT NULL AS enabled, "
    + STANDING_FIELDS
)
CREATE = """
MATCH (giver:Person {id: $actor})
MATCH (u:University {id: $university})
CREATE (giver)-[:POSTED]->(q:Quest {
  id: randomUUID(), title: $title, description: $description, domain: $domain, status: 'OPEN',
  startsAt: $startsAt, expiresAt: datetime() + duration({days: $days}), createdAt: datetime(),
  location: point({latitude: $latitude, longitude: $longitude}), address: $address,
  area: point({latitude: $areaLatitude, longitude: $areaLongitude}), areaName: $areaName,
  version: 0
})-[:IN]->(u)
RETURN q.id AS id
"""


@writes
async def post(tx: AsyncManagedTransaction, actor_id: str, guard: Guard, data: NewQuest) -> Quest:
    """Post a quest in a university network that enabled Helping hand; its saved-area
    watchers are told off this transaction (graph.notifications.fan_out)."""
    facts = await single(tx, POST_FACTS, university=data.university_id, actor=actor_id)
    if facts is None:
        raise NotFound("No such university.", field="universityId")
    guard(standing_from(facts, actor_id))
    if not facts["enabled"]:
        raise Conflict(
            "This university has not enabled Helping hand quests.", reason=Reason.HELPING_HAND_OFF
        )
    if not 1 <= data.expires_in_days <= MAX_EXPIRY_DAYS:
        raise BadUserInput(
            f"expiresInDays must be between 1 and {MAX_EXPIRY_DAYS}.", field="expiresInDays"
        )
    if data.starts_at is not None and data.starts_at >= datetime.now(UTC) + timedelta(
        days=data.expires_in_days
    ):
        raise BadUserInput("The quest would expire before it starts.", field="startsAt")
    if (await throttles.attempt(tx, [POST.key(actor_id)])).wait_seconds:
        raise Conflict(
            f"You can post at most {POSTS_PER_DAY} quests a day; try again tomorrow.",
            reason=Reason.DAILY_LIMIT,
        )
    area = rounded_area(data.location)
    made = await one(
        tx,
        CREATE,
        actor=actor_id,
        university=data.university_id,
        title=data.title,
        description=data.description,
        domain=data.domain.value,
        startsAt=data.starts_at,
        days=data.expires_in_days,
        latitude=data.location.latitude,
        longitude=data.location.longitude,
        address=data.address,
        areaLatitude=area.latitude,
        areaLongitude=area.longitude,
        areaName=data.area_name,
    )
    quest_id: str = made["id"]
    await audit.record(tx, actor_id, "post", audit.TargetKind.QUEST, quest_id)
    await fan_out.record_quest(tx, quest_id, {"questId": quest_id, "title": data.title})
    return await read_quest(tx, quest_id, actor_id)


# --- offers, acceptance, closing ------------------------------------------------------------

# Locking the quest serialises every change to it: two accepts at once, one wins.
LOCK = (
    """
MATCH (giver:Person)-[:POSTED]->(q:Quest {id: $quest})-[:IN]->(uni:University)
SET q.version = coalesce(q.version, 0) + 1
WITH q, giver, uni, null AS org
"""
    + STANDING
    + """
CALL (q) {
  OPTIONAL MATCH (:Person {id: $actor})-[:OFFERED]->(o:QuestOffer)-[:ON]->(q)
  RETURN o.id AS myOfferId, o.status AS myOfferStatus LIMIT 1
}
RETURN q.status AS status, q.expiresAt AS expiresAt, q.title AS title, q.domain AS domain,
       giver.id AS giverId, uni.id AS universityId, myOfferId, myOfferStatus,
       COUNT { (:QuestOffer)-[:ON]->(q) } AS offers,
       EXISTS { (:Person {id: $actor})-[:REPORTED]->(q) } AS reported, """
    + STANDING_FIELDS
)


@dataclass(frozen=True)
class Locked:
    status: QuestStatus
    title: str
    domain: Domain
    giver_id: str
    university_id: str
    my_offer_id: str | None
    my_offer_status: QuestOfferStatus | None
    offers: int
    reported: bool


async def lock_quest(
    tx: AsyncManagedTransaction, quest_id: str, actor_id: str, guard: Guard
) -> Locked:
    """Lock the quest and check the actor's standing (is_owner: the actor is its giver)."""
    facts = await single(tx, LOCK, quest=quest_id, actor=actor_id)
    if facts is None:
        raise NotFound("No such quest.", field="questId")
    is_giver = facts["giverId"] == actor_id
    standing = standing_from(facts, actor_id, is_owner=is_giver)
    locked = Locked(
        status=effective_status(facts["status"], facts["expiresAt"].to_native(), datetime.now(UTC)),
        title=facts["title"],
        domain=Domain(facts["domain"]),
        giver_id=facts["giverId"],
        university_id=facts["universityId"],
        my_offer_id=facts["myOfferId"],
        my_offer_status=QuestOfferStatus(facts["myOfferStatus"])
        if facts["myOfferStatus"]
        else None,
        offers=int(facts["offers"]),
        reported=bool(facts["reported"]),
    )
    guard(standing)
    return locked


SET_STATUS = "MATCH (q:Quest {id: $quest}) SET q.status = $status, q.changedAt = datetime()"

OFFER_HELP = """
MATCH (q:Quest {id: $quest})
MATCH (helper:Person {id: $actor})
MERGE (helper)-[:OFFERED]->(o:QuestOffer)-[:ON]->(q)
  ON CREATE SET o.id = randomUUID()
SET o.status = 'PENDING', o.message = $message, o.offeredAt = datetime()
"""


@writes
async def offer_help(
    tx: AsyncManagedTransaction, actor_id: str, guard: Guard, quest_id: str, message: str
) -> Quest:
    """Offer to help on someone else's open quest (once; a withdrawn offer may be renewed)."""
    locked = await lock_quest(tx, quest_id, actor_id, guard_not_giver(guard))
    QUEST.next("offer help on", locked.status)
    if locked.my_offer_status in (QuestOfferStatus.PENDING, QuestOfferStatus.ACCEPTED):
        raise Conflict("You already offered to help on this quest.")
    if locked.my_offer_status is QuestOfferStatus.DECLINED:
        raise Conflict("The quest giver accepted someone else's help.")
    if locked.my_offer_id is None and locked.offers >= MAX_OFFERS_PER_QUEST:
        raise Conflict("This quest has as many offers as it can take.")
    if (await throttles.attempt(tx, [OFFER.key(actor_id)])).wait_seconds:
        raise Conflict(
            f"You can offer help at most {OFFERS_PER_DAY} times a day.", reason=Reason.DAILY_LIMIT
        )
    await execute(tx, OFFER_HELP, quest=quest_id, actor=actor_id, message=message)
    await audit.record(tx, actor_id, "offer_help", audit.TargetKind.QUEST, quest_id)
    await outbox.record(
        tx,
        outbox.Kind.QUEST_OFFER_RECEIVED,
        outbox.Audience.PEOPLE,
        [locked.giver_id],
        {"questId": quest_id, "title": locked.title},
    )
    return await read_quest(tx, quest_id, actor_id)


def guard_not_giver(guard: Guard) -> Guard:
    """The guard, after refusing the giver with a clear word (no quest to oneself)."""

    def check(standing: Any) -> None:
        if standing.is_owner:
            raise Forbidden("You cannot offer help on (or report) your own quest.")
        guard(standing)

    return check


WITHDRAW = """
MATCH (:Person {id: $actor})-[:OFFERED]->(o:QuestOffer)-[:ON]->(q:Quest {id: $quest})
WITH o, q, o.status = 'ACCEPTED' AS wasAccepted
SET o.status = 'WITHDRAWN', o.withdrawnAt = datetime()
// The accepted helper stepping back opens the quest again for the others' new offers.
FOREACH (_ IN CASE WHEN wasAccepted AND q.status = 'ACCEPTED' THEN [1] ELSE [] END |
  SET q.status = 'OPEN', q.changedAt = datetime())
RETURN wasAccepted
"""


@writes
async def withdraw_offer(
    tx: AsyncManagedTransaction, actor_id: str, guard: Guard, quest_id: str
) -> Quest:
    """Withdraw one's offer; the accepted helper withdrawing reopens the quest."""
    locked = await lock_quest(tx, quest_id, actor_id, guard)
    if locked.my_offer_status not in (QuestOfferStatus.PENDING, QuestOfferStatus.ACCEPTED):
        raise Conflict("You have no offer on this quest to withdraw.")
    QUEST.next("withdraw an offer on", locked.status)
    await execute(tx, WITHDRAW, quest=quest_id, actor=actor_id)
    await audit.record(tx, actor_id, "withdraw_offer", audit.TargetKind.QUEST, quest_id)
    if locked.my_offer_status is QuestOfferStatus.ACCEPTED:
        # The giver counted on this helper: the quest is open again, and they should know.
        await outbox.record(
            tx,
            outbox.Kind.QUEST_HELPER_WITHDREW,
            outbox.Audience.PEOPLE,
            [locked.giver_id],
            {"questId": quest_id, "title": locked.title},
        )
    return await read_quest(tx, quest_id, actor_id)


ACCEPT = """
MATCH (helper:Person)-[:OFFERED]->(chosen:QuestOffer {id: $offer, status: 'PENDING'})
      -[:ON]->(q:Quest {id: $quest})
SET chosen.status = 'ACCEPTED', chosen.decidedAt = datetime(),
    q.status = 'ACCEPTED', q.acceptedAt = datetime(), q.changedAt = datetime()
WITH q, helper
CALL (q) {
  MATCH (other:Person)-[:OFFERED]->(o:QuestOffer {status: 'PENDING'})-[:ON]->(q)
  SET o.status = 'DECLINED', o.decidedAt = datetime()
  RETURN collect(other.id) AS declined
}
RETURN helper.id AS helperId, declined
"""


@writes
async def accept_helper(
    tx: AsyncManagedTransaction, actor_id: str, guard: Guard, quest_id: str, offer_id: str
) -> Quest:
    """The giver accepts one pending offer; the others are declined and told."""
    locked = await lock_quest(tx, quest_id, actor_id, guard)
    QUEST.next("accept a helper on", locked.status)
    accepted = await single(tx, ACCEPT, quest=quest_id, offer=offer_id)
    if accepted is None:
        raise NotFound("No pending offer with that id on this quest.", field="offerId")
    await audit.record(tx, actor_id, "accept_helper", audit.TargetKind.QUEST, quest_id, offer_id)
    data = {"questId": quest_id, "title": locked.title}
    await outbox.record(
        tx,
        outbox.Kind.QUEST_HELPER_ACCEPTED,
        outbox.Audience.PEOPLE,
        [accepted["helperId"]],
        data,
    )
    await outbox.record_each(
        tx, outbox.Kind.QUEST_OFFER_DECLINED, [(p, data) for p in accepted["declined"]]
    )
    return await read_quest(tx, quest_id, actor_id)


@writes
async def close(tx: AsyncManagedTransaction, actor_id: str, guard: Guard, quest_id: str) -> Quest:
    """The giver withdraws the quest (open, accepted, hidden or expired)."""
    locked = await lock_quest(tx, quest_id, actor_id, guard)
    status = QUEST.next("close", locked.status)
    await execute(tx, SET_STATUS, quest=quest_id, status=status)
    await audit.record(tx, actor_id, "close", audit.TargetKind.QUEST, quest_id)
    return await read_quest(tx, quest_id, actor_id)


# --- reports and their review ---------------------------------------------------------------

REPORT_QUEST = """
MATCH (q:Quest {id: $quest})
MATCH (p:Person {id: $actor})
CREATE (p)-[:REPORTED {reason: $reason, at: datetime()}]->(q)
SET q.status = 'HIDDEN', q.hiddenAt = datetime(), q.changedAt = datetime()
"""


@writes
async def report(
    tx: AsyncManagedTransaction, actor_id: str, guard: Guard, quest_id: str, reason: str
) -> bool:
    """Hide an open quest at once until a moderator of its university looks at it."""
    locked = await lock_quest(tx, quest_id, actor_id, guard_not_giver(guard))
    if locked.reported:
        raise Conflict("You already reported this quest.")
    QUEST.next("report", locked.status)
    if (await throttles.attempt(tx, [REPORT.key(actor_id)])).wait_seconds:
        raise Conflict(
            f"You can report at most {REPORTS_PER_DAY} quests a day.", reason=Reason.DAILY_LIMIT
        )
    await execute(tx, REPORT_QUEST, quest=quest_id, actor=actor_id, reason=reason)
    await audit.record(tx, actor_id, "report", audit.TargetKind.QUEST, quest_id, reason)
    await outbox.record(
        tx,
        outbox.Kind.QUEST_HIDDEN,
        outbox.Audience.PEOPLE,
        [locked.giver_id],
        {"questId": quest_id, "title": locked.title},
    )
    return True


@writes
async def review(
    tx: AsyncManagedTransaction, actor_id: str, guard: Guard, quest_id: str, restore: bool
) -> Quest:
    """A moderator of the quest's university restores a hidden quest to OPEN, or closes it."""
    locked = await lock_quest(tx, quest_id, actor_id, guard)
    action = "restore" if restore else "close after review"
    status = QUEST.next(action, locked.status)
    await execute(tx, SET_STATUS, quest=quest_id, status=status)
    await audit.record(
        tx, actor_id, "restore" if restore else "close_reported", audit.TargetKind.QUEST, quest_id
    )
    return await read_quest(tx, quest_id, actor_id)


REPORTED = (
    """
MATCH (u:University {id: $university})<-[:IN]-(q:Quest {status: 'HIDDEN'})
WITH q ORDER BY q.hiddenAt DESC, q.id LIMIT $limit
"""
    + VIEW
)


@reads
async def reported_quests(
    tx: AsyncManagedTransaction, actor_id: str, guard: Guard, university_id: str
) -> list[Quest]:
    """The university's hidden quests awaiting a moderator's look, newest report first."""
    facts = await single(
        tx,
        "MATCH (uni:University {id: $university}) WITH uni, null AS org\n"
        + STANDING
        + "RETURN "
        + STANDING_FIELDS,
        university=university_id,
        actor=actor_id,
    )
    if facts is None:
        raise NotFound("No such university.", field="universityId")
    guard(standing_from(facts, actor_id))
    found = await rows(tx, REPORTED, university=university_id, actor=actor_id, limit=LIST_LIMIT)
    return [quest_from(r, actor_id) for r in found]


# --- a person's own quests ------------------------------------------------------------------

POSTED_BY = (
    """
MATCH (:Person {id: $actor})-[:POSTED]->(q:Quest)
WITH q ORDER BY q.createdAt DESC, q.id LIMIT $limit
"""
    + VIEW
)
OFFERED_ON = (
    """
MATCH (:Person {id: $actor})-[:OFFERED]->(:QuestOffer)-[:ON]->(q:Quest)
WITH q ORDER BY q.createdAt DESC, q.id LIMIT $limit
"""
    + VIEW
)


@reads
async def quests_of(tx: AsyncManagedTransaction, actor_id: str, role: QuestRole) -> list[Quest]:
    """The quests the actor posted (GIVER) or offered on (HELPER), newest first."""
    statement = POSTED_BY if role is QuestRole.GIVER else OFFERED_ON
    found = await rows(tx, statement, actor=actor_id, limit=LIST_LIMIT)
    return [quest_from(r, actor_id) for r in found]
