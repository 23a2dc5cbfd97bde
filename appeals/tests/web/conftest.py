from __future__ import annotations

import io
from collections.abc import Callable, Iterator

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from officials.tests.fixtures import client_for  # noqa: F401 (signed-in officials' admin pages)
from portal.accounts.models import User


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def verified_citizen(citizen: User) -> User:
    citizen.email_verified_at = timezone.now()
    citizen.save(update_fields=["email_verified_at"])
    return citizen


def png_bytes() -> bytes:
    """A real 1x1 PNG."""
    return bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
    )


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def make_upload() -> Callable[..., SimpleUploadedFile]:
    def make(name: str = "photo.png", content: bytes | None = None, content_type: str = "image/png"):
        return SimpleUploadedFile(name, content if content is not None else png_bytes(), content_type)

    return make


def big_file(size: int, name: str = "big.pdf") -> io.BytesIO:
    data = io.BytesIO(pdf_bytes() + b"0" * (size - len(pdf_bytes())))
    data.name = name
    return data
