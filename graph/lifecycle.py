"""The state machines of organisations, opportunities and applications: one place for all."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from graph.errors import Conflict
from graph.vocabulary import ApplicationStatus, OpportunityStatus, OrganisationStatus


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
