"""load_reference: complete, idempotent, and loud about bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pycountry
import pytest
from django.core.management import CommandError, call_command

from appeals.models import CalendarException, DeadlinePolicy
from officials.models import Agency, Deputy, Region
from officials.reference import REFERENCE_DIR

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, list[tuple[object, ...]]]:
    return {
        "regions": list(
            Region.objects.order_by("code").values_list("code", "kind", "name_kk", "name_ru", "name_en")
        ),
        "agencies": list(
            Agency.objects.order_by("slug").values_list(
                "slug", "kind", "parent__slug", "region__code", "name_en"
            )
        ),
        "deputies": list(
            Deputy.objects.order_by("key").values_list("key", "chamber", "region__code", "office__slug")
        ),
        "policies": list(
            DeadlinePolicy.objects.order_by("appeal_type").values_list("appeal_type", "answer_days")
        ),
        "calendar": list(CalendarException.objects.values_list("date", "is_working_day")),
    }


def test_loading_twice_gives_the_same_rows() -> None:
    before = snapshot()  # loaded once for the session already
    call_command("load_reference", verbosity=0)
    call_command("load_reference", verbosity=0)
    assert snapshot() == before


def test_all_twenty_iso_regions_with_names_in_three_languages() -> None:
    iso = {s.code for s in pycountry.subdivisions.get(country_code="KZ")}
    assert set(Region.objects.values_list("code", flat=True)) == iso and len(iso) == 20
    assert set(Region.objects.filter(kind="city").values_list("code", flat=True)) == {
        "KZ-71",
        "KZ-75",
        "KZ-79",
    }
    assert not Region.objects.filter(name_kk="").exists() and not Region.objects.filter(name_ru="").exists()


def test_agency_tree() -> None:
    national = Agency.objects.get(slug="prosecutor-general")
    assert national.kind == "oversight" and national.parent is None
    assert Agency.objects.filter(kind="ministry").count() >= 18
    assert not Agency.objects.filter(kind__in=["ministry", "agency"]).exclude(parent=national).exists()
    akimats = Agency.objects.filter(kind__in=["akimat_region", "akimat_city"])
    assert set(akimats.values_list("region__code", flat=True)) == set(
        Region.objects.values_list("code", flat=True)
    )
    districts = Agency.objects.filter(kind="akimat_district")
    regions_with_two = [
        code
        for code in set(districts.values_list("region__code", flat=True))
        if districts.filter(region__code=code).count() >= 2
    ]
    assert len(regions_with_two) >= 3
    for district in districts.select_related("parent"):
        assert (
            district.parent.kind in ("akimat_region", "akimat_city")
            and district.parent.region_id == district.region_id
        )


def test_deputies_are_generic_placeholders_of_both_chambers() -> None:
    assert set(Deputy.objects.values_list("chamber", flat=True)) == {"majilis", "senate"}
    assert all(("Senator" in d.name_en or "deputy" in d.name_en.lower()) for d in Deputy.objects.all())


def test_default_deadline_policies() -> None:
    assert dict(DeadlinePolicy.objects.values_list("appeal_type", "answer_days")) == {
        "application": 15,
        "report": 15,
        "complaint": 20,
        "proposal": 15,
        "feedback": 15,
        "inquiry": 15,
    }


def broken_copy(tmp_path: Path, file: str, change) -> Path:
    folder = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, folder)
    rows = json.loads((folder / file).read_text())
    change(rows)
    (folder / file).write_text(json.dumps(rows, ensure_ascii=False))
    return folder


@pytest.mark.parametrize(
    ("file", "change", "message"),
    [
        (
            "agencies.json",
            lambda rows: rows[5].update(parent="ministry-of-magic"),
            "unknown parent agency slug 'ministry-of-magic'",
        ),
        ("agencies.json", lambda rows: rows[-1].update(region="KZ-99"), "unknown region code 'KZ-99'"),
        (
            "regions.json",
            lambda rows: rows.append({"code": "KZ-00", "name": {"kk": "x", "ru": "x", "en": "x"}}),
            "unknown region code 'KZ-00'",
        ),
        ("regions.json", lambda rows: rows.pop(0), "no names for ISO 3166-2 region KZ-10"),
        ("deputies.json", lambda rows: rows[0].update(region="KZ-98"), "unknown region code 'KZ-98'"),
        ("agencies.json", lambda rows: rows[3]["name"].update(kk=""), "name missing in kk"),
    ],
)
def test_bad_input_is_reported_and_nothing_is_written(tmp_path, file, change, message) -> None:
    before = snapshot()
    folder = broken_copy(tmp_path, file, change)
    with pytest.raises(CommandError, match=message.replace("(", r"\(")):
        call_command("load_reference", "--dir", str(folder), verbosity=0)
    assert snapshot() == before
