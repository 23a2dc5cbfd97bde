from django.urls import path

from blogs.live import views

app_name = "live"

urlpatterns = [
    path("", views.live_index, name="index"),
    path("<int:session_id>/", views.live_session, name="session"),
    path("<int:session_id>/answers/", views.live_fragment, name="fragment"),
    path("<int:session_id>/ask/", views.live_ask, name="ask"),
    path("<int:session_id>/questions/<int:question_id>/vote/", views.live_vote, name="vote"),
]
