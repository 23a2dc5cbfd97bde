"""The services: one per agency that accepts appeals and appeal type.

A service code is `<agency slug>.<appeal type>` (`ministry-of-health.complaint`): both parts are
stable names of the public contract (slugs never change; types are the law's), so a code a
client stored keeps meaning the same service. Database ids never appear."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from appeals.deadlines import default_policy
from appeals.models import AppealType, DeadlinePolicy
from officials.models import Agency, Region

SEPARATOR = "."
# A slug (letters, digits, hyphens, underscores), the separator, a type: checked before any query.
CODE_PATTERN = re.compile(r"(?P<slug>[-a-zA-Z0-9_]{1,100})\.(?P<appeal_type>[a-z_]{1,20})")
SUBJECT_LIMIT = 200
CLIENT_REQUEST_ID_LIMIT = 200

# Attribute codes of every service definition.
REGION = "region"
SUBJECT = "subject"
PUBLISH = "publish"
PUBLISH_YES, PUBLISH_NO = "true", "false"
CLIENT_REQUEST_ID = "client_request_id"


def service_code(agency: Agency, appeal_type: str) -> str:
    return f"{agency.slug}{SEPARATOR}{appeal_type}"


@dataclass(frozen=True)
class Service:
    agency: Agency
    appeal_type: str

    @property
    def code(self) -> str:
        return service_code(self.agency, self.appeal_type)


def find_service(code: str) -> Service | None:
    """The service of a code, or None: an unknown type or a malformed code costs no query."""
    match = CODE_PATTERN.fullmatch(code)
    if match is None or match["appeal_type"] not in AppealType.values:
        return None
    agency = Agency.objects.active().select_related("region").filter(slug=match["slug"]).first()
    return None if agency is None else Service(agency=agency, appeal_type=match["appeal_type"])


def _term_days() -> dict[str, int]:
    configured = dict(DeadlinePolicy.objects.values_list("appeal_type", "answer_days"))
    return {kind: configured.get(kind) or default_policy(kind).answer_days for kind in AppealType.values}


def _type_label(appeal_type: str) -> str:
    return str(capfirst(AppealType(appeal_type).label))


def service_name(agency: Agency, appeal_type: str, language: str) -> str:
    return _("%(agency)s: %(appeal_type)s") % {
        "agency": agency.name_in(language),
        "appeal_type": _type_label(appeal_type),
    }


def _service_row(agency: Agency, appeal_type: str, term_days: int, language: str) -> dict[str, Any]:
    return {
        "service_code": service_code(agency, appeal_type),
        "service_name": service_name(agency, appeal_type, language),
        "description": ngettext(
            "%(appeal_type)s to %(agency)s. The law gives it %(days)d working day to answer.",
            "%(appeal_type)s to %(agency)s. The law gives it %(days)d working days to answer.",
            term_days,
        )
        % {"appeal_type": _type_label(appeal_type), "agency": agency.name_in(language), "days": term_days},
        # Every service has a definition (region, subject, publication, the client's own id).
        "metadata": True,
        "type": "realtime",
        "keywords": ", ".join((str(AppealType(appeal_type).label), agency.slug, agency.get_kind_display())),
        "group": agency.name_in(language),
    }


def service_list(language: str) -> list[dict[str, Any]]:
    """Every service, by agency slug, then in the law's order of types."""
    term_days = _term_days()
    return [
        _service_row(agency, appeal_type, term_days[appeal_type], language)
        for agency in Agency.objects.active().order_by("slug")
        for appeal_type in AppealType.values
    ]


def _region_attribute(service: Service, language: str) -> dict[str, Any]:
    home = service.agency.region
    if home is None:
        description = _("The region the matter concerns.")
    else:
        description = _("The region the matter concerns; %(region)s when left out.") % {
            "region": home.name_in(language)
        }
    return {
        "variable": True,
        "code": REGION,
        "datatype": "singlevaluelist",
        "required": home is None,
        "datatype_description": _("An ISO 3166-2 code, e.g. KZ-75."),
        "order": 1,
        "description": description,
        "values": [
            {"key": region.code, "name": region.name_in(language)}
            for region in Region.objects.order_by("code")
        ],
    }


def service_definition(service: Service, language: str) -> dict[str, Any]:
    return {
        "service_code": service.code,
        "attributes": [
            _region_attribute(service, language),
            {
                "variable": True,
                "code": SUBJECT,
                "datatype": "string",
                "required": False,
                "datatype_description": _("At most %(limit)d characters.") % {"limit": SUBJECT_LIMIT},
                "order": 2,
                "description": _("A short subject; the start of the description when left out."),
            },
            {
                "variable": True,
                "code": PUBLISH,
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": _("true or false; false when left out."),
                "order": 3,
                "description": _(
                    "Ask for the appeal to be published in the public register, personal data "
                    "masked, once a moderator has approved it; only then can anyone read it here."
                ),
                "values": [
                    {"key": PUBLISH_YES, "name": _("Yes, publish it")},
                    {"key": PUBLISH_NO, "name": _("No, keep it private")},
                ],
            },
            {
                "variable": True,
                "code": CLIENT_REQUEST_ID,
                "datatype": "string",
                "required": False,
                "datatype_description": _("At most %(limit)d printable ASCII characters, no spaces.")
                % {"limit": CLIENT_REQUEST_ID_LIMIT},
                "order": 4,
                "description": _(
                    "Your own unique identifier for this report. Sent again with the same api_key "
                    "within 24 hours, it files nothing new and returns the first answer."
                ),
            },
        ],
    }
