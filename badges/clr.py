"""CLR 2.0: the learner's chosen badges in one ClrCredential, signed by the platform."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from badges import data_integrity
from badges.did import platform_did, verification_method_id
from badges.issuer_keys import IssuerKeys, PublicKey
from badges.jsonld import CREDENTIALS_V2, OB_V3
from badges.ob3 import identity_hash
from badges.timestamps import xsd_datetime

CLR_V2 = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"
CLR_TYPE = "ClrCredential"
# The most credentials one record holds, in an export and in a record checked by /verify.
MAX_CREDENTIALS = 100


def is_clr(credential: dict[str, Any]) -> bool:
    """Whether a credential (any JSON object) says it is a ClrCredential."""
    given = credential.get("type")
    return CLR_TYPE in (given if isinstance(given, list) else [given])


def credentials_in(clr: dict[str, Any]) -> list[Any]:
    """The credentials a ClrCredential holds (credentialSubject.verifiableCredential);
    embedded ones are objects, anything else is reported as not checkable."""
    subject = clr.get("credentialSubject")
    inner = subject.get("verifiableCredential") if isinstance(subject, dict) else None
    if isinstance(inner, dict):
        return [inner]
    return inner if isinstance(inner, list) else []


def clr_credential(
    public_url: str,
    keys: IssuerKeys,
    learner_name: str,
    learner_email: str,
    credentials: list[dict[str, Any]],
    now: datetime,
) -> dict[str, Any]:
    """A signed ClrCredential holding the given (already signed) OpenBadgeCredentials."""
    record_id = str(uuid.uuid4())
    did = platform_did(public_url)
    document: dict[str, Any] = {
        "@context": [CREDENTIALS_V2, CLR_V2, OB_V3],
        "id": f"urn:uuid:{record_id}",
        "type": ["VerifiableCredential", CLR_TYPE],
        "issuer": {"id": did, "type": ["Profile"], "name": "Kring"},
        "validFrom": xsd_datetime(now),
        "name": f"Learning record of {learner_name}",
        "credentialSubject": {
            "type": ["ClrSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": identity_hash(learner_email, record_id),
                    "identityType": "emailAddress",
                    "hashed": True,
                    "salt": record_id,
                }
            ],
            "verifiableCredential": credentials,
        },
    }
    key = keys.signing_key("platform")
    method = verification_method_id(did, PublicKey(key.multibase, 0))
    return data_integrity.sign(document, key.private, method, xsd_datetime(now))
