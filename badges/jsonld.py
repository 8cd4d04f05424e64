"""JSON-LD canonicalisation over the bundled contexts: nothing is fetched at run time."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from pyld import jsonld
from pyld.canon import URDNA2015

# The standard contexts Kring's credentials use, by the URL each stands for.
CONTEXT_FILES = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob-v3p0-3.0.3.json",
    "https://w3id.org/openbadges/v2": "ob-v2p0.json",
    "https://w3id.org/security/data-integrity/v1": "data-integrity-v1.jsonld",
    "https://w3id.org/security/multikey/v1": "multikey-v1.jsonld",
    "https://www.w3.org/ns/did/v1": "did-v1.jsonld",
    "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json": "clr-v2p0-2.0.1.json",
}
CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


class CanonicalizationError(ValueError):
    """The document cannot be canonicalised safely; nothing about it may be trusted."""


class UnknownContextError(CanonicalizationError):
    """A document names a context Kring does not bundle; it is never fetched."""


class UndefinedTermError(CanonicalizationError):
    """A property no context defines: it would vanish from the signed data, so refuse it."""


class TooComplexError(CanonicalizationError):
    """A graph whose canonicalisation would take unbounded work (a "poison graph")."""


# RDFC-1.0 lets an implementation abort a graph that needs too much work. The work explodes
# in hashing a blank node's n-degree neighbourhood (permutations of look-alike blank nodes);
# credentials need none or a few such calls, seven mutually linked blank nodes thousands.
MAX_BLANK_NODES = 512
N_DEGREE_CALLS = 100
N_DEGREE_CALLS_PER_BLANK_NODE = 10


class _BoundedURDNA2015(URDNA2015):  # type: ignore[misc]
    """URDNA2015 (= RDFC-1.0 here) that gives up once its n-degree hashing budget is spent."""

    def __init__(self, budget: int) -> None:
        super().__init__()
        self.budget = budget

    def hash_n_degree_quads(self, id_: str, issuer: Any) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise TooComplexError(
                "The credential's blank nodes are too entangled to canonicalise; "
                "it cannot be verified."
            )
        return super().hash_n_degree_quads(id_, issuer)


def _blank_nodes(dataset: dict[str, Any]) -> int:
    seen: set[str] = set()
    for graph_name, triples in dataset.items():
        if graph_name.startswith("_:"):
            seen.add(graph_name)
        for triple in triples:
            for key, component in triple.items():
                if key != "predicate" and component["type"] == "blank node":
                    seen.add(component["value"])
    return len(seen)


@cache
def _context(url: str) -> dict[str, Any]:
    name = CONTEXT_FILES.get(url)
    if name is None:
        raise UnknownContextError(f"Unknown JSON-LD context {url!r}; Kring fetches none.")
    text = resources.files("badges").joinpath("contexts", name).read_text(encoding="utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


def local_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld document loader serving only the bundled contexts."""
    return {"contextUrl": None, "documentUrl": url, "document": _context(url)}


def _refuse_dropped(term: str | None) -> None:
    raise UndefinedTermError(f"The property {term!r} is not defined by any context.")


def canonicalize(document: dict[str, Any]) -> str:
    """RDFC-1.0 (URDNA2015) canonical N-Quads, in "safe mode": undefined terms are errors;
    TooComplexError for a graph that needs unbounded work."""
    processor = jsonld.JsonLdProcessor(on_property_dropped=_refuse_dropped)
    try:
        # As pyld's normalize, with the canonicalisation step bounded.
        dataset = processor.to_rdf(
            document, {"documentLoader": local_loader, "produceGeneralizedRdf": False}
        )
    except jsonld.JsonLdError as exc:
        ours = _our_cause(exc)
        if ours is not None:
            raise ours from exc
        raise CanonicalizationError(f"The document is not valid JSON-LD: {exc}") from exc
    blank_nodes = _blank_nodes(dataset)
    if blank_nodes > MAX_BLANK_NODES:
        raise TooComplexError(f"The credential has more than {MAX_BLANK_NODES} blank nodes.")
    budget = N_DEGREE_CALLS + N_DEGREE_CALLS_PER_BLANK_NODE * blank_nodes
    result: str = _BoundedURDNA2015(budget).main(dataset, {"format": "application/n-quads"})
    return result


def _our_cause(exc: BaseException) -> CanonicalizationError | None:
    """pyld wraps errors raised in its callbacks; find ours in the chain."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, CanonicalizationError):
            return current
        seen.add(id(current))
        current = getattr(current, "cause", None) or current.__cause__ or current.__context__
    return None
