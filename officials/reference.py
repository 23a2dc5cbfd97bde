"""Loading the officials' reference data (regions, agencies, deputies). `appeals.reference` adds
the deadline policies and calendar exceptions and is what `manage.py load_reference` runs.

Idempotent: rows are matched on their natural keys (code, slug, key, date) and updated in
place, so a second run changes nothing. Input is checked first and every problem reported
together; nothing is written unless all of it is sound.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pycountry
from django.conf import settings
from django.db import transaction

from officials.models import Agency, Competence, Deputy, Region

REFERENCE_DIR = Path(__file__).resolve().parent / "reference_data"
CHAMBER_OFFICES = {"majilis": "office-of-the-majilis", "senate": "office-of-the-senate"}
_REGION_KINDS = {"region": Region.Kind.REGION, "city": Region.Kind.CITY}


class ReferenceDataError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("Reference data has problems:\n  - " + "\n  - ".join(problems))
        self.problems = problems


@dataclass
class LoadReport:
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> (created, updated)

    def add(self, name: str, created: bool) -> None:
        made, changed = self.counts.get(name, (0, 0))
        self.counts[name] = (made + created, changed + (not created))


def read_rows(directory: Path, name: str) -> list[dict[str, Any]]:
    path = directory / name
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except json.JSONDecodeError as error:
        raise ReferenceDataError([f"{path}: not valid JSON ({error})"]) from error
    if not isinstance(rows, list):
        raise ReferenceDataError([f"{path}: expected a JSON list"])
    return rows


def _names(row: dict[str, Any], where: str, problems: list[str]) -> dict[str, str]:
    names = row.get("name") or {}
    missing = [lang for lang in ("kk", "ru", "en") if not str(names.get(lang, "")).strip()]
    if missing:
        problems.append(f"{where}: name missing in {', '.join(missing)}")
    return {f"name_{lang}": str(names.get(lang, "")).strip() for lang in ("kk", "ru", "en")}


def _official_subdivisions(country: str) -> dict[str, str]:
    """ISO 3166-2 code -> kind, from pycountry (codes are never typed by hand)."""
    subdivisions = pycountry.subdivisions.get(country_code=country) or []
    return {s.code: _REGION_KINDS.get(s.type.lower(), Region.Kind.REGION) for s in subdivisions}


def reference_problems(directory: Path) -> tuple[dict[str, list[dict[str, Any]]], list[str]]:
    """The officials' reference files, read, with every problem found in them."""
    problems: list[str] = []
    data = {
        "regions": read_rows(directory, "regions.json"),
        "agencies": read_rows(directory, "agencies.json"),
        "deputies": read_rows(directory, "deputies.json"),
        "competences": read_rows(directory, "competences.json"),
    }
    official = _official_subdivisions(settings.DIALOG_REGION_COUNTRY)
    region_codes = set()
    for row in data["regions"]:
        code = row.get("code")
        if code not in official:
            problems.append(f"regions.json: unknown region code {code!r} (not in ISO 3166-2)")
        region_codes.add(code)
        _names(row, f"region {code}", problems)
    for code in sorted(set(official) - region_codes):
        problems.append(f"regions.json: no names for ISO 3166-2 region {code}")
    known_regions = region_codes | set(Region.objects.values_list("code", flat=True))

    slugs: set[str] = set(Agency.objects.values_list("slug", flat=True))
    seen: set[str] = set()
    for row in data["agencies"]:
        slug = row.get("slug") or ""
        where = f"agency {slug!r}"
        if not slug or slug in seen:
            problems.append(f"{where}: missing or duplicate slug")
        seen.add(slug)
        if row.get("kind") not in Agency.Kind.values:
            problems.append(f"{where}: unknown kind {row.get('kind')!r}")
        parent = row.get("parent")
        if parent and parent not in seen and parent not in slugs:
            problems.append(f"{where}: unknown parent agency slug {parent!r}")
        region = row.get("region")
        if region and region not in known_regions:
            problems.append(f"{where}: unknown region code {region!r}")
        _names(row, where, problems)
    all_agencies = seen | slugs

    keys: set[str] = set()
    for row in data["deputies"]:
        key = row.get("key") or ""
        where = f"deputy {key!r}"
        if not key or key in keys:
            problems.append(f"{where}: missing or duplicate key")
        keys.add(key)
        chamber = row.get("chamber")
        if chamber not in CHAMBER_OFFICES:
            problems.append(f"{where}: unknown chamber {chamber!r}")
        elif CHAMBER_OFFICES[chamber] not in all_agencies:
            problems.append(f"{where}: agency {CHAMBER_OFFICES[chamber]!r} must exist for its office")
        if row.get("region") not in known_regions:
            problems.append(f"{where}: unknown region code {row.get('region')!r}")
        _names(row, where, problems)
    problems += competence_problems(data["competences"], all_agencies)
    return data, problems


def competence_problems(rows: list[dict[str, Any]], agencies: set[str]) -> list[str]:
    """The competence catalogue: unique keys, bodies that exist, every language present."""
    problems: list[str] = []
    keys: set[str] = set()
    for row in rows:
        key = row.get("key") or ""
        where = f"competence {key!r}"
        if not key or key in keys:
            problems.append(f"{where}: missing or duplicate key")
        keys.add(key)
        bodies = row.get("bodies")
        if not isinstance(bodies, list) or not bodies:
            problems.append(f"{where}: bodies must be a non-empty list")
            bodies = []
        for body in bodies:
            if body not in Competence.PLACEHOLDERS and body not in agencies:
                problems.append(f"{where}: unknown body {body!r} (an agency slug, @local or @region)")
        _names(row, where, problems)
        reasons = row.get("reason") or {}
        keywords = row.get("keywords") or {}
        for lang in ("kk", "ru", "en"):
            if not str(reasons.get(lang, "")).strip():
                problems.append(f"{where}: reason missing in {lang}")
            words = keywords.get(lang)
            if not isinstance(words, list) or not any(str(w).strip() for w in words):
                problems.append(f"{where}: keywords missing in {lang}")
    return problems


def _competence_fields(row: dict[str, Any], position: int) -> dict[str, Any]:
    return {
        "position": position,
        "bodies": list(row["bodies"]),
        **_names(row, "", []),
        **{f"reason_{lang}": str(row["reason"][lang]).strip() for lang in ("kk", "ru", "en")},
        **{
            f"keywords_{lang}": "\n".join(
                str(w).strip().lower() for w in row["keywords"][lang] if str(w).strip()
            )
            for lang in ("kk", "ru", "en")
        },
    }


def write_reference(
    data: dict[str, list[dict[str, Any]]], *, report: LoadReport, say: Callable[[str], None]
) -> None:
    """Write rows `reference_problems` found sound, in one transaction (or the caller's)."""
    official = _official_subdivisions(settings.DIALOG_REGION_COUNTRY)
    with transaction.atomic():
        say(f"regions: {len(data['regions'])}")
        for row in data["regions"]:
            _, created = Region.objects.update_or_create(
                code=row["code"],
                defaults={
                    "kind": official[row["code"]],
                    "map_column": (row.get("map") or {}).get("column"),
                    "map_row": (row.get("map") or {}).get("row"),
                    **_names(row, "", []),
                },
            )
            report.add("regions", created)
        regions = {r.code: r for r in Region.objects.all()}

        say(f"agencies: {len(data['agencies'])}")
        agencies = {a.slug: a for a in Agency.objects.all()}
        for row in data["agencies"]:
            agency, created = Agency.objects.update_or_create(
                slug=row["slug"],
                defaults={
                    "kind": row["kind"],
                    "parent": agencies.get(row["parent"]) if row.get("parent") else None,
                    "region": regions.get(row["region"]) if row.get("region") else None,
                    **_names(row, "", []),
                },
            )
            agencies[agency.slug] = agency
            report.add("agencies", created)

        say(f"deputies: {len(data['deputies'])}")
        for row in data["deputies"]:
            _, created = Deputy.objects.update_or_create(
                key=row["key"],
                defaults={
                    "chamber": row["chamber"],
                    "region": regions[row["region"]],
                    "district": row.get("district", ""),
                    "office": agencies[CHAMBER_OFFICES[row["chamber"]]],
                    **_names(row, "", []),
                },
            )
            report.add("deputies", created)

        say(f"competences: {len(data['competences'])}")
        for position, row in enumerate(data["competences"]):
            _, created = Competence.objects.update_or_create(
                key=row["key"], defaults=_competence_fields(row, position)
            )
            report.add("competences", created)
        if data["competences"]:
            # The catalogue is the file: a topic taken out of it is no longer suggested.
            Competence.objects.exclude(key__in=[row["key"] for row in data["competences"]]).delete()
