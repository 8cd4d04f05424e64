"""RFC 9162 §2.1 Merkle tree hashing: leaf and node hashes, audit paths, consistency proofs
and their verification. Pure Python, no Cypher: the graph and the checker both use it.

A perfect subtree is addressed as (level, index): it covers leaves
[index * 2**level, (index + 1) * 2**level). Level 0 is a leaf hash. The log stores every
perfect subtree once it is complete, so any MTH(D[a:b]) the proofs need is a fold of at
most about log2(n) stored hashes (`pieces`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

Range = tuple[int, int]  # leaves [start, end)
Node = tuple[int, int]  # (level, index) of a perfect subtree


def leaf_hash(leaf: bytes) -> bytes:
    """SHA-256(0x00 || leaf)."""
    return hashlib.sha256(b"\x00" + leaf).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """SHA-256(0x01 || left || right)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


EMPTY_ROOT = hashlib.sha256(b"").digest()


def _split(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def root(leaf_hashes: Sequence[bytes]) -> bytes:
    """MTH of the whole list (the checker's replay; the server folds stored nodes instead)."""
    if not leaf_hashes:
        return EMPTY_ROOT
    level = list(leaf_hashes)
    # Bottom-up pairing gives the same tree as RFC 9162's left-heavy split: an odd last
    # node is carried up unchanged.
    while len(level) > 1:
        paired = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]


def inclusion_ranges(index: int, size: int) -> list[Range]:
    """The subtrees whose hashes form PATH(index, D[0:size]), leaf side first."""
    path: list[Range] = []
    start, end = 0, size
    while end - start > 1:
        k = _split(end - start)
        if index - start < k:
            path.append((start + k, end))
            end = start + k
        else:
            path.append((start, start + k))
            start += k
    path.reverse()
    return path


def consistency_ranges(old: int, new: int) -> list[Range]:
    """The subtrees whose hashes form PROOF(old, D[0:new]) (0 < old < new)."""
    proof: list[Range] = []
    start, end, whole = 0, new, True
    m = old
    while True:
        n = end - start
        if m == n:
            if not whole:
                proof.append((start, end))
            break
        k = _split(n)
        if m <= k:
            proof.append((start + k, end))
            end = start + k
        else:
            proof.append((start, start + k))
            start += k
            m -= k
            whole = False
    proof.reverse()
    return proof


def pieces(start: int, end: int) -> list[Node]:
    """The perfect subtrees, left to right, that MTH(D[start:end]) folds over (as the RFC's
    recursion splits it; `start` is a multiple of the range's split, as in every proof)."""
    found: list[Node] = []
    while end > start:
        n = end - start
        size = 1 << (n.bit_length() - 1)
        if size == n:
            found.append((size.bit_length() - 1, start // size))
            break
        found.append((size.bit_length() - 1, start // size))
        start += size
    return found


def fold(hashes: Sequence[bytes]) -> bytes:
    """MTH of a range from its pieces: the right-most pair first, as the recursion nests."""
    result = hashes[-1]
    for left in reversed(hashes[:-1]):
        result = node_hash(left, result)
    return result


def range_hash(start: int, end: int, node: Callable[[Node], bytes]) -> bytes:
    return fold([node(p) for p in pieces(start, end)])


def completed_by(index: int) -> list[Node]:
    """The perfect subtrees above level 0 that appending leaf `index` completes, lowest first."""
    done: list[Node] = []
    level, count = 1, index + 1
    while count % (1 << level) == 0:
        done.append((level, count // (1 << level) - 1))
        level += 1
    return done


def verify_inclusion(
    index: int, size: int, leaf: bytes, path: Sequence[bytes], expected_root: bytes
) -> bool:
    """RFC 9162 §2.1.3.2."""
    if index >= size or size <= 0:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == expected_root


def verify_consistency(
    old: int, new: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """RFC 9162 §2.1.4.2 (an empty tree is consistent with every tree)."""
    if old > new:
        return False
    if old == new:
        return not proof and old_root == new_root
    if old == 0:
        return not proof
    if not proof:
        return False
    path = list(proof)
    if old & (old - 1) == 0:
        path.insert(0, old_root)
    fn, sn = old - 1, new - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == old_root and sr == new_root and sn == 0
