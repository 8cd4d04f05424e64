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
    PATHWAY = "PATHWAY"  # made by Kring when a learner holds everything a meta-badge requires
    CLAIM_CODE = "CLAIM_CODE"  # made by Kring when a learner redeems an issuer's claim code
    ON_THE_SPOT = "ON_THE_SPOT"  # a teacher or supervisor issued it where they saw the learning
    QUEST = "QUEST"  # made for the helper when a quest's giver marks it done (graph.quests)


class ClaimStatus(enum.StrEnum):
    """Where a claim stands on its way to a badge (see graph.lifecycle.CLAIM)."""

    OPEN = "OPEN"  # collecting endorsements
    IN_REVIEW = "IN_REVIEW"  # meets its policy; waiting for the issuer's decision
    RETURNED = "RETURNED"  # the issuer asked for more; the learner revises
    ISSUED = "ISSUED"
    DECLINED = "DECLINED"
    WITHDRAWN = "WITHDRAWN"


# Claims in these states can still change: endorsements, evidence requests, flags.
UNDECIDED_CLAIM = frozenset({ClaimStatus.OPEN, ClaimStatus.IN_REVIEW, ClaimStatus.RETURNED})


class Consent(enum.StrEnum):
    """How the issuer agreed to a badge signed with its key; recorded on every badge."""

    REVIEWED = "REVIEWED"  # a reviewer of the issuer approved this claim
    OWN_PARTICIPATION = "OWN_PARTICIPATION"  # the class issues its own completed participations
    PATHWAY_COMPLETED = "PATHWAY_COMPLETED"  # the meta-badge issues itself once all are held
    COMMUNITY_POLICY = "COMMUNITY_POLICY"  # a learner's own claim under the university's policy
    CLAIM_CODE = "CLAIM_CODE"  # a claim code the issuer's staff made (its id is on the badge)
    ON_THE_SPOT = "ON_THE_SPOT"  # a member acting in their role issued it from a template
    # The university enabled Helping hand: its quest badges issue once their policy is met.
    HELPING_HAND = "HELPING_HAND"
    # The issuer switched peer assessment on for the class: enough passing peer reviews issue.
    PEER_ASSESSED = "PEER_ASSESSED"


class ClaimMessageKind(enum.StrEnum):
    """An entry in a claim's conversation between learner, reviewers and endorsers."""

    RETURNED = "RETURNED"
    DECLINED = "DECLINED"
    APPROVED = "APPROVED"
    RESUBMITTED = "RESUBMITTED"
    EVIDENCE_REQUESTED = "EVIDENCE_REQUESTED"


class FlagReason(enum.StrEnum):
    """Why an endorsement does not count until a curator clears it."""

    RECIPROCAL = "RECIPROCAL"  # the learner endorsed the endorser back
    CYCLE = "CYCLE"  # endorser -> learner -> someone -> endorser


class QuestStatus(enum.StrEnum):
    """Where a quest stands; EXPIRED is never stored: an OPEN quest past `expiresAt` reads so."""

    OPEN = "OPEN"
    ACCEPTED = "ACCEPTED"
    DONE = "DONE"
    CLOSED = "CLOSED"
    EXPIRED = "EXPIRED"
    HIDDEN = "HIDDEN"


class QuestOfferStatus(enum.StrEnum):
    PENDING = "PENDING"
    ACCEPTED = "ACCEPTED"
    DECLINED = "DECLINED"
    WITHDRAWN = "WITHDRAWN"


class QuestRole(enum.StrEnum):
    GIVER = "GIVER"
    HELPER = "HELPER"
