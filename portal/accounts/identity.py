"""A citizen whose identity the national identity provider vouched for: the account is found by
IIN (never by e-mail address: an address is not an identity, and matching on it would let
whoever controls an address at the provider take over the portal account that uses it), and the
IIN and name the provider gave become the profile's, marked verified.

Officials never come in this way: their accounts need the second factor of the officials' site,
and an identity provider's word is not that factor.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.iin import iin_problem
from portal.accounts.models import CitizenProfile, User


class IdentityRefused(Exception):
    """The provider's answer cannot sign anyone in; `message` says why, for the citizen."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class VerifiedIdentity:
    iin: str
    full_name: str
    email: str
    email_verified: bool
    postal_address: str


def identity_from_claims(claims: dict[str, Any], *, iin_claim: str, name_claim: str) -> VerifiedIdentity:
    """The identity in the provider's claims, checked; raises IdentityRefused."""
    iin = str(claims.get(iin_claim) or "").strip()
    if not iin or iin_problem(iin) is not None:
        raise IdentityRefused(
            _(
                "The identity provider sent an IIN that is not valid, so we cannot sign you in "
                "with it. Sign in with your e-mail address and password instead."
            ),
            code="invalid_iin",
        )
    full_name = " ".join(str(claims.get(name_claim) or "").split())
    if not full_name:
        raise IdentityRefused(
            _(
                "The identity provider did not send your name. Sign in with your e-mail address "
                "and password instead."
            ),
            code="no_name",
        )
    address = claims.get("address")
    postal_address = str(address.get("formatted") or "").strip() if isinstance(address, dict) else ""
    return VerifiedIdentity(
        iin=iin,
        full_name=full_name[:200],
        email=str(claims.get("email") or "").strip().lower(),
        email_verified=claims.get("email_verified") is True,
        postal_address=postal_address[:500],
    )


def _refuse_officials(user: User) -> None:
    if user.is_staff or user.is_superuser:
        raise IdentityRefused(
            _(
                "This account belongs to an official. Officials sign in on the officials' page "
                "with their password and the code from their authenticator app."
            ),
            code="official",
        )
    if not user.is_active:
        raise IdentityRefused(_("This account is closed."), code="inactive")


def _new_account(identity: VerifiedIdentity, *, language: str) -> User:
    if not identity.email or not identity.email_verified:
        raise IdentityRefused(
            _(
                "The identity provider did not share a confirmed e-mail address, and the answer "
                "to an appeal is sent by e-mail. Create an account with your e-mail address, then "
                "confirm your identity from your profile."
            ),
            code="no_email",
        )
    if User.objects.filter(email__iexact=identity.email).exists():
        raise IdentityRefused(
            _(
                "An account already uses the e-mail address %(email)s. Sign in with it and its "
                "password, then confirm your identity from your profile."
            )
            % {"email": identity.email},
            code="email_taken",
        )
    return User.objects.create_user(
        identity.email, None, preferred_language=language, email_verified_at=timezone.now()
    )


def account_sign_in_verified(*, identity: VerifiedIdentity, current_user: User | None, language: str) -> User:
    """The account this identity signs in to, created when new, its profile filled and marked
    verified. `current_user` (signed in already): the identity is attached to that account.
    Two first sign-ins with one IIN at once: the IIN is unique, the loser reads the winner's."""
    try:
        return _sign_in(identity=identity, current_user=current_user, language=language)
    except IntegrityError:
        return _sign_in(identity=identity, current_user=current_user, language=language)


def _sign_in(*, identity: VerifiedIdentity, current_user: User | None, language: str) -> User:
    with transaction.atomic():
        profile = (
            CitizenProfile.objects.select_for_update().select_related("user").filter(iin=identity.iin).first()
        )
        if current_user is not None:
            user = User.objects.select_for_update().get(pk=current_user.pk)
            if profile is not None and profile.user_id != user.pk:
                raise IdentityRefused(
                    _("This IIN is already registered to another account."), code="iin_taken"
                )
            profile = CitizenProfile.objects.select_for_update().filter(user=user).first()
            if profile is not None and profile.iin != identity.iin:
                raise IdentityRefused(
                    _(
                        "Your profile has a different IIN from the one the identity provider "
                        "sent. Sign out and sign in with the identity provider instead."
                    ),
                    code="iin_mismatch",
                )
        elif profile is not None:
            user = User.objects.select_for_update().get(pk=profile.user_id)
        else:
            user = _new_account(identity, language=language)
        _refuse_officials(user)
        user.full_name = identity.full_name
        user.save(update_fields=["full_name"])
        profile = profile or CitizenProfile(user=user, iin=identity.iin)
        if not profile.postal_address and identity.postal_address:
            profile.postal_address = identity.postal_address
        profile.identity_verified_at = timezone.now()
        with transaction.atomic():
            profile.save()
    return user
