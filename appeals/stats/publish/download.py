"""One download with everything: every statistics table as CSV, a data dictionary (every column,
its definition, its unit) and the open-data licence of the figures (CC BY 4.0).

`/api/v1/stats/download/` (`?lang=` for names), a zip built from the same cached, protected rows
as the API, so it never says more than the API does."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.http import HttpResponse, QueryDict
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from appeals.stats.publish.api import STATS_ROUTES, StatsViewSet
from appeals.stats.publish.cache import cached_breakdown
from appeals.stats.publish.csv import GROUP_COLUMNS, METRIC_COLUMNS, to_csv
from appeals.stats.publish.filters import parse_query
from portal.api.language import requested_language
from portal.csvsafe import SafeCSVWriter

LICENCE_NAME = "Creative Commons Attribution 4.0 International (CC BY 4.0)"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_TEXT = f"""Dialog statistics: open data

The figures in this archive are published under the {LICENCE_NAME} licence:
{LICENCE_URL}

You may copy, redistribute, remix, transform and build upon them for any purpose, even
commercially, provided you give appropriate credit ("Source: Dialog public statistics"), link to
the licence and indicate if changes were made.

How the figures are protected: groups of fewer than 5 appeals are withheld ("suppressed": true)
and small counts are slightly perturbed so that no citizen can be singled out; tables are
computed from one protected table, so they add up. See the README section "How figures are
protected" for the method and what it costs in accuracy.
"""

# (column, definition, unit): every column of every table.
DATA_DICTIONARY: tuple[tuple[str, str, str], ...] = (
    ("agency_slug", "Stable identifier of the agency responsible now.", "text"),
    ("agency_name", "Name of the agency, in the language of the download.", "text"),
    ("region_code", "Region the matter concerns, ISO 3166-2:KZ code.", "text"),
    ("region_name", "Name of the region, in the language of the download.", "text"),
    ("appeal_type", "Type of appeal: application, report, complaint, proposal, feedback, inquiry.", "text"),
    ("month", "Month of registration (Asia/Almaty).", "YYYY-MM"),
    ("suppressed", "true when the group is about fewer than 5 appeals: its figures are withheld.", "boolean"),
    ("received", "Appeals registered in the period, withdrawn ones excluded.", "appeals"),
    ("answered", "Of those, appeals with an answer.", "appeals"),
    ("answered_on_time", "Answered no later than the (extended) due date.", "appeals"),
    ("overdue", "Answered late, plus unanswered ones the deadline sweep marked overdue.", "appeals"),
    ("open", "Neither answered nor rejected.", "appeals"),
    ("escalated", "Reached escalation level 1 or higher.", "appeals"),
    ("redirected", "Passed on by this agency to the competent agency.", "appeals"),
    ("response_rate", "answered / received; empty when received is 0.", "ratio 0-1"),
    ("response_rate_ci_low", "Lower end of the 95 % Wilson interval of response_rate.", "ratio 0-1"),
    ("response_rate_ci_high", "Upper end of the 95 % Wilson interval of response_rate.", "ratio 0-1"),
    ("on_time_rate", "answered_on_time / received; empty when received is 0.", "ratio 0-1"),
    ("on_time_rate_ci_low", "Lower end of the 95 % Wilson interval of on_time_rate.", "ratio 0-1"),
    ("on_time_rate_ci_high", "Upper end of the 95 % Wilson interval of on_time_rate.", "ratio 0-1"),
    ("not_yet_due", "Open appeals still within their term.", "appeals"),
    (
        "on_time_rate_of_due",
        "answered_on_time / (received - not_yet_due): the on-time rate of appeals already due or "
        "settled; use it for periods still in progress.",
        "ratio 0-1",
    ),
    (
        "on_time_rate_of_due_ci_low",
        "Lower end of the 95 % Wilson interval of on_time_rate_of_due.",
        "ratio 0-1",
    ),
    (
        "on_time_rate_of_due_ci_high",
        "Upper end of the 95 % Wilson interval of on_time_rate_of_due.",
        "ratio 0-1",
    ),
    (
        "median_response_days",
        "Median working days from registration to answer; empty under 5 answers.",
        "working days",
    ),
    ("satisfaction_mean", "Mean citizen rating; empty under 5 ratings.", "rating 1-5"),
    ("satisfaction_count", "Number of ratings; empty under 5 ratings.", "ratings"),
)


def data_dictionary_csv() -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = SafeCSVWriter(out, lineterminator="\r\n")
    writer.writerow(["column", "definition", "unit"])
    for entry in DATA_DICTIONARY:
        writer.writerow(entry)
    return out.getvalue()


def documented_columns() -> list[str]:
    return [c for columns in GROUP_COLUMNS.values() for c in columns] + list(METRIC_COLUMNS)


def stats_archive(language: str) -> bytes:
    query = parse_query(QueryDict(""))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for _prefix, viewset, _name in STATS_ROUTES:
            kind = viewset.kind
            rows = cached_breakdown(kind, query, language)
            archive.writestr(f"{kind}.csv", to_csv(list(rows), viewset.group_keys))
        archive.writestr("data-dictionary.csv", data_dictionary_csv())
        archive.writestr("LICENCE.txt", LICENCE_TEXT)
    return buffer.getvalue()


class StatsDownloadViewSet(StatsViewSet):
    kind = "download"

    @extend_schema(
        summary="Every statistics table as CSV, a data dictionary and the licence, in one zip",
        description=f"All-time tables. The figures are open data under {LICENCE_NAME}: {LICENCE_URL}",
        parameters=[
            OpenApiParameter(
                "lang", OpenApiTypes.STR, enum=["kk", "ru", "en"], description="Language of names."
            )
        ],
        responses={(200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY)},
        tags=["statistics"],
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:  # type: ignore[override]
        language = requested_language(request)
        unknown = sorted(set(request.query_params) - {"lang"})
        if unknown:
            raise ValidationError(
                {
                    name: [
                        _("Unknown parameter %(name)r; the parameters are: %(allowed)s.")
                        % {"name": name, "allowed": "lang"}
                    ]
                    for name in unknown
                }
            )
        response = HttpResponse(stats_archive(language), content_type="application/zip")
        response["Content-Disposition"] = 'attachment; filename="dialog-statistics.zip"'
        response["Cache-Control"] = "public, max-age=60"
        return response
