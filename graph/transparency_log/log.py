"""The log in Neo4j: one `(:TransparencyLog)` head whose lock orders appends, one
`(:LogLeaf {index})` per event, every completed perfect subtree as `(:LogNode {level,
index})`, and the signed tree heads `(:TreeHead)`.

Appending costs O(log n): the head is locked, the left siblings the new leaf completes are
read by index, the new nodes written. A proof reads only the O(log² n) stored nodes its
subtrees fold over, never the leaves in between (see merkle.pieces).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from neo4j import AsyncManagedTransaction, Record

from graph.core.cypher import execute, one, rows, single
from graph.core.database import notary
from graph.core.transactions import reads, writes
from graph.transparency_log import merkle

# Entries a client may fetch at once (CT logs cap get-entries likewise).
MAX_ENTRIES = 256
# Credentials have a handful of leaves (issued, revoked); this bounds a lookup all the same.
MAX_LEAVES_PER_SUBJECT = 16


class Kind(StrEnum):
    ISSUED = "ISSUED"
    REVOKED = "REVOKED"
    VALIDATED = "VALIDATED"  # a badge class validated as OFFICIAL
    VALIDATION_WITHDRAWN = "VALIDATION_WITHDRAWN"


class NoNotary(RuntimeError):
    """A write that must be logged ran on a Graph that cannot sign credentials."""


@dataclass(frozen=True)
class Leaf:
    index: int
    leaf: str  # the canonical JSON bytes of the event, as text (ASCII)
    hash: bytes
    kind: str
    subject_id: str
    digest: str | None
    time: str


@dataclass(frozen=True)
class TreeHead:
    tree_size: int
    root_hash: bytes
    timestamp: int  # milliseconds since the epoch, as in RFC 6962
    signature: bytes
    key_id: str


def canonical(kind: Kind, subject_id: str, digest: str | None, time: str) -> str:
    """The event as JSON with sorted keys and no spaces (RFC 8785 for these ASCII values)."""
    event = {"digest": digest, "kind": kind.value, "subject": subject_id, "time": time}
    return json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


# The head is created once (unique id) and locked by the property write: concurrent appends
# queue here, so indexes are gap-free and never repeat.
LOCK_HEAD = """
MERGE (h:TransparencyLog {id: 'kring'})
  ON CREATE SET h.size = 0
SET h._lock = true
RETURN h.size AS size
"""

NODES = """
CALL () {
  UNWIND $leaves AS i
  MATCH (l:LogLeaf {index: i})
  RETURN 0 AS level, i AS index, l.hash AS hash
  UNION ALL
  UNWIND $nodes AS n
  MATCH (x:LogNode {level: n[0], index: n[1]})
  RETURN n[0] AS level, n[1] AS index, x.hash AS hash
}
RETURN level, index, hash
"""

APPEND = """
MATCH (h:TransparencyLog {id: 'kring'})
CREATE (:LogLeaf {index: $index, leaf: $leaf, hash: $hash, kind: $kind, subjectId: $subject,
                  digest: $digest, time: $time})
WITH h
CALL (h) {
  UNWIND $nodes AS n
  CREATE (:LogNode {level: n.level, index: n.index, hash: n.hash})
}
SET h.size = $index + 1
REMOVE h._lock
"""


async def _hashes(
    tx: AsyncManagedTransaction, wanted: list[merkle.Node]
) -> dict[merkle.Node, bytes]:
    leaves = [index for level, index in wanted if level == 0]
    nodes = [[level, index] for level, index in wanted if level > 0]
    found = await rows(tx, NODES, leaves=leaves, nodes=nodes)
    return {(r["level"], r["index"]): bytes.fromhex(r["hash"]) for r in found}


async def append(tx: AsyncManagedTransaction, kind: Kind, subject_id: str) -> int:
    """Record an event in the caller's transaction; returns its index in the log."""
    signer = notary.get()
    if signer is None:
        raise NoNotary("This Graph has no notary: events of the transparency log need one.")
    # Signing first, outside the head's lock: the lock is held only for the append itself.
    digest = await signer.digest(tx, kind.value, subject_id)
    index: int = (await one(tx, LOCK_HEAD))["size"]
    time = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    leaf = canonical(kind, subject_id, digest, time)
    leaf_hash = merkle.leaf_hash(leaf.encode())
    completed = merkle.completed_by(index)
    known = await _hashes(tx, [(level - 1, 2 * i) for level, i in completed])
    right = leaf_hash
    created = []
    for level, i in completed:
        right = merkle.node_hash(known[(level - 1, 2 * i)], right)
        created.append({"level": level, "index": i, "hash": right.hex()})
    await execute(
        tx,
        APPEND,
        index=index,
        leaf=leaf,
        hash=leaf_hash.hex(),
        kind=kind.value,
        subject=subject_id,
        digest=digest,
        time=time,
        nodes=created,
    )
    return index


SIZE = "OPTIONAL MATCH (h:TransparencyLog {id: 'kring'}) RETURN coalesce(h.size, 0) AS size"


async def _size(tx: AsyncManagedTransaction) -> int:
    size: int = (await one(tx, SIZE))["size"]
    return size


async def _range_hashes(tx: AsyncManagedTransaction, ranges: list[merkle.Range]) -> list[bytes]:
    wanted = [p for a, b in ranges for p in merkle.pieces(a, b)]
    known = await _hashes(tx, wanted)
    return [merkle.range_hash(a, b, known.__getitem__) for a, b in ranges]


@dataclass(frozen=True)
class Tree:
    size: int
    root_hash: bytes


@reads
async def current_tree(tx: AsyncManagedTransaction) -> Tree:
    """The log's size and root hash now (what a new tree head signs)."""
    size = await _size(tx)
    if size == 0:
        return Tree(0, merkle.EMPTY_ROOT)
    return Tree(size, (await _range_hashes(tx, [(0, size)]))[0])


@reads
async def consistency_proof(
    tx: AsyncManagedTransaction, first: int, second: int
) -> list[bytes] | None:
    """PROOF(first, D[second]) (None: sizes the log cannot prove)."""
    if not 0 <= first <= second or second > await _size(tx):
        return None
    if first in (0, second):
        return []
    return await _range_hashes(tx, merkle.consistency_ranges(first, second))


LEAF_FIELDS = """
RETURN l.index AS index, l.leaf AS leaf, l.hash AS hash, l.kind AS kind,
       l.subjectId AS subject, l.digest AS digest, l.time AS time
"""

ENTRIES = (
    """
MATCH (l:LogLeaf) WHERE $start <= l.index < $end
"""
    + LEAF_FIELDS
    + "ORDER BY index"
)

BY_HASH = "MATCH (l:LogLeaf {hash: $hash})" + LEAF_FIELDS + "ORDER BY index LIMIT 1"

BY_SUBJECT = "MATCH (l:LogLeaf {subjectId: $subject})" + LEAF_FIELDS + "ORDER BY index LIMIT $limit"


def _leaf(r: Record) -> Leaf:
    return Leaf(
        index=r["index"],
        leaf=r["leaf"],
        hash=bytes.fromhex(r["hash"]),
        kind=r["kind"],
        subject_id=r["subject"],
        digest=r["digest"],
        time=r["time"],
    )


@reads
async def entries(tx: AsyncManagedTransaction, start: int, end: int) -> list[Leaf]:
    """Leaves [start, end), at most MAX_ENTRIES of them."""
    end = min(end, start + MAX_ENTRIES)
    return [_leaf(r) for r in await rows(tx, ENTRIES, start=start, end=end)]


STORE_HEAD = """
CREATE (:TreeHead {treeSize: $size, rootHash: $root, timestamp: $timestamp,
                   signature: $signature, keyId: $key})
"""

LATEST_HEAD = """
MATCH (t:TreeHead) WHERE t.timestamp IS NOT NULL
RETURN t.treeSize AS size, t.rootHash AS root, t.timestamp AS timestamp,
       t.signature AS signature, t.keyId AS key
ORDER BY t.treeSize DESC, t.timestamp DESC LIMIT 1
"""  # the largest tree: two signers racing may store a smaller one with a later time


@writes
async def record_tree_head(tx: AsyncManagedTransaction, head: TreeHead) -> None:
    await execute(
        tx,
        STORE_HEAD,
        size=head.tree_size,
        root=head.root_hash.hex(),
        timestamp=head.timestamp,
        signature=head.signature.hex(),
        key=head.key_id,
    )


@reads
async def latest_tree_head(tx: AsyncManagedTransaction) -> TreeHead | None:
    found = await single(tx, LATEST_HEAD)
    if found is None:
        return None
    return TreeHead(
        tree_size=found["size"],
        root_hash=bytes.fromhex(found["root"]),
        timestamp=found["timestamp"],
        signature=bytes.fromhex(found["signature"]),
        key_id=found["key"],
    )


@dataclass(frozen=True)
class Recorded:
    """A leaf about a credential, and the first signed tree head that covers it (if any)."""

    leaf: Leaf
    head: TreeHead | None


# The first tree head to include a leaf is the one with the smallest size above its index.
RECORDED = (
    """
UNWIND $subjects AS subject
CALL (subject) {
  MATCH (l:LogLeaf {subjectId: subject})
  WITH l ORDER BY l.index LIMIT $limit
  CALL (l) {
    OPTIONAL MATCH (t:TreeHead) WHERE t.treeSize > l.index
    WITH t ORDER BY t.treeSize, t.timestamp LIMIT 1
    RETURN t { .treeSize, .rootHash, .timestamp, .signature, .keyId } AS head
  }
  RETURN l, head
}
"""
    + LEAF_FIELDS
    + ", head ORDER BY index"
)


def _head(found: dict[str, object] | None) -> TreeHead | None:
    if not found or found.get("treeSize") is None:
        return None
    return TreeHead(
        tree_size=int(str(found["treeSize"])),
        root_hash=bytes.fromhex(str(found["rootHash"])),
        timestamp=int(str(found["timestamp"])),
        signature=bytes.fromhex(str(found["signature"])),
        key_id=str(found["keyId"]),
    )


@reads
async def recorded(
    tx: AsyncManagedTransaction, subject_ids: list[str]
) -> dict[str, list[Recorded]]:
    """For each credential (or badge class): its leaves, each with the head that signed it."""
    wanted = subject_ids[:MAX_ENTRIES]
    out: dict[str, list[Recorded]] = {s: [] for s in wanted}
    for r in await rows(tx, RECORDED, subjects=wanted, limit=MAX_LEAVES_PER_SUBJECT):
        out[r["subject"]].append(Recorded(_leaf(r), _head(r["head"])))
    return out


async def _audit_paths(
    tx: AsyncManagedTransaction, indexes: list[int], tree_size: int
) -> list[list[bytes]]:
    """The audit paths of several leaves of one tree, from one read of the nodes they need."""
    ranges = [merkle.inclusion_ranges(i, tree_size) for i in indexes]
    wanted = [p for path in ranges for a, b in path for p in merkle.pieces(a, b)]
    known = await _hashes(tx, wanted)
    return [[merkle.range_hash(a, b, known.__getitem__) for a, b in path] for path in ranges]


@reads
async def proof_by_hash(
    tx: AsyncManagedTransaction, leaf_hash: bytes, tree_size: int
) -> tuple[Leaf, list[bytes] | None] | None:
    """The leaf with that hash and its audit path in the tree of `tree_size` (None as the
    path: the leaf came later than that tree; None: no such leaf)."""
    found = await single(tx, BY_HASH, hash=leaf_hash.hex())
    if found is None:
        return None
    leaf = _leaf(found)
    if not leaf.index < tree_size <= await _size(tx):
        return leaf, None
    return leaf, (await _audit_paths(tx, [leaf.index], tree_size))[0]


@reads
async def proofs_of(
    tx: AsyncManagedTransaction, subject_id: str, tree_size: int
) -> list[tuple[Leaf, list[bytes]]]:
    """Every leaf about one credential (or badge class) in that tree, with its audit path."""
    if tree_size > await _size(tx):
        return []
    found = await rows(tx, BY_SUBJECT, subject=subject_id, limit=MAX_LEAVES_PER_SUBJECT)
    leaves = [leaf for leaf in map(_leaf, found) if leaf.index < tree_size]
    paths = await _audit_paths(tx, [leaf.index for leaf in leaves], tree_size)
    return list(zip(leaves, paths, strict=True))
