"""The transparency log's signing and checking: the digest of a credential as served (the
notary the graph asks while it appends), signed tree heads (RFC 6962 §3.5's TreeHeadSignature,
Ed25519 with the platform key), and the standalone checker behind `kring log verify`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from badges import ob3
from badges.did import platform_did, verification_method_id
from badges.issuer_keys import IssuerKeys, PublicKey
from badges.multikey import decode_public_key
from graph.core.database import Graph
from graph.credentials.contents import credential_data, validation_data
from graph.transparency_log import log, merkle
from graph.transparency_log.log import Kind, TreeHead

API = "/transparency-log"


def served_bytes(document: dict[str, Any]) -> bytes:
    """The bytes Kring serves a JSON document as (Starlette's JSONResponse rendering)."""
    return json.dumps(
        document, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":")
    ).encode("utf-8")


def served_digest(document: dict[str, Any]) -> str:
    return hashlib.sha256(served_bytes(document)).hexdigest()


class CredentialNotary:
    """Digests of what Kring serves: `/credentials/{id}` for issuances and revocations, the
    university's signed validation for a validation; a withdrawal signs nothing (None)."""

    def __init__(self, public_url: str, keys: IssuerKeys) -> None:
        self.public_url = public_url
        self.keys = keys

    async def digest(self, tx: Any, kind: str, subject_id: str) -> str | None:
        """`tx` is the graph's transaction, passed through (badges never uses the driver)."""
        if kind in (Kind.ISSUED, Kind.REVOKED):
            data = await credential_data.within(tx, subject_id)
            if data is None:
                return None
            return served_digest(ob3.signed(data, self.public_url, self.keys))
        if kind == Kind.VALIDATED:
            found = await validation_data.within(tx, subject_id)
            if found is None:
                return None
            return served_digest(
                ob3.validation_credential(
                    self.public_url,
                    self.keys,
                    found.university,
                    found.badge_class_id,
                    found.validated_at,
                )
            )
        return None


def signed_bytes(tree_size: int, timestamp: int, root_hash: bytes) -> bytes:
    """RFC 6962 §3.5 TreeHeadSignature: v1, tree_hash, timestamp, tree_size, root."""
    return b"\x00\x01" + timestamp.to_bytes(8, "big") + tree_size.to_bytes(8, "big") + root_hash


async def sign_tree_head(
    graph: Graph, public_url: str, keys: IssuerKeys, *, only_if_grown: bool = False
) -> TreeHead | None:
    """Sign and store the log's current head (None: it has not grown since the last one)."""
    tree = await log.current_tree(graph)
    if only_if_grown:
        latest = await log.latest_tree_head(graph)
        if latest is not None and latest.tree_size >= tree.size:
            return None
    key = keys.signing_key("platform")
    timestamp = time.time_ns() // 1_000_000
    signature = key.private.sign(signed_bytes(tree.size, timestamp, tree.root_hash))
    key_id = verification_method_id(platform_did(public_url), PublicKey(key.multibase, 0))
    head = TreeHead(tree.size, tree.root_hash, timestamp, signature, key_id)
    await log.record_tree_head(graph, head)
    return head


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise LogCheckFailed("A hash or signature is missing from the log's answer.")
    try:
        return base64.b64decode(text, validate=True)
    except ValueError:
        raise LogCheckFailed("A hash or signature is not valid base64.") from None


def tree_head_json(head: TreeHead) -> dict[str, Any]:
    """An STH as CT v1's get-sth answers it, plus the id of the key that signed it."""
    return {
        "tree_size": head.tree_size,
        "timestamp": head.timestamp,
        "sha256_root_hash": b64(head.root_hash),
        "tree_head_signature": b64(head.signature),
        "key_id": head.key_id,
    }


def entry_json(leaf: log.Leaf) -> dict[str, Any]:
    return {
        "index": leaf.index,
        "leaf_input": leaf.leaf,
        "leaf_hash": b64(leaf.hash),
        "kind": leaf.kind,
        "subject": leaf.subject_id,
        "digest": leaf.digest,
        "time": leaf.time,
    }


# --- The standalone checker: only the public endpoints, nothing of Kring's internals. -----

Fetch = Callable[[str], Awaitable[Any]]


class LogCheckFailed(Exception):
    """The log or a tree head does not check out (or the server's answer is not one)."""


@dataclass(frozen=True)
class Checked:
    tree_size: int
    root_hash: bytes
    timestamp: int
    consistent_with: int | None  # the size of the earlier STH proven consistent


def _platform_key(document: Any, key_id: str, base_url: str) -> Ed25519PublicKey:
    did = platform_did(base_url)
    if not key_id.startswith(did + "#"):
        raise LogCheckFailed(f"The tree head is signed by {key_id}, not by {did}.")
    methods = document.get("verificationMethod", []) if isinstance(document, dict) else []
    for method in methods:
        if isinstance(method, dict) and method.get("id") == key_id:
            return Ed25519PublicKey.from_public_bytes(
                decode_public_key(str(method.get("publicKeyMultibase")))
            )
    raise LogCheckFailed(f"The platform's DID document does not publish the key {key_id}.")


def _check_signature(sth: dict[str, Any], key: Ed25519PublicKey) -> tuple[int, int, bytes]:
    size, timestamp = sth.get("tree_size"), sth.get("timestamp")
    if not isinstance(size, int) or not isinstance(timestamp, int) or size < 0:
        raise LogCheckFailed("The tree head has no valid tree_size or timestamp.")
    root = unb64(sth.get("sha256_root_hash"))
    try:
        key.verify(unb64(sth.get("tree_head_signature")), signed_bytes(size, timestamp, root))
    except InvalidSignature:
        raise LogCheckFailed(
            f"The signature of the tree head (size {size}) does not match: it was altered."
        ) from None
    return size, timestamp, root


async def _replay(fetch: Fetch, size: int) -> list[bytes]:
    """Every leaf hash up to `size`, each recomputed from its leaf's own bytes."""
    hashes: list[bytes] = []
    while len(hashes) < size:
        start = len(hashes)
        page = await fetch(f"{API}/get-entries?start={start}&end={size - 1}")
        found = page.get("entries") if isinstance(page, dict) else None
        if not found:
            raise LogCheckFailed(f"The log returned no entries from index {start}.")
        for entry in found[: size - start]:
            index = len(hashes)
            if entry.get("index") != index:
                raise LogCheckFailed(f"The log skipped or repeated index {index}.")
            leaf_input = str(entry.get("leaf_input"))
            computed = merkle.leaf_hash(leaf_input.encode())
            if computed != unb64(entry.get("leaf_hash")):
                raise LogCheckFailed(f"Leaf {index} does not hash to its recorded hash.")
            event = json.loads(leaf_input)
            stated = (entry.get("subject"), entry.get("kind"), entry.get("digest"))
            if (event.get("subject"), event.get("kind"), event.get("digest")) != stated:
                raise LogCheckFailed(f"Leaf {index} says something else than its entry.")
            hashes.append(computed)
    return hashes


async def _check_inclusions(fetch: Fetch, hashes: list[bytes], root: bytes) -> None:
    size = len(hashes)
    for index, leaf in enumerate(hashes):
        proof = await fetch(f"{API}/get-proof-by-hash?hash={b64url(leaf)}&tree_size={size}")
        path = [unb64(p) for p in proof.get("audit_path", [])]
        if proof.get("leaf_index") != index or not merkle.verify_inclusion(
            index, size, leaf, path, root
        ):
            raise LogCheckFailed(f"The inclusion proof of leaf {index} does not verify.")


async def check_log(
    fetch: Fetch, base_url: str, earlier: tuple[int, bytes] | None = None
) -> Checked:
    """Replay the whole log against its latest signed tree head, check every inclusion proof
    and, given an earlier checked head (size, root), its consistency; raises LogCheckFailed."""
    sth = await fetch(f"{API}/get-sth")
    if not isinstance(sth, dict):
        raise LogCheckFailed("The log has no signed tree head.")
    key = _platform_key(await fetch("/.well-known/did.json"), str(sth.get("key_id")), base_url)
    size, timestamp, root = _check_signature(sth, key)
    hashes = await _replay(fetch, size)
    if merkle.root(hashes) != root:
        raise LogCheckFailed(
            f"The entries do not add up to the signed root of size {size}: the log was altered."
        )
    await _check_inclusions(fetch, hashes, root)
    if earlier is None:
        return Checked(size, root, timestamp, None)
    old_size, old_root = earlier
    if old_size > size:
        raise LogCheckFailed(f"The log shrank from {old_size} to {size} entries.")
    answer = await fetch(f"{API}/get-sth-consistency?first={old_size}&second={size}")
    proof = [unb64(p) for p in answer.get("consistency", [])]
    if not merkle.verify_consistency(old_size, size, old_root, root, proof):
        raise LogCheckFailed(
            f"The log of {size} entries is not an extension of the one checked before "
            f"({old_size} entries)."
        )
    return Checked(size, root, timestamp, old_size)


def b64url(raw: bytes) -> str:
    """A hash as a query parameter (URL-safe base64; the endpoint takes either alphabet)."""
    return base64.urlsafe_b64encode(raw).decode()


def read_state(text: str) -> tuple[int, bytes]:
    """The head `kring log verify --state` checked last (size, root)."""
    try:
        saved = json.loads(text)
        return int(saved["tree_size"]), base64.b64decode(saved["sha256_root_hash"])
    except (ValueError, KeyError, TypeError):
        raise LogCheckFailed("The state file was not written by kring log verify.") from None


def state_text(checked: Checked) -> str:
    return json.dumps({"tree_size": checked.tree_size, "sha256_root_hash": b64(checked.root_hash)})
