"""Saved areas: where a learner wants to hear about newly published opportunities."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.core.cypher import one, rows, single
from graph.core.errors import Conflict, NotFound
from graph.core.geo import GeoPoint
from graph.core.transactions import reads, writes
from graph.core.vocabulary import Domain

MAX_AREAS = 10
# Capped so the fan-out on publication can seek the point index (see graph.notifications.outbox).
MAX_AREA_RADIUS_KM = 25


@dataclass(frozen=True)
class SavedArea:
    id: str
    name: str
    centre: GeoPoint
    radius_km: float
    domains: tuple[Domain, ...]  # empty: every domain
    created_at: datetime


def _from_record(a: dict[str, Any]) -> SavedArea:
    return SavedArea(
        id=a["id"],
        name=a["name"],
        centre=GeoPoint(a["location"].latitude, a["location"].longitude),
        radius_km=a["radiusKm"],
        domains=tuple(Domain(d) for d in a["domains"]),
        created_at=a["createdAt"].to_native(),
    )


PROJECTION = "a { .id, .name, .location, .radiusKm, .domains, .createdAt }"
COUNT = """
MATCH (p:Person {id: $person}) WHERE p.deletedAt IS NULL
SET p.areasChangedAt = datetime()
WITH p
OPTIONAL MATCH (p)-[:WATCHES]->(a:SavedArea)
RETURN count(a) AS areas
"""
CREATE = f"""
MATCH (p:Person {{id: $person}})
CREATE (p)-[:WATCHES]->(a:SavedArea {{
  id: randomUUID(), name: $name, radiusKm: $radiusKm, domains: $domains,
  location: point({{latitude: $latitude, longitude: $longitude}}), createdAt: datetime()
}})
RETURN {PROJECTION} AS a
"""


@writes
async def save(
    tx: AsyncManagedTransaction,
    person_id: str,
    name: str,
    centre: GeoPoint,
    radius_km: float,
    domains: tuple[Domain, ...],
) -> SavedArea:
    """Watch a circle (up to MAX_AREA_RADIUS_KM) for new opportunities in these domains."""
    # The count is read under the person's lock, so two saves cannot both pass the cap.
    counted = await single(tx, COUNT, person=person_id)
    if counted is None:
        raise NotFound("No such person.")
    if counted["areas"] >= MAX_AREAS:
        raise Conflict(f"You can save at most {MAX_AREAS} areas; remove one first.")
    record = await one(
        tx,
        CREATE,
        person=person_id,
        name=name,
        radiusKm=radius_km,
        domains=sorted({d.value for d in domains}),
        latitude=centre.latitude,
        longitude=centre.longitude,
    )
    return _from_record(record["a"])


LIST = f"""
MATCH (:Person {{id: $person}})-[:WATCHES]->(a:SavedArea)
RETURN {PROJECTION} AS a ORDER BY a.createdAt
"""


@reads
async def list_areas(tx: AsyncManagedTransaction, person_id: str) -> list[SavedArea]:
    return [_from_record(r["a"]) for r in await rows(tx, LIST, person=person_id)]


REMOVE = """
MATCH (:Person {id: $person})-[:WATCHES]->(a:SavedArea {id: $id})
DETACH DELETE a
RETURN count(*) AS removed
"""


@writes
async def remove(tx: AsyncManagedTransaction, person_id: str, area_id: str) -> bool:
    record = await one(tx, REMOVE, person=person_id, id=area_id)
    return int(record["removed"]) > 0
