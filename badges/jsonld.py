"""JSON-LD canonicalisation over the bundled contexts: nothing is fetched at run time."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from pyld import jsonld

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
    """RDFC-1.0 (URDNA2015) canonical N-Quads, in "safe mode": undefined terms are errors."""
    processor = jsonld.JsonLdProcessor(on_property_dropped=_refuse_dropped)
    try:
        result: str = processor.normalize(
            document,
            {
                "algorithm": "URDNA2015",
                "format": "application/n-quads",
                "documentLoader": local_loader,
            },
        )
    except jsonld.JsonLdError as exc:
        ours = _our_cause(exc)
        if ours is not None:
            raise ours from exc
        raise CanonicalizationError(f"The document is not valid JSON-LD: {exc}") from exc
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
