"""Queries for the EU micro-credential elements: the vocabularies a curator chooses from."""

from __future__ import annotations

import strawberry

from server.graphql.micro_credentials.types import MicroCredentialVocabulary


@strawberry.type
class MicroCredentialQueries:
    @strawberry.field(
        description="The EU controlled vocabularies for micro-credential elements (public)."
    )
    def micro_credential_vocabulary(self) -> MicroCredentialVocabulary:
        return MicroCredentialVocabulary()
