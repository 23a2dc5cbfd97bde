"""No English on a Kazakh or Russian page.

The method: render, through the test client, every page the browser tests visit — in Kazakh and
in Russian, forms with their errors included (an empty form, a bad e-mail, a short password, each
kind of wrong IIN, a refused file, an empty clarification, rating and complaint) — and read the
text a person sees or hears: text nodes outside <script>/<style>, plus the `title`,
`aria-label`, `placeholder` and `alt` attributes, skipping any element marked with a `lang` of
its own (the language switcher's «English»). A text fails when

- it is, whole, one of our catalogue's English messages (so an unextracted or untranslated
  `_()` shows up even when it is one word, like "Help"); or
- it holds two or more Latin-script words that are not on a short list of names the portal
  does use in every language (Dialog, API, CSV, PDF, AGPL …): an English sentence from Django,
  a library or a hard-coded string.

What the citizen typed is Cyrillic here, so it never trips the check. Run it after adding a page
or a message: it names the page, the language and the English text it found.
"""

# ruff: noqa: RUF001 (Kazakh and Russian text)
from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from appeals.models import Appeal
from appeals.services import appeal_answer, appeal_file, appeal_request_clarification
from officials.models import Agency, Official, Region
from portal.accounts.iin import iin_check_digit
from portal.accounts.models import User

pytestmark = pytest.mark.django_db

# Latin-script words a Kazakh or Russian page may carry: the portal's name, formats, licences,
# standards and the tracking-number prefix.
ALLOWED_WORDS = {
    "dialog", "api", "csv", "pdf", "jpeg", "png", "docx", "zip", "agpl", "gnu", "dlg", "kz",
    "wcag", "aa", "axe", "core", "javascript", "creative", "commons", "attribution", "cc", "by",
    "openapi", "swagger", "open311", "geo", "report", "example", "dialog.example", "support",
    "name", "mb", "kb",
}  # fmt: skip
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
SKIPPED_TAGS = {"script", "style", "template"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")


class VisibleText(HTMLParser):
    """The texts a person sees or hears on a page, each with the tag it sits in."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, hidden from this check)
        self.texts: list[str] = []

    def _skipping(self) -> bool:
        return any(skip for _tag, skip in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        skip = tag in SKIPPED_TAGS or ("lang" in values and tag != "html")
        if not skip and not self._skipping():
            self.texts.extend(str(values[name]) for name in ATTRIBUTES if values.get(name))
        if tag not in VOID:
            self.stack.append((tag, skip))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text and not self._skipping():
            self.texts.append(text)


def english_messages() -> set[str]:
    """Our catalogue's English messages that Kazakh says differently."""
    catalogue = polib.pofile(str(Path(settings.BASE_DIR) / "locale/kk/LC_MESSAGES/django.po"))
    return {
        " ".join(entry.msgid.split())
        for entry in catalogue
        if not entry.obsolete and entry.msgstr and entry.msgstr != entry.msgid and WORD.search(entry.msgid)
    }


ENGLISH = english_messages()


def english_in(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    found = []
    for text in parser.texts:
        words = [w.lower() for w in WORD.findall(text) if w.lower() not in ALLOWED_WORDS]
        if text in ENGLISH or len(words) >= 2:
            found.append(text)
    return found


def wrong_iins() -> list[str]:
    """One of each kind of IIN refusal: the length, the birth date, the check digit."""
    first = "90031530123"
    good = f"{first}{iin_check_digit(first)}"
    return ["12345", "901331301234", f"{good[:11]}{(int(good[11]) + 1) % 10}"]


def citizen_pages(client: Client, language: str, citizen: User, officer: User) -> dict[str, object]:
    """(name -> response) for each citizen page and error state the browser tests visit."""
    health = Agency.objects.get(slug="ministry-of-health")
    region = Region.objects.get(code="KZ-75")

    def filed(subject: str) -> Appeal:
        return appeal_file(
            actor=citizen, appeal_type="report", agency=health, region=region, subject=subject, text="Мәтін."
        )

    open_appeal = filed("Ашық")
    asked = filed("Нақтылау")
    appeal_request_clarification(actor=officer, appeal=asked, question="Қай үй?")
    answered = filed("Жауап берілді")
    appeal_answer(actor=officer, appeal=answered, text="Қаралды.")
    lang = f"/{language}"
    form = {
        "addressee": "agency:ministry-of-health",
        "region": "KZ-75",
        "appeal_type": "application",
        "subject": "Кезек",
        "text": "Емханадағы кезек.",
        "consent": "on",
    }
    fake = SimpleUploadedFile("x.pdf", b"MZ\x90\x00", "application/pdf")
    pages: dict[str, object] = {
        "my appeals": client.get(f"{lang}/appeals/"),
        "new appeal": client.get(f"{lang}/appeals/new/"),
        "new appeal, empty": client.post(f"{lang}/appeals/new/", {}),
        "new appeal, refused file": client.post(f"{lang}/appeals/new/", {**form, "attachments": [fake]}),
        "new appeal, too long": client.post(f"{lang}/appeals/new/", {**form, "subject": "ж" * 300}),
    }
    client.post(f"{lang}/appeals/new/", form)
    pages["check your answers"] = client.get(f"{lang}/appeals/new/check/")
    pages["open appeal"] = client.get(f"{lang}/appeals/{open_appeal.tracking_number}/")
    pages["add information, empty"] = client.post(f"{lang}/appeals/{open_appeal.tracking_number}/add/", {})
    pages["clarification"] = client.get(f"{lang}/appeals/{asked.tracking_number}/")
    pages["clarification, empty"] = client.post(f"{lang}/appeals/{asked.tracking_number}/clarify/", {})
    pages["withdraw"] = client.get(f"{lang}/appeals/{open_appeal.tracking_number}/withdraw/")
    pages["answered"] = client.get(f"{lang}/appeals/{answered.tracking_number}/")
    pages["rating, empty"] = client.post(f"{lang}/appeals/{answered.tracking_number}/rate/", {})
    pages["complaint"] = client.get(f"{lang}/appeals/{answered.tracking_number}/complain/")
    pages["complaint, empty"] = client.post(f"{lang}/appeals/{answered.tracking_number}/complain/", {})
    pages["profile"] = client.get(f"{lang}/accounts/profile/")
    pages["profile, empty"] = client.post(f"{lang}/accounts/profile/", {})
    for iin in wrong_iins():
        pages[f"profile, IIN {iin}"] = client.post(
            f"{lang}/accounts/profile/",
            {
                "full_name": "Ахметов Нұрлан",
                "iin": iin,
                "postal_address": "Абай 1",
                "preferred_language": language,
            },
        )
    pages["filed"] = client.get(f"{lang}/appeals/{open_appeal.tracking_number}/filed/")
    return pages


def public_pages(client: Client, language: str) -> dict[str, object]:
    lang = f"/{language}"
    return {
        "home": client.get(f"{lang}/"),
        "statistics": client.get(f"{lang}/stats/"),
        "blogs": client.get(f"{lang}/blogs/"),
        "help": client.get(f"{lang}/help/"),
        "contact": client.get(f"{lang}/contact/"),
        "privacy": client.get(f"{lang}/privacy/"),
        "accessibility": client.get(f"{lang}/accessibility/"),
        "sign in needed": client.get(f"{lang}/appeals/new/"),
        "sign up": client.get(f"{lang}/accounts/sign-up/"),
        "sign up, empty": client.post(f"{lang}/accounts/sign-up/", {}),
        "sign up, bad e-mail": client.post(f"{lang}/accounts/sign-up/", {"email": "a@", "password": "x"}),
        "sign up, weak password": client.post(
            f"{lang}/accounts/sign-up/", {"email": "new@example.kz", "password": "12345678"}
        ),
        "sign in": client.get(f"{lang}/accounts/sign-in/"),
        "sign in, wrong": client.post(
            f"{lang}/accounts/sign-in/", {"username": "no@example.kz", "password": "x"}
        ),
        "password reset": client.get(f"{lang}/accounts/password-reset/"),
        "password reset, empty": client.post(f"{lang}/accounts/password-reset/", {}),
        "not found": client.get(f"{lang}/no-such-page/"),
    }


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_no_english_on_kazakh_and_russian_pages(language: str, make_citizen, make_official) -> None:
    citizen = make_citizen(language=language)
    citizen.citizen_profile.postal_address = "Абай даңғылы 1, Алматы"  # typed text in Cyrillic
    citizen.citizen_profile.save()
    officer = make_official("ministry-of-health", Official.Role.OFFICER).user
    pages = public_pages(Client(), language)
    signed_in = Client()
    signed_in.force_login(citizen)
    pages.update(citizen_pages(signed_in, language, citizen, officer))
    newcomer = User.objects.create_user(f"newcomer-{language}@example.kz", "plum orbit candle seventy")
    before = Client()
    before.force_login(newcomer)
    pages["before filing"] = before.get(f"/{language}/appeals/new/")
    problems = {}
    for name, response in pages.items():
        assert response.status_code in (200, 400, 404, 429), (name, response.status_code)  # type: ignore[attr-defined]
        found = english_in(response.content.decode())  # type: ignore[attr-defined]
        if found:
            problems[name] = found
    assert not problems, f"English on {language} pages: {problems}"


def test_the_check_finds_english_where_there_is_some() -> None:
    assert english_in("<p>This field is required.</p>") == ["This field is required."]
    assert english_in("<a href=/>Help</a>") == ["Help"]  # one word, from our catalogue
    assert english_in('<input aria-label="Search the list">') == ["Search the list"]
    assert english_in("<p>Dialog API, CSV, PDF</p><p>Өтініш DLG-2026-000001</p>") == []
    assert english_in('<a lang="en" href="/en/">English</a><script>var x = "some words";</script>') == []


def test_dates_and_times_are_in_each_languages_own_style(make_citizen) -> None:
    from django.utils import formats, translation

    moment = timezone.make_aware(dt.datetime(2026, 11, 29, 19, 5))
    expected = {
        "kk": "2026 жылғы 29 қараша, 19:05",
        "ru": "29 ноября 2026 г., 19:05",
        "en": "29 November 2026, 19:05",
    }
    for language, text in expected.items():
        with translation.override(language):
            assert formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT") == text
            assert formats.get_format("FIRST_DAY_OF_WEEK") == 1
    with translation.override("kk"):
        assert formats.number_format(1234.5, 1, use_l10n=True, force_grouping=True) == "1\xa0234,5"
