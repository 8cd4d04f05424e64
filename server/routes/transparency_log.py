"""/transparency-log/*: the public, read-only endpoints of the issuance log, named and shaped
after Certificate Transparency v1 (RFC 6962 §4): get-sth, get-sth-consistency,
get-proof-by-hash, get-entries, and get-proof-by-credential for a badge's own leaves.

Hashes and signatures travel as base64, as in CT; every answer is bounded (a page of
entries is at most graph.transparency_log.log.MAX_ENTRIES, a proof O(log n) hashes).
"""

from __future__ import annotations

import base64
import binascii
import re

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from badges.transparency_log import b64, entry_json, tree_head_json
from graph.core.errors import BadUserInput, NotFound
from graph.transparency_log import log
from server.state import app_state

HEADERS = {"Cache-Control": "no-cache"}
MAX_SIZE = 2**62
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def _number(request: Request, name: str) -> int:
    text = request.query_params.get(name, "")
    # isdigit() alone takes "²", which int() refuses.
    if not (text.isascii() and text.isdigit()) or len(text) > 19 or int(text) > MAX_SIZE:
        raise BadUserInput(f"`{name}` must be a whole number of zero or more.", field=name)
    return int(text)


async def get_sth(request: Request) -> Response:
    """The latest signed tree head."""
    head = await log.latest_tree_head(app_state(request).graph)
    if head is None:
        raise NotFound("The log has no signed tree head yet.")
    return JSONResponse(tree_head_json(head), headers=HEADERS)


async def get_sth_consistency(request: Request) -> Response:
    """?first=&second=: the consistency proof between two tree sizes."""
    first, second = _number(request, "first"), _number(request, "second")
    if first > second:
        raise BadUserInput("`first` must not be larger than `second`.", field="first")
    proof = await log.consistency_proof(app_state(request).graph, first, second)
    if proof is None:
        raise BadUserInput("The log is not that large yet.", field="second")
    return JSONResponse({"consistency": [b64(p) for p in proof]}, headers=HEADERS)


def _leaf_hash(request: Request) -> bytes:
    text = request.query_params.get("hash", "")
    try:
        raw = base64.b64decode(text.replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise BadUserInput("`hash` must be a SHA-256 leaf hash in base64.", field="hash")
    return raw


async def get_proof_by_hash(request: Request) -> Response:
    """?hash=&tree_size=: the leaf's index and its audit path in that tree."""
    leaf_hash, size = _leaf_hash(request), _number(request, "tree_size")
    found = await log.proof_by_hash(app_state(request).graph, leaf_hash, size)
    if found is None:
        raise NotFound("No leaf of the log has that hash.")
    leaf, path = found
    if path is None:
        raise BadUserInput("That leaf is not in a tree of that size.", field="tree_size")
    return JSONResponse(
        {"leaf_index": leaf.index, "audit_path": [b64(p) for p in path]}, headers=HEADERS
    )


async def get_proof_by_credential(request: Request) -> Response:
    """?id=&tree_size=: every leaf about one badge (or badge class) with its audit path."""
    subject = request.query_params.get("id", "").lower()
    if not _UUID.match(subject):
        raise BadUserInput("`id` must be a badge's or a badge class's id.", field="id")
    size = _number(request, "tree_size")
    proofs = await log.proofs_of(app_state(request).graph, subject, size)
    if not proofs:
        raise NotFound("The log has no leaf about that id in a tree of that size.")
    return JSONResponse(
        {
            "entries": [
                {**entry_json(leaf), "audit_path": [b64(p) for p in path]} for leaf, path in proofs
            ]
        },
        headers=HEADERS,
    )


async def get_entries(request: Request) -> Response:
    """?start=&end=: the leaves from start to end inclusive (at most MAX_ENTRIES)."""
    start, end = _number(request, "start"), _number(request, "end")
    if end < start:
        raise BadUserInput("`end` must not be smaller than `start`.", field="end")
    found = await log.entries(app_state(request).graph, start, end + 1)
    return JSONResponse({"entries": [entry_json(leaf) for leaf in found]}, headers=HEADERS)


routes: list[BaseRoute] = [
    Route("/transparency-log/get-sth", get_sth, methods=["GET"]),
    Route("/transparency-log/get-sth-consistency", get_sth_consistency, methods=["GET"]),
    Route("/transparency-log/get-proof-by-hash", get_proof_by_hash, methods=["GET"]),
    Route("/transparency-log/get-proof-by-credential", get_proof_by_credential, methods=["GET"]),
    Route("/transparency-log/get-entries", get_entries, methods=["GET"]),
]
