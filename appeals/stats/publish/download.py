"""One download with everything: every statistics table as CSV, a data dictionary (every column,
its definition, its unit) and the open-data licence of the figures (CC BY 4.0).

`/api/v1/stats/download/` (`?lang=` for names, definitions and the licence note), a zip built
from the same cached, protected rows as the API, so it never says more than the API does."""

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
from appeals.stats.publish.dictionary import LICENCE_NAME, LICENCE_URL, data_dictionary_csv, licence_text
from appeals.stats.publish.filters import parse_query
from portal.api.language import requested_language


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
        archive.writestr("data-dictionary.csv", data_dictionary_csv(language))
        archive.writestr("LICENCE.txt", licence_text(language))
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
