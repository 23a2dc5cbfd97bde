"""Every write to an account: sign-up, e-mail verification, the citizen's profile."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.emails import send_account_exists_email, send_verification_email
from portal.accounts.models import CitizenProfile, User


def account_sign_up(*, email: str, password: str, language: str, base_url: str) -> User | None:
    """Create an unverified account and send the verification link.

    When the address already has an account, nothing is created and its owner is told by
    e-mail instead; the caller shows the same page either way, so the form never reveals
    which addresses have accounts. Both paths do the same work in the same order — the
    password is checked against the same rules and hashed (the slow part, by design), one
    e-mail is sent — so neither the answer nor the time it takes tells them apart.
    Returns the new user, or None.
    """
    email = User.objects.normalize_email(email).lower()
    candidate = User(email=email, preferred_language=language)
    validate_password(password, user=candidate)
    password_hash = make_password(password)
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        if existing.is_active:
            send_account_exists_email(existing, base_url=base_url)
        return None
    try:
        with transaction.atomic():
            user = User.objects.create_user(email, None, preferred_language=language)
            user.password = password_hash
            user.save(update_fields=["password"])
            send_verification_email(user, base_url=base_url)
    except IntegrityError:  # the same address signed up twice at once
        return None
    return user


def account_resend_verification(*, actor: User, base_url: str) -> bool:
    if actor.email_verified_at is not None:
        return False
    with transaction.atomic():
        send_verification_email(actor, base_url=base_url)
    return True


def account_verify_email(*, user: User, now: dt.datetime | None = None) -> User:
    if user.email_verified_at is None:
        user.email_verified_at = now or timezone.now()
        user.save(update_fields=["email_verified_at"])
    return user


def profile_update(
    *,
    actor: User,
    full_name: str,
    iin: str,
    postal_address: str,
    phone: str = "",
    preferred_language: str | None = None,
) -> CitizenProfile:
    """The citizen's own particulars; the IIN is checked (and unique) by the model."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=actor.pk)
        verified = CitizenProfile.objects.filter(user=user, identity_verified_at__isnull=False).first()
        if verified is not None and (iin.strip() != verified.iin or full_name.strip() != user.full_name):
            # The national identity provider vouched for these; typing cannot replace them.
            raise ValidationError(
                {
                    "iin": _(
                        "Your name and IIN were confirmed by the national identity provider "
                        "and cannot be changed here."
                    )
                }
            )
        user.full_name = full_name.strip()
        if preferred_language:
            user.preferred_language = preferred_language
        user.full_clean(validate_unique=False, exclude=["password"])
        user.save(update_fields=["full_name", "preferred_language"])
        profile = CitizenProfile.objects.filter(user=user).first() or CitizenProfile(user=user)
        profile.iin = iin.strip()
        profile.postal_address = postal_address.strip()
        profile.phone = phone.strip()
        profile.full_clean(exclude=["user"], validate_unique=False)
        try:
            with transaction.atomic():
                profile.save()
        except IntegrityError as error:
            raise ValidationError({"iin": _("This IIN is already registered to another account.")}) from error
    actor.full_name, actor.preferred_language = user.full_name, user.preferred_language
    return profile
