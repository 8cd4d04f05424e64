"""GraphQL types and helpers every domain package uses, so none imports another."""

from __future__ import annotations

import dataclasses
import functools
from datetime import UTC, datetime
from typing import Any, TypeVar

import strawberry

from auth.permissions import Permission, allows
from graph.core import audit as audit_model
from graph.core.errors import NotFound
from graph.core.vocabulary import OrganisationStatus
from graph.organisations import organisations as organisation_model
from graph.transparency_log.log import Recorded
from server.graphql import validation as check
from server.graphql.context import Info

T = TypeVar("T")


@functools.cache
def _init_fields(cls: type[Any]) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls) if f.init)


def mirror(cls: type[T], source: object, **given: Any) -> T:
    """A GraphQL type filled from the model's same-named attributes; `given` for the rest."""
    values = {
        name: given[name] if name in given else getattr(source, name)
        for name in _init_fields(cls)  # type: ignore[arg-type]
    }
    return cls(**values)


@strawberry.type(
    description="Where the public transparency log (/transparency-log/…) recorded a badge: "
    "facts read from the log itself."
)
class TransparencyLogRecord:
    index: int = strawberry.field(description="The leaf of its issuance.")
    recorded_at: datetime
    revocation_index: int | None = strawberry.field(description="The leaf of its revocation.")
    tree_size: int | None = strawberry.field(
        description="The first signed tree head that covers it (null: not yet signed)."
    )
    tree_head_signed_at: datetime | None

    @classmethod
    def from_model(cls, logged: tuple[Recorded, ...]) -> TransparencyLogRecord | None:
        issued = next((r for r in logged if r.leaf.kind == "ISSUED"), None)
        if issued is None:
            return None
        head = issued.head
        return cls(
            index=issued.leaf.index,
            recorded_at=datetime.fromisoformat(issued.leaf.time),
            revocation_index=next((r.leaf.index for r in logged if r.leaf.kind == "REVOKED"), None),
            tree_size=head.tree_size if head else None,
            tree_head_signed_at=(
                datetime.fromtimestamp(head.timestamp / 1000, UTC) if head else None
            ),
        )


@strawberry.type
class GeoPoint:
    latitude: float
    longitude: float


@strawberry.type
class AuditEvent:
    id: strawberry.ID
    at: datetime
    actor_id: strawberry.ID | None
    actor_name: str | None
    action: str
    target_kind: str
    target_id: strawberry.ID
    detail: str

    @classmethod
    def from_model(cls, e: audit_model.AuditEvent) -> AuditEvent:
        return cls(
            id=strawberry.ID(e.id),
            at=e.at,
            actor_id=strawberry.ID(e.actor_id) if e.actor_id else None,
            actor_name=e.actor_name,
            action=e.action,
            target_kind=e.target_kind.value,
            target_id=strawberry.ID(e.target_id),
            detail=e.detail,
        )


async def visible_organisation(
    info: Info, organisation_id: str
) -> organisation_model.OrganisationView:
    """The organisation if the caller may see it; unapproved ones are private."""
    view = await organisation_model.organisation_by_id(
        info.context.graph, check.entity_id(organisation_id), info.context.actor_id
    )
    if view is None or (
        view.organisation.status != OrganisationStatus.APPROVED
        and not allows(Permission.ORGANISATION_READ_PRIVATE, view.standing)
    ):
        raise NotFound("No such organisation.", field="id")
    return view
