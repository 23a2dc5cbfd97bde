from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogsConfig(AppConfig):
    name = "blogs"
    verbose_name = _("Heads' blogs")

    def ready(self) -> None:
        from blogs import receivers  # noqa: F401  (wires signal handlers)
