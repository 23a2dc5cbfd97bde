"""The public statistics page: figures, filters, languages, accessibility in real Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from appeals.services import appeal_answer, appeal_file
from conftest import almaty_time
from officials.models import Agency, Official, Region
from portal.tests.browser import assert_accessible, screenshot


def busy_agency(make_citizen, make_official, count: int = 24) -> None:
    """Health gets `count` appeals from four regions, two in three answered on time."""
    citizen = make_citizen()
    health = Agency.objects.get(slug="ministry-of-health")
    officer = make_official(health, Official.Role.OFFICER).user
    regions = list(Region.objects.filter(code__in=("KZ-75", "KZ-71", "KZ-10", "KZ-63")))
    for number in range(count):
        appeal = appeal_file(
            actor=citizen,
            appeal_type="complaint" if number % 3 else "inquiry",
            agency=health,
            region=regions[number % len(regions)],
            subject="Queue",
            text="Clinic queue.",
            now=almaty_time(2026, 2 + number % 3, 3, 10),
        )
        if number % 3:
            appeal_answer(
                actor=officer, appeal=appeal, text="Done.", now=almaty_time(2026, 2 + number % 3, 10, 10)
            )


@pytest.mark.django_db
def test_the_page_shows_ranking_map_and_months_with_tables(
    client, make_citizen, make_official, settings
) -> None:
    settings.STATS_MIN_CELL = 1  # the page's arithmetic on a small history: nothing perturbed
    settings.STATS_PERTURBATION = False
    busy_agency(make_citizen, make_official)
    response = client.get("/en/stats/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Agencies by share of appeals answered on time" in html
    assert "Ministry of Health" in html and "67 %" in html
    assert html.count('class="stats-tile ') == 20
    assert "2026-02" in html and "2026-04" in html
    assert "/api/v1/stats/agencies/?format=csv" in html
    assert "/api/v1/stats/download/?lang=en" in html and "creativecommons.org/licenses/by/4.0/" in html
    # SVG numbers keep their dot in Russian (a comma would erase the bars and intervals).
    russian = client.get("/ru/stats/").content.decode()
    assert re.search(r'class="stats-chart__bar" x="260" y="\d+" width="266\.7"', russian)
    assert re.search(r'class="stats-chart__ci" x1="\d+\.\d" x2="\d+\.\d"', russian)


@pytest.mark.django_db
def test_a_month_still_in_progress_is_marked_not_charted_as_a_collapse(
    client, make_citizen, make_official, settings
) -> None:
    """Six appeals filed today, one answered on time: 17 % on time of all received, but the
    five others are not yet due, so the month reads 100 % of those due, marked in progress."""
    settings.STATS_MIN_CELL = 1
    settings.STATS_PERTURBATION = False
    citizen = make_citizen()
    health = Agency.objects.get(slug="ministry-of-health")
    officer = make_official(health, Official.Role.OFFICER).user
    appeals = [
        appeal_file(
            actor=citizen,
            appeal_type="inquiry",
            agency=health,
            region=Region.objects.get(code="KZ-75"),
            subject="S",
            text="T",
        )
        for _ in range(6)
    ]
    appeal_answer(actor=officer, appeal=appeals[0], text="Done.")
    html = client.get("/en/stats/").content.decode()
    assert "(in progress)" in html and "stats-chart--in-progress" in html
    assert ">100 %<" in html
    assert "17 %" in html  # the table still shows the on-time rate of all received


@pytest.mark.django_db
def test_filters_apply_and_bad_dates_are_explained(client, make_citizen, make_official) -> None:
    busy_agency(make_citizen, make_official)
    html = client.get("/en/stats/", {"date_from": "2026-03-01", "date_to": "2026-03-31"}).content.decode()
    assert "2026-03" in html and "2026-02" not in html
    assert "date_from=2026-03-01" in html  # the CSV links keep the filters
    bad = client.get("/en/stats/", {"date_from": "2026-05-01", "date_to": "2026-04-01"})
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "There is a problem" in text and "The end date must be on or after the start date." in text
    assert 'href="#id_date_to"' in text
    assert "Enter a valid date." in client.get("/en/stats/", {"date_from": "tomorrow"}).content.decode()
    # Statistics cover whole months: a day in the middle stands for its month, never a 500.
    mid = client.get("/en/stats/", {"date_from": "2026-03-15", "date_to": "2026-03-16"})
    assert mid.status_code == 200 and "date_from=2026-03-01" in mid.content.decode()
    assert "date_to=2026-03-31" in mid.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_page_speaks_each_language(client, language) -> None:
    response = client.get(f"/{language}/stats/")
    assert response.status_code == 200
    assert f'<html lang="{language}"' in response.content.decode()
    region = Region.objects.get(code="KZ-75")
    assert region.name_in(language) in response.content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_statistics_page_in_chromium_is_accessible_at_desktop_and_phone_width(
    page, phone_page, make_citizen, make_official
) -> None:
    busy_agency(make_citizen, make_official)
    page.goto("/en/stats/")
    expect(page.get_by_role("heading", name="How agencies answer appeals")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "stats-desktop")
    page.get_by_label("Registered from").fill("2026-03")
    page.get_by_label("Registered to").fill("2026-02")
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Registered to").fill("2026-03")
    page.get_by_role("button", name="Show figures").click()
    assert (
        page.get_by_role("cell", name="2026-03").count() == 0
        or page.get_by_text("2026-03").first.is_visible()
    )
    assert not page.get_by_text("There is a problem").count()
    phone_page.goto("/ru/stats/")
    assert_accessible(phone_page)
    screenshot(phone_page, "stats-phone-ru")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways at 375px ({width}px)"


@pytest.mark.django_db
def test_the_tile_map_places_regions_where_the_reference_data_says(client) -> None:
    almaty = Region.objects.get(code="KZ-75")
    assert (almaty.map_column, almaty.map_row) == (5, 3)  # from regions.json via load_reference
    Region.objects.filter(code="KZ-75").update(map_column=0, map_row=0)
    html = client.get("/en/stats/").content.decode()
    tile = html[html.index(f"<title>{almaty.name_en}:") :]
    assert '<rect x="2" y="2"' in tile[:300]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["kk", "ru"])
def test_api_docs_in_kazakh_and_russian_speak_the_language_and_link_the_download(page, language) -> None:
    """(Swagger UI's own widgets still fail axe: nested controls, small targets; see the report.)"""
    page.goto(f"/api/v1/docs/?lang={language}")
    page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
    assert page.locator("html").get_attribute("lang") == language
    titles = {"kk": "Dialog API құжаттамасы", "ru": "Документация API Dialog"}
    assert page.locator("main > h1").inner_text() == titles[language]
    assert page.locator(f"a[href='/api/v1/stats/download/?lang={language}']").count() == 1
    screenshot(page, f"api-docs-{language}")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_statistics_page_screenshots_at_phone_and_desktop_width(
    browser, live_server, transactional_reference, make_citizen, make_official, settings
) -> None:
    settings.STATS_MIN_CELL = 1
    settings.STATS_PERTURBATION = False
    busy_agency(make_citizen, make_official)
    for width, height in ((390, 844), (1280, 900)):
        context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": height})
        tab = context.new_page()
        tab.goto("/ru/stats/")
        assert tab.evaluate("document.documentElement.scrollWidth") <= width
        assert_accessible(tab)
        screenshot(tab, f"stats-ru-{width}")
        context.close()
