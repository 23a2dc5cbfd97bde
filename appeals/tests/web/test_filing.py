"""Filing an appeal on the web: who may, what is checked, what survives a mistake."""

from __future__ import annotations

import uuid

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation
from django.utils.formats import date_format

from appeals.delivery import deliver
from appeals.models import Appeal, Attachment, FilingDraft, Notification
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


def send(client: Client, data: dict[str, object], language: str = "en", **extra: object):
    """The two steps a citizen takes: the form (kept as a draft), then "check your answers"."""
    first = client.post(f"/{language}/appeals/new/", data, **extra)  # type: ignore[arg-type]
    if first.status_code != 302:
        return first
    assert first["Location"] == f"/{language}/appeals/new/check/"
    return client.post(
        f"/{language}/appeals/new/check/",
        {"submission_token": uuid.uuid4().hex},
        **extra,  # type: ignore[arg-type]
    )


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
    response = send(signed_in, form_data(attachments=[make_upload()]))
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
    send(signed_in, form_data())
    appeal = Appeal.objects.get()
    notification = Notification.objects.get(appeal=appeal, kind="registered")
    assert deliver(notification.pk)
    message = mail.outbox[-1]
    assert appeal.tracking_number in message.subject
    assert appeal.agency.name_en in message.body
    with translation.override(notification.language):
        assert date_format(appeal.due_on, "DATE_FORMAT") in message.body


def test_an_appeal_to_a_deputy_goes_to_the_chambers_office(signed_in: Client) -> None:
    deputy = Deputy.objects.filter(is_active=True).first()
    assert deputy is not None
    send(signed_in, form_data(addressee=f"deputy:{deputy.pk}"))
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


def test_files_survive_a_mistake_kept_with_the_draft_and_reach_the_appeal(
    signed_in: Client, make_upload
) -> None:
    response = signed_in.post("/en/appeals/new/", form_data(subject="", attachments=[make_upload()]))
    body = response.content.decode()
    assert "Files kept with your draft:" in body and "photo.png" in body
    assert "The queue at polyclinic No. 5" in body
    # Corrected, without choosing the file again: the file reaches the appeal.
    response = send(signed_in, form_data())
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "photo.png" and attachment.content_type == "image/png"
    assert attachment.appeal == Appeal.objects.get()


def test_a_kept_file_can_be_removed_and_counts_towards_the_limit(signed_in: Client, make_upload) -> None:
    signed_in.post(
        "/en/appeals/new/", form_data(subject="", attachments=[make_upload(f"p{i}.png") for i in range(4)])
    )
    body = signed_in.post(
        "/en/appeals/new/", form_data(subject="", attachments=[make_upload("a.png"), make_upload("b.png")])
    ).content.decode()
    assert "You can attach at most 5 files; 4 are already kept." in body
    draft = FilingDraft.objects.get()
    first = draft.files.first()
    assert first is not None
    assert signed_in.post(f"/en/appeals/new/files/{first.pk}/remove/").status_code == 302
    assert draft.files.count() == 3
    send(signed_in, form_data())
    assert Attachment.objects.count() == 3
    assert not FilingDraft.objects.exists()


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
    check = signed_in.get(signed_in.post("/en/appeals/new/", form_data(subject=evil, text=evil))["Location"])
    assert "<script>alert" not in check.content.decode()
    send(signed_in, form_data(subject=evil, text=evil))
    appeal = Appeal.objects.get()
    assert appeal.subject == evil and appeal.text == evil
    for path in ("/en/appeals/", f"/en/appeals/{appeal.tracking_number}/"):
        body = signed_in.get(path).content.decode()
        assert "<script>alert" not in body and "<img src=x" not in body
        assert "&lt;script&gt;" in body


def test_filing_is_rate_limited_per_account_and_the_draft_survives(signed_in: Client, settings) -> None:
    settings.DIALOG_RATE_LIMITS = {"file_appeal": {"account": "2/hour", "ip": "100/hour"}}
    assert send(signed_in, form_data()).status_code == 302
    assert send(signed_in, form_data()).status_code == 302
    response = send(signed_in, form_data(subject="Third one"))
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
        statuses.append(send(client, form_data(), REMOTE_ADDR="10.1.2.3").status_code)
    assert statuses == [302, 302, 429]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_form_page_answers_in_each_language(signed_in: Client, language: str) -> None:
    response = signed_in.get(f"/{language}/appeals/new/")
    assert response.status_code == 200
    assert f'<html lang="{language}"' in response.content.decode()


def test_nothing_is_filed_until_the_check_page_is_sent_and_it_shows_every_answer(signed_in: Client) -> None:
    response = signed_in.post("/en/appeals/new/", form_data())
    assert response.status_code == 302 and response["Location"] == "/en/appeals/new/check/"
    assert not Appeal.objects.exists()
    body = signed_in.get("/en/appeals/new/check/").content.decode()
    assert "Check your answers before sending the appeal" in body
    for shown in ("Ministry of Health", "Clinic queue", "The queue at polyclinic No. 5", "No files"):
        assert shown in body
    assert 'href="/en/appeals/new/#id_subject"' in body  # each answer can be changed
    # "Change" brings back the form with everything typed.
    form = signed_in.get("/en/appeals/new/").content.decode()
    assert 'value="Clinic queue"' in form and "The queue at polyclinic No. 5" in form
    assert not Appeal.objects.exists()


def test_sending_the_check_page_twice_files_one_appeal(signed_in: Client) -> None:
    signed_in.post("/en/appeals/new/", form_data())
    token = {"submission_token": uuid.uuid4().hex}
    first = signed_in.post("/en/appeals/new/check/", token)
    second = signed_in.post("/en/appeals/new/check/", token)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Appeal.objects.count() == 1


def test_the_check_page_without_a_draft_leads_back_to_the_form(signed_in: Client) -> None:
    response = signed_in.get("/en/appeals/new/check/")
    assert response.status_code == 302 and response["Location"] == "/en/appeals/new/"


def test_the_form_takes_the_addressee_and_region_from_the_link(signed_in: Client) -> None:
    body = signed_in.get("/en/appeals/new/?agency=ministry-of-health&region=KZ-75").content.decode()
    assert '<option value="agency:ministry-of-health" selected>' in body
    assert '<option value="KZ-75" selected>' in body
    # Nonsense in the link preselects nothing and breaks nothing.
    assert signed_in.get("/en/appeals/new/?agency=%3Cscript%3E&region=" + "x" * 50).status_code == 200


def test_after_the_details_step_the_citizen_returns_to_the_form_with_what_they_typed(
    client: Client, make_citizen
) -> None:
    citizen = make_citizen(complete=False, verified=True)
    client.force_login(citizen)
    page = client.get("/en/appeals/new/?agency=ministry-of-health&region=KZ-75").content.decode()
    # The details link leads back to the same form, link parameters and all.
    assert "next=/en/appeals/new/%3Fagency%3Dministry-of-health%26region%3DKZ-75" in page
    assert client.post("/en/appeals/new/", form_data(subject="Typed before the details")).status_code == 200
    profile = {
        "full_name": "Ахметов Нурлан Серикович",
        "iin": citizen_iin(),
        "postal_address": "Almaty, Abay avenue 1",
        "phone": "",
        "preferred_language": "en",
        "next": "/en/appeals/new/",
    }
    response = client.post("/en/accounts/profile/", profile)
    assert response.status_code == 302 and response["Location"] == "/en/appeals/new/"
    body = client.get("/en/appeals/new/").content.decode()
    assert 'value="Typed before the details"' in body
    assert "The queue at polyclinic No. 5" in body


def citizen_iin() -> str:
    import datetime as dt
    import random

    from portal.accounts.iin import make_iin

    return make_iin(random.Random(7), dt.date(1990, 3, 15))


def test_the_addressee_field_offers_the_routing_help_when_the_portal_has_it(signed_in: Client) -> None:
    from django.urls import NoReverseMatch, reverse

    try:
        route = reverse("appeals:route")
    except NoReverseMatch:
        route = None
    body = signed_in.get("/en/appeals/new/").content.decode()
    if route is None:
        assert "Not sure who to write to?" not in body
    else:
        assert f'href="{route}"' in body and "Not sure who to write to?" in body
