from django.urls import path

from blogs import feeds, views

app_name = "blogs"

urlpatterns = [
    path("", views.blog_index, name="index"),
    path("search/", views.search_view, name="search"),
    path("my-questions/", views.my_questions, name="mine"),
    path("<slug:slug>/", views.blog_detail, name="blog"),
    path("<slug:slug>/photo/", views.blog_photo, name="photo"),
    path("<slug:slug>/images/<int:image_id>/", views.blog_image, name="image"),
    path("<slug:slug>/posts/", views.post_list, name="posts"),
    path("<slug:slug>/posts/<int:post_id>/", views.post_detail, name="post"),
    path("<slug:slug>/ask/", views.question_ask, name="ask"),
    path("<slug:slug>/questions/<int:question_id>/", views.question_detail, name="question"),
    path("<slug:slug>/questions/<int:question_id>/rate/", views.question_rate, name="rate"),
    path("<slug:slug>/questions/<int:question_id>/report/", views.question_report, name="report"),
    path("<slug:slug>/feeds/posts/", feeds.PostsFeed(), name="posts_feed"),
    path("<slug:slug>/feeds/answers/", feeds.AnswersFeed(), name="answers_feed"),
]
