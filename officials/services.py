"""Writes about officials: onboarding one."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from officials.models import Agency, Official
from portal.accounts.models import User
from portal.domain_errors import InvalidInput


@dataclass(frozen=True)
class Onboarded:
    official: Official
    created: bool
    token: str | None


def official_create(
    *,
    actor: User | None,
    email: str,
    agency_slug: str,
    role: str,
    full_name: str = "",
    position: str = "",
    with_token: bool = False,
) -> Onboarded:
    """A staff account and an `Official` row (no password yet: the enrolment link sets it).

    Running it again for the same person, agency and role changes nothing (and can hand out the
    API token); a person who is already an official elsewhere is refused.
    """
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise InvalidInput(
            _("“%(email)s” is not an e-mail address.") % {"email": email}, code="email"
        ) from error
    if role not in Official.Role.values:
        raise InvalidInput(
            _("Unknown role “%(role)s”; choose one of: %(roles)s.")
            % {"role": role, "roles": ", ".join(Official.Role.values)},
            code="role",
        )
    agency = Agency.objects.filter(slug=agency_slug).first()
    if agency is None:
        raise InvalidInput(
            _("There is no agency with the slug “%(slug)s”.") % {"slug": agency_slug}, code="agency"
        )
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email=email).first()
        created = user is None
        if user is None:
            user = User.objects.create_user(email, None, full_name=full_name, is_staff=True)
        official = Official.objects.filter(user=user).select_related("agency").first()
        if official is None:
            if not created and not user.is_staff:
                raise InvalidInput(
                    _("%(email)s is a citizen's account; an official needs an account of their own.")
                    % {"email": email},
                    code="citizen_account",
                )
            official = Official.objects.create(user=user, agency=agency, role=role, position=position)
            created = True
        elif official.agency_id != agency.pk or official.role != role:
            raise InvalidInput(
                _("%(email)s is already %(official)s; change it in the admin.")
                % {"email": email, "official": official},
                code="already_official",
            )
        token = Token.objects.get_or_create(user=user)[0].key if with_token else None
    return Onboarded(official=official, created=created, token=token)
