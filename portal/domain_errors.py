"""The one family of domain errors, for every app: each carries a message a person can act on
and a stable code for the API, and maps to one HTTP status (`http_status`), the same in the API,
the web pages and the admin."""

from __future__ import annotations


class DomainError(Exception):
    """Bad input or a request the rules refuse: 400 unless a subclass says otherwise."""

    code = "error"
    status = 400

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code:
            self.code = code


class InvalidInput(DomainError):
    code = "invalid"


class NotAllowed(DomainError):
    """The actor may not do this to this object (e.g. an officer extending a term)."""

    code = "not_allowed"
    status = 403


class IllegalTransition(DomainError):
    """The object's state does not allow this now (already answered, closed, …)."""

    code = "illegal_transition"
    status = 409


class RateLimited(DomainError):
    """Too many of these from one person or address in the window."""

    code = "rate_limited"
    status = 429


def http_status(error: DomainError) -> int:
    return error.status
