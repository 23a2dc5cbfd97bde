from django.urls import path

from appeals.web import register
from appeals.web.urls import TrackingNumberConverter  # noqa: F401 - registers the "tracking" converter

app_name = "register"

urlpatterns = [
    path("", register.register_list, name="list"),
    path("similar/", register.register_similar, name="similar"),
    path("agencies/<slug:slug>/", register.register_agency, name="agency"),
    path("<tracking:tracking_number>/", register.register_detail, name="detail"),
    path(
        "<tracking:tracking_number>/files/<int:attachment_id>/",
        register.register_attachment,
        name="attachment",
    ),
]
