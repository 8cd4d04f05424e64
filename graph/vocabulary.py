"""Controlled vocabularies shared by the graph and the API."""

from __future__ import annotations

import enum


class Domain(enum.StrEnum):
    """Gentlestudent's five learning domains; add a member (and demo data) to extend."""

    DIGITAL_LITERACY = "DIGITAL_LITERACY"
    SUSTAINABILITY = "SUSTAINABILITY"
    ENTREPRENEURIAL_SPIRIT = "ENTREPRENEURIAL_SPIRIT"
    RESEARCH = "RESEARCH"
    GLOBAL_CITIZENSHIP = "GLOBAL_CITIZENSHIP"


class Level(enum.IntEnum):
    BEGINNER = 1
    INTERMEDIATE = 2
    EXPERT = 3


class OpportunityStatus(enum.StrEnum):
    DRAFT = "DRAFT"
    SUBMITTED = "SUBMITTED"
    PUBLISHED = "PUBLISHED"
    REJECTED = "REJECTED"
    CLOSED = "CLOSED"
    ARCHIVED = "ARCHIVED"


class OrganisationStatus(enum.StrEnum):
    PENDING = "PENDING"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"


class Role(enum.StrEnum):
    """A person's role in an organisation (ADMIN, SUPERVISOR) or a university (the rest)."""

    ADMIN = "ADMIN"
    SUPERVISOR = "SUPERVISOR"
    MODERATOR = "MODERATOR"
    CURATOR = "CURATOR"
    TEACHER = "TEACHER"


class ApplicationStatus(enum.StrEnum):
    PENDING = "PENDING"
    ACCEPTED = "ACCEPTED"
    REJECTED = "REJECTED"
    WITHDRAWN = "WITHDRAWN"
    COMPLETED = "COMPLETED"
    NO_SHOW = "NO_SHOW"


class Relationship(enum.StrEnum):
    """Who an endorser is to the learner; endorsement policies count these."""

    TEACHER = "TEACHER"
    SUPERVISOR = "SUPERVISOR"
    PEER = "PEER"
    OTHER = "OTHER"


ORGANISATION_ROLES = frozenset({Role.ADMIN, Role.SUPERVISOR})
UNIVERSITY_ROLES = frozenset({Role.MODERATOR, Role.CURATOR, Role.TEACHER})


class Visibility(enum.StrEnum):
    """Who may see a claim or badge: only its learner, anyone with its link, everyone."""

    PRIVATE = "PRIVATE"
    LINK = "LINK"
    PUBLIC = "PUBLIC"


class Tier(enum.StrEnum):
    SELF_ASSERTED = "SELF_ASSERTED"
    COMMUNITY = "COMMUNITY"
    OFFICIAL = "OFFICIAL"


class ClaimKind(enum.StrEnum):
    PARTICIPATION = "PARTICIPATION"
    SELF_ASSERTED = "SELF_ASSERTED"
