"""Builds test data in the real graph with explicit, parameterised statements."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from graph.database import Graph
from graph.vocabulary import Domain, Level, OpportunityStatus, Role


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True)
class Org:
    id: str
    name: str
    university_id: str


async def _run(graph: Graph, query: str, **params: Any) -> None:
    async def work(tx: Any) -> None:
        await (await tx.run(query, params)).consume()

    await graph.write(work)


async def make_university(graph: Graph, name: str = "Test University") -> str:
    uid = new_id()
    await _run(graph, "CREATE (:University {id: $id, name: $name})", id=uid, name=name)
    return uid


async def make_organisation(
    graph: Graph, university_id: str, name: str = "Test Org", lat: float = 51.05, lon: float = 3.72
) -> Org:
    oid = new_id()
    await _run(
        graph,
        "MATCH (u:University {id: $uid}) "
        "CREATE (o:Organisation {id: $id, name: $name, status: 'APPROVED', "
        "website: 'https://org.example', location: point({latitude: $lat, longitude: $lon})})"
        "-[:PARTNER_OF]->(u)",
        uid=university_id,
        id=oid,
        name=name,
        lat=lat,
        lon=lon,
    )
    return Org(oid, name, university_id)


async def make_opportunity(
    graph: Graph,
    org: Org,
    title: str,
    lat: float,
    lon: float,
    *,
    status: OpportunityStatus = OpportunityStatus.PUBLISHED,
    domain: Domain = Domain.SUSTAINABILITY,
    level: Level = Level.BEGINNER,
    opportunity_id: str | None = None,
) -> str:
    oid = opportunity_id or new_id()
    starts = datetime(2030, 5, 1, 10, tzinfo=UTC)
    await _run(
        graph,
        "MATCH (org:Organisation {id: $org}) "
        "CREATE (o:Opportunity {id: $id, title: $title, synopsis: $title, description: $title, "
        "domain: $domain, level: $level, status: $status, startsAt: $starts, endsAt: $ends, "
        "capacity: 5, address: 'Somewhere 1, Gent', "
        "location: point({latitude: $lat, longitude: $lon})})-[:OFFERED_BY]->(org)",
        org=org.id,
        id=oid,
        title=title,
        domain=domain.value,
        level=level.value,
        status=status.value,
        starts=starts,
        ends=starts + timedelta(hours=2),
        lat=lat,
        lon=lon,
    )
    return oid


async def make_person(
    graph: Graph,
    email: str,
    name: str = "Test Person",
    *,
    role: Role | None = None,
    body_id: str | None = None,
) -> str:
    pid = new_id()
    await _run(
        graph,
        "CREATE (:Person {id: $id, email: $email, name: $name})",
        id=pid,
        email=email,
        name=name,
    )
    if role is not None:
        await _run(
            graph,
            "MATCH (p:Person {id: $pid}) MATCH (b {id: $bid}) WHERE b:University OR b:Organisation "
            "CREATE (p)-[:MEMBER_OF {role: $role}]->(b)",
            pid=pid,
            bid=body_id,
            role=role.value,
        )
    return pid
