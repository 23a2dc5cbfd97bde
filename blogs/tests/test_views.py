"""The citizen pages: who sees what, asking, bad input, filters, search and feeds."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from appeals.services import appeal_answer
from blogs.models import Blog, BlogQuestion, BlogReport, Moderation
from blogs.services import blog_item_hide, blog_post_write, blog_profile_update
from officials.models import Official
from officials.tests.fixtures import verified_client

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def question_url(question: BlogQuestion) -> str:
    return reverse("blogs:question", args=[question.blog.slug, question.pk])


def test_index_lists_open_blogs_with_their_figures(client, blog, published, settings) -> None:
    settings.STATS_MIN_CELL = 1  # one question: published only when nothing is protected
    settings.STATS_PERTURBATION = False
    published()
    response = client.get("/en/blogs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Aigerim Sultanova" in page and "Minister of Health" in page
    assert "Questions asked" in page
    assert 'aria-current="page"' in page  # the Blogs link in the navigation


def test_a_blog_with_too_few_questions_withholds_its_figures(client, blog, published, settings) -> None:
    """The blogs' figures are public statistics: protected like them (one question, unperturbed
    here so the outcome is fixed, is withheld)."""
    settings.STATS_PERTURBATION = False
    published()
    page = client.get(f"/en/blogs/{blog.slug}/").content.decode()
    assert "Too few questions yet to publish figures" in page
    assert "Questions asked" not in page


def test_a_blog_with_an_incomplete_profile_is_not_public(client, blog) -> None:
    blog.name = ""
    blog.save()
    assert "Minister of Health" not in client.get("/en/blogs/").content.decode()
    assert client.get(f"/en/blogs/{blog.slug}/").status_code == 404


def test_unpublished_questions_are_seen_only_by_author_and_agency(
    client, ask, citizen, make_citizen, officer, make_official
) -> None:
    question = ask(subject="Private matter")
    url = question_url(question)
    assert client.get(url).status_code == 404
    assert client_for(make_citizen()).get(url).status_code == 404
    assert (
        client_for(make_official("ministry-of-education", Official.Role.HEAD).user).get(url).status_code
        == 404
    )
    author_page = client_for(citizen).get(url)
    assert author_page.status_code == 200 and "waiting for moderation" in author_page.content.decode()
    assert client_for(officer.user).get(url).status_code == 200
    assert "Private matter" not in client.get(f"/en/blogs/{question.blog.slug}/").content.decode()


def test_rejected_question_shows_its_reason_to_the_author_only(client, ask, citizen, head) -> None:
    from blogs.services import blog_question_reject

    question = blog_question_reject(actor=head.user, question=ask(), reason="duplicate", note="See No. 12.")
    assert client.get(question_url(question)).status_code == 404
    page = client_for(citizen).get(question_url(question)).content.decode()
    assert "will not be published" in page and "See No. 12." in page


def test_a_published_question_shows_masked_text_answer_timeline_and_rating(
    client, published, officer, citizen
) -> None:
    question = published(text="Call me: 8(701)1234567")
    appeal_answer(actor=officer.user, appeal=question.appeal, text="Answered; reach us at info@health.gov.kz")
    page = client.get(question_url(question)).content.decode()
    assert "1234567" not in page and "[phone number hidden]" in page
    assert "info@health.gov.kz" not in page and "[e-mail address hidden]" in page
    for label in ("Asked", "Published", "Answered"):
        assert label in page
    assert question.appeal.tracking_number not in page  # only the author sees the number
    assert "Rate the answer" not in page

    author = client_for(citizen)
    assert "Rate the answer" in author.get(question_url(question)).content.decode()
    rate_url = reverse("blogs:rate", args=[question.blog.slug, question.pk])
    bad = author.post(rate_url, {"rating": "9"})
    assert bad.status_code == 400 and "There is a problem" in bad.content.decode()
    assert author.post(rate_url, {"rating": "4", "resolved": "yes"}).status_code == 302
    assert "4 out of 5" in client.get(question_url(question)).content.decode()


def test_hidden_question_shows_the_reason_not_the_text(client, published, head) -> None:
    question = published(subject="Rude words")
    blog_item_hide(actor=head.user, question=question, part="question", reason="Abusive language")
    page = client.get(question_url(question)).content.decode()
    assert "Abusive language" in page and "Rude words" not in page


def test_asking_requires_sign_in(client, blog) -> None:
    response = client.get(f"/en/blogs/{blog.slug}/ask/")
    assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_asking_publishes_nothing_before_moderation(blog, citizen, almaty) -> None:
    client = client_for(citizen)
    form = client.get(f"/en/blogs/{blog.slug}/ask/").content.decode()
    assert "will be published" in form and "personal data" in form
    response = client.post(
        f"/en/blogs/{blog.slug}/ask/",
        {"subject": "Roads", "text": "When will the road be fixed?", "region": almaty.pk},
    )
    question = BlogQuestion.objects.get()
    assert response.status_code == 302 and response["Location"] == question_url(question)
    assert question.state == Moderation.PENDING and question.appeal.channel == "blog"
    assert question.language == "en"
    assert "Roads" not in Client().get(f"/en/blogs/{blog.slug}/").content.decode()


def test_bad_question_form_shows_errors_linked_to_fields(blog, citizen) -> None:
    response = client_for(citizen).post(
        f"/en/blogs/{blog.slug}/ask/", {"subject": "", "text": "", "region": "999999"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_subject"' in page and 'href="#id_region"' in page
    assert 'aria-describedby="id_subject-hint id_subject-error"' in page
    assert not BlogQuestion.objects.exists()


def test_a_closed_blog_says_so(blog, citizen, almaty, client) -> None:
    blog.is_open = False
    blog.save()
    assert "not taking questions" in client.get(f"/en/blogs/{blog.slug}/ask/").content.decode()
    response = client_for(citizen).post(
        f"/en/blogs/{blog.slug}/ask/", {"subject": "S", "text": "T", "region": almaty.pk}
    )
    assert response.status_code == 400 and "not taking questions" in response.content.decode()
    assert not BlogQuestion.objects.exists()


def test_an_incomplete_profile_is_told_what_is_missing(blog, make_citizen, almaty) -> None:
    client = client_for(make_citizen(complete=False))
    assert "full name, IIN and postal address" in client.get(f"/en/blogs/{blog.slug}/ask/").content.decode()
    response = client.post(f"/en/blogs/{blog.slug}/ask/", {"subject": "S", "text": "T", "region": almaty.pk})
    assert response.status_code == 400
    assert not BlogQuestion.objects.exists()


def test_questions_share_the_citizens_appeal_budget(blog, citizen, almaty, settings) -> None:
    settings.DIALOG_RATE_LIMITS = {"file_appeal": {"account": "2/hour"}}
    client = client_for(citizen)
    data = {"subject": "S", "text": "T", "region": almaty.pk}
    assert [client.post(f"/en/blogs/{blog.slug}/ask/", data).status_code for _ in range(3)] == [302, 302, 429]
    assert BlogQuestion.objects.count() == 2


def test_filters_and_pagination(client, blog, published, officer) -> None:
    questions = [published(subject=f"Question {n}") for n in range(12)]
    appeal_answer(actor=officer.user, appeal=questions[0].appeal, text="Done")
    base = f"/en/blogs/{blog.slug}/"
    assert "Question 0" in client.get(base + "?status=answered").content.decode()
    assert "Question 1<" not in client.get(base + "?status=answered").content.decode()
    waiting = client.get(base + "?status=waiting").content.decode()
    assert "Question 11<" in waiting and "Question 0<" not in waiting
    assert "No questions of this kind" in client.get(base + "?status=overdue").content.decode()
    first, second = client.get(base).content.decode(), client.get(base + "?page=2").content.decode()
    assert "Question 11" in first and "Question 0<" in second and 'aria-label="Pages"' in first
    assert client.get(base + "?page=abc").status_code == 200


def test_blog_page_query_count_does_not_grow_with_questions(
    client, blog, published, django_assert_max_num_queries
) -> None:
    for n in range(10):
        published(subject=f"Question {n}")
    with django_assert_max_num_queries(12):
        assert client.get(f"/en/blogs/{blog.slug}/").status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
def test_search_uses_each_rows_language(client, blog, head, published) -> None:
    blog_post_write(
        actor=head.user,
        blog=blog,
        title="Новые поликлиники",
        body="Строим поликлиники в городах.",
        language="ru",
        publish=True,
    )
    blog_post_write(
        actor=head.user, blog=blog, title="Draft", body="Unpublished clinics", language="en", publish=False
    )
    published(subject="Vaccination of children", text="When are children vaccinated?")
    page = client.get("/en/blogs/search/?q=поликлиника").content.decode()  # stemmed: поликлиники
    assert "Новые поликлиники" in page
    page = client.get("/en/blogs/search/?q=vaccinate").content.decode()  # english stemming
    assert "Vaccination of children" in page and "Draft" not in page
    assert client.get("/en/blogs/search/?q=").status_code == 200
    assert client.get("/en/blogs/search/?q=" + "x" * 500).status_code == 200


def test_search_falls_back_to_substrings_without_postgresql(
    client, blog, head, published, monkeypatch
) -> None:
    import types

    from blogs import selectors

    monkeypatch.setattr(selectors, "connection", types.SimpleNamespace(vendor="sqlite"))
    blog_post_write(
        actor=head.user, blog=blog, title="Жаңа емханалар", body="Емхана", language="kk", publish=True
    )
    published(subject="Vaccination of children")
    assert "Жаңа емханалар" in client.get("/en/blogs/search/?q=емхана").content.decode()
    page = client.get("/en/blogs/search/?q=vaccination").content.decode()
    assert "Vaccination of children" in page and "Жаңа" not in page


def test_posts_are_shown_sanitised(client, blog, head) -> None:
    post = blog_post_write(
        actor=head.user,
        blog=blog,
        title="Hello",
        language="en",
        publish=True,
        body="Hi <script>alert(1)</script> [x](javascript:alert(2)) <iframe src=//evil></iframe>",
    )
    page = client.get(reverse("blogs:post", args=[blog.slug, post.pk])).content.decode()
    assert "alert(" not in page and "<iframe" not in page and "javascript:" not in page


def test_feeds_are_valid_atom(client, blog, head, published, officer) -> None:
    blog_post_write(
        actor=head.user, blog=blog, title="First post", body="**Hello**", language="en", publish=True
    )
    question = published(subject="Clinic hours", text="IIN 880101300123? call +7 701 123 45 67")
    appeal_answer(actor=officer.user, appeal=question.appeal, text="Open 8 to 20.")
    published(subject="Unanswered one")
    for name, expected_title in (("posts_feed", "First post"), ("answers_feed", "Clinic hours")):
        response = client.get(reverse(f"blogs:{name}", args=[blog.slug]))
        assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
        root = ET.fromstring(response.content)  # noqa: S314 - our own feed, in a test
        assert root.tag == f"{ATOM}feed"
        for required in ("id", "title", "updated"):
            assert root.find(f"{ATOM}{required}") is not None and root.find(f"{ATOM}{required}").text
        entries = root.findall(f"{ATOM}entry")
        assert [e.find(f"{ATOM}title").text for e in entries] == [expected_title]
        for entry in entries:
            assert entry.find(f"{ATOM}id").text.startswith("http")
            assert entry.find(f"{ATOM}updated").text
            assert entry.find(f"{ATOM}link").get("href").startswith("http")
    answers = client.get(reverse("blogs:answers_feed", args=[blog.slug])).content.decode()
    assert "701 123" not in answers and "Open 8 to 20." in answers


def test_photo_is_served_only_for_a_public_blog(client, blog, head) -> None:
    blog_profile_update(
        actor=head.user,
        blog=blog,
        name=blog.name,
        position=blog.position,
        is_open=True,
        photo=SimpleUploadedFile("me.jpg", JPEG),
    )
    response = client.get(reverse("blogs:photo", args=[blog.slug]))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")
    Blog.objects.filter(pk=blog.pk).update(position="")
    assert client.get(reverse("blogs:photo", args=[blog.slug])).status_code == 404


def test_reporting_needs_sign_in_and_a_reason(client, published, citizen) -> None:
    question = published()
    url = reverse("blogs:report", args=[question.blog.slug, question.pk])
    assert client.get(url).status_code == 302
    reader = client_for(citizen)
    assert reader.post(url, {"part": "question", "reason": ""}).status_code == 400
    assert reader.post(url, {"part": "question", "reason": "Personal data"}).status_code == 302
    assert BlogReport.objects.get().reason == "Personal data"


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_pages_in_every_language(client, blog, published, language) -> None:
    question = published()
    for url in (
        f"/{language}/blogs/",
        f"/{language}/blogs/{blog.slug}/",
        f"/{language}/blogs/{blog.slug}/questions/{question.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 200 and f'<html lang="{language}"' in response.content.decode()


# --- the moderation admin -------------------------------------------------------------------


def test_moderation_queue_is_scoped_to_the_officials_agency(ask, officer, make_official) -> None:
    question = ask(subject="Health question")
    own = verified_client(officer.user).get("/admin/blogs/blogquestion/")
    assert own.status_code == 200 and "Health question" in own.content.decode()
    other = verified_client(make_official("ministry-of-education", Official.Role.OFFICER).user)
    assert "Health question" not in other.get("/admin/blogs/blogquestion/").content.decode()
    assert other.get(f"/admin/blogs/blogquestion/{question.pk}/change/").status_code in (302, 404)


def test_admin_actions_approve_reject_private_and_hide(ask, officer) -> None:
    client = verified_client(officer.user)
    url = "/admin/blogs/blogquestion/"
    first, second, third = ask(subject="One"), ask(subject="Two"), ask(subject="Three")
    client.post(url, {"action": "approve_selected", "_selected_action": [first.pk]})
    intermediate = client.post(url, {"action": "reject_selected", "_selected_action": [second.pk]})
    assert intermediate.status_code == 200 and "Legal ground" in intermediate.content.decode()
    client.post(
        url,
        {
            "action": "reject_selected",
            "_selected_action": [second.pk],
            "apply": "1",
            "reason": "abusive",
            "note": "Insults",
        },
    )
    missing = client.post(
        url, {"action": "make_private_selected", "_selected_action": [third.pk], "apply": "1", "reason": ""}
    )
    assert missing.status_code == 400
    client.post(
        url,
        {
            "action": "make_private_selected",
            "_selected_action": [third.pk],
            "apply": "1",
            "reason": "Has an address",
        },
    )
    client.post(
        url, {"action": "hide_questions", "_selected_action": [first.pk], "apply": "1", "reason": "Spam"}
    )
    states = dict(BlogQuestion.objects.values_list("public_subject", "state"))
    assert BlogQuestion.objects.get(pk=first.pk).hidden_reason == "Spam"
    assert BlogQuestion.objects.get(pk=second.pk).state == Moderation.REJECTED
    assert BlogQuestion.objects.get(pk=third.pk).state == Moderation.PRIVATE
    assert states  # every question still exists: nothing is deleted


def test_admin_rejects_an_oversized_photo_with_a_clear_message(blog, head) -> None:
    client = verified_client(head.user)
    big = SimpleUploadedFile("big.jpg", JPEG + b"\x00" * (5 * 1024 * 1024 + 1), content_type="image/jpeg")
    response = client.post(
        f"/admin/blogs/blog/{blog.pk}/change/",
        {"name": "New name", "position": blog.position, "about": "", "is_open": "on", "photo_upload": big},
    )
    assert response.status_code == 200 and "a file may be at most 5.0" in response.content.decode()
    blog.refresh_from_db()
    assert blog.name == "Aigerim Sultanova" and not blog.photo


def test_admin_writes_a_post_through_the_service(blog, head, client) -> None:
    admin = verified_client(head.user)
    response = admin.post(
        "/admin/blogs/post/add/",
        {
            "blog": blog.pk,
            "title": "Open day",
            "language": "en",
            "body": "Come <script>x()</script>",
            "publish": "on",
        },
    )
    assert response.status_code == 302
    post = blog.posts.get()
    assert post.published_at is not None and post.author == head.user
    assert "x()" not in client.get(reverse("blogs:post", args=[blog.slug, post.pk])).content.decode()


def test_admin_form_shows_a_service_refusal_as_typed_and_saves_nothing(blog, head) -> None:
    """The profile form validates through `blog_profile_validate`: the service's own rule, shown
    on the form (no re-rendered POST), and the blog is unchanged."""
    client = verified_client(head.user)
    response = client.post(
        f"/admin/blogs/blog/{blog.pk}/change/",
        {"name": "Typed name", "position": "", "about": "", "is_open": "on"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "before opening the blog for questions" in body and "Typed name" in body
    blog.refresh_from_db()
    assert blog.name == "Aigerim Sultanova"


def test_admin_post_form_refuses_moving_a_post_to_another_blog(blog, head, make_official) -> None:
    """A rule only the service knows (a post stays in its blog) shows on the form; nothing moves."""
    from officials.models import Agency
    from portal.accounts.models import User

    post = blog_post_write(actor=head.user, blog=blog, title="T", body="B", language="en", publish=True)
    other_head = make_official(Agency.objects.get(slug="ministry-of-education"), role="head")
    other = Blog.objects.create(agency=other_head.agency, head=other_head, name="N", position="P")
    superuser = User.objects.create_superuser("root@dialog.kz", "correct horse battery")
    response = verified_client(superuser).post(
        f"/admin/blogs/post/{post.pk}/change/",
        {"blog": other.pk, "title": "T", "language": "en", "body": "B", "publish": "on"},
    )
    assert response.status_code == 200 and "This post belongs to another blog." in response.content.decode()
    post.refresh_from_db()
    assert post.blog_id == blog.pk


def test_an_unconfirmed_email_cannot_ask_a_question(blog, make_citizen, almaty) -> None:
    response = client_for(make_citizen(verified=False)).post(
        f"/en/blogs/{blog.slug}/ask/", {"subject": "Roads", "text": "When?", "region": almaty.pk}
    )
    assert response.status_code == 403 and "Confirm your e-mail address" in response.content.decode()
    assert not BlogQuestion.objects.exists()
