"""The /api/v1/ URL map: one router for every app's API."""

from typing import Any

from django.conf import settings
from django.urls import include, path
from django.utils import translation
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from appeals.api.agency import AgencyAppealViewSet
from appeals.api.citizen import CitizenAppealViewSet, TokenObtainView
from appeals.api.register import RegisterAgencyView, RegisterViewSet
from appeals.api.suggest import AgencySuggestView
from appeals.stats.publish.api import STATS_ROUTES
from appeals.stats.publish.download import StatsDownloadViewSet
from blogs.consultations.api import ConsultationViewSet
from blogs.live.api import LiveSessionViewSet
from officials.api import AgencyViewSet, DeputyViewSet, RegionViewSet

router = DefaultRouter()
router.register("regions", RegionViewSet, basename="region")
router.register("agencies", AgencyViewSet, basename="agency")
router.register("deputies", DeputyViewSet, basename="deputy")
router.register("appeals", CitizenAppealViewSet, basename="citizen-appeal")
router.register("agency/appeals", AgencyAppealViewSet, basename="agency-appeal")
for prefix, stats_viewset, basename in STATS_ROUTES:
    router.register(prefix, stats_viewset, basename=basename)
router.register("stats/download", StatsDownloadViewSet, basename="stats-download")
router.register("live", LiveSessionViewSet, basename="live-session")
router.register("register", RegisterViewSet, basename="register")
router.register("consultations", ConsultationViewSet, basename="consultation")


class DocsView(SpectacularSwaggerSplitView):
    """The browsable docs in the language asked for: `?lang=kk|ru|en`, else Accept-Language."""

    @extend_schema(exclude=True)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        asked = request.query_params.get("lang")
        if asked in {code for code, _name in settings.LANGUAGES}:
            translation.activate(asked)
        return super().get(request, *args, **kwargs)

    def options(self, request: Request, *args: object, **kwargs: object) -> Response:  # type: ignore[override]
        # An OPTIONS request describes the view in JSON: the page's HTML renderer has a template
        # only for GET.
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type
        return super().options(request, *args, **kwargs)


urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(url_name="api:schema"), name="docs"),
    path("auth/token/", TokenObtainView.as_view(), name="auth-token"),
    # Before the router: its agency detail route would take "suggest" for a slug.
    path("agencies/suggest/", AgencySuggestView.as_view(), name="agency-suggest"),
    path("register/agencies/<slug:slug>/", RegisterAgencyView.as_view(), name="register-agency"),
    path("", include(router.urls)),
]
