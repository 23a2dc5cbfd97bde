from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "appeals"
    verbose_name = _("Appeals")

    def ready(self) -> None:
        # Subscriptions hear the register's changes inside the transaction of each change.
        from appeals.signals import register_change
        from appeals.subscriptions.receivers import on_register_change

        register_change.connect(on_register_change, dispatch_uid="appeals.subscriptions")

        from appeals.models import CalendarException, DeadlinePolicy
        from portal.reference_cache import watch

        # Filing reads the deadline policies and the calendar from each process's memory
        # (appeals.deadlines.policy_for, WorkingCalendar.current).
        watch(CalendarException, DeadlinePolicy)
