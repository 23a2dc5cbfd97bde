"""Every write to a subscription: follow (signed in, or by e-mail with a confirmation), confirm,
change how often, end.

One subscription per address and thing (a unique constraint): two requests at once insert with
ON CONFLICT DO NOTHING and both read the one row. Nothing is ever mailed to an address that has
not confirmed, except the one confirmation e-mail itself (at most one per address and thing
every `RESEND_AFTER`); a verified account's address is already confirmed. What the anonymous
form answers never depends on whether the address has an account or a subscription already.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from appeals.calendar import local_date
from appeals.models.subscriptions import Subscription, SubscriptionFrequency
from appeals.notifications import save_and_enqueue
from appeals.subscriptions.mail import confirmation_row
from appeals.subscriptions.selectors import owned_by
from appeals.subscriptions.targets import Target
from appeals.subscriptions.tokens import CONFIRM_MAX_AGE
from portal.accounts.models import User
from portal.domain_errors import InvalidInput, NotAllowed

RESEND_AFTER = dt.timedelta(minutes=10)


def next_digest_at(after: dt.datetime) -> dt.datetime:
    """The first digest moment (`DIALOG_DIGEST_HOUR` o'clock in the portal's time zone) after `after`."""
    hour = settings.DIALOG_DIGEST_HOUR
    day = local_date(after)
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
    if moment <= after:
        moment = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time(hour)))
    return moment


def _check_frequency(frequency: str) -> None:
    if frequency not in SubscriptionFrequency.values:
        raise InvalidInput(_("Choose how often to receive e-mails."))


def _schedule(subscription: Subscription, now: dt.datetime) -> None:
    """The digest columns for the subscription's frequency (only confirmed ones are ever due)."""
    daily = subscription.frequency == SubscriptionFrequency.DAILY and subscription.confirmed_at is not None
    subscription.next_digest_at = next_digest_at(now) if daily else None
    subscription.digest_since = now if daily else None


def _insert_or_get(*, email: str, target: Target, values: dict[str, object]) -> tuple[Subscription, bool]:
    """The one subscription of `email` to `target`, locked; True when this call created it.
    A concurrent insert of the same pair waits for the first to commit, then fails on the
    unique constraint inside its savepoint and reads the committed row."""
    try:
        with transaction.atomic():
            return Subscription.objects.create(email=email, **target.fields(), **values), True
    except IntegrityError:
        return Subscription.objects.select_for_update().get(email=email, target_key=target.key), False


def _normalise_email(email: str) -> str:
    email = email.strip().lower()
    try:
        if "\x00" in email:
            raise ValidationError("NUL")
        validate_email(email)
    except ValidationError:
        raise InvalidInput(
            _("Enter an e-mail address in the correct format, like name@example.kz.")
        ) from None
    return email


def subscription_follow(
    *, actor: User, target: Target, frequency: str, language: str, now: dt.datetime | None = None
) -> Subscription:
    """A signed-in citizen follows `target`. A verified address is confirmed at once (one
    click); an unverified one gets the confirmation e-mail, as anyone's would."""
    _check_frequency(frequency)
    if not actor.is_authenticated or not actor.is_active:
        raise NotAllowed(_("Sign in to follow with your account."))
    moment = now or timezone.now()
    verified = actor.email_verified_at is not None
    with transaction.atomic():
        subscription, created = _insert_or_get(
            email=actor.email.lower(),
            target=target,
            values={
                "user": actor,
                "language": language,
                "frequency": frequency,
                "created_at": moment,
                "confirmed_at": moment if verified else None,
            },
        )
        reschedule = created
        if subscription.frequency != frequency:
            subscription.frequency = frequency
            reschedule = True
        if verified and subscription.confirmed_at is None:
            subscription.confirmed_at = moment
            reschedule = True
        if subscription.user_id is None:
            subscription.user = actor
        if reschedule:
            _schedule(subscription, moment)
        subscription.save(
            update_fields=["user", "frequency", "confirmed_at", "next_digest_at", "digest_since"]
        )
        if subscription.confirmed_at is None:
            _send_confirmation(subscription, moment)
    return subscription


def subscription_request(
    *,
    actor: User | None,
    email: str,
    target: Target,
    frequency: str,
    language: str,
    now: dt.datetime | None = None,
) -> None:
    """Anyone asks to follow `target` at `email`: a new or still unconfirmed subscription gets
    the confirmation e-mail; a confirmed one is left as it is. Returns nothing, so the page can
    say the same thing whatever the address is."""
    _check_frequency(frequency)
    address = _normalise_email(email)
    moment = now or timezone.now()
    with transaction.atomic():
        subscription, _created = _insert_or_get(
            email=address,
            target=target,
            values={"language": language, "frequency": frequency, "created_at": moment},
        )
        if subscription.confirmed_at is not None:
            return
        if subscription.frequency != frequency:
            subscription.frequency = frequency
            subscription.save(update_fields=["frequency"])
        _send_confirmation(subscription, moment)


def _send_confirmation(subscription: Subscription, moment: dt.datetime) -> None:
    """The one e-mail an unconfirmed address may get, at most once per `RESEND_AFTER`."""
    sent = subscription.confirmation_sent_at
    if sent is not None and moment - sent < RESEND_AFTER:
        return
    subscription.confirmation_sent_at = moment
    Subscription.objects.filter(pk=subscription.pk).update(confirmation_sent_at=moment)
    save_and_enqueue([confirmation_row(subscription)])


def subscription_confirm(
    *, actor: User | None, subscription: Subscription, now: dt.datetime | None = None
) -> Subscription:
    """The address's owner opened the confirmation link (`actor` is whoever is signed in, if
    anyone). The subscription is tied to the account of that address when the account's own
    address is verified, so it shows on that account's page."""
    moment = now or timezone.now()
    with transaction.atomic():
        locked = Subscription.objects.select_for_update().filter(pk=subscription.pk).first()
        if locked is None:
            raise InvalidInput(_("This subscription no longer exists."))
        if locked.confirmed_at is not None:
            return locked
        locked.confirmed_at = moment
        if locked.user_id is None:
            locked.user = User.objects.filter(
                email__iexact=locked.email, email_verified_at__isnull=False, is_active=True
            ).first()
        _schedule(locked, moment)
        locked.save(update_fields=["confirmed_at", "user", "next_digest_at", "digest_since"])
    return locked


def _owned(actor: User, subscription_id: int) -> Subscription:
    subscription = (
        Subscription.objects.select_for_update().filter(owned_by(actor), pk=subscription_id).first()
        if actor.is_authenticated
        else None
    )
    if subscription is None:
        raise NotAllowed(_("This is not one of your subscriptions."))
    return subscription


def subscription_set_frequency(
    *, actor: User, subscription_id: int, frequency: str, now: dt.datetime | None = None
) -> Subscription:
    _check_frequency(frequency)
    moment = now or timezone.now()
    with transaction.atomic():
        subscription = _owned(actor, subscription_id)
        if subscription.frequency != frequency:
            subscription.frequency = frequency
            _schedule(subscription, moment)
            subscription.save(update_fields=["frequency", "next_digest_at", "digest_since"])
    return subscription


def subscription_end(*, actor: User | None, subscription_id: int, by_token: bool) -> bool:
    """End a subscription: its owner from the account page, or anyone holding its signed
    unsubscribe link (`by_token`, checked by the caller with `tokens.subscription_to_end`).
    True when this call ended it (a second click finds nothing to end)."""
    with transaction.atomic():
        if by_token:
            found = Subscription.objects.select_for_update().filter(pk=subscription_id).first()
        elif actor is not None:
            found = _owned(actor, subscription_id)
        else:
            raise NotAllowed(_("This is not one of your subscriptions."))
        if found is None:
            return False
        found.delete()
    return True


def subscriptions_forget_unconfirmed(*, now: dt.datetime | None = None) -> int:
    """Delete subscriptions whose address was never confirmed once their link has expired: an
    address nobody confirmed is not kept. Run with the digests."""
    moment = now or timezone.now()
    cutoff = moment - dt.timedelta(seconds=CONFIRM_MAX_AGE)
    deleted, _per_model = Subscription.objects.filter(
        confirmed_at__isnull=True, created_at__lt=cutoff
    ).delete()
    return deleted
