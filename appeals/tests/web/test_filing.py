"""Filing an appeal on the web: who may, what is checked, what survives a mistake."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation

from appeals.delivery import deliver
from appeals.models import Appeal, Attachment, Notification
from appeals.tests.web.conftest import big_file
from officials.models import Agency, Deputy
from portal.accounts.models import User

pytestmark = pytest.mark.django_db


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
def signed_in(client: Client, verified_citizen: User) -> Client:
    client.force_login(verified_citizen)
    return client


def test_anonymous_visitors_are_told_why_they_must_sign_in(client: Client) -> None:
    response = client.get("/en/appeals/new/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "The law does not allow agencies to consider anonymous appeals." in body
    assert "/en/accounts/sign-in/?next=/en/appeals/new/" in body


def test_an_unverified_or_incomplete_citizen_is_told_what_is_missing(client: Client, make_citizen) -> None:
    incomplete = make_citizen(complete=False, verified=False)
    client.force_login(incomplete)
    body = client.get("/en/appeals/new/").content.decode()
    assert "Confirm your e-mail address" in body
    assert "Give your full name, IIN and postal address." in body
    assert client.post("/en/appeals/new/", form_data()).status_code == 200
    assert not Appeal.objects.exists()


def test_the_addressee_list_is_grouped_and_named_in_the_page_language(signed_in: Client) -> None:
    body = signed_in.get("/ru/appeals/new/").content.decode()
    for group in (
        "Central government bodies",
        "Regional and city akimats",
        "District akimats",
        "Deputies of Parliament",
    ):
        with translation.override("ru"):
            label = translation.gettext(group)
        assert label != group  # the catalogue has it in Russian
        assert f'<optgroup label="{label}' in body
    health = Agency.objects.get(slug="ministry-of-health")
    assert health.name_ru in body
    assert health.name_en not in body


def test_filing_registers_the_appeal_and_shows_the_confirmation(signed_in: Client, make_upload) -> None:
    response = signed_in.post("/en/appeals/new/", form_data(attachments=[make_upload()]))
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert response["Location"] == f"/en/appeals/{appeal.tracking_number}/filed/"
    assert appeal.agency.slug == "ministry-of-health" and appeal.region.code == "KZ-75"
    attachment = Attachment.objects.get()
    assert attachment.original_name == "photo.png" and attachment.content_type == "image/png"
    assert "photo" not in attachment.file.name  # stored under a generated name
    page = signed_in.get(response["Location"]).content.decode()
    assert appeal.tracking_number in page
    assert "Ministry of Health" in page
    assert "Registered on" in page and "Answer due by" in page


def test_the_confirmation_email_carries_the_number_addressee_and_due_date(signed_in: Client) -> None:
    signed_in.post("/en/appeals/new/", form_data())
    appeal = Appeal.objects.get()
    notification = Notification.objects.get(appeal=appeal, kind="registered")
    assert deliver(notification.pk)
    message = mail.outbox[-1]
    assert appeal.tracking_number in message.subject
    assert appeal.agency.name_en in message.body
    assert appeal.due_on.strftime("%d.%m.%Y") in message.body


def test_an_appeal_to_a_deputy_goes_to_the_chambers_office(signed_in: Client) -> None:
    deputy = Deputy.objects.filter(is_active=True).first()
    assert deputy is not None
    signed_in.post("/en/appeals/new/", form_data(addressee=f"deputy:{deputy.pk}"))
    appeal = Appeal.objects.get()
    assert appeal.deputy == deputy and appeal.agency == deputy.office


@pytest.mark.parametrize(
    ("overrides", "message", "anchor"),
    [
        ({"addressee": ""}, "Choose who the appeal is for.", "id_addressee"),
        (
            {"addressee": "agency:no-such-agency"},
            "Choose who the appeal is for from the list.",
            "id_addressee",
        ),
        ({"addressee": "deputy:999999"}, "Choose who the appeal is for from the list.", "id_addressee"),
        ({"region": "KZ-99"}, "Choose the region from the list.", "id_region"),
        ({"appeal_type": "bribe"}, "Choose what kind of appeal it is.", "id_appeal_type_0"),
        ({"subject": ""}, "Enter the subject of your appeal.", "id_subject"),
        ({"text": "x" * 100_000}, "This is 100000 characters long; the limit is 10000.", "id_text"),
        ({"consent": ""}, "Agree to the processing of your personal data", "id_consent"),
    ],
)
def test_each_mistake_is_summarised_linked_and_the_draft_kept(
    signed_in: Client, overrides: dict[str, str], message: str, anchor: str
) -> None:
    data = form_data(**{"subject": "My draft subject", **overrides})
    response = signed_in.post("/en/appeals/new/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert message in body
    assert f'href="#{anchor}"' in body
    assert f'id="{anchor}"' in body
    if "text" not in overrides:
        assert "The queue at polyclinic No. 5 is three weeks long." in body
    if "subject" not in overrides:
        assert 'value="My draft subject"' in body
    assert not Appeal.objects.exists()


def test_files_must_be_chosen_again_after_a_mistake_and_the_page_says_so(
    signed_in: Client, make_upload
) -> None:
    response = signed_in.post("/en/appeals/new/", form_data(subject="", attachments=[make_upload()]))
    body = response.content.decode()
    assert "Choose your files again" in body
    assert "The queue at polyclinic No. 5" in body


def test_a_file_disguised_by_its_extension_is_refused(signed_in: Client, make_upload) -> None:
    fake = make_upload("report.pdf", b"MZ\x90\x00 this is a Windows program", "application/pdf")
    body = signed_in.post("/en/appeals/new/", form_data(attachments=[fake])).content.decode()
    assert "report.pdf is not an accepted file (PDF, JPEG, PNG, DOCX)" in body
    assert not Appeal.objects.exists()


def test_a_50_mb_upload_is_refused_with_the_limit(signed_in: Client) -> None:
    body = signed_in.post(
        "/en/appeals/new/", form_data(attachments=[big_file(50 * 1024 * 1024)])
    ).content.decode()
    assert "big.pdf is 50.0" in body and "a file may be at most 10.0" in body
    assert not Appeal.objects.exists()


def test_more_than_five_files_are_refused(signed_in: Client, make_upload) -> None:
    files = [make_upload(f"p{i}.png") for i in range(6)]
    body = signed_in.post("/en/appeals/new/", form_data(attachments=files)).content.decode()
    assert "You can attach at most 5 files." in body
    assert not Appeal.objects.exists()


def test_html_and_script_are_stored_as_typed_and_escaped_on_every_page(signed_in: Client) -> None:
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    signed_in.post("/en/appeals/new/", form_data(subject=evil, text=evil))
    appeal = Appeal.objects.get()
    assert appeal.subject == evil and appeal.text == evil
    for path in ("/en/appeals/", f"/en/appeals/{appeal.tracking_number}/"):
        body = signed_in.get(path).content.decode()
        assert "<script>alert" not in body and "<img src=x" not in body
        assert "&lt;script&gt;" in body


def test_filing_is_rate_limited_per_account_and_the_draft_survives(signed_in: Client, settings) -> None:
    settings.DIALOG_RATE_LIMITS = {"file_appeal": {"account": "2/hour", "ip": "100/hour"}}
    assert signed_in.post("/en/appeals/new/", form_data()).status_code == 302
    assert signed_in.post("/en/appeals/new/", form_data()).status_code == 302
    response = signed_in.post("/en/appeals/new/", form_data(subject="Third one"))
    assert response.status_code == 429
    body = response.content.decode()
    assert "please try again in" in body and "Third one" in body
    assert Appeal.objects.count() == 2


def test_filing_is_rate_limited_per_address_across_accounts(client: Client, make_citizen, settings) -> None:
    from django.utils import timezone

    settings.DIALOG_RATE_LIMITS = {"file_appeal": {"account": "100/hour", "ip": "2/hour"}}
    statuses = []
    for _ in range(3):
        user = make_citizen()
        user.email_verified_at = timezone.now()
        user.save()
        client.force_login(user)
        statuses.append(client.post("/en/appeals/new/", form_data(), REMOTE_ADDR="10.1.2.3").status_code)
    assert statuses == [302, 302, 429]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_form_page_answers_in_each_language(signed_in: Client, language: str) -> None:
    response = signed_in.get(f"/{language}/appeals/new/")
    assert response.status_code == 200
    assert f'<html lang="{language}"' in response.content.decode()
