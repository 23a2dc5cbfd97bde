"""GeoReport errors: a refusal carries the HTTP status and one or more (code, description)
pairs, rendered as the specification's `errors`/`error` document in the format asked for."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from portal.domain_errors import DomainError, http_status


@dataclass(frozen=True)
class ErrorItem:
    code: int | str
    description: str


class Open311Error(Exception):
    """A request the endpoint refuses. The HTTP status is what the specification asks for
    (404 for what does not exist, 403 for a missing or wrong api_key, 400 for the rest); the
    code in the body is the HTTP status unless a more specific one helps the client."""

    def __init__(
        self, status: int, description: str, *, code: int | str | None = None, retry_after: int | None = None
    ) -> None:
        super().__init__(description)
        self.status = status
        self.retry_after = retry_after  # seconds, for a 429
        self.items: Sequence[ErrorItem] = (ErrorItem(code if code is not None else status, description),)


def bad_request(description: str) -> Open311Error:
    return Open311Error(400, description)


def not_found(description: str) -> Open311Error:
    return Open311Error(404, description)


def forbidden(description: str) -> Open311Error:
    return Open311Error(403, description)


def from_domain_error(error: DomainError) -> Open311Error:
    """A refusal of a service (an unverified e-mail, an incomplete profile, a limit) keeps its
    status and carries the service's stable code, so a client can tell the cases apart."""
    return Open311Error(http_status(error), str(error), code=error.code)
