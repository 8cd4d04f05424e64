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
    FIELD_FROZEN = "FIELD_FROZEN"
    VERIFICATION_TOO_COMPLEX = "VERIFICATION_TOO_COMPLEX"
    # About the HTTP request itself, before any GraphQL: an unreadable or oversized body, and
    # the database out of reach.
    BAD_REQUEST = "BAD_REQUEST"
    PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
    SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
    QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
    GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
    # Persisted documents: a hash the server does not know, and (trusted documents only) a
    # document that is not one of the web build's.
    PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
    PERSISTED_QUERY_NOT_IN_LIST = "PERSISTED_QUERY_NOT_IN_LIST"


class Reason(enum.StrEnum):
    """Why a CONFLICT, where a client tells people in their own language (`extensions.reason`):
    the English message may change, these never do."""

    HELPING_HAND_OFF = "HELPING_HAND_OFF"
    DAILY_LIMIT = "DAILY_LIMIT"
    TOO_MANY_ATTEMPTS = "TOO_MANY_ATTEMPTS"
    CODE_WITHDRAWN = "CODE_WITHDRAWN"
    CODE_EXPIRED = "CODE_EXPIRED"
    CODE_ALREADY_REDEEMED = "CODE_ALREADY_REDEEMED"
    CODE_USED_UP = "CODE_USED_UP"
    ISSUER_NOT_APPROVED = "ISSUER_NOT_APPROVED"
    BADGE_ALREADY_HELD = "BADGE_ALREADY_HELD"
    NOT_BY_CODE = "NOT_BY_CODE"  # the class is not (or no longer) handed out by claim code


class KringError(Exception):
    """An expected failure whose message is safe to show to the caller."""

    code: ErrorCode = ErrorCode.INTERNAL_SERVER_ERROR

    def __init__(
        self, message: str, *, field: str | None = None, reason: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        # A finer, stable reason within the code (e.g. an import's TOO_BIG or PRIVATE_ADDRESS).
        self.reason = reason


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


class FieldFrozen(KringError):
    """The field may no longer change (e.g. a badge class's name once badges were issued)."""

    code = ErrorCode.FIELD_FROZEN


class VerificationTooComplex(KringError):
    """Checking the credential would take unbounded work; it is refused, not worked on."""

    code = ErrorCode.VERIFICATION_TOO_COMPLEX


class ServiceUnavailable(KringError):
    """The database is out of reach: nothing was changed, or (a write) it is unknown."""

    code = ErrorCode.SERVICE_UNAVAILABLE
