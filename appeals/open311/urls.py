"""GeoReport v2, mounted at /open311/v2/ (outside the language prefix: clients know one address).
The format is the address's suffix; an address without one reaches `fallback`, which says so."""

from __future__ import annotations

from django.urls import re_path

from appeals.open311 import views

app_name = "open311"

# The last dot starts the format: service codes hold a dot themselves (`<agency>.<type>`).
FORMAT = r"\.(?P<fmt>[A-Za-z0-9]{1,10})"

urlpatterns = [
    re_path(rf"^discovery{FORMAT}$", views.discovery, name="discovery"),
    re_path(rf"^services{FORMAT}$", views.services, name="services"),
    re_path(rf"^services/(?P<code>[^/]{{1,200}}){FORMAT}$", views.service_definition, name="service"),
    re_path(rf"^requests{FORMAT}$", views.requests, name="requests"),
    re_path(rf"^requests/(?P<request_id>[^/.]{{1,100}}){FORMAT}$", views.request_detail, name="request"),
    re_path(r"^(?P<rest>.*)$", views.fallback, name="root"),
]
