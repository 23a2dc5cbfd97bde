"""Makes `django.contrib.admin.site` the officials' OTP-enforcing site, so every app's
`@admin.register` lands on it (see `officials.admin_site`)."""

from django.contrib.admin.apps import AdminConfig


class DialogAdminConfig(AdminConfig):
    default_site = "officials.admin_site.DialogAdminSite"
