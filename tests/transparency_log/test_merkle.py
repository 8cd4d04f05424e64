"""RFC 9162 hashing and proofs against the published vectors of transparency-dev/merkle
(proof/verify_test.go: the eight leaves, the roots of every prefix, and known proofs)."""

from __future__ import annotations

import pytest

from graph.transparency_log import merkle

LEAVES = [
    bytes.fromhex(h)
    for h in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]
ROOTS = [
    bytes.fromhex(h)
    for h in (
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    )
]
# (leaf index, tree size, audit path)
INCLUSION = [
    (
        0,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        1,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]
# (old size, new size, proof)
CONSISTENCY = [
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
]

HASHES = [merkle.leaf_hash(leaf) for leaf in LEAVES]


def _stored(hashes: list[bytes]) -> dict[merkle.Node, bytes]:
    """Every perfect subtree as the log stores it while appending."""
    nodes: dict[merkle.Node, bytes] = {}
    for i, h in enumerate(hashes):
        nodes[(0, i)] = h
        for level, index in merkle.completed_by(i):
            nodes[(level, index)] = merkle.node_hash(
                nodes[(level - 1, 2 * index)], nodes[(level - 1, 2 * index + 1)]
            )
    return nodes


NODES = _stored(HASHES)


def _proof(ranges: list[merkle.Range]) -> list[bytes]:
    return [merkle.range_hash(a, b, NODES.__getitem__) for a, b in ranges]


@pytest.mark.parametrize("size", range(1, 9))
def test_roots_of_every_prefix_match_the_vectors(size: int) -> None:
    assert merkle.root(HASHES[:size]) == ROOTS[size - 1]
    assert merkle.range_hash(0, size, NODES.__getitem__) == ROOTS[size - 1]


def test_empty_tree_root_is_the_hash_of_nothing() -> None:
    assert merkle.root([]).hex() == (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    )


@pytest.mark.parametrize(("index", "size", "path"), INCLUSION)
def test_audit_paths_match_the_vectors_and_verify(index: int, size: int, path: list[str]) -> None:
    proof = _proof(merkle.inclusion_ranges(index, size))
    assert [p.hex() for p in proof] == path
    assert merkle.verify_inclusion(index, size, HASHES[index], proof, ROOTS[size - 1])


@pytest.mark.parametrize(("old", "new", "path"), CONSISTENCY)
def test_consistency_proofs_match_the_vectors_and_verify(
    old: int, new: int, path: list[str]
) -> None:
    proof = _proof(merkle.consistency_ranges(old, new))
    assert [p.hex() for p in proof] == path
    assert merkle.verify_consistency(old, new, ROOTS[old - 1], ROOTS[new - 1], proof)


def test_every_inclusion_and_consistency_proof_of_eight_leaves_verifies() -> None:
    for size in range(1, 9):
        for index in range(size):
            proof = _proof(merkle.inclusion_ranges(index, size))
            assert merkle.verify_inclusion(index, size, HASHES[index], proof, ROOTS[size - 1])
        for old in range(1, size):
            proof = _proof(merkle.consistency_ranges(old, size))
            assert merkle.verify_consistency(old, size, ROOTS[old - 1], ROOTS[size - 1], proof)


def test_altered_proofs_are_refused() -> None:
    index, size, path = INCLUSION[1]
    proof = [bytes.fromhex(p) for p in path]
    root = ROOTS[size - 1]
    flipped = [bytes([proof[0][0] ^ 8]) + proof[0][1:], *proof[1:]]
    assert not merkle.verify_inclusion(index, size, HASHES[index], flipped, root)
    assert not merkle.verify_inclusion(index + 1, size, HASHES[index], proof, root)
    assert not merkle.verify_inclusion(index, size, HASHES[index], proof[:-1], root)
    assert not merkle.verify_inclusion(index, size, HASHES[index], [*proof, root], root)
    assert not merkle.verify_inclusion(index, size, merkle.leaf_hash(b"x"), proof, root)
    old, new, cpath = CONSISTENCY[1]
    cproof = [bytes.fromhex(p) for p in cpath]
    assert not merkle.verify_consistency(old, new, ROOTS[new - 1], ROOTS[old - 1], cproof)
    assert not merkle.verify_consistency(old, new, ROOTS[old - 1], ROOTS[new - 1], cproof[:-1])
    assert not merkle.verify_consistency(old, new, ROOTS[old - 1], ROOTS[new - 1], [])
    assert not merkle.verify_consistency(old - 1, new, ROOTS[old - 1], ROOTS[new - 1], cproof)
