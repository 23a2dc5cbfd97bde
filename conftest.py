"""Shared fixtures: the real reference data in the test database, citizens and officials."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from appeals.models import Appeal
from officials.models import Agency, Official, Region
from portal.accounts.iin import make_iin
from portal.accounts.models import CitizenProfile, User

# The eID provider fixtures, for the accounts tests and the browser tests alike.
pytest_plugins = ["portal.accounts.tests.eid_fixtures"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> None:
    """Load the real reference data once; every test runs inside its own rollback."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        call_command("load_reference", verbosity=0)


@pytest.fixture
def transactional_reference(transactional_db: None) -> None:
    """For tests that need real commits: the database is flushed after each, so reload."""
    call_command("load_reference", verbosity=0)


@pytest.fixture
def make_citizen(db: None) -> Callable[..., User]:
    rng = random.Random(7)
    counter = iter(range(1, 10_000))

    def make(
        *, email: str | None = None, language: str = "en", complete: bool = True, verified: bool = True
    ) -> User:
        number = next(counter)
        user = User.objects.create_user(
            email or f"citizen{number}@example.kz",
            "correct horse battery",
            full_name=f"Citizen {number}",
            preferred_language=language,
            email_verified_at=timezone.now() if verified else None,
        )
        if complete:
            CitizenProfile.objects.create(
                user=user,
                iin=make_iin(rng, dt.date(1980, 1, 1) + dt.timedelta(days=number * 37)),
                postal_address=f"Street {number}, Almaty",
            )
        return user

    return make


@pytest.fixture
def citizen(make_citizen: Callable[..., User]) -> User:
    return make_citizen()


@pytest.fixture
def make_official(db: None) -> Callable[..., Official]:
    counter = iter(range(1, 10_000))

    def make(agency: str | Agency, role: str = Official.Role.OFFICER, *, language: str = "en") -> Official:
        agency_obj = agency if isinstance(agency, Agency) else Agency.objects.get(slug=agency)
        user = User.objects.create_user(
            f"{role}{next(counter)}@{agency_obj.slug}.gov.kz",
            "correct horse battery",
            full_name=f"{role.title()} of {agency_obj.slug}",
            is_staff=True,
            preferred_language=language,
        )
        return Official.objects.create(user=user, agency=agency_obj, role=role)

    return make


@pytest.fixture
def health_ministry(db: None) -> Agency:
    return Agency.objects.get(slug="ministry-of-health")


@pytest.fixture
def almaty(db: None) -> Region:
    return Region.objects.get(code="KZ-75")


@pytest.fixture
def officer(make_official: Callable[..., Official], health_ministry: Agency) -> Official:
    return make_official(health_ministry, Official.Role.OFFICER)


@pytest.fixture
def head(make_official: Callable[..., Official], health_ministry: Agency) -> Official:
    return make_official(health_ministry, Official.Role.HEAD)


def almaty_time(*args: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args))  # type: ignore[arg-type]


@pytest.fixture
def file_appeal(citizen: User, health_ministry: Agency, almaty: Region) -> Callable[..., object]:
    from appeals.services import appeal_file

    def file(**overrides: object) -> object:
        arguments: dict[str, object] = {
            "actor": citizen,
            "appeal_type": "application",
            "agency": health_ministry,
            "region": almaty,
            "subject": "Clinic queue",
            "text": "The queue at clinic No. 5 is three weeks long.",
            **overrides,
        }
        return appeal_file(**arguments)  # type: ignore[arg-type]

    return file


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Real Chromium (Debian's), headless. Skips only if the binary is absent outside CI."""
    import os
    import shutil

    from portal.tests.browser import CHROMIUM, CHROMIUM_ARGS

    if not shutil.which(CHROMIUM) and not os.environ.get("CI"):
        pytest.skip("Chromium is not installed (apt-get install chromium; .ci/run does it)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between page actions are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _new_page(browser: Any, live_server: Any, **viewport: int) -> Iterator[object]:
    context = browser.new_context(base_url=live_server.url, viewport=viewport, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture
def page(browser: object, live_server: object, transactional_reference: None) -> Iterator[object]:
    """A desktop-sized page on the live server, reference data loaded."""
    yield from _new_page(browser, live_server, width=1280, height=900)


@pytest.fixture
def phone_page(browser: object, live_server: object, transactional_reference: None) -> Iterator[object]:
    """A phone-sized page (375 x 800) on the live server, reference data loaded."""
    yield from _new_page(browser, live_server, width=375, height=800)


@pytest.fixture(autouse=True)
def _media_root(settings: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")  # type: ignore[attr-defined]
    yield


@pytest.fixture
def appeal(file_appeal: Callable[..., Appeal]) -> Appeal:
    return file_appeal()


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Every test starts in the default language. A request to a /ru/ page leaves Russian
    active in its thread (LocaleMiddleware activates, nothing deactivates); with pytest-xdist the
    next test on that process is a different one than in a serial run."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
