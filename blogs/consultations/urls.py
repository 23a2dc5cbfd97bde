from django.urls import path

from blogs.consultations import views

app_name = "consultations"

urlpatterns = [
    path("", views.consultation_index, name="index"),
    path("<int:pk>/", views.consultation_detail, name="detail"),
    path("<int:pk>/vote/", views.consultation_vote_view, name="vote"),
    path("<int:pk>/comment/", views.consultation_comment_view, name="comment"),
    path("<int:pk>/files/<int:file_id>/", views.consultation_file, name="file"),
]
