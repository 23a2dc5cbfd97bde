from django.urls import path, register_converter

from appeals.tracking import TRACKING_NUMBER_PATTERN
from appeals.web import route, views


class TrackingNumberConverter:
    """Letters, digits and dashes (PREFIX-YYYY-NNNNNN); anything else is not a page."""

    regex = TRACKING_NUMBER_PATTERN

    def to_python(self, value: str) -> str:
        return value.upper()

    def to_url(self, value: str) -> str:
        return value


register_converter(TrackingNumberConverter, "tracking")

app_name = "appeals"

urlpatterns = [
    path("", views.appeal_list, name="list"),
    path("new/", views.appeal_new, name="new"),
    path("new/route/", route.route, name="route"),
    path("new/check/", views.appeal_check, name="check"),
    path("new/files/<int:file_id>/remove/", views.draft_file_remove, name="draft_file_remove"),
    path("<tracking:tracking_number>/", views.appeal_detail, name="detail"),
    path("<tracking:tracking_number>/filed/", views.appeal_filed, name="filed"),
    path(
        "<tracking:tracking_number>/files/<int:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
    path("<tracking:tracking_number>/clarify/", views.appeal_clarify_view, name="clarify"),
    path("<tracking:tracking_number>/add/", views.appeal_add_information_view, name="add_information"),
    path("<tracking:tracking_number>/withdraw/", views.appeal_withdraw_view, name="withdraw"),
    path("<tracking:tracking_number>/rate/", views.appeal_rate_view, name="rate"),
    path("<tracking:tracking_number>/unpublish/", views.appeal_unpublish_view, name="unpublish"),
    path("<tracking:tracking_number>/complain/", views.appeal_complain_view, name="complain"),
]
