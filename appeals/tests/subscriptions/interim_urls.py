"""INTERIM, until the register's pages are merged: the two register URL names subscriptions
link to, so the tests can render links. Removed once `register:list`/`register:detail` exist."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import include, path

from portal.urls import handler500, urlpatterns as portal_patterns  # noqa: F401


def _page(request: object, **kwargs: object) -> HttpResponse:
    return HttpResponse("register")


_register = (
    [path("", _page, name="list"), path("<str:tracking_number>/", _page, name="detail")],
    "register",
)
urlpatterns = [*portal_patterns, *i18n_patterns(path("register/", include(_register)))]
