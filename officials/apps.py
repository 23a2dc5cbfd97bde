from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficialsConfig(AppConfig):
    name = "officials"
    verbose_name = _("Agencies and officials")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from officials.models import Agency, Region
        from officials.receivers import forget_reference_counts
        from portal.reference_cache import watch

        # Filing reads agencies and regions from each process's memory (officials.selectors).
        watch(Agency, Region)

        for model in (Agency, Region):
            name = model.__name__
            post_save.connect(forget_reference_counts, sender=model, dispatch_uid=f"counts-{name}")
            post_delete.connect(forget_reference_counts, sender=model, dispatch_uid=f"counts-gone-{name}")
