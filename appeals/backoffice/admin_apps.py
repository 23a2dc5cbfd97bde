"""Makes `django.contrib.admin.site` the officials' back office: the OTP-enforcing site of
`officials.admin_site` with the appeals' dashboard as its index (`appeals.backoffice.site`), so
every app's `@admin.register` lands on it."""

from django.contrib.admin.apps import AdminConfig


class BackOfficeAdminConfig(AdminConfig):
    default_site = "appeals.backoffice.site.BackOfficeSite"
