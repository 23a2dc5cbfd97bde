"""The /api/v1/ URL map: one router for every app's API."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from appeals.api.agency import AgencyAppealViewSet
from appeals.api.citizen import CitizenAppealViewSet, TokenObtainView
from appeals.stats.publish.api import STATS_ROUTES
from officials.api import AgencyViewSet, DeputyViewSet, RegionViewSet

router = DefaultRouter()
router.register("regions", RegionViewSet, basename="region")
router.register("agencies", AgencyViewSet, basename="agency")
router.register("deputies", DeputyViewSet, basename="deputy")
router.register("appeals", CitizenAppealViewSet, basename="citizen-appeal")
router.register("agency/appeals", AgencyAppealViewSet, basename="agency-appeal")
for prefix, stats_viewset, basename in STATS_ROUTES:
    router.register(prefix, stats_viewset, basename=basename)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("auth/token/", TokenObtainView.as_view(), name="auth-token"),
    path("", include(router.urls)),
]
