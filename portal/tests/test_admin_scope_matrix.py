"""The scope matrix: every admin URL of a model that touches appeals (or citizens' personal
data), every site-level admin URL and every agency API endpoint, for each role, is allowed or
refused as the scope rules say.

The URL lists come from the URL map itself (`admin.site._registry`, `get_resolver()`), and every
URL must be classified below: a view added later fails this test until someone decides who may
use it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib import admin
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from appeals.models import (
    Answer,
    Appeal,
    AppealEvent,
    Attachment,
    Escalation,
    Notification,
    PersonalDataView,
    SavedInboxFilter,
)
from appeals.services import appeal_answer
from officials.models import Official
from officials.tests.fixtures import token_client, verified_client
from portal.accounts.models import CitizenProfile, User

pytestmark = pytest.mark.django_db

ROLES = ("officer_a", "head_a", "officer_b", "oversight", "citizen", "anonymous", "superuser")
IN_SCOPE = {"officer_a", "head_a", "superuser"}
OUT_OF_SCOPE = {"officer_b", "oversight"}

# How each admin view of a model touching appeals behaves.
LIST, OBJECT, POST_ACTION, NEVER, SUPERUSER_ONLY = "list", "object", "post_action", "never", "superuser_only"
# The head's workload view: heads only, over their own agency (appeals/tests/admin/test_workbench.py).
HEAD_ONLY = "head_only"
# The official's own saved inbox filters: anyone signed in to the back office saves their own;
# deleting another official's is not found.
OWN_FILTERS = "own_filters"
# Another app's admin over appeals, scoped by its own rules and tested by its owner's tests; here
# only: closed to citizens and anonymous visitors.
OWNER_TESTED = "owner_tested"
APPEAL_VIEWS = {
    "changelist": LIST,
    "change": OBJECT,
    "history": OBJECT,
    "attachment": OBJECT,
    "add": NEVER,
    "delete": NEVER,
    "workload": HEAD_ONLY,
    "save_filter": OWN_FILTERS,
    "delete_filter": OWN_FILTERS,
    **{
        action: POST_ACTION
        for action in ("assign", "answer", "redirect", "extend", "clarify", "reject", "note")
    },
    # The answering workbench (issue 16): linking duplicates, the head's decision, the draft.
    **{action: POST_ACTION for action in ("link", "approve", "return", "draft")},
}
TRAIL_VIEWS = {"changelist": LIST, "change": OBJECT, "history": OBJECT, "add": NEVER, "delete": NEVER}
MODEL_VIEWS: dict[type[models.Model], dict[str, str]] = {
    Appeal: APPEAL_VIEWS,
    AppealEvent: TRAIL_VIEWS,
    Attachment: TRAIL_VIEWS,
    Escalation: TRAIL_VIEWS,
    Answer: TRAIL_VIEWS,
    CitizenProfile: dict.fromkeys(("changelist", "change", "history", "add", "delete"), SUPERUSER_ONLY),
    **{
        model: {
            **dict.fromkeys(("changelist", "change", "history"), SUPERUSER_ONLY),
            "add": NEVER,
            "delete": NEVER,
        }
        for model in (Notification, PersonalDataView)
    },
}
try:
    from blogs.models import BlogQuestion

    # Blog questions are appeals: blogs/admin.py scopes them by the blogs an official moderates.
    MODEL_VIEWS[BlogQuestion] = dict.fromkeys(
        ("changelist", "change", "history", "add", "delete"), OWNER_TESTED
    )
except ImportError:  # pragma: no cover - the blogs app without that model
    pass

try:
    from blogs.consultations.models import Consultation

    # A consultation points at its response obligation (an appeal): its admin is scoped to the
    # official's agency by blogs/consultations/admin (blogs/consultations/tests/test_admin.py).
    MODEL_VIEWS[Consultation] = dict.fromkeys(
        ("changelist", "change", "history", "add", "delete", "respond"), OWNER_TESTED
    )
except ImportError:  # pragma: no cover - without the consultations app
    pass

from appeals.models.publication import Publication  # noqa: E402 - beside the other apps' screens

# Publication requests in the register: scoped to the appeal's agency by appeals/admin/publications
# (appeals/tests/register/test_admin.py: another agency's official gets a 404, steps are POST-only).
MODEL_VIEWS[Publication] = dict.fromkeys(
    ("changelist", "change", "history", "add", "delete", "approve", "refuse"), OWNER_TESTED
)

try:
    from blogs.live.models import LiveQuestion

    # A live question points at the appeal it became: its admin is scoped to the session's agency
    # by blogs/live/admin (blogs/live/tests/test_admin.py).
    MODEL_VIEWS[LiveQuestion] = dict.fromkeys(
        ("changelist", "change", "history", "add", "delete"), OWNER_TESTED
    )
except ImportError:  # pragma: no cover - without the live sessions app
    pass

# Admin URLs that are not about one model: who may open them is checked by their own tests.
SITE_VIEWS = {
    "index": "dashboard (officials_tests/test_dashboard.py)",
    "login": "sign-in (officials/tests/test_sign_in.py)",
    "logout": "sign-out",
    "password_change": "own password",
    "password_change_done": "own password",
    "jsi18n": "admin's JavaScript catalogue",
    "auth_user_password_change": "users' passwords: superusers, by Django permissions",
    "autocomplete": "checked here: scoped like the inbox",
    "view_on_site": "redirect for objects with get_absolute_url",
    "app_list": "admin's app index",
    "otp_enrol": "enrolment (officials/tests/test_sign_in.py)",
    "otp_enrol_start": "enrolment (officials/tests/test_sign_in.py)",
    "otp_recovery_codes": "recovery codes (officials/tests/test_sign_in.py)",
}

AGENCY_API = {
    "agency-appeal-list": LIST,
    "agency-appeal-detail": OBJECT,
    **{
        f"agency-appeal-{action}": POST_ACTION
        for action in ("answer", "redirect", "extend", "assign", "clarify")
    },
}


def touches_appeals(model: type[models.Model]) -> bool:
    """The appeal itself, anything that points at an appeal, and citizens' personal data."""
    if model in (Appeal, CitizenProfile):
        return True
    return any(
        getattr(field, "related_model", None) in (Appeal, CitizenProfile)
        for field in model._meta.get_fields()
        if field.is_relation and (field.many_to_one or field.one_to_one) and field.concrete
    )


@dataclass(frozen=True)
class Route:
    name: str
    route: str
    model: type[models.Model] | None
    view: str


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, str]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = (
                f"{namespace}:{entry.namespace}"
                if entry.namespace and namespace
                else entry.namespace or namespace
            )
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace, entry.name, prefix + str(entry.pattern)


def admin_routes() -> list[Route]:
    model_names = {
        f"{model._meta.app_label}_{model._meta.model_name}": model for model in admin.site._registry
    }
    routes = []
    for namespace, name, route in _walk(get_resolver().url_patterns):
        if namespace != "admin":
            continue
        model = next(
            (m for prefix, m in model_names.items() if name.startswith(prefix + "_")),
            None,
        )
        view = name[len(f"{model._meta.app_label}_{model._meta.model_name}_") :] if model else name
        routes.append(Route(name, route, model, view))
    return routes


def api_routes() -> list[Route]:
    return [
        Route(name, route, Appeal, name)
        for namespace, name, route in _walk(get_resolver().url_patterns)
        if namespace == "api" and "agency/appeals" in route and "format" not in route
    ]


def test_every_admin_and_agency_api_url_is_classified() -> None:
    unclassified = []
    for route in admin_routes():
        if route.model is None:
            if route.view not in SITE_VIEWS:
                unclassified.append(route.name)
        elif touches_appeals(route.model) and route.view not in MODEL_VIEWS.get(route.model, {}):
            unclassified.append(route.name)
    for route in api_routes():
        if route.name not in AGENCY_API:
            unclassified.append(route.name)
    assert not unclassified, f"Classify these views in the scope matrix: {unclassified}"
    # And the matrix is not stale: everything it names still exists.
    assert {r.name for r in api_routes()} == set(AGENCY_API)


@pytest.fixture
def world(make_official, citizen, file_appeal, education) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    officer_a = make_official("ministry-of-health", Official.Role.OFFICER)
    people: dict[str, Any] = {
        "officer_a": officer_a.user,
        "head_a": make_official("ministry-of-health", Official.Role.HEAD).user,
        "officer_b": make_official(education, Official.Role.OFFICER).user,
        "oversight": make_official("prosecutor-general", Official.Role.OVERSIGHT).user,
        "citizen": citizen,
        "anonymous": None,
        "superuser": User.objects.create_superuser("root@dialog.kz", "correct horse battery"),
    }
    png = SimpleUploadedFile("scan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png")
    appeal = file_appeal(subject="Matrix appeal", uploads=[png])
    answered = file_appeal(subject="Matrix answered")
    appeal_answer(actor=officer_a.user, appeal=answered, text="Answer.")
    escalation = Escalation.objects.create(appeal=appeal, level=1, to_agency=appeal.agency)
    objects: dict[type[models.Model], models.Model] = {
        Appeal: appeal,
        AppealEvent: appeal.events.first(),
        Attachment: appeal.attachments.first(),
        Answer: answered.answers.first(),
        Escalation: escalation,
        Notification: Notification.objects.filter(appeal=appeal).first(),
        CitizenProfile: citizen.citizen_profile,
    }
    viewer = people["officer_a"]
    PersonalDataView.objects.create(
        viewer=viewer, citizen=citizen, appeal=appeal, channel="admin", what="profile"
    )
    objects[PersonalDataView] = PersonalDataView.objects.get()
    saved = SavedInboxFilter.objects.create(owner=viewer, name="Overdue", query="overdue=yes")
    return {"people": people, "objects": objects, "appeal": appeal, "saved_filter": saved}


def _admin_client(user: User | None) -> Client:
    if user is None:
        return Client()
    if user.is_staff:
        return verified_client(user)
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _fill(route: str, obj: models.Model | None, appeal: Appeal, saved_filter_id: int = 0) -> str:
    path = "/" + route
    path = path.replace("<int:filter_id>", str(saved_filter_id))
    if "<path:object_id>" in path:
        path = path.replace("<path:object_id>", str(obj.pk if obj is not None else ""))
    if "<int:attachment_id>" in path:
        path = path.replace("<int:attachment_id>", str(appeal.attachments.first().pk))  # type: ignore[union-attr]
    if "<str:tracking_number>" in path or "(?P<tracking_number>" in path:
        path = path.replace("<str:tracking_number>", appeal.tracking_number)
    return path


def _head_only(view: str, role: str) -> bool:
    """Extending a term is for heads: an officer in scope is refused with 403."""
    return view.endswith("extend") and role == "officer_a"


def _expected_admin(kind: str, role: str, view: str = "") -> set[int]:
    if role in {"citizen", "anonymous"}:
        return {302}  # to the sign-in page
    if kind == HEAD_ONLY:
        return {200} if role == "head_a" else {403}
    if kind == OWN_FILTERS:
        # Saving an empty name is refused with a message (a redirect); only the owner deletes.
        return {302} if view == "save_filter" or role == "officer_a" else {404}
    if kind == NEVER:
        return {403}
    if kind == SUPERUSER_ONLY:
        return {200, 302} if role == "superuser" else {403}
    if kind == LIST:
        return {200}
    if role in OUT_OF_SCOPE:
        return {404}
    return {400} if kind == POST_ACTION else {200}


@pytest.mark.parametrize("role", ROLES)
def test_admin_scope_matrix(world: dict[str, Any], role: str) -> None:
    user = world["people"][role]
    appeal: Appeal = world["appeal"]
    client = _admin_client(user)
    checked = 0
    for route in admin_routes():
        if route.model is None or not touches_appeals(route.model):
            continue
        kind = MODEL_VIEWS[route.model][route.view]
        if kind == OWNER_TESTED and role not in {"citizen", "anonymous"}:
            continue
        obj = world["objects"].get(route.model)
        path = _fill(route.route, obj, appeal, world["saved_filter"].pk)
        response = client.post(path, {}) if kind in {POST_ACTION, OWN_FILTERS} else client.get(path)
        expected = {403} if _head_only(route.view, role) else _expected_admin(kind, role, route.view)
        assert response.status_code in expected, f"{role} {path}: {response.status_code}, expected {expected}"
        if role in {"citizen", "anonymous"}:
            assert "/admin/login/" in response["Location"], path
        if kind == LIST and response.status_code == 200 and route.model is Appeal:
            body = response.content.decode()
            assert (appeal.tracking_number in body) == (role in IN_SCOPE), f"{role} {path}"
        checked += 1
    assert checked >= 30
    # Nothing was changed by any of it.
    assert appeal.events.count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_autocomplete_is_scoped(world: dict[str, Any], role: str) -> None:
    appeal: Appeal = world["appeal"]
    client = _admin_client(world["people"][role])
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "appeals", "model_name": "appeal", "field_name": "redirected_from", "term": "Matrix"},
    )
    if role in {"citizen", "anonymous"}:
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    else:
        # Autocomplete searches through the same scoped queryset as the inbox.
        assert response.status_code == 200
        assert (appeal.tracking_number.encode() in response.content) == (role in IN_SCOPE)


@pytest.mark.parametrize("role", ROLES)
def test_agency_api_scope_matrix(world: dict[str, Any], role: str) -> None:
    user = world["people"][role]
    appeal: Appeal = world["appeal"]
    client = APIClient() if user is None else token_client(user)
    for route in api_routes():
        kind = AGENCY_API[route.name]
        path = _api_path(route.name, appeal)
        response = client.post(path, {}, format="json") if kind == POST_ACTION else client.get(path)
        if role == "anonymous":
            expected = {401}
        elif role == "citizen":
            expected = {403}
        elif kind == LIST:
            expected = {200}
        elif role in OUT_OF_SCOPE:
            expected = {404}
        elif _head_only(route.name, role):
            expected = {403}
        else:
            expected = {400} if kind == POST_ACTION else {200}
        assert response.status_code in expected, f"{role} {path}: {response.status_code}"
        if kind == LIST and response.status_code == 200:
            numbers = {row["tracking_number"] for row in response.json()["results"]}
            assert (appeal.tracking_number in numbers) == (role in IN_SCOPE)
    assert appeal.events.count() == 1


def _api_path(name: str, appeal: Appeal) -> str:
    from django.urls import reverse

    if name.endswith("-list"):
        return reverse(f"api:{name}")
    return reverse(f"api:{name}", kwargs={"tracking_number": appeal.tracking_number})
