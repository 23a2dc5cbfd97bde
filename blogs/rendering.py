"""Posts are written in Markdown and shown as sanitised HTML.

Markdown passes raw HTML through, so its output is never trusted: nh3 (ammonia) keeps only the
tags and attributes below, drops `<script>`/`<style>` with their content, and keeps links only
with http, https or mailto addresses (or relative ones). Images come only from the blog's own
uploads, written `![description](image:42)`; any other image source is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "img",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto"}
_IMAGE_REF = re.compile(r"^image:(\d{1,12})$")
_IMG_TAG = re.compile(r"<img\b[^>]*>")
# The page has its own <h1>: a post's headings start one level below.
_HEADING = re.compile(r"<(/?)h([1-6])\b")


def _shift_headings(html: str) -> str:
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 4)}", html)


def render_markdown(
    text: str, *, image_url: Callable[[int], str] | None = None, image_ids: Container[int] = ()
) -> SafeString:
    """Sanitised HTML for a post. `image_url(id)` gives the address of an uploaded image; only
    ids in `image_ids` (the blog's own images) are kept."""

    def keep_attribute(tag: str, attribute: str, value: str) -> str | None:
        if tag == "img" and attribute == "src":
            match = _IMAGE_REF.match(value)
            if match is None or image_url is None or int(match.group(1)) not in image_ids:
                return None
            return image_url(int(match.group(1)))
        return value

    html = markdown.markdown(text, extensions=["tables", "fenced_code", "sane_lists"], output_format="html")
    cleaned = nh3.clean(
        _shift_headings(html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES | {"image"},
        link_rel="noopener noreferrer nofollow",
        attribute_filter=keep_attribute,
        strip_comments=True,
    )
    # `image:` is allowed above only so that the filter sees it; make sure no link kept it.
    cleaned = re.sub(r'\shref="image:[^"]*"', "", cleaned)
    # An image whose source was dropped is dropped whole (an <img> without a source or a
    # text alternative helps nobody).
    cleaned = _IMG_TAG.sub(lambda m: m.group(0) if ' src="' in m.group(0) else "", cleaned)
    return mark_safe(cleaned)  # noqa: S308 - nh3's output


def image_references(text: str) -> set[int]:
    """The image ids a post's Markdown refers to (`image:42`)."""
    return {int(m) for m in re.findall(r"\(image:(\d{1,12})", text)}
