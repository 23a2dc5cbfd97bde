from django.urls import path

from appeals.subscriptions import views

app_name = "subscriptions"

urlpatterns = [
    path("", views.subscription_list, name="list"),
    path("follow/", views.follow, name="follow"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("<int:subscription_id>/frequency/", views.frequency, name="frequency"),
    path("<int:subscription_id>/end/", views.end, name="end"),
]
