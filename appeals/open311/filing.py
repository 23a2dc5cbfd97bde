"""POST requests.{format}: a citizen's report filed as a real appeal, through `appeal_file`.

Who files is the citizen whose API token is the `api_key` (officials' tokens are refused); every
rule of `appeal_file` applies to them (a confirmed e-mail address, a complete profile) and so
does the filing rate limit of the citizen API. The location a client sends (address_string,
lat/long) and its media_url are written under the description, so the agency sees them;
the contact fields (email, first_name, last_name, phone, device_id, account_id) are not used:
the appeal is filed under the verified account, never under names a client typed."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.http import QueryDict
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from appeals.models import Appeal, Channel
from appeals.open311 import catalogue
from appeals.open311.catalogue import Service
from appeals.open311.errors import bad_request, forbidden, not_found
from appeals.open311.params import PARAMETER_NAME_LIMIT, check_known, single
from appeals.services import appeal_file
from officials.models import Region
from portal.accounts.models import User

# What the specification defines for POST Service Request, plus `lang`.
FIELDS = (
    "api_key",
    "jurisdiction_id",
    "lang",
    "service_code",
    "lat",
    "long",
    "address_string",
    "address_id",
    "email",
    "device_id",
    "account_id",
    "first_name",
    "last_name",
    "phone",
    "description",
    "media_url",
)
ATTRIBUTES = (catalogue.REGION, catalogue.SUBJECT, catalogue.PUBLISH, catalogue.CLIENT_REQUEST_ID)
ATTRIBUTE_FIELD = re.compile(r"attribute\[(?P<code>[^\]]*)\](?P<many>\[\])?")
TOKEN_LENGTH = 40  # DRF's tokens: 40 hexadecimal characters
ADDRESS_LIMIT = 500
MEDIA_URL_LIMIT = 2000
GENERATED_SUBJECT_LIMIT = 100


def citizen_for(api_key: str) -> User:
    """The active citizen whose API token this is; 403 otherwise (the specification's status
    for a missing or invalid api_key)."""
    if not api_key:
        raise forbidden(
            _("api_key is missing: send a citizen's API token (POST /api/v1/auth/token/) as api_key.")
        )
    token = None
    if len(api_key) == TOKEN_LENGTH:
        token = Token.objects.select_related("user").filter(key=api_key).first()
    if token is None or not token.user.is_active:
        raise forbidden(_("Invalid api_key: it is not the API token of any active account."))
    if token.user.is_staff:
        raise forbidden(
            _(
                "This api_key belongs to an official. Reports are filed by citizens: use a "
                "citizen's API token."
            )
        )
    return token.user


def _attributes(form: QueryDict) -> dict[str, str]:
    found: dict[str, str] = {}
    for name in form:
        match = ATTRIBUTE_FIELD.fullmatch(name)
        if match is None:
            continue
        code = match["code"]
        if code not in ATTRIBUTES:
            raise bad_request(
                _("Unknown attribute “%(code)s”. The services' attributes are: %(codes)s.")
                % {"code": code[:PARAMETER_NAME_LIMIT], "codes": ", ".join(ATTRIBUTES)}
            )
        if match["many"] or len(form.getlist(name)) > 1 or code in found:
            raise bad_request(_("The attribute “%(code)s” takes one value.") % {"code": code})
        found[code] = single(form, name)
    return found


def check_fields(form: QueryDict) -> None:
    plain = QueryDict(mutable=True)
    for name in form:
        if ATTRIBUTE_FIELD.fullmatch(name) is None:
            plain.setlist(name, form.getlist(name))
    check_known(plain, FIELDS)


def find_service(form: QueryDict) -> Service:
    code = single(form, "service_code")
    if not code:
        raise bad_request(_("service_code is missing: choose one from services.json or services.xml."))
    service = catalogue.find_service(code)
    if service is None:
        raise not_found(
            _("The service_code “%(code)s” was not found; services.json lists them.")
            % {"code": code[:PARAMETER_NAME_LIMIT]}
        )
    return service


@dataclass(frozen=True)
class Filing:
    service: Service
    region: Region
    subject: str
    text: str
    publish: bool
    client_request_id: str


def _region(service: Service, form: QueryDict, attributes: dict[str, str]) -> Region:
    from_attribute = attributes.get(catalogue.REGION, "").upper()
    from_address = single(form, "address_id").upper()
    if from_attribute and from_address and from_attribute != from_address:
        raise bad_request(_("attribute[region] and address_id name different regions."))
    code = from_attribute or from_address
    if not code:
        if service.agency.region is None:
            raise bad_request(
                _(
                    "attribute[region] is required for this service: the ISO 3166-2 code of the "
                    "region the matter concerns (services/%(code)s.json lists them)."
                )
                % {"code": service.code}
            )
        return service.agency.region
    region = Region.objects.filter(code=code[:10]).first()
    if region is None:
        raise bad_request(
            _("Unknown region “%(code)s”: use an ISO 3166-2 code from the service definition, e.g. KZ-75.")
            % {"code": code[:PARAMETER_NAME_LIMIT]}
        )
    return region


def _coordinate(form: QueryDict, name: str, limit: float) -> float | None:
    text = single(form, name)
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or abs(value) > limit or len(text) > 32:
        raise bad_request(
            _("%(name)s must be a number from -%(limit)d to %(limit)d (WGS84).")
            % {"name": name, "limit": limit}
        )
    return value


def _location_lines(form: QueryDict) -> list[str]:
    lines = []
    address = single(form, "address_string")
    if len(address) > ADDRESS_LIMIT:
        raise bad_request(_("address_string is longer than %(limit)d characters.") % {"limit": ADDRESS_LIMIT})
    if address:
        lines.append(_("Location: %(address)s") % {"address": address})
    lat, long = _coordinate(form, "lat", 90), _coordinate(form, "long", 180)
    if (lat is None) != (long is None):
        raise bad_request(_("lat and long are sent together, or not at all."))
    if lat is not None:
        lines.append(_("Coordinates (WGS84): %(lat)s, %(long)s") % {"lat": lat, "long": long})
    media_url = single(form, "media_url")
    if media_url:
        try:
            if len(media_url) > MEDIA_URL_LIMIT:
                raise ValidationError("too long")
            URLValidator(schemes=["http", "https"])(media_url)
        except ValidationError:
            raise bad_request(_("media_url must be an http or https address.")) from None
        lines.append(_("Media: %(url)s") % {"url": media_url})
    return lines


def _subject_from(description: str) -> str:
    """The description's first line, cut at a word so it reads as a subject."""
    first_line = " ".join(next(line for line in description.splitlines() if line.strip()).split())
    if len(first_line) <= GENERATED_SUBJECT_LIMIT:
        return first_line
    cut = first_line[: GENERATED_SUBJECT_LIMIT - 1].rsplit(" ", 1)[0]
    return f"{cut}…"


def read_filing(service: Service, form: QueryDict) -> Filing:
    """Everything the appeal needs, checked; what the service itself checks (lengths, the
    addressee accepting appeals) is left to it, so the rule lives in one place."""
    attributes = _attributes(form)
    description = (form.get("description") or "").strip()
    if not description:
        raise bad_request(_("description is missing: say what the matter is."))
    region = _region(service, form, attributes)
    lines = _location_lines(form)
    text = "\n\n".join([description, "\n".join(lines)]) if lines else description
    subject = attributes.get(catalogue.SUBJECT) or _subject_from(description)
    publish = attributes.get(catalogue.PUBLISH) or catalogue.PUBLISH_NO
    if publish not in (catalogue.PUBLISH_YES, catalogue.PUBLISH_NO):
        raise bad_request(_("attribute[publish] is true or false."))
    return Filing(
        service=service,
        region=region,
        subject=subject,
        text=text,
        publish=publish == catalogue.PUBLISH_YES,
        client_request_id=attributes.get(catalogue.CLIENT_REQUEST_ID, ""),
    )


def file_appeal(citizen: User, filing: Filing) -> Appeal:
    return appeal_file(
        actor=citizen,
        appeal_type=filing.service.appeal_type,
        agency=filing.service.agency,
        region=filing.region,
        subject=filing.subject,
        text=filing.text,
        channel=Channel.API,
        publish=filing.publish,
    )


def created(appeal: Appeal, *, publish: bool) -> list[dict[str, object]]:
    """The specification's POST response: the new request's id and what will happen now."""
    notice = _(
        "Registered as %(number)s. %(agency)s must answer by the end of %(due)s; the answer is "
        "sent to your e-mail address."
    ) % {
        "number": appeal.tracking_number,
        "agency": appeal.agency.name,
        "due": date_format(appeal.due_on, "DATE_FORMAT"),
    }
    if publish:
        notice += " " + _(
            "It will appear in the public register, personal data masked, once a moderator has "
            "approved its publication."
        )
    else:
        notice += " " + _("It is not published: only you and the agency can read it.")
    return [{"service_request_id": appeal.tracking_number, "service_notice": notice, "account_id": None}]
