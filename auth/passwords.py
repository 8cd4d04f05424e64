"""Passwords: argon2id hashes, and the rules a new password must meet."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from graph.core.errors import BadUserInput

MIN_LENGTH = 10
MAX_LENGTH = 256
_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# Verified against when the e-mail is unknown, so both answers take as long.
_DUMMY = _hasher.hash("kring-dummy-password-for-timing")


def check_new_password(password: str, email: str) -> None:
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        raise BadUserInput(
            f"A password has {MIN_LENGTH} to {MAX_LENGTH} characters.", field="password"
        )
    if password.strip().lower() == email.strip().lower():
        raise BadUserInput("The password must not be your e-mail address.", field="password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """True if it matches; always does the same work, also when there is no stored hash."""
    try:
        return _hasher.verify(stored or _DUMMY, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False
