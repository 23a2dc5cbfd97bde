from django.urls import path

from appeals.subscriptions import feeds

app_name = "feeds"

urlpatterns = [
    path("agency/<slug:slug>/", feeds.AgencyFeed(), name="agency"),
    path("region/<str:code>/", feeds.RegionFeed(), name="region"),
    path("search/", feeds.SearchFeed(), name="search"),
    path("appeal/<str:tracking_number>/", feeds.AppealFeed(), name="appeal"),
]
