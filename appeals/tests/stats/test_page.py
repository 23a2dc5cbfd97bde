"""The public statistics page: figures, filters, languages, accessibility in real Chromium."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
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
    assert 'href="/en/stats/data/"' in html  # the data dictionary and licence page
    # Response rate (16 answered of 24) and satisfaction have their columns.
    assert "Response rate (95 % interval)" in html and "Satisfaction, 1 to 5 (ratings)" in html
    assert '<td>67 % <span class="ci">(' in html
    # SVG numbers keep their dot in Russian (a comma would erase the bars and intervals).
    russian = client.get("/ru/stats/").content.decode()
    assert '<rect width="66.7" height="10"/>' in russian
    assert re.search(r'<path d="M\d+\.\d 5H\d+\.\d"/>', russian)


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
    chart = html[
        html.index('<ul class="stats-bars"') : html.index("</ul>", html.index('<ul class="stats-bars"'))
    ]
    assert "stats-bars__item--in-progress" in chart and ">in progress<" in chart
    assert '<span class="stats-bars__value">100 %</span>' in chart
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


def full_row(number: int) -> dict:
    """A published row with every figure present and as long as national totals make them."""
    rate, ci = 0.6123 + number % 7 / 100, [0.5987, 0.6254]
    return {
        "suppressed": False,
        "received": 123_456 + number,
        "answered": 98_765,
        "answered_on_time": 75_432,
        "overdue": 23_456,
        "open": 12_345,
        "escalated": 4_567,
        "redirected": 3_456,
        "response_rate": rate,
        "response_rate_ci": ci,
        "on_time_rate": rate,
        "on_time_rate_ci": ci,
        "not_yet_due": 1_234,
        "on_time_rate_of_due": rate,
        "on_time_rate_of_due_ci": ci,
        "median_response_days": 12.5,
        "satisfaction": {"mean": 3.62, "count": 45_678},
    }


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_page_stays_under_150_kilobytes_with_every_agency_published(
    client, monkeypatch, language
) -> None:
    """Issue 13's bound, in bytes, for the worst case the reference data allows: every one of
    the 108 agencies and 20 regions published with every figure at national size, and five years
    of months, in each language (Kazakh and Russian take two bytes a letter)."""
    from appeals.stats.publish import page

    agencies = [
        {"agency": {"slug": a.slug, "name": a.name_in(language)}, **full_row(n)}
        for n, a in enumerate(Agency.objects.order_by("slug"))
    ]
    regions = [
        {"region": {"code": r.code, "name": r.name_in(language)}, **full_row(n)}
        for n, r in enumerate(Region.objects.order_by("code"))
    ]
    months = [{"month": f"{2022 + n // 12}-{n % 12 + 1:02d}", **full_row(n)} for n in range(60)]
    tables = {"agencies": agencies, "regions": regions, "months": months}
    monkeypatch.setattr(page, "cached_breakdown", lambda kind, query, lang, version=None: tables[kind])
    response = client.get(f"/{language}/stats/")
    html = response.content.decode()
    assert len(agencies) >= 100 and html.count("<tr") == 1 + len(agencies) + 1 + 20 + 1 + 60
    assert agencies[-1]["agency"]["name"] in html  # nothing paginated away: every agency is there
    assert len(response.content) <= 150_000, f"/{language}/stats/ is {len(response.content)} bytes"


def test_the_colour_scale_spans_the_published_rates_in_steps_of_known_size() -> None:
    from appeals.stats.publish.page_map import band_of, bands

    scale = bands([0.53, 0.55, 0.61])
    assert [band.label for band in scale] == [
        "53\u201354 %",
        "55\u201356 %",
        "57\u201358 %",
        "59\u201360 %",
        "61 %",
    ]
    assert band_of(0.53, scale) == "stats-band-1" and band_of(0.61, scale) == "stats-band-5"
    assert band_of(0.574, scale) == "stats-band-3"
    # Rates far apart: steps widen, the extremes still take the end colours.
    wide = bands([0.2, 0.9])
    assert wide[0].low == 20 and wide[-1].high == 90 and band_of(0.9, wide) == "stats-band-5"
    assert bands([]) == [] and [b.label for b in bands([0.5, 0.5])] == ["50 %"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "definition", "licence"),
    [
        (
            "kk",
            "Олардың ішінде жауап берілген өтініштер.",
            "Creative Commons Attribution 4.0 International (CC BY 4.0) лицензиясы",
        ),
        (
            "ru",
            "Из них обращения, на которые дан ответ.",
            "международной лицензии Creative Commons Attribution 4.0",
        ),
        ("en", "Of those, appeals with an answer.", "Creative Commons Attribution 4.0 International licence"),
    ],
)
def test_the_data_dictionary_and_licence_are_served_in_the_language_asked(
    client, language, definition, licence
) -> None:
    from appeals.stats.publish.download import documented_columns

    response = client.get(f"/{language}/stats/data/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html and definition in html and licence in html
    assert all(f'id="column-{column}"' in html for column in documented_columns())
    assert f"/api/v1/stats/download/?lang={language}" in html
    assert f'href="/{language}/stats/data/"' in client.get(f"/{language}/stats/").content.decode()
    docs = client.get("/api/v1/docs/", {"lang": language}).content.decode()
    assert f'href="/{language}/stats/data/"' in docs
    # The home page's section for journalists leads to all three, in the reader's language.
    home = client.get(f"/{language}/").content.decode()
    for link in (f"/{language}/stats/", f"/{language}/stats/data/", f"/api/v1/docs/?lang={language}"):
        assert f'href="{link}"' in home


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
    assert re.search(
        rf'class="stats-tile [a-z0-9-]+ c0 r0"><span class="stats-tile__name">{almaty.name_en}<', html
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["kk", "ru"])
def test_api_docs_in_kazakh_and_russian_pass_axe_and_link_the_dictionary(page, language) -> None:
    """Swagger UI as drawn, then with an operation open and "Try it out" pressed (its parameter
    fields, examples and buttons): nothing serious or critical for axe in either language."""
    page.goto(f"/api/v1/docs/?lang={language}")
    page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
    assert page.locator("html").get_attribute("lang") == language
    titles = {"kk": "Dialog API құжаттамасы", "ru": "Документация API Dialog"}
    assert page.locator("header h1").inner_text() == titles[language]
    assert page.locator(f"a[href='/api/v1/stats/download/?lang={language}']").count() == 1
    assert page.locator(f"a[href='/{language}/stats/data/']").count() == 1
    assert_accessible(page)
    screenshot(page, f"api-docs-{language}")
    page.locator("#operations-statistics-stats_agencies_list .opblock-summary-control").click()
    page.get_by_role("button", name="Try it out").click()
    expect(page.locator("tr[data-param-name='region'] input")).to_have_attribute("aria-label", "region")
    assert_accessible(page)
    screenshot(page, f"api-docs-{language}-open")


def received_column(tab) -> list[int]:
    return [
        int(text)
        for text in tab.locator(
            "#agency-table tbody tr:not([data-withheld]) td:nth-of-type(1)"
        ).all_inner_texts()
    ]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_statistics_page_at_phone_and_desktop_width_in_three_languages(
    browser, live_server, transactional_reference, make_citizen, make_official, settings
) -> None:
    """At 390 and 1 280 px, in kk, ru and en: axe finds nothing serious, nothing scrolls the page
    sideways, the agency table sorts by a heading's button (aria-sort follows), and a month
    still in progress is marked."""
    settings.STATS_MIN_CELL = 1
    settings.STATS_PERTURBATION = False
    busy_agency(make_citizen, make_official)
    education = Agency.objects.get(slug="ministry-of-education")
    citizen = make_citizen()
    for _ in range(3):
        appeal_file(
            actor=citizen,
            appeal_type="inquiry",
            agency=education,
            region=Region.objects.get(code="KZ-75"),
            subject="School",
            text="School bus.",
        )
    names = {"kk": "Келіп түсті", "ru": "Поступило", "en": "Received"}
    errors: list[str] = []
    for width, height in ((390, 844), (1280, 900)):
        context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": height})
        tab = context.new_page()
        tab.on("pageerror", lambda error: errors.append(str(error)))
        for language in ("kk", "ru", "en"):
            tab.goto(f"/{language}/stats/")
            assert tab.evaluate("document.documentElement.scrollWidth") <= width
            assert_accessible(tab)
            screenshot(tab, f"stats-{language}-{width}")
            this_month = timezone.localdate().strftime("%Y-%m")
            expect(tab.locator(".stats-bars__item--in-progress", has_text=this_month)).to_have_count(1)
            assert received_column(tab) == [24, 3]  # the ranking first: Health is ranked
            heading = tab.locator("#agency-table thead th").nth(1)
            heading.get_by_role("button", name=names[language]).click()
            expect(heading).to_have_attribute("aria-sort", "descending")
            expect(tab.locator(".stats-sort-status").first).to_contain_text(names[language])
            assert received_column(tab) == [24, 3]
            heading.get_by_role("button").click()
            expect(heading).to_have_attribute("aria-sort", "ascending")
            assert received_column(tab) == [3, 24]
            assert tab.locator("#agency-table thead th[aria-sort]").count() == 1
            assert_accessible(tab)
        context.close()
    assert not errors, errors


@pytest.mark.django_db
def test_the_russian_api_docs_are_russian_not_the_kazakh_fallback(client) -> None:
    """A string missing from a Russian catalogue falls back to the default language: DRF's
    paging parameters did, so the Russian docs showed them in Kazakh (English under tests)."""
    schema = client.get("/api/v1/schema/", {"format": "json", "lang": "ru"}).json()
    parameters = schema["paths"]["/api/v1/stats/agencies/"]["get"]["parameters"]
    described = {p["name"]: p.get("description") for p in parameters}
    assert described["page"] == "Номер страницы в постраничном результате."
    assert described["page_size"] == "Число результатов на странице."
    assert schema["info"]["description"].startswith("Открытая статистика")
