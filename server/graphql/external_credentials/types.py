"""Credentials from elsewhere, as the API shows them."""

from __future__ import annotations

import enum
from datetime import datetime

import strawberry

from badges.external import Checked
from graph.external_credentials.external_credentials import ExternalCredential as Model
from graph.external_credentials.external_credentials import Mapping


@strawberry.enum(description="What re-verifying a credential from elsewhere found.")
class ExternalCredentialStatus(enum.Enum):
    VALID = "VALID"
    INVALID = "INVALID"
    REVOKED = "REVOKED"
    EXPIRED = "EXPIRED"
    UNREACHABLE = "UNREACHABLE"


@strawberry.enum(description="The form a credential from elsewhere came in.")
class ExternalCredentialFormat(enum.Enum):
    OB2_HOSTED = "OB2_HOSTED"
    OB3_JSON = "OB3_JSON"
    VC_JWT = "VC_JWT"


@strawberry.input(
    description="Exactly one of: a baked PNG or SVG (or a JSON / JWT file), base64; pasted "
    "OB 3.0 JSON or a VC-JWT; an Open Badges 2.0 hosted assertion URL."
)
class ExternalCredentialInput:
    file_base64: str | None = None
    text: str | None = None
    url: str | None = None


@strawberry.type(description="Kring's verification of a credential, before anything is kept.")
class ExternalCredentialCheck:
    credential_id: str
    format: ExternalCredentialFormat
    name: str
    issuer_name: str
    issuer_url: str | None
    issuer_id: str | None
    achievement_id: str | None
    issued_on: datetime | None
    status: ExternalCredentialStatus
    message: str
    can_import: bool = strawberry.field(
        description="Whether importing it would be accepted (VALID or EXPIRED, not yet held)."
    )

    @classmethod
    def from_model(cls, c: Checked, held: bool) -> ExternalCredentialCheck:
        return cls(
            credential_id=c.credential_id,
            format=ExternalCredentialFormat(c.format.value),
            name=c.name,
            issuer_name=c.issuer_name,
            issuer_url=c.issuer_url,
            issuer_id=c.issuer_id,
            achievement_id=c.achievement_id,
            issued_on=c.issued_on,
            status=ExternalCredentialStatus(c.status.value),
            message=c.message,
            can_import=not held and c.status.value in ("VALID", "EXPIRED"),
        )


@strawberry.type(description="A credential from elsewhere in your record; only you see it.")
class ExternalCredential:
    id: strawberry.ID
    credential_id: str
    kind: ExternalCredentialFormat
    name: str
    issuer_name: str
    issuer_url: str | None
    issuer_id: str | None
    achievement_id: str | None
    issued_on: datetime | None
    status: ExternalCredentialStatus
    message: str
    verified_at: datetime
    imported_at: datetime
    document: str = strawberry.field(description="The original JSON text, or the VC-JWT.")
    external: bool = strawberry.field(description="Always true: not issued through Kring.")
    mapped_to: list[str] = strawberry.field(
        description="The local badge classes a curator mapped its achievement to."
    )

    @classmethod
    def from_model(cls, x: Model) -> ExternalCredential:
        return cls(
            id=strawberry.ID(x.id),
            credential_id=x.credential_id,
            kind=ExternalCredentialFormat(x.kind),
            name=x.name,
            issuer_name=x.issuer_name,
            issuer_url=x.issuer_url,
            issuer_id=x.issuer_id,
            achievement_id=x.achievement_id,
            issued_on=x.issued_on,
            status=ExternalCredentialStatus(x.status),
            message=x.message,
            verified_at=x.verified_at,
            imported_at=x.imported_at,
            document=x.document,
            external=True,
            mapped_to=list(x.mapped_to),
        )


@strawberry.type(description="A curator's word: this issuer's achievement counts as our class.")
class ExternalMapping:
    id: strawberry.ID
    issuer_id: str
    achievement_id: str
    badge_class_id: strawberry.ID
    badge_class_name: str
    mapped_at: datetime
    mapped_by: str | None

    @classmethod
    def from_model(cls, m: Mapping) -> ExternalMapping:
        return cls(
            id=strawberry.ID(m.id),
            issuer_id=m.issuer_id,
            achievement_id=m.achievement_id,
            badge_class_id=strawberry.ID(m.badge_class_id),
            badge_class_name=m.badge_class_name,
            mapped_at=m.mapped_at,
            mapped_by=m.mapped_by,
        )
