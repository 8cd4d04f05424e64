"""The GraphQL face of /verify: the same report for a credential or a VC-JWT."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry
from strawberry.scalars import JSON

from badges import ob3
from badges.clr import MAX_CREDENTIALS, clr_credential
from badges.issuer_keys import IssuerKeys
from badges.jsonld import TooComplexError
from badges.verification import LocalKeyResolver, verify, verify_jwt
from graph.core.errors import BadUserInput, NotFound
from graph.credentials.contents import Status, assertion_status, credentials_data
from graph.people.people import person_by_id
from server.graphql import validation as check
from server.graphql.context import Info


@strawberry.type
class EndorsementCheck:
    issuer_id: str | None
    issuer_name: str | None
    valid: bool
    message: str


@strawberry.type(description="One credential inside a CLR, checked as it would be on its own.")
class CredentialCheck:
    id: str | None
    credential_type: str | None
    verified: bool
    proof_valid: bool
    proof_message: str
    issuer_id: str | None
    issuer_name: str | None
    status: str = strawberry.field(description="active, revoked, expired, or unknown.")
    status_message: str
    tier: str | None


@strawberry.type(description="Where the transparency log recorded the badge, from the log.")
class LogCheck:
    index: int = strawberry.field(description="The leaf of its issuance.")
    leaf_hash: str
    recorded_at: str
    same_as_recorded: bool = strawberry.field(
        description="Whether the credential checked is, byte for byte, the one recorded."
    )
    revocation_index: int | None
    tree_size: int | None = strawberry.field(
        description="The first signed tree head that covers it (null: none yet)."
    )
    tree_head_signed_at: str | None


@strawberry.type
class VerificationReport:
    verified: bool
    proof_valid: bool
    proof_message: str
    verification_method: str | None
    issuer_id: str | None
    issuer_name: str | None
    issuer_resolved: bool
    status: str = strawberry.field(
        description="active, revoked, expired, or unknown (never 'not revoked' unless known)."
    )
    status_message: str
    tier: str | None = strawberry.field(description="The badge's tier now, per Kring.")
    credential_tier: str | None = strawberry.field(
        description="What the credential alone proves: OFFICIAL needs a valid validation."
    )
    endorsements: list[EndorsementCheck]
    credential_type: str | None = strawberry.field(
        description="Its type beside VerifiableCredential: OpenBadgeCredential, ClrCredential…"
    )
    credentials: list[CredentialCheck] = strawberry.field(
        description="A ClrCredential's credentials, each checked; verified needs them all."
    )
    verdict: str = strawberry.field(
        description="In one word: valid, revoked, expired, tampered, unconfirmed (the proof "
        "holds but the status cannot be known, or the signing key cannot be resolved), or "
        "not_credential."
    )
    credential_id: str | None = strawberry.field(
        description="What the credential states from here on; trust it only when proofValid."
    )
    achievement_name: str | None
    valid_from: str | None
    valid_until: str | None
    recipient: str | None = strawberry.field(
        description="The subject's id, else its identity (an e-mail address is a salted hash)."
    )
    recipient_type: str | None = strawberry.field(
        description="Its identityType (emailAddress, …), or id for the subject's id."
    )
    transparency_log: LogCheck | None = strawberry.field(
        description="Where the public transparency log recorded it (Kring's own badges)."
    )
    micro_credential: JSON | None = strawberry.field(
        description="The EU micro-credential elements its achievement states (EU IRIs for "
        "controlled values), read from the credential alone; trust them only when proofValid."
    )


@strawberry.type
class VerificationQueries:
    @strawberry.field(description="Your chosen badges as one signed CLR 2.0 ClrCredential (JSON).")
    async def export_clr(self, info: Info, assertion_ids: list[strawberry.ID]) -> JSON:
        learner = info.context.require_caller().person_id
        if not 1 <= len(assertion_ids) <= MAX_CREDENTIALS:
            raise BadUserInput(
                f"Choose between 1 and {MAX_CREDENTIALS} badges.", field="assertionIds"
            )
        wanted = list(dict.fromkeys(check.entity_id(i, "assertionIds") for i in assertion_ids))
        found = await credentials_data(info.context.graph, wanted)
        mine = {d.assertion_id: d for d in found if d.learner_id == learner}
        missing = [i for i in wanted if i not in mine]
        if missing:
            raise NotFound(f"You hold no badge {missing[0]}.", field="assertionIds")
        settings = info.context.settings
        keys = IssuerKeys(settings.key_dir)
        signed = [ob3.signed(mine[i], settings.public_url, keys) for i in wanted]
        first = mine[wanted[0]]
        person = await person_by_id(info.context.graph, learner)
        name = person.name if person else "a learner"
        try:
            record = clr_credential(
                settings.public_url, keys, name, first.learner_email, signed, datetime.now(UTC)
            )
        except TooComplexError:
            # Past the canonicalisation budget every verifier of the record would refuse.
            raise BadUserInput(
                "Those badges are too many to sign as one record; choose fewer.",
                field="assertionIds",
            ) from None
        return JSON(record)

    @strawberry.field(description="Verify a credential (JSON) or a VC-JWT; anyone may ask.")
    async def verify_credential(
        self, info: Info, credential: JSON | None = None, jwt: str | None = None
    ) -> VerificationReport:
        if (credential is None) == (jwt is None):
            raise BadUserInput("Give either credential or jwt.", field="credential")
        settings = info.context.settings
        resolver = LocalKeyResolver(settings.public_url, IssuerKeys(settings.key_dir))
        proofs = info.context.proofs

        async def lookup(assertion_id: str) -> Status | None:
            return await assertion_status(info.context.graph, assertion_id)

        if jwt is not None:
            if len(jwt) > 1024 * 1024:
                raise BadUserInput("The JWT is larger than 1 MiB.", field="jwt")
            report = await verify_jwt(jwt.strip(), resolver, proofs, lookup)
        else:
            payload: object = credential
            if not isinstance(payload, dict) or "@context" not in payload:
                raise BadUserInput("That is not a verifiable credential.", field="credential")
            report = await verify(payload, settings.public_url, proofs, lookup)
        fields = report.as_dict()
        fields["endorsements"] = [EndorsementCheck(**e) for e in report.endorsements]
        fields["credentials"] = [CredentialCheck(**c) for c in report.credentials]
        logged = report.transparency_log
        fields["transparency_log"] = LogCheck(**logged) if logged else None
        return VerificationReport(**fields)
