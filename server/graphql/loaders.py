"""Per-request DataLoaders: one round trip per batch, never one per row."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from strawberry.dataloader import DataLoader

from graph.badge_classes import badge_classes
from graph.badge_classes.fields import BadgeClass
from graph.core.database import Graph
from graph.recognition import claims, endorsements
from graph.transparency_log import log as transparency_log
from graph.transparency_log.log import Recorded

Requests = tuple[endorsements.EndorsementRequest, ...]


@dataclass(frozen=True)
class Loaders:
    badge_class_by_id: DataLoader[str, BadgeClass | None]
    claim_history_by_claim: DataLoader[str, claims.History]
    endorsement_requests_by_claim: DataLoader[str, Requests]
    log_records_by_subject: DataLoader[str, tuple[Recorded, ...]]


def build_loaders(graph: Graph) -> Loaders:
    async def load_badge_classes(ids: Sequence[str]) -> list[BadgeClass | None]:
        found = await badge_classes.badge_classes_by_ids(graph, list(ids))
        return [found.get(i) for i in ids]

    async def load_histories(ids: Sequence[str]) -> list[claims.History]:
        found = await claims.histories(graph, list(ids))
        return [found.get(i, claims.History((), ())) for i in ids]

    async def load_requests(ids: Sequence[str]) -> list[Requests]:
        found = await endorsements.requests_of_claims(graph, list(ids))
        return [found.get(i, ()) for i in ids]

    async def load_log_records(ids: Sequence[str]) -> list[tuple[Recorded, ...]]:
        found = await transparency_log.recorded(graph, list(ids))
        return [tuple(found.get(i, ())) for i in ids]

    return Loaders(
        badge_class_by_id=DataLoader(load_fn=load_badge_classes),
        claim_history_by_claim=DataLoader(load_fn=load_histories),
        endorsement_requests_by_claim=DataLoader(load_fn=load_requests),
        log_records_by_subject=DataLoader(load_fn=load_log_records),
    )
