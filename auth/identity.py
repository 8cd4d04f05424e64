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
    """The caller as an account session: a token granted to a third-party app (it carries
    OAuth scopes) serves the OB API only and counts as anonymous everywhere else."""
    return user if isinstance(user, Caller) and not user.scopes else None
