"""The state machines of organisations, opportunities, applications and claims: one place."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from graph.core.errors import Conflict
from graph.core.vocabulary import (
    UNDECIDED_CLAIM,
    ApplicationStatus,
    ClaimStatus,
    OpportunityStatus,
    OrganisationStatus,
    QuestStatus,
)


@dataclass(frozen=True)
class StateMachine:
    noun: str
    # action -> (states it is allowed from, resulting state; None keeps the state)
    transitions: Mapping[str, tuple[frozenset[str], str | None]]

    def next(self, action: str, current: str) -> str:
        """The state after `action`, or CONFLICT saying why it is not allowed now."""
        allowed_from, target = self.transitions[action]
        if current not in allowed_from:
            choices = " or ".join(sorted(allowed_from))
            raise Conflict(
                f"Cannot {action.replace('_', ' ')} {self.noun} that is {current}; "
                f"it must be {choices}."
            )
        return target or current


ORGANISATION = StateMachine(
    "an organisation",
    {
        "approve": (frozenset({OrganisationStatus.PENDING}), OrganisationStatus.APPROVED),
        "reject": (frozenset({OrganisationStatus.PENDING}), OrganisationStatus.REJECTED),
    },
)

_O = OpportunityStatus
OPPORTUNITY = StateMachine(
    "an opportunity",
    {
        "edit": (frozenset({_O.DRAFT, _O.REJECTED, _O.PUBLISHED}), None),
        "submit": (frozenset({_O.DRAFT, _O.REJECTED}), _O.SUBMITTED),
        "publish": (frozenset({_O.SUBMITTED}), _O.PUBLISHED),
        "reject": (frozenset({_O.SUBMITTED}), _O.REJECTED),
        "close": (frozenset({_O.PUBLISHED}), _O.CLOSED),
        "archive": (frozenset({_O.DRAFT, _O.REJECTED, _O.CLOSED}), _O.ARCHIVED),
        "apply to": (frozenset({_O.PUBLISHED}), None),
    },
)

_A = ApplicationStatus
APPLICATION = StateMachine(
    "an application",
    {
        "accept": (frozenset({_A.PENDING}), _A.ACCEPTED),
        "reject": (frozenset({_A.PENDING}), _A.REJECTED),
        "complete": (frozenset({_A.ACCEPTED}), _A.COMPLETED),
        "mark_no_show": (frozenset({_A.ACCEPTED}), _A.NO_SHOW),
        "withdraw": (frozenset({_A.PENDING, _A.ACCEPTED}), _A.WITHDRAWN),
    },
)

# Applications in these states hold one of the opportunity's places.
HOLDS_A_PLACE = frozenset({_A.PENDING, _A.ACCEPTED, _A.COMPLETED, _A.NO_SHOW})

_C = ClaimStatus
_UNDECIDED = UNDECIDED_CLAIM
# A claim collects endorsements while OPEN. Once its policy is met it is issued at once when
# the issuer consented in advance, else it goes to the issuer's reviewers, who approve,
# decline, or return it for revision; a returned claim is revised and resubmitted.
CLAIM = StateMachine(
    "a claim",
    {
        # The learner's working copy changes only while nobody is deciding on it.
        "revise": (frozenset({_C.OPEN, _C.RETURNED}), None),
        "resubmit": (frozenset({_C.RETURNED}), _C.OPEN),
        "withdraw": (_UNDECIDED, _C.WITHDRAWN),
        "invite endorsers to": (_UNDECIDED, None),
        "endorse": (_UNDECIDED, None),
        "withdraw an endorsement from": (_UNDECIDED, None),
        "ask for evidence on": (_UNDECIDED, None),
        "clear a flag on": (_UNDECIDED, None),
        # Kring's own moves when the endorsements change (see graph.issuance.advance).
        "submit": (frozenset({_C.OPEN}), _C.IN_REVIEW),
        "issue": (frozenset({_C.OPEN}), _C.ISSUED),
        "reopen": (frozenset({_C.IN_REVIEW}), _C.OPEN),
        # The issuer's reviewers.
        "approve": (frozenset({_C.IN_REVIEW}), _C.ISSUED),
        "decline": (frozenset({_C.IN_REVIEW}), _C.DECLINED),
        "return": (frozenset({_C.IN_REVIEW}), _C.RETURNED),
        # Peer assessment (graph.peer_assessment): its reviews, or staff on a dispute.
        "decline on review": (frozenset({_C.OPEN}), _C.DECLINED),
    },
)

_Q = QuestStatus
# An OPEN quest past its expiry reads EXPIRED (graph.quests), which allows nothing but reading.
QUEST = StateMachine(
    "a quest",
    {
        "offer help on": (frozenset({_Q.OPEN}), None),
        "withdraw an offer on": (frozenset({_Q.OPEN, _Q.ACCEPTED, _Q.HIDDEN}), None),
        "accept a helper on": (frozenset({_Q.OPEN}), _Q.ACCEPTED),
        "complete": (frozenset({_Q.ACCEPTED}), _Q.DONE),
        "close": (frozenset({_Q.OPEN, _Q.ACCEPTED, _Q.HIDDEN, _Q.EXPIRED}), _Q.CLOSED),
        "report": (frozenset({_Q.OPEN}), _Q.HIDDEN),
        "restore": (frozenset({_Q.HIDDEN}), _Q.OPEN),
        "close after review": (frozenset({_Q.HIDDEN}), _Q.CLOSED),
    },
)
