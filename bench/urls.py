"""The portal's own URLs, plus the two lower bounds that must run in the same server."""

from django.urls import path

from bench.views import bare_json, insert_one
from portal.urls import handler500
from portal.urls import urlpatterns as portal_urlpatterns

__all__ = ["handler500", "urlpatterns"]

urlpatterns = [
    path("bench/bare/", bare_json, name="bench-bare"),
    path("bench/insert/", insert_one, name="bench-insert"),
    *portal_urlpatterns,
]
