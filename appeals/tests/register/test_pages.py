"""The register's pages, publishing from the filing form, "has this been answered already?",
and withdrawing from the citizen's appeal page."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from appeals.models import Appeal, Attachment, Publication, PublicationState
from appeals.services import appeal_answer
from appeals.services.publication import publication_withdraw
from appeals.tests.register.conftest import IIN
from officials.models import Official
from portal.accounts.models import User

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def form_data(**overrides: object) -> dict[str, object]:
    return {
        "addressee": "agency:ministry-of-health",
        "region": "KZ-75",
        "appeal_type": "application",
        "subject": "Clinic queue",
        "text": "The queue at polyclinic No. 5 is three weeks long.",
        "consent": "on",
        **overrides,
    }


@pytest.fixture
def signed_in(citizen: User) -> Client:
    client = Client()
    client.force_login(citizen)
    return client


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_list_shows_only_published_masked_in_every_language(
    published_file: Callable[..., Appeal], file_appeal: Callable[..., Appeal], citizen: User, language: str
) -> None:
    shown = published_file(subject=f"Queue, my IIN {IIN}")
    hidden = file_appeal(publish=True, subject="Pending one")
    response = Client().get(f"/{language}/register/")
    body = response.content.decode()
    assert response.status_code == 200
    assert shown.tracking_number in body and hidden.tracking_number not in body
    assert IIN not in body and citizen.full_name not in body and citizen.email not in body


def test_search_and_filters_on_the_page(published_file: Callable[..., Appeal]) -> None:
    lift = published_file(subject="Broken lift", text="The lift in block 4 is broken.")
    other = published_file(subject="Noise", text="Loud music at night.", appeal_type="complaint")
    body = Client().get("/en/register/", {"q": "lift"}).content.decode()
    assert lift.tracking_number in body and other.tracking_number not in body
    body = Client().get("/en/register/", {"appeal_type": "complaint", "region": "KZ-75"}).content.decode()
    assert other.tracking_number in body and lift.tracking_number not in body


def test_bad_filters_are_400_with_the_error_shown() -> None:
    response = Client().get("/en/register/", {"date_from": "2026-02-30", "agency": "nope"})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()


def test_detail_page_with_answer_timeline_and_files(
    published_file: Callable[..., Appeal], officer: Official, citizen: User
) -> None:
    appeal = published_file(text=f"Signed: {citizen.full_name}")
    appeal_answer(
        actor=officer.user,
        appeal=appeal,
        text="The queue is shortened.",
        uploads=[SimpleUploadedFile("decision.pdf", PDF, content_type="application/pdf")],
    )
    response = Client().get(f"/ru/register/{appeal.tracking_number}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "The queue is shortened." in body and citizen.full_name not in body
    assert "decision.pdf" in body
    attachment = Attachment.objects.get(appeal=appeal, answer__isnull=False)
    download = Client().get(f"/ru/register/{appeal.tracking_number}/files/{attachment.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_withheld_files_and_citizen_files_are_not_served(
    published_file: Callable[..., Appeal], officer: Official
) -> None:
    appeal = published_file(uploads=[SimpleUploadedFile("mine.pdf", PDF, content_type="application/pdf")])
    appeal_answer(
        actor=officer.user,
        appeal=appeal,
        text="See the file.",
        uploads=[SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")],
        register_withhold_files=True,
    )
    body = Client().get(f"/en/register/{appeal.tracking_number}/").content.decode()
    assert "See the file." in body and "scan.pdf" not in body and "mine.pdf" not in body
    for attachment in Attachment.objects.filter(appeal=appeal):
        url = f"/en/register/{appeal.tracking_number}/files/{attachment.pk}/"
        assert Client().get(url).status_code == 404


def test_unpublished_pages_are_404(file_appeal: Callable[..., Appeal], citizen: User) -> None:
    pending = file_appeal(publish=True)
    assert Client().get(f"/en/register/{pending.tracking_number}/").status_code == 404
    signed = Client()
    signed.force_login(citizen)  # even the author: the register is the public's view
    assert signed.get(f"/en/register/{pending.tracking_number}/").status_code == 404


def test_agency_page_figures_and_recent_answers(
    published_file: Callable[..., Appeal], officer: Official
) -> None:
    appeal = published_file(subject="Vaccination day")
    appeal_answer(actor=officer.user, appeal=appeal, text="Every Monday.")
    response = Client().get("/kk/register/agencies/ministry-of-health/")
    body = response.content.decode()
    assert response.status_code == 200 and "Vaccination day" in body
    assert Client().get("/en/register/agencies/no-such-agency/").status_code == 404


def test_similar_fragment_and_the_no_script_button(
    published_file: Callable[..., Appeal], signed_in: Client
) -> None:
    appeal = published_file(subject="Streetlights broken on Abai avenue", text="Dark at night.")
    fragment = Client().get("/en/register/similar/", {"q": "streetlights are broken"})
    assert fragment.status_code == 200 and appeal.tracking_number in fragment.content.decode()
    assert "No published appeal" in Client().get("/en/register/similar/", {"q": "zzzz qqqq"}).content.decode()
    page = signed_in.post(
        "/en/appeals/new/", form_data(subject="Broken streetlights", text="Streetlights", similar="1")
    )
    body = page.content.decode()
    assert page.status_code == 200 and appeal.tracking_number in body
    assert "govuk-error-summary" not in body  # the form is kept, not judged
    assert 'value="Broken streetlights"' in body


def test_filing_with_publish_asks_for_moderation(signed_in: Client) -> None:
    assert signed_in.post("/en/appeals/new/", form_data(publish="on")).status_code == 302
    check = signed_in.get("/en/appeals/new/check/").content.decode()
    assert "without your name" in check
    sent = signed_in.post("/en/appeals/new/check/", {"submission_token": uuid.uuid4().hex})
    assert sent.status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.publication.state == PublicationState.PENDING
    page = signed_in.get(f"/en/appeals/{appeal.tracking_number}/").content.decode()
    assert "The agency is checking" in page


def test_filing_without_publish_publishes_nothing(signed_in: Client) -> None:
    signed_in.post("/en/appeals/new/", form_data())
    signed_in.post("/en/appeals/new/check/", {"submission_token": uuid.uuid4().hex})
    assert Appeal.objects.count() == 1 and not Publication.objects.exists()


def test_citizen_withdraws_from_the_appeal_page(
    published_file: Callable[..., Appeal], signed_in: Client, make_citizen: Callable[..., User]
) -> None:
    appeal = published_file()
    stranger = Client()
    stranger.force_login(make_citizen())
    assert stranger.post(f"/en/appeals/{appeal.tracking_number}/unpublish/").status_code == 404
    assert signed_in.get(f"/en/appeals/{appeal.tracking_number}/unpublish/").status_code == 405
    response = signed_in.post(f"/en/appeals/{appeal.tracking_number}/unpublish/")
    assert response.status_code == 302
    assert Publication.objects.get(pk=appeal.publication.pk).state == PublicationState.WITHDRAWN
    assert Client().get(f"/en/register/{appeal.tracking_number}/").status_code == 404
    assert appeal.tracking_number not in Client().get("/en/register/").content.decode()


def test_withdrawn_one_is_gone_from_the_agency_page(
    published_file: Callable[..., Appeal], officer: Official, citizen: User
) -> None:
    appeal = published_file(subject="Rare subject zebra")
    appeal_answer(actor=officer.user, appeal=appeal, text="Answered.")
    publication_withdraw(actor=citizen, publication=appeal.publication)
    assert "zebra" not in Client().get("/en/register/agencies/ministry-of-health/").content.decode()
    assert "zebra" not in Client().get("/en/register/similar/", {"q": "zebra subject"}).content.decode()
