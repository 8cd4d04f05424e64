"""JSON-LD canonicalisation over the bundled contexts: nothing is fetched at run time."""

from __future__ import annotations

import json
import threading
from functools import cache
from importlib import resources
from typing import Any

from cachetools import LRUCache
from frozendict import frozendict
from pyld import jsonld
from pyld.canon import URDNA2015
from pyld.context_resolver import ContextResolver
from pyld.resolved_context import ResolvedContext

# The standard contexts Kring's credentials use, by the URL each stands for.
CONTEXT_FILES = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob-v3p0-3.0.3.json",
    "https://w3id.org/openbadges/v2": "ob-v2p0.json",
    "https://w3id.org/security/data-integrity/v1": "data-integrity-v1.jsonld",
    "https://w3id.org/security/data-integrity/v2": "data-integrity-v2.jsonld",
    "https://w3id.org/security/multikey/v1": "multikey-v1.jsonld",
    "https://www.w3.org/ns/did/v1": "did-v1.jsonld",
    "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json": "clr-v2p0-2.0.1.json",
    # Kring's OB 3.0 extension for the EU micro-credential elements (README "EU
    # micro-credentials and Europass").
    "https://w3id.org/kring/micro-credential/v1": "kring-micro-credential-v1.jsonld",
    # Europass (ELM v3) credentials: VC 1.1 and the EDC application profile.
    "https://www.w3.org/2018/credentials/v1": "credentials-v1.jsonld",
    "http://data.europa.eu/snb/model/context/edc-ap": "edc-ap-context.jsonld",
}
CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
MICRO_CREDENTIAL_V1 = "https://w3id.org/kring/micro-credential/v1"
CREDENTIALS_V1 = "https://www.w3.org/2018/credentials/v1"
EDC_AP = "http://data.europa.eu/snb/model/context/edc-ap"
DATA_INTEGRITY_V2 = "https://w3id.org/security/data-integrity/v2"


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
def _context_text(url: str) -> str:
    name = CONTEXT_FILES.get(url)
    if name is None:
        raise UnknownContextError(f"Unknown JSON-LD context {url!r}; Kring fetches none.")
    return resources.files("badges").joinpath("contexts", name).read_text(encoding="utf-8")


def local_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld document loader serving only the bundled contexts, each load a fresh copy (pyld
    edits what it loads in place)."""
    document: dict[str, Any] = json.loads(_context_text(url))
    return {"contextUrl": None, "documentUrl": url, "document": document}


class ImportRefusedError(CanonicalizationError):
    """A credential's own context @imports another: pyld would merge it into the imported
    context in place, so Kring refuses it (no credential it signs or knows of needs it)."""


# Processed contexts kept per thread: the bundled contexts applied on top of each other as
# credentials nest them (19 for Kring's own); bounded, as nesting is the sender's choice.
MAX_PROCESSED_CONTEXTS = 256
# pyld keeps its empty initial context module-wide, made on first use: made here, at import,
# so threads starting at once cannot each make (and replace) one.
_INITIAL: Any = jsonld.JsonLdProcessor()._get_initial_context({"processingMode": "json-ld-1.1"})


class _Prepared:
    """The bundled contexts resolved and processed once per thread, never shared across
    threads: pyld's own caches are module-wide and not thread-safe, and an untrusted
    document's contexts never enter these (they are resolved anew for each document)."""

    def __init__(self) -> None:
        resolver = ContextResolver({}, local_loader)
        self.by_url: dict[str, list[ResolvedContext]] = {
            url: resolver.resolve(_INITIAL, url, "") for url in CONTEXT_FILES
        }
        # Every object inside the bundled contexts (scoped contexts among them), by identity:
        # these live as long as this object, so an id is never reused for another one.
        self.objects: dict[int, list[Any]] = {}
        for resolved in self.by_url.values():
            for context in resolved:
                self._register(context.document, context)
        # (active context's _uuid, bundled context, flags) -> the processed active context;
        # and the _uuids of active contexts made from the bundled contexts alone.
        self.processed: LRUCache[tuple[Any, ...], Any] = LRUCache(MAX_PROCESSED_CONTEXTS)
        self.pure: LRUCache[str, bool] = LRUCache(MAX_PROCESSED_CONTEXTS)
        self.pure[_INITIAL["_uuid"]] = True

    def _register(self, document: Any, resolved: ResolvedContext | None = None) -> None:
        stack = [(document, resolved)]
        while stack:
            value, known = stack.pop()
            if isinstance(value, dict | frozendict):
                self.objects.setdefault(id(value), [value, known])
                stack.extend((v, None) for v in value.values())
            elif isinstance(value, list):
                stack.extend((v, None) for v in value)

    def bundled(self, context: Any) -> list[Any] | None:
        """[the object, its ResolvedContext] when `context` is part of a bundled context."""
        entry = self.objects.get(id(context))
        if entry is None or entry[0] is not context:
            return None
        if entry[1] is None:
            entry[1] = ResolvedContext(context)
        return entry

    def key(self, context: Any) -> Any:
        """A memo key for a local context made of bundled contexts only, else None."""
        if isinstance(context, str):
            return context if context in self.by_url else None
        if isinstance(context, list):
            if all(isinstance(c, str) and c in self.by_url for c in context):
                return tuple(context)
            return None
        return id(context) if self.bundled(context) is not None else None


_threads = threading.local()


def _prepared() -> _Prepared:
    found: _Prepared | None = getattr(_threads, "prepared", None)
    if found is None:
        found = _threads.prepared = _Prepared()
    return found


def prepare() -> None:
    """Resolve and process the bundled contexts for this thread now, not on first use."""
    _prepared()


class _Resolver(ContextResolver):  # type: ignore[misc]
    """Bundled contexts from this thread's prepared ones; anything else resolved for this
    document only (pyld's module-wide cache is neither used nor changed)."""

    def __init__(self, prepared: _Prepared) -> None:
        super().__init__({}, local_loader)
        self.prepared = prepared

    def resolve(
        self, active_ctx: Any, context: Any, base: str, cycles: set[str] | None = None
    ) -> list[ResolvedContext]:
        if isinstance(context, dict | frozendict) and "@context" in context:
            context = context["@context"]
        found: list[ResolvedContext] = []
        for ctx in context if isinstance(context, list) else [context]:
            if isinstance(ctx, str) and ctx in self.prepared.by_url:
                found.extend(self.prepared.by_url[ctx])
                continue
            entry = self.prepared.bundled(ctx)
            if entry is not None:
                found.append(entry[1])
                continue
            found.extend(super().resolve(active_ctx, ctx, base, cycles))
        return found


def _imports(context: Any) -> bool:
    """Whether a local context (or any in its list, or under its @context) uses @import."""
    stack = [context]
    while stack:
        value = stack.pop()
        if isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, dict | frozendict):
            if "@import" in value:
                return True
            if "@context" in value:
                stack.append(value["@context"])
    return False


class _Processor(jsonld.JsonLdProcessor):  # type: ignore[misc]
    """pyld's processor in safe mode that processes each bundled context on top of another
    once per thread: credentials apply the same few type-scoped contexts on every node,
    which pyld alone processes anew each time."""

    def __init__(self, prepared: _Prepared) -> None:
        super().__init__(on_property_dropped=_refuse_dropped)
        self.prepared = prepared

    def _process_context(
        self,
        active_ctx: Any,
        local_ctx: Any,
        options: dict[str, Any],
        override_protected: bool = False,
        propagate: bool = True,
        validate_scoped: bool = True,
        cycles: set[str] | None = None,
    ) -> Any:
        prepared = self.prepared
        local = prepared.key(local_ctx)
        if local is None and _imports(local_ctx):
            raise ImportRefusedError("A credential's own context may not use @import.")
        key = None
        uuid = active_ctx.get("_uuid") if isinstance(active_ctx, frozendict) else None
        if local is not None and uuid is not None and uuid in prepared.pure:
            flags = (options.get("base"), override_protected, propagate, validate_scoped)
            key = (uuid, local, *flags)
            done = prepared.processed.get(key)
            if done is not None:
                return done
        result = super()._process_context(
            active_ctx,
            local_ctx,
            options,
            override_protected,
            propagate,
            validate_scoped,
            cycles,
        )
        if key is not None and isinstance(result, frozendict) and "_uuid" in result:
            prepared.processed[key] = result
            prepared.pure[result["_uuid"]] = True
        return result


def _refuse_dropped(term: str | None) -> None:
    raise UndefinedTermError(f"The property {term!r} is not defined by any context.")


def canonicalize(document: dict[str, Any]) -> str:
    """RDFC-1.0 (URDNA2015) canonical N-Quads, in "safe mode": undefined terms are errors;
    TooComplexError for a graph that needs unbounded work."""
    prepared = _prepared()
    try:
        # As pyld's normalize, with the canonicalisation step bounded.
        dataset = _Processor(prepared).to_rdf(
            document,
            {
                "documentLoader": local_loader,
                "contextResolver": _Resolver(prepared),
                "produceGeneralizedRdf": False,
            },
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
