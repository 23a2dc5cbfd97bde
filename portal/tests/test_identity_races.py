"""Two first sign-ins with one identity at once (a double click on the provider's page, two
tabs): one account, both signed in to it."""

from __future__ import annotations

import pytest
from django.db import transaction

from portal.accounts.identity import VerifiedIdentity, account_sign_in_verified
from portal.accounts.models import CitizenProfile, User
from portal.accounts.tests.eid_provider import CITIZEN
from portal.tests.concurrency import HeldLock, release_when_waiting, run_together

IDENTITY = VerifiedIdentity(
    iin=CITIZEN.iin, full_name=CITIZEN.full_name, email=CITIZEN.email, email_verified=True, postal_address=""
)


@pytest.mark.django_db(transaction=True)
def test_two_first_sign_ins_at_once_make_one_account() -> None:
    def hold_the_address() -> None:
        # An uncommitted row with the address: both sign-ins get past their checks and queue on
        # the unique index; rolled back, one creates the account and the other collides.
        User.objects.create_user(CITIZEN.email, None)
        transaction.set_rollback(True)

    def sign_in() -> int:
        return account_sign_in_verified(identity=IDENTITY, current_user=None, language="kk").pk

    with HeldLock(hold_the_address) as lock:
        results = run_together([sign_in, sign_in], before_release=release_when_waiting(lock, 2))

    assert all(isinstance(result, int) for result in results), results
    assert results[0] == results[1]
    assert User.objects.filter(email=CITIZEN.email).count() == 1
    assert CitizenProfile.objects.get(iin=CITIZEN.iin).user_id == results[0]
