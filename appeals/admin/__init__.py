"""The officials' admin for appeals, a module per screen: `inbox` (the change list),
`appeal_page` (one appeal and its actions, with `history` and the `colleague` warning),
`workload` (the head's officials and their load), `trail` (events, answers, files, escalations,
the outbox), `policies` (deadline policies, calendar exceptions), `answer_setup` (answer
templates, the approval rule) and `audit` (who saw whose personal data). `base.ScopedAdmin`
applies the official's scope to all of them. Reads go through
`appeals.selectors`, writes through `appeals.services`. Loaded by Django's admin autodiscovery;
nothing else imports this package."""

from django.contrib import admin

from appeals.admin import answer_setup, audit, policies, publications, trail
from appeals.admin.appeal_page import AppealPageScreen
from appeals.admin.inbox import InboxScreen
from appeals.admin.workload import WorkloadScreen
from appeals.models import Appeal

__all__ = ["AppealAdmin", "answer_setup", "audit", "policies", "publications", "trail"]


@admin.register(Appeal)
class AppealAdmin(WorkloadScreen, InboxScreen, AppealPageScreen):
    """One model, three screens: the inbox (the change list), the appeal page (its change view)
    and the head's workload view."""
