"""Demo blogs for `seed_demo`: the heads of the demo agencies each get an open blog with a post
and a few public questions at different stages, all through the real services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from appeals.demo import DEMO_AGENCIES, DEMO_DOMAIN
from appeals.services import appeal_answer, appeal_rate
from blogs.models import Blog
from blogs.services import (
    blog_create,
    blog_post_write,
    blog_profile_update,
    blog_question_approve,
    blog_question_ask,
)
from officials.models import Official, Region
from portal.accounts.models import User

POST = (
    "Dear citizens,\n\n"
    "This blog is where you can ask me questions in public. Every question is an appeal with the "
    "legal deadline of **15 working days**, and the answer is published here for everyone.\n\n"
    "Please do not write personal data (IIN, phone numbers, addresses) in a public question."
)
QUESTIONS = (
    ("When will the new clinic in our district open?", "The building looks finished but is still closed."),
    ("Bus route 34 was cancelled", "Many pensioners used it to reach the hospital. Will it come back?"),
    ("Heating in school No. 12", "Classrooms were cold all of last week. What is being done?"),
)


def seed_demo_blogs(*, now: dt.datetime | None = None) -> int:
    """Open a blog for each demo agency's head (once); returns how many were created."""
    now = now or timezone.now()
    admin = User.objects.get(email=f"admin@{DEMO_DOMAIN}")
    citizen = User.objects.get(email=f"citizen@{DEMO_DOMAIN}")
    region = Region.objects.get(code="KZ-75")
    created = 0
    for slug in DEMO_AGENCIES:
        head = (
            Official.objects.select_related("agency", "user").filter(agency__slug=slug, role="head").first()
        )
        officer = Official.objects.select_related("user").filter(agency__slug=slug, role="officer").first()
        if head is None or officer is None or Blog.objects.filter(agency=head.agency).exists():
            continue
        blog = blog_create(actor=admin, head=head)
        blog = blog_profile_update(
            actor=head.user,
            blog=blog,
            name=f"Demo head of {head.agency.name_en}",
            position=f"Head of {head.agency.name_en} (demo)",
            about="A demonstration blog: the person and the questions are invented.",
            is_open=True,
        )
        blog_post_write(
            actor=head.user,
            blog=blog,
            title="Ask me in public",
            body=POST,
            language="en",
            publish=True,
            now=now - dt.timedelta(days=30),
        )
        for number, (subject, text) in enumerate(QUESTIONS):
            asked = now - dt.timedelta(days=20 - 6 * number)
            question = blog_question_ask(
                actor=citizen, blog=blog, region=region, subject=subject, text=text, language="en", now=asked
            )
            if number == len(QUESTIONS) - 1:
                continue  # the newest waits for moderation
            blog_question_approve(actor=head.user, question=question, now=asked + dt.timedelta(hours=3))
            if number == 0:
                appeal_answer(
                    actor=officer.user,
                    appeal=question.appeal,
                    text="The clinic opens next month, once the equipment is installed.",
                    now=asked + dt.timedelta(days=6),
                )
                appeal_rate(
                    actor=citizen,
                    appeal=question.appeal,
                    rating=4,
                    resolved=True,
                    now=asked + dt.timedelta(days=7),
                )
        created += 1
    return created
