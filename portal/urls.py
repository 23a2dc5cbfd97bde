from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from appeals.stats.publish.data_page import stats_data_page
from appeals.stats.publish.page import stats_page
from portal import pages, views
from portal.accounts.eid_views import EIDCallbackView
from portal.health import healthz
from portal.metrics import metrics
from portal.readiness import readyz

# The database unreachable is a 503 with Retry-After in the user's language, not a 500.
handler500 = "portal.errors.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics, name="metrics"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(("portal.api.router", "api"), namespace="api")),
    # Open311 GeoReport v2: its own formats and error documents, outside the OpenAPI schema.
    path("open311/v2/", include("appeals.open311.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # Outside the language prefix: the identity provider knows exactly one redirect address.
    path("accounts/eid/callback/", EIDCallbackView.as_view(), name="eid_callback"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("stats/", stats_page, name="stats"),
    path("stats/data/", stats_data_page, name="stats-data"),
    path("privacy/", pages.privacy, name="privacy"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("help/", pages.help_page, name="help"),
    path("contact/", pages.contact, name="contact"),
    path("accounts/subscriptions/", include("appeals.subscriptions.urls")),
    path("accounts/", include("portal.accounts.urls")),
    path("appeals/", include("appeals.web.urls")),
    path("blogs/", include("blogs.urls")),
    path("live/", include("blogs.live.urls")),
    path("register/", include("appeals.web.register_urls")),
    path("feeds/", include("appeals.subscriptions.feed_urls")),
    path("consultations/", include("blogs.consultations.urls")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    prefix_default_language=True,
)
