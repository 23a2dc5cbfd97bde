"""The demo's accounts sign in with the printed password (they share one stored hash)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from appeals.demo import DEMO_PASSWORD
from portal.accounts.models import User

pytestmark = pytest.mark.django_db


def test_every_demo_account_takes_the_printed_password(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("seed_demo", "--appeals", "0")
    assert DEMO_PASSWORD in capsys.readouterr().out
    accounts = User.objects.filter(email__endswith="@demo.dialog.kz")
    assert accounts.count() > 40  # officials, citizens, consultation voters
    for user in accounts:
        assert user.has_usable_password() and user.check_password(DEMO_PASSWORD), user.email
        assert not user.check_password("not-the-demo-password")
