"""CSV for spreadsheets: UTF-8 with a byte-order mark, one header row, the JSON rows flattened,
formula-like text neutralised (portal.csvsafe)."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from rest_framework.renderers import BaseRenderer

from portal.csvsafe import SafeCSVWriter

GROUP_COLUMNS = {
    "agency": ("agency_slug", "agency_name"),
    "region": ("region_code", "region_name"),
    "appeal_type": ("appeal_type",),
    "month": ("month",),
}
METRIC_COLUMNS = (
    "suppressed",
    "received",
    "answered",
    "answered_on_time",
    "overdue",
    "open",
    "escalated",
    "redirected",
    "response_rate",
    "response_rate_ci_low",
    "response_rate_ci_high",
    "on_time_rate",
    "on_time_rate_ci_low",
    "on_time_rate_ci_high",
    "not_yet_due",
    "on_time_rate_of_due",
    "on_time_rate_of_due_ci_low",
    "on_time_rate_of_due_ci_high",
    "median_response_days",
    "satisfaction_mean",
    "satisfaction_count",
)


def flatten(row: Mapping[str, Any]) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    if "agency" in row:
        flat["agency_slug"], flat["agency_name"] = row["agency"]["slug"], row["agency"]["name"]
    if "region" in row:
        flat["region_code"], flat["region_name"] = row["region"]["code"], row["region"]["name"]
    for name in ("appeal_type", "month"):
        if name in row:
            flat[name] = row[name]
    for name in METRIC_COLUMNS:
        if name in row:
            flat[name] = row[name]
    for rate in ("response_rate_ci", "on_time_rate_ci", "on_time_rate_of_due_ci"):
        low, high = row.get(rate) or (None, None)
        flat[f"{rate}_low"], flat[f"{rate}_high"] = low, high
    flat["satisfaction_mean"] = (row.get("satisfaction") or {}).get("mean")
    flat["satisfaction_count"] = (row.get("satisfaction") or {}).get("count")
    return flat


def to_csv(rows: list[Mapping[str, Any]], group_keys: tuple[str, ...] | None = None) -> str:
    """`group_keys` name the group columns even when there is no row (an empty table still has
    its header); without them they are read off the first row."""
    if group_keys is None:
        group_keys = tuple(key for key in GROUP_COLUMNS if rows and key in rows[0])
    groups = [column for key in group_keys for column in GROUP_COLUMNS[key]]
    header = [*groups, *METRIC_COLUMNS]
    out = io.StringIO()
    out.write("\ufeff")
    writer = SafeCSVWriter(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        flat = flatten(row)
        writer.writerow([flat.get(column) for column in header])
    return out.getvalue()


class StatsCSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        if data is None:
            return b""
        view = (renderer_context or {}).get("view")
        return to_csv(list(data), getattr(view, "group_keys", None)).encode("utf-8")
