"""Reading a GeoReport request's parameters: the ones each method knows, the jurisdiction, lists
declared comma-delimited or repeated, w3 dates, pages. Every mistake is an `Open311Error` that
names the parameter; an empty parameter is the same as one not sent (the specification's
"Optional Arguments")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from appeals.open311.errors import bad_request, not_found

# Sent by many clients on every call; accepted everywhere (and the api_key ignored on reads).
COMMON = ("jurisdiction_id", "lang", "api_key")
# Parameters that may be declared several times (repeated or comma-delimited).
LISTS = frozenset({"service_request_id", "service_code", "status"})
LANGUAGES = frozenset(code for code, _name in settings.LANGUAGES)
PARAMETER_NAME_LIMIT = 100


def check_known(params: QueryDict, allowed: Collection[str]) -> None:
    """An unknown parameter, or a single-valued one given twice, is a 400 naming it."""
    for name in params:
        if name not in allowed:
            raise bad_request(
                _("Unknown parameter “%(name)s”. This method accepts: %(allowed)s.")
                % {"name": name[:PARAMETER_NAME_LIMIT], "allowed": ", ".join(sorted(allowed))}
            )
        if name not in LISTS and len(params.getlist(name)) > 1:
            raise bad_request(_("The parameter “%(name)s” was given more than once.") % {"name": name})


def single(params: QueryDict, name: str) -> str:
    return (params.get(name) or "").strip()


def values(params: QueryDict, name: str) -> list[str]:
    """Every value of a list parameter, whether repeated or comma-delimited, blanks dropped."""
    found: list[str] = []
    for declared in params.getlist(name):
        found.extend(part.strip() for part in declared.split(","))
    return [value for value in found if value]


def check_jurisdiction(*sources: QueryDict) -> None:
    """This endpoint serves one jurisdiction: none given is fine, another one is not found."""
    expected = settings.OPEN311_JURISDICTION
    for params in sources:
        given = single(params, "jurisdiction_id")
        if given and given.lower() != expected.lower():
            raise not_found(
                _("The jurisdiction_id “%(given)s” was not found; this endpoint serves “%(expected)s”.")
                % {"given": given[:PARAMETER_NAME_LIMIT], "expected": expected}
            )


def language(*sources: QueryDict) -> str | None:
    """The language asked for with `lang`, or None (then Accept-Language decides)."""
    for params in sources:
        asked = single(params, "lang")
        if asked:
            if asked not in LANGUAGES:
                raise bad_request(
                    _("Unknown language “%(lang)s”; use one of: %(languages)s.")
                    % {"lang": asked[:PARAMETER_NAME_LIMIT], "languages": ", ".join(sorted(LANGUAGES))}
                )
            return asked
    return None


def w3_datetime(params: QueryDict, name: str, *, end_of_day: bool = False) -> dt.datetime | None:
    """A w3 date-time with its offset (2010-01-01T00:00:00Z, 2010-01-01T05:00:00+05:00) or a
    whole day (2010-01-01: from its start, or to its end for an end date, in the portal's time
    zone)."""
    text = single(params, name)
    if not text:
        return None
    invalid = bad_request(
        _(
            "%(name)s must be a w3 date and time with its offset, e.g. 2010-01-01T00:00:00Z, "
            "or a day, e.g. 2010-01-01."
        )
        % {"name": name}
    )
    if len(text) == 10:
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise invalid from None
        if end_of_day:
            day += dt.timedelta(days=1)
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
        return moment - dt.timedelta(microseconds=1) if end_of_day else moment
    if "T" not in text:
        raise invalid
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise invalid from None
    if moment.tzinfo is None:
        raise bad_request(
            _("%(name)s needs its time zone: Z for UTC or an offset such as +05:00.") % {"name": name}
        )
    return moment


@dataclass(frozen=True)
class Period:
    start: dt.datetime
    end: dt.datetime


MAX_SPAN = dt.timedelta(days=90)


def period(params: QueryDict, *, now: dt.datetime) -> Period:
    """The specification's window: at most 90 days; the most recent 90 when neither end is
    given, 90 days from the start or up to the end when only one is."""
    start = w3_datetime(params, "start_date")
    end = w3_datetime(params, "end_date", end_of_day=True)
    if start is None and end is None:
        return Period(start=now - MAX_SPAN, end=now)
    if start is None:
        assert end is not None
        return Period(start=end - MAX_SPAN, end=end)
    if end is None:
        return Period(start=start, end=start + MAX_SPAN)
    if end < start:
        raise bad_request(_("end_date is before start_date."))
    if end - start > MAX_SPAN:
        raise bad_request(_("start_date and end_date may not span more than 90 days."))
    return Period(start=start, end=end)


def positive_int(params: QueryDict, name: str, *, default: int, maximum: int) -> int:
    text = single(params, name)
    if not text:
        return default
    if not text.isdigit() or len(text) > 9 or not 1 <= int(text) <= maximum:
        raise bad_request(
            _("%(name)s must be a whole number from 1 to %(maximum)d.") % {"name": name, "maximum": maximum}
        )
    return int(text)


def choices(params: QueryDict, name: str, allowed: Iterable[str]) -> list[str]:
    allowed = list(allowed)
    given = values(params, name)
    for value in given:
        if value not in allowed:
            raise bad_request(
                _("%(name)s “%(value)s” is not one of: %(allowed)s.")
                % {"name": name, "value": value[:PARAMETER_NAME_LIMIT], "allowed": ", ".join(allowed)}
            )
    return given
