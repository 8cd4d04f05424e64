"""Many different OB 3.0 credentials signed by Kring, each with two endorsements, made
without a graph: for the canonicalisation tests and the verification benchmark."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from badges import ob3
from badges.did import did_document, issuer_did, person_did
from badges.issuer_keys import IssuerKeys, person_key_owner
from graph.credentials.contents import (
    BadgeFacts,
    Body,
    CompetencyFacts,
    CredentialData,
    EndorsementFacts,
    EvidenceFacts,
)

PUBLIC_URL = "https://kring.example"


def _id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def sample_credentials(key_dir: Path, count: int, seed: int = 15) -> list[dict[str, Any]]:
    """`count` different signed OpenBadgeCredentials, each with two endorsements."""
    rng = random.Random(seed)
    keys = IssuerKeys(key_dir)
    university = Body(id=_id(rng), name="Ghent University", website="https://ugent.example")
    organisations = [
        Body(id=_id(rng), name=f"Buurtwerk {n}", kind="Organisation", website=None)
        for n in range(5)
    ]
    people = [(_id(rng), f"Endorser {n}") for n in range(20)]
    credentials = []
    for n in range(count):
        issued = datetime(2025, 3, 1, tzinfo=UTC) + timedelta(hours=n)
        endorsements = tuple(
            EndorsementFacts(
                id=_id(rng),
                relationship=rng.choice(["TEACHER", "PEER", "SUPERVISOR"]),
                testimonial=f"Ran repair session {n} for the neighbourhood.",
                observed="Fixed three lamps" if rng.random() < 0.5 else None,
                created_at=issued + timedelta(days=1),
                endorser_id=person,
                endorser_name=name,
            )
            for person, name in rng.sample(people, 2)
        )
        data = CredentialData(
            assertion_id=_id(rng),
            issued_at=issued,
            expires_at=issued + timedelta(days=3650) if n % 3 == 0 else None,
            revoked_at=None,
            visibility="PUBLIC",
            share_token=None,
            learner_id=_id(rng),
            learner_email=f"learner{n}@example.org",
            badge_class=BadgeFacts(
                id=_id(rng),
                name=f"Repair Café Host {n}",
                description="Hosted a neighbourhood repair café.",
                criteria="Host at least one repair café.",
                domain="SUSTAINABILITY",
                level=1 + n % 3,
            ),
            alignments=(
                CompetencyFacts(
                    framework="ESCO", code=f"S{n}", name="repair", url="https://esco.example/S1"
                ),
            ),
            issuer=organisations[n % len(organisations)],
            university=university,
            narrative=f"I hosted {n + 1} sessions.",
            evidence=(
                EvidenceFacts(
                    id=_id(rng), kind="URL", name="photos", url="https://photos.example/1"
                ),
            ),
            validated=False,
            status_index=n,
            endorsements=endorsements,
        )
        credentials.append(ob3.signed(data, PUBLIC_URL, keys))
    return credentials


def did_documents(key_dir: Path, credentials: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The DID documents of every issuer and endorser, as Kring serves them."""
    keys = IssuerKeys(key_dir)
    issuers = {c["issuer"]["id"] for c in credentials}
    endorsers = {e["issuer"]["id"] for c in credentials for e in c["endorsement"]}
    documents = []
    for did in sorted(issuers):
        owner = did.rsplit(":", 1)[1]
        assert did == issuer_did(PUBLIC_URL, owner)
        documents.append(did_document(did, keys.public_keys(owner)))
    for did in sorted(endorsers):
        person = did.rsplit(":", 1)[1]
        assert did == person_did(PUBLIC_URL, person)
        documents.append(did_document(did, keys.public_keys(person_key_owner(person))))
    return documents
