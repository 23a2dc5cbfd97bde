"""Domain errors: each carries a message a person can act on and a stable code for the API."""

from __future__ import annotations


class AppealError(Exception):
    code = "appeal_error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code:
            self.code = code


class IllegalTransition(AppealError):
    code = "illegal_transition"


class NotAllowed(AppealError):
    """The actor may not do this to this appeal (e.g. an officer extending a term)."""

    code = "not_allowed"


class InvalidInput(AppealError):
    code = "invalid"
