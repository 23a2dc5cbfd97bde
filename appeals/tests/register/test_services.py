"""Publication in the register: the services' rules, masking, and what the register shows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from appeals.models import Appeal, AppealEvent, EventKind, Notification, Publication, PublicationState
from appeals.register.selectors import (
    RegisterFilters,
    published_appeals,
    register_entries,
    register_entry,
    register_filter,
    similar_published,
)
from appeals.services import appeal_answer, appeal_redirect
from appeals.services.publication import publication_approve, publication_refuse, publication_withdraw
from appeals.signals import register_change
from appeals.tests.register.conftest import IIN
from officials.models import Agency, Official
from portal.accounts.models import User
from portal.domain_errors import IllegalTransition, InvalidInput, NotAllowed


def _numbers(**filters: Any) -> list[str]:
    rows = register_filter(published_appeals(), RegisterFilters(**filters))
    return [entry.tracking_number for entry in register_entries(rows)]


def test_filing_without_publish_makes_no_publication(file_appeal: Callable[..., Appeal]) -> None:
    appeal = file_appeal()
    assert not Publication.objects.filter(appeal=appeal).exists()


def test_request_is_masked_pending_and_never_shown(file_appeal: Callable[..., Appeal], citizen: User) -> None:
    citizen.full_name = "Aigerim Nurlanovna Seitkali"
    citizen.save()
    appeal = file_appeal(
        publish=True,
        subject="Call me +7 701 123 45 67",
        text=f"I am Aigerim Seitkali, IIN {IIN}, write to me@example.kz. Seitkalieva too.",
    )
    publication = appeal.publication
    assert publication.state == PublicationState.PENDING
    for secret in (IIN, "701 123", "me@example.kz", "Aigerim", "Seitkali"):
        assert secret not in publication.public_text + publication.public_subject
    assert AppealEvent.objects.filter(appeal=appeal, kind=EventKind.PUBLICATION_REQUESTED).exists()
    assert register_entry(appeal.tracking_number) is None
    assert appeal.tracking_number not in _numbers()


def test_moderators_of_the_agency_are_told(file_appeal: Callable[..., Appeal], officer: Official) -> None:
    appeal = file_appeal(publish=True)
    assert Notification.objects.filter(
        recipient=officer.user, appeal=appeal, kind="publication_moderation"
    ).exists()


def test_approve_publishes_with_more_masked_and_tells_the_citizen(
    file_appeal: Callable[..., Appeal], officer: Official
) -> None:
    appeal = file_appeal(publish=True, text="The head nurse Zhanna Bekova was rude at clinic No. 5.")
    publication_approve(actor=officer.user, publication=appeal.publication, hidden_phrases=["Zhanna Bekova"])
    entry = register_entry(appeal.tracking_number)
    assert entry is not None
    assert "Bekova" not in entry.text and "[hidden by the agency]" in entry.text
    assert "Citizen" not in entry.text  # the fixture citizen's name
    assert entry.agency_slug == "ministry-of-health" and entry.region_code == "KZ-75"
    assert [event.kind for event in entry.timeline] == ["registered", "published"]
    assert Notification.objects.filter(appeal=appeal, kind="publication_published").count() == 1


def test_refused_one_never_shows(file_appeal: Callable[..., Appeal], officer: Official) -> None:
    appeal = file_appeal(publish=True)
    with pytest.raises(InvalidInput):
        publication_refuse(actor=officer.user, publication=appeal.publication, ground="")
    publication_refuse(
        actor=officer.user, publication=appeal.publication, ground="third_parties", note="Names."
    )
    assert register_entry(appeal.tracking_number) is None
    event = AppealEvent.objects.get(appeal=appeal, kind=EventKind.PUBLICATION_REFUSED)
    assert "private life" in event.note
    assert Notification.objects.filter(appeal=appeal, kind="publication_refused").exists()
    with pytest.raises(IllegalTransition):
        publication_approve(actor=officer.user, publication=appeal.publication)


def test_officials_of_another_agency_may_not_moderate(
    file_appeal: Callable[..., Appeal], make_official: Callable[..., Official]
) -> None:
    appeal = file_appeal(publish=True)
    stranger = make_official("ministry-of-education")
    with pytest.raises(NotAllowed):
        publication_approve(actor=stranger.user, publication=appeal.publication)
    with pytest.raises(NotAllowed):
        publication_refuse(actor=stranger.user, publication=appeal.publication, ground="abusive")
    assert Publication.objects.get(pk=appeal.publication.pk).state == PublicationState.PENDING


def test_withdraw_after_publication_hides_it_everywhere(
    published_file: Callable[..., Appeal], citizen: User, make_citizen: Callable[..., User]
) -> None:
    appeal = published_file(subject="Broken lift in the clinic")
    assert register_entry(appeal.tracking_number) is not None
    assert _numbers(q="lift") == [appeal.tracking_number]
    with pytest.raises(NotAllowed):
        publication_withdraw(actor=make_citizen(), publication=appeal.publication)
    publication_withdraw(actor=citizen, publication=appeal.publication)
    assert register_entry(appeal.tracking_number) is None
    assert _numbers() == [] and _numbers(q="lift") == []
    assert similar_published("Broken lift in the clinic") == []
    with pytest.raises(IllegalTransition):
        publication_withdraw(actor=citizen, publication=appeal.publication)


def test_withheld_answer_is_not_shown(published_file: Callable[..., Appeal], officer: Official) -> None:
    appeal = published_file()
    appeal_answer(
        actor=officer.user,
        appeal=appeal,
        text="Your medical record says diabetes; the queue is fixed.",
        register_withhold_text=True,
    )
    entry = register_entry(appeal.tracking_number)
    assert entry is not None and entry.answered_at is not None and entry.answered_on_time is True
    assert [a.withheld for a in entry.answers] == [True]
    assert entry.answers[0].text == "" and "diabetes" not in str(entry.answers[0].html)
    assert _numbers(q="diabetes") == []


def test_answer_is_shown_masked_and_searchable(
    published_file: Callable[..., Appeal], officer: Official, citizen: User
) -> None:
    appeal = published_file()
    appeal_answer(
        actor=officer.user,
        appeal=appeal,
        text=f"Dear {citizen.full_name}, the queue is shortened; IIN {IIN}.",
    )
    entry = register_entry(appeal.tracking_number)
    assert entry is not None
    text = entry.answers[0].text
    assert "shortened" in text and IIN not in text and citizen.full_name not in text
    assert _numbers(q="shortened") == [appeal.tracking_number]
    assert _numbers(q=IIN) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
@pytest.mark.parametrize(
    ("subject", "query"),
    [
        ("Ремонт дороги на улице Абая", "дорога"),
        ("Potholes on the roads of our district", "road"),
        ("Ауылдағы жол жөндеу", "жол"),
    ],
)
def test_search_in_each_language(published_file: Callable[..., Appeal], subject: str, query: str) -> None:
    appeal = published_file(subject=subject, text=subject)
    published_file(subject="Something else", text="Nothing alike")
    assert _numbers(q=query) == [appeal.tracking_number]


def test_filters(published_file: Callable[..., Appeal], almaty: Any) -> None:
    appeal = published_file(appeal_type="complaint")
    other = published_file(region=almaty.__class__.objects.get(code="KZ-71"))
    assert _numbers(appeal_type="complaint") == [appeal.tracking_number]
    assert _numbers(region=almaty) == [appeal.tracking_number]
    assert set(_numbers(status="open")) == {appeal.tracking_number, other.tracking_number}
    assert _numbers(status="answered") == []
    assert _numbers(agency=Agency.objects.get(slug="ministry-of-education")) == []


def test_redirect_moves_the_publication_and_the_old_number_finds_it(
    published_file: Callable[..., Appeal], officer: Official
) -> None:
    appeal = published_file()
    successor = appeal_redirect(
        actor=officer.user,
        appeal=appeal,
        to_agency=Agency.objects.get(slug="ministry-of-education"),
        reason="Schools are theirs.",
    )
    entry = register_entry(appeal.tracking_number)
    assert entry is not None and entry.tracking_number == successor.tracking_number
    assert entry.agency_slug == "ministry-of-education"
    assert "redirected" in [event.kind for event in entry.timeline]


def test_register_change_is_sent_for_published_appeals_only(
    file_appeal: Callable[..., Appeal], officer: Official
) -> None:
    heard: list[tuple[int, str]] = []

    def receiver(sender: object, *, appeal_id: int, kind: str, **kwargs: object) -> None:
        heard.append((appeal_id, kind))

    register_change.connect(receiver)
    try:
        private = file_appeal()
        appeal_answer(actor=officer.user, appeal=private, text="Private answer.")
        appeal = file_appeal(publish=True)
        publication_approve(actor=officer.user, publication=appeal.publication)
        appeal_answer(actor=officer.user, appeal=appeal, text="Public answer.")
    finally:
        register_change.disconnect(receiver)
    assert heard == [(appeal.pk, "published"), (appeal.pk, "answered")]


def test_list_reads_in_one_query(published_file: Callable[..., Appeal]) -> None:
    for _ in range(3):
        published_file()
    with CaptureQueriesContext(connection) as queries:
        entries = register_entries(published_appeals()[:20])
    assert len(entries) == 3 and len(queries) == 1


def test_publication_rate_is_withheld_for_small_groups_either_way(
    file_appeal: Callable[..., Appeal], settings: Any
) -> None:
    from appeals.register.figures import publication_rate

    settings.STATS_MIN_CELL = 5
    agency = Agency.objects.get(slug="ministry-of-health")
    for _ in range(3):
        file_appeal(publish=True)
    file_appeal()
    shown = {"suppressed": False, "received": 20}
    assert publication_rate(agency, shown).suppressed  # 3 chose to publish: too few
    assert publication_rate(agency, {"suppressed": False, "received": 7}).suppressed  # 4 did not
    for _ in range(3):
        file_appeal(publish=True)
    assert publication_rate(agency, shown).rate == 0.3
    assert publication_rate(agency, {"suppressed": True, "received": None}).rate is None
    other = Agency.objects.get(slug="ministry-of-education")
    assert publication_rate(other, shown).rate == 0.0  # nobody chose: not a small group
