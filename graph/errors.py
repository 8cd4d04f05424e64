"""The domain's error vocabulary; the API exposes each code as `extensions.code`."""

from __future__ import annotations

import enum


class ErrorCode(enum.StrEnum):
    BAD_USER_INPUT = "BAD_USER_INPUT"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    CONFLICT = "CONFLICT"
    PREREQUISITES_NOT_MET = "PREREQUISITES_NOT_MET"
    QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
    GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"


class KringError(Exception):
    """An expected failure whose message is safe to show to the caller."""

    code: ErrorCode = ErrorCode.INTERNAL_SERVER_ERROR

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class BadUserInput(KringError):
    code = ErrorCode.BAD_USER_INPUT


class Unauthenticated(KringError):
    code = ErrorCode.UNAUTHENTICATED


class Forbidden(KringError):
    code = ErrorCode.FORBIDDEN


class NotFound(KringError):
    code = ErrorCode.NOT_FOUND


class Conflict(KringError):
    code = ErrorCode.CONFLICT


class PrerequisitesNotMet(KringError):
    """The badge class stacks on badges the learner does not hold (yet)."""

    code = ErrorCode.PREREQUISITES_NOT_MET
