"""Who is calling: the verified subject of a token, in Starlette's authentication contract."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.authentication import BaseUser


@dataclass(frozen=True)
class Caller(BaseUser):
    """An authenticated person; their roles are read from the graph when a rule needs them."""

    person_id: str
    token_id: str
    scopes: frozenset[str] = frozenset()
    session: str | None = None  # the sign-in (refresh-token family) the token belongs to
    client_id: str | None = None  # set when an OAuth client holds the token, not the person

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def display_name(self) -> str:
        return self.person_id

    @property
    def identity(self) -> str:
        return self.person_id


def session_caller(user: object) -> Caller | None:
    """The caller as an account session: a token granted to a third-party app (it names its
    client, or carries scopes) serves the OB API only and counts as anonymous elsewhere."""
    if not isinstance(user, Caller) or user.client_id is not None or user.scopes:
        return None
    return user
