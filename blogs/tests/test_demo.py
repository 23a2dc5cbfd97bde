from __future__ import annotations

import pytest

from appeals.demo import DEMO_DOMAIN, seed_demo
from appeals.models import Appeal
from blogs.demo import seed_demo_blogs
from blogs.models import Blog, BlogQuestion

pytestmark = pytest.mark.django_db


def test_demo_gives_the_demo_citizen_appeals_and_opens_blogs_once() -> None:
    seed_demo(appeals=30, seed=3)
    assert Appeal.objects.filter(citizen__email=f"citizen@{DEMO_DOMAIN}").exists()
    assert seed_demo_blogs() == 4
    assert Blog.objects.filter(is_open=True).count() == 4
    assert BlogQuestion.objects.filter(state="published").count() == 8
    assert BlogQuestion.objects.filter(appeal__answers__isnull=False).count() == 4
    assert seed_demo_blogs() == 0
