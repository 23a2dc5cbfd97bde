from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficialsConfig(AppConfig):
    name = "officials"
    verbose_name = _("Agencies and officials")
