"""/<lang>/appeals/new/route/ without JavaScript: submit and suggest."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_empty_page_asks_what_and_where(client) -> None:
    html = client.get("/en/appeals/new/route/").content.decode()
    assert "Who should I write to?" in html
    assert '<label class="govuk-label govuk-label--m" for="id_q">What is the problem?</label>' in html
    assert 'for="id_region"' in html and 'for="id_topic"' in html
    assert '<h2 class="govuk-heading-m">Who can decide it</h2>' not in html


def test_submitting_lists_bodies_linking_to_the_filing_form_and_i_dont_know(client) -> None:
    response = client.get("/ru/appeals/new/route/", {"q": "не горят фонари на улице", "region": "KZ-75"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Кому можно обратиться" in html
    assert 'href="/ru/appeals/new/?agency=akimat-kz-75&amp;region=KZ-75"' in html
    assert "Уличное освещение — задача акимата района или города." in html
    assert "Не знаю" in html  # noqa: RUF001
    assert "в течение 3 рабочих дней" in html


@pytest.mark.parametrize(
    ("language", "heading", "error"),
    [
        ("kk", "Кімге жазу керек?", "Мәселені бірнеше сөзбен сипаттаңыз немесе тақырып таңдаңыз."),
        ("ru", "Куда обратиться?", "Опишите проблему в нескольких словах или выберите тему."),
        ("en", "Who should I write to?", "Describe the problem in a few words, or choose a topic."),
    ],
)
def test_the_page_speaks_each_language_and_explains_a_missing_answer(
    client, language, heading, error
) -> None:
    html = client.get(f"/{language}/appeals/new/route/", {"q": "", "region": ""}).content.decode()
    assert heading in html
    assert error in html
    assert "govuk-error-summary" in html


def test_a_topic_alone_suggests_without_words(client) -> None:
    html = client.get(
        "/en/appeals/new/route/", {"q": "", "topic": "taxes", "region": "KZ-71"}
    ).content.decode()
    assert "?agency=state-revenue-committee&amp;region=KZ-71" in html
