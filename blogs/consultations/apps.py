from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "blogs.consultations"
    label = "consultations"
    verbose_name = _("Public consultations")

    def ready(self) -> None:
        from blogs.consultations import receivers  # noqa: F401  (wires signal handlers)
