"""Every GraphQL error leaves with a stable `extensions.code`; unexpected ones are masked."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.extensions import SchemaExtension
from strawberry.types.execution import ExecutionContext

from graph.core.errors import ErrorCode, KringError
from server.logs import request_id_var

log = logging.getLogger(__name__)

# Messages of strawberry's QueryDepthLimiter, MaxAliasesLimiter and MaxTokensLimiter, and of
# graphql-core's MaxIntrospectionDepthRule (the depth limiter ignores introspection fields).
_TOO_COMPLEX = re.compile(
    r"exceeds maximum operation depth|aliases found\. Allowed"
    r"|Document contains more than \d+ tokens|Maximum introspection depth exceeded"
)
_BAD_VARIABLE = re.compile(r"^Variable '\$")
# graphql-core's hints name fields and types that exist; in production nobody is told.
_SUGGESTION = re.compile(r" Did you mean [^?]*\?")


def classify(error: GraphQLError) -> ErrorCode:
    original = error.original_error
    if isinstance(original, KringError):
        return original.code
    if _TOO_COMPLEX.search(error.message):
        return ErrorCode.QUERY_TOO_COMPLEX
    if isinstance(error, GraphQLSyntaxError) or isinstance(original, GraphQLSyntaxError):
        return ErrorCode.GRAPHQL_PARSE_FAILED
    if _BAD_VARIABLE.search(error.message):
        return ErrorCode.BAD_USER_INPUT
    if original is None or isinstance(original, GraphQLError):
        return ErrorCode.GRAPHQL_VALIDATION_FAILED
    return ErrorCode.INTERNAL_SERVER_ERROR


def shape(error: GraphQLError, *, suggestions: bool = True) -> GraphQLError:
    """The error as the client sees it: known failures explained, the rest masked."""
    code = classify(error)
    extensions: dict[str, Any] = {"code": code.value}
    if code is ErrorCode.INTERNAL_SERVER_ERROR:
        extensions["requestId"] = request_id_var.get()
        return GraphQLError(
            "Internal server error; quote the requestId when reporting it.",
            nodes=error.nodes,
            path=error.path,
            extensions=extensions,
        )
    original = error.original_error
    if isinstance(original, KringError) and original.field:
        extensions["field"] = original.field
    if isinstance(original, KringError) and original.reason:
        extensions["reason"] = str(original.reason)
    message = error.message if suggestions else _SUGGESTION.sub("", error.message)
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions=extensions,
    )


class ErrorCodes(SchemaExtension):
    suggestions = True

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            result.errors = [shape(e, suggestions=self.suggestions) for e in result.errors]

    def on_stream_result(self, result: Any) -> Iterator[None]:
        """Each result of a subscription leaves shaped too."""
        if getattr(result, "errors", None):
            result.errors = [shape(e, suggestions=self.suggestions) for e in result.errors]
        yield None


class QuietErrorCodes(ErrorCodes):
    """As ErrorCodes, without "did you mean" hints (production)."""

    suggestions = False


def log_errors(errors: list[GraphQLError], execution_context: ExecutionContext | None) -> None:
    """Log unexpected errors in full with the request id; expected ones only at debug."""
    for error in errors:
        if classify(error) is ErrorCode.INTERNAL_SERVER_ERROR:
            log.error(
                "unexpected GraphQL error",
                exc_info=error.original_error or error,
                extra={"path": error.path},
            )
        else:
            log.debug("GraphQL error", extra={"error": error.message, "path": error.path})
