"""GraphQL documents without re-doing work: each is parsed and validated once per process,
and the web app's are persisted, so it sends a document's SHA-256 instead of its text.

Wire format: Apollo's persisted queries, `"extensions": {"persistedQuery": {"version": 1,
"sha256Hash": "<hex>"}}`, over HTTP and graphql-transport-ws alike (where graphql-ws insists
on a `query`, it is sent empty). The hashes are those of the web build's manifest.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Final

from cachetools import LRUCache
from graphql import DocumentNode, GraphQLError
from strawberry.extensions import SchemaExtension

from graph.core.errors import ErrorCode, KringError

# A document's tree costs ~70-130 bytes per character of its text, so only texts up to this
# many characters are kept (2.3 times the web app's largest): a full cache of the default 256
# stays under ~70 MB however the documents it is sent are made up.
MAX_CACHED_CHARACTERS: Final = 2048

SHA256_HEX: Final = re.compile(r"[0-9a-f]{64}")


def document_hash(text: str) -> str:
    """The SHA-256 (hex) of a document's text: the cache's key and a persisted document's id."""
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class Prepared:
    """A parsed document and, once validated, its validation errors (an empty list: valid)."""

    document: DocumentNode
    errors: list[GraphQLError] | None = None


class DocumentCache:
    """Prepared documents by their text's SHA-256, shared by every request of the process,
    the least recently used dropped first past `size` (0: nothing is kept)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: LRUCache[str, Prepared] = LRUCache(maxsize=max(size, 1))

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: str) -> Prepared | None:
        return self._entries.get(key)

    def put(self, key: str, prepared: Prepared) -> None:
        if self.size:
            self._entries[key] = prepared


class CachedDocuments(SchemaExtension):
    """Reuses the tree and the validation result (errors included) of a document seen before;
    the limits (tokens while parsing, depth and aliases while validating) ran the first time."""

    def __init__(self, cache: DocumentCache) -> None:
        self.cache = cache
        self.prepared: Prepared | None = None

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        text = context.query
        if not text or len(text) > MAX_CACHED_CHARACTERS or not self.cache.size:
            yield
            return
        key = document_hash(text)
        self.prepared = self.cache.get(key)
        if self.prepared is not None:
            context.graphql_document = self.prepared.document  # strawberry then skips parsing
        yield
        if self.prepared is None and context.graphql_document is not None:
            # A text that does not parse is not kept: parsing stops at its first error.
            self.prepared = Prepared(context.graphql_document)
            self.cache.put(key, self.prepared)

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        prepared = self.prepared
        if prepared is not None and prepared.errors is not None:
            # A copy: strawberry and the error extensions replace a result's list, but the
            # cached one must outlive every request.
            context.pre_execution_errors = list(prepared.errors)  # strawberry skips validation
        yield
        if prepared is not None and prepared.errors is None:
            prepared.errors = list(context.pre_execution_errors or [])


class PersistedQueryNotFound(KringError):
    code = ErrorCode.PERSISTED_QUERY_NOT_FOUND


class PersistedQueryNotInList(KringError):
    code = ErrorCode.PERSISTED_QUERY_NOT_IN_LIST


class BadPersistedQuery(KringError):
    code = ErrorCode.BAD_REQUEST


@dataclass(frozen=True)
class PersistedDocuments:
    """The web build's documents by hash (read when first needed, as the build is), and
    whether only they are accepted (trusted documents)."""

    manifest: Callable[[], Mapping[str, str]]
    trusted: bool

    def text_for(self, query: str | None, extensions: object) -> str | None:
        """The text to run for a request's `query` and `extensions`, or a KringError saying
        why none runs; no query and no hash stays None, for strawberry to refuse."""
        persisted = extensions.get("persistedQuery") if isinstance(extensions, dict) else None
        if persisted is None:
            if self.trusted and query and document_hash(query) not in self.manifest():
                raise PersistedQueryNotInList(
                    "Only the web app's own documents are accepted here: send the "
                    "persisted document's sha256Hash."
                )
            return query
        sha256 = _sha256_hash(persisted)
        if query and document_hash(query) != sha256:
            raise BadPersistedQuery("The persistedQuery's sha256Hash is not that of the query.")
        text = self.manifest().get(sha256)
        if text is not None:
            return text
        if query and not self.trusted:
            return query  # its hash checked above: any document may run here
        raise PersistedQueryNotFound("PersistedQueryNotFound: no document has that sha256Hash.")


def _sha256_hash(persisted: object) -> str:
    if (
        not isinstance(persisted, dict)
        or persisted.get("version") != 1
        or not isinstance(persisted.get("sha256Hash"), str)
        or SHA256_HEX.fullmatch(persisted["sha256Hash"]) is None
    ):
        raise BadPersistedQuery(
            'extensions.persistedQuery must be {"version": 1, "sha256Hash": <64 lowercase hex '
            "digits>}."
        )
    sha256: str = persisted["sha256Hash"]
    return sha256


def read_manifest(raw: object, source: str) -> dict[str, str]:
    """GraphQL Code Generator's persisted-documents.json ({"sha256:<hex>": text}) by hex;
    ValueError unless every key is the SHA-256 of its text."""
    if not isinstance(raw, dict):
        raise ValueError(f"{source} is not an object of documents by hash")
    documents: dict[str, str] = {}
    for key, text in raw.items():
        sha256 = str(key).removeprefix("sha256:")
        if not isinstance(text, str) or document_hash(text) != sha256:
            raise ValueError(f"{source}: {key} is not the SHA-256 of its document")
        documents[sha256] = text
    return documents
