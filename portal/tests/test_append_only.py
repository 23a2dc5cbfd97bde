"""The audit trails are append-only in PostgreSQL itself, and the appeal's invariants are
database constraints: neither a raw SQL statement nor a bulk update gets past them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F

from appeals.backoffice.audit import PROFILE, record_personal_data_view
from appeals.models import Appeal, AppealEvent, PersonalDataView

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the triggers are PostgreSQL's"
)


def refused(sql: str, *params: object) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError as error:
        return "append-only" in str(error)
    return False


@postgresql_only
def test_raw_sql_cannot_change_or_delete_appeal_events(file_appeal) -> None:
    appeal = file_appeal()
    event = AppealEvent.objects.get(appeal=appeal)
    assert refused("UPDATE appeals_appealevent SET note = 'rewritten' WHERE id = %s", event.pk)
    assert refused("DELETE FROM appeals_appealevent WHERE id = %s", event.pk)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AppealEvent.objects.filter(pk=event.pk).update(note="rewritten")
    assert AppealEvent.objects.get(pk=event.pk).note == event.note


@postgresql_only
def test_raw_sql_cannot_change_or_delete_moderation_events(citizen, head, almaty) -> None:
    from blogs.models import Blog, BlogEvent
    from blogs.services import blog_question_ask

    blog = Blog.objects.create(agency=head.agency, head=head, name="H", position="Minister", is_open=True)
    question = blog_question_ask(
        actor=citizen, blog=blog, region=almaty, subject="Roads", text="When?", language="en"
    )
    event = BlogEvent.objects.get(question=question)
    assert refused("UPDATE blogs_blogevent SET note = 'x' WHERE id = %s", event.pk)
    assert refused("DELETE FROM blogs_blogevent WHERE id = %s", event.pk)


@postgresql_only
def test_raw_sql_cannot_change_or_delete_views_of_personal_data(officer, file_appeal, citizen) -> None:
    appeal = file_appeal()
    record_personal_data_view(
        viewer=officer.user,
        citizen_id=citizen.pk,
        appeal_id=appeal.pk,
        channel=PersonalDataView.Channel.API,
        what=[PROFILE],
    )
    view = PersonalDataView.objects.get()
    assert refused("UPDATE appeals_personaldataview SET what = '' WHERE id = %s", view.pk)
    assert refused("DELETE FROM appeals_personaldataview WHERE id = %s", view.pk)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_truncate_still_empties_the_trail_for_the_test_suites_flush(
    transactional_reference, file_appeal
) -> None:
    file_appeal()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE appeals_appealevent")
    assert not AppealEvent.objects.exists()


@pytest.mark.parametrize(
    ("change", "constraint"),
    [
        ({"answered_at": F("submitted_at")}, "appeal_answered_fields_together"),
        ({"answered_on": dt.date(2026, 5, 5)}, "appeal_answered_fields_together"),
        ({"next_action": "reminder", "next_action_at": None}, "appeal_next_action_pair"),
        ({"next_action": "", "next_action_at": F("submitted_at")}, "appeal_next_action_pair"),
        ({"due_on": dt.date(2000, 1, 1)}, "appeal_due_after_registration"),
        ({"submitted_at": F("registered_at") + dt.timedelta(days=1)}, "appeal_registered_after_submitted"),
        (
            {"answered_at": F("submitted_at") - dt.timedelta(days=1), "answered_on": dt.date(2025, 1, 1)},
            "appeal_answered_after_submitted",
        ),
    ],
)
def test_the_appeals_invariants_are_database_constraints(
    file_appeal, change: dict[str, object], constraint: str
) -> None:
    appeal = file_appeal()
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        Appeal.objects.filter(pk=appeal.pk).update(**change)
