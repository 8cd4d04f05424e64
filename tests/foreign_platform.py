"""Another platform, built in the test: a did:key issuer's OB 3.0 credentials (JSON and
VC-JWT) and status lists, and a local server hosting OB 2.0 documents."""

from __future__ import annotations

import copy
import hashlib
import ipaddress
import json
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from badges import data_integrity, status_list, vc_jwt
from badges.fetching import AddressPolicy
from badges.jsonld import CREDENTIALS_V2, OB_V3
from badges.multikey import did_key, encode_public_key
from badges.timestamps import xsd_datetime

# The test's own allowance: the local server, over http. Production never builds one.
LOCAL = AddressPolicy(allowed=(ipaddress.IPv4Network("127.0.0.1/32"),), allow_http=True)


def email_hash(email: str, salt: str) -> str:
    return "sha256$" + hashlib.sha256((email.lower() + salt).encode()).hexdigest()


@dataclass
class ForeignIssuer:
    name: str = "Foreign Academy"
    key: Ed25519PrivateKey = field(default_factory=Ed25519PrivateKey.generate)
    # A did:web issuer (its DID document served by the test), else did:key.
    web: str | None = None

    @property
    def did(self) -> str:
        return self.web or did_key(self.key.public_key().public_bytes_raw())

    @property
    def method(self) -> str:
        if self.web:
            return f"{self.web}#key-1"
        return f"{self.did}#{self.did.removeprefix('did:key:')}"

    def did_document(self, *, for_assertions: bool = True) -> dict[str, Any]:
        """The did:web issuer's DID document: its key as a Multikey, listed for assertions."""
        raw = self.key.public_key().public_bytes_raw()
        return {
            "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
            "id": self.did,
            "verificationMethod": [
                {
                    "id": self.method,
                    "type": "Multikey",
                    "controller": self.did,
                    "publicKeyMultibase": encode_public_key(raw),
                }
            ],
            "assertionMethod": [self.method] if for_assertions else [],
            "authentication": [self.method],
        }

    def credential(
        self,
        email: str,
        *,
        achievement_id: str = "https://foreign.example/achievements/repair",
        name: str = "Repair café host",
        valid_until: datetime | None = None,
        status: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """The unsigned OpenBadgeCredential, to `email` (hashed with a salt)."""
        salt = uuid.uuid4().hex
        credential: dict[str, Any] = {
            "@context": [CREDENTIALS_V2, OB_V3],
            "id": f"urn:uuid:{uuid.uuid4()}",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": {
                "id": self.did,
                "type": ["Profile"],
                "name": self.name,
                "url": "https://foreign.example",
            },
            "validFrom": xsd_datetime(datetime.now(UTC) - timedelta(days=30)),
            "name": name,
            "credentialSubject": {
                "type": ["AchievementSubject"],
                "identifier": [
                    {
                        "type": "IdentityObject",
                        "identityHash": email_hash(email, salt),
                        "identityType": "emailAddress",
                        "hashed": True,
                        "salt": salt,
                    }
                ],
                "achievement": {
                    "id": achievement_id,
                    "type": ["Achievement"],
                    "name": name,
                    "description": name,
                    "criteria": {"narrative": "Hosted a repair café."},
                },
            },
        }
        if valid_until is not None:
            credential["validUntil"] = xsd_datetime(valid_until)
        if status is not None:
            credential["credentialStatus"] = status
        return credential

    def sign(self, document: dict[str, Any]) -> dict[str, Any]:
        return data_integrity.sign(
            copy.deepcopy(document), self.key, self.method, xsd_datetime(datetime.now(UTC))
        )

    def jwt(self, document: dict[str, Any]) -> str:
        return vc_jwt.encode(document, self.key, self.method)

    def status_list(self, url: str, revoked: list[int]) -> dict[str, Any]:
        unsigned = status_list.credential(url, self.did, revoked, datetime.now(UTC))
        return self.sign(unsigned)


@dataclass
class Route:
    body: bytes
    status: int = 200
    content_type: str = "application/ld+json"
    location: str | None = None
    delay: float = 0.0
    chunked: bool = False


class JsonServer:
    """A local HTTP server answering fixed routes (paths to Route)."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        routes = self.routes

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                route = routes.get(self.path)
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                time.sleep(route.delay)
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                if route.location:
                    self.send_header("Location", route.location)
                if route.chunked:
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    for start in range(0, len(route.body), 8192):
                        piece = route.body[start : start + 8192]
                        self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                    self.wfile.write(b"0\r\n\r\n")
                    return
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def json(self, path: str, document: Any, **kw: Any) -> str:
        self.routes[path] = Route(json.dumps(document).encode(), **kw)
        return self.base + path

    @property
    def did_web(self) -> str:
        """The did:web of this server's host (its port percent-encoded, as the method says)."""
        return "did:web:" + self.base.removeprefix("http://").replace(":", "%3A")

    def redirect(self, path: str, target: str) -> str:
        self.routes[path] = Route(b"", status=302, location=target)
        return self.base + path


@contextmanager
def json_server() -> Iterator[JsonServer]:
    server = JsonServer()
    thread = threading.Thread(target=server.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.server.shutdown()
        server.server.server_close()


def hosted_ob2(
    server: JsonServer,
    email: str,
    *,
    number: int = 1,
    revoked: bool = False,
    listed_revoked: bool = False,
    expires: datetime | None = None,
) -> str:
    """An OB 2.0 hosted assertion with its badge class and issuer on `server`; its URL."""
    base = server.base
    assertion_url = f"{base}/ob2/assertions/{number}"
    server.json(
        "/ob2/issuer",
        {
            "@context": "https://w3id.org/openbadges/v2",
            "type": "Issuer",
            "id": f"{base}/ob2/issuer",
            "name": "Old Badge Platform",
            "url": base,
            "revocationList": f"{base}/ob2/revocations",
        },
    )
    server.json(
        "/ob2/badge",
        {
            "@context": "https://w3id.org/openbadges/v2",
            "type": "BadgeClass",
            "id": f"{base}/ob2/badge",
            "name": "First aid",
            "description": "First aid",
            "criteria": {"narrative": "A course"},
            "issuer": f"{base}/ob2/issuer",
        },
    )
    listed = server.routes.get("/ob2/revocations")
    revoked_list = json.loads(listed.body)["revokedAssertions"] if listed else []
    if listed_revoked:
        revoked_list.append({"id": assertion_url, "revocationReason": "Issued by mistake"})
    server.json(
        "/ob2/revocations",
        {
            "@context": "https://w3id.org/openbadges/v2",
            "type": "RevocationList",
            "id": f"{base}/ob2/revocations",
            "revokedAssertions": revoked_list,
        },
    )
    salt = "pepper"
    assertion: dict[str, Any] = {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Assertion",
        "id": assertion_url,
        "recipient": {
            "type": "email",
            "hashed": True,
            "salt": salt,
            "identity": email_hash(email, salt),
        },
        "badge": f"{base}/ob2/badge",
        "issuedOn": "2024-05-01T10:00:00Z",
        "verification": {"type": "hosted"},
    }
    if revoked:
        assertion["revoked"] = True
    if expires is not None:
        assertion["expires"] = xsd_datetime(expires)
    return server.json(f"/ob2/assertions/{number}", assertion)
