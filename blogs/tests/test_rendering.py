"""Posts' Markdown is rendered and sanitised: no script, no javascript: links, no raw HTML."""

from __future__ import annotations

from blogs.rendering import render_markdown


def render(text: str, image_ids: set[int] = frozenset()) -> str:  # type: ignore[assignment]
    return str(render_markdown(text, image_url=lambda pk: f"/en/blogs/x/images/{pk}/", image_ids=image_ids))


def test_markdown_is_rendered() -> None:
    html = render("Some **bold** and a [link](https://gov.kz).\n\n- one\n- two")
    assert "<strong>bold</strong>" in html
    assert '<a href="https://gov.kz" rel="noopener noreferrer nofollow">link</a>' in html
    assert "<li>one</li>" in html


def test_scripts_are_removed_with_their_content() -> None:
    html = render("Hello <script>alert('x')</script> world\n\n<script src=/x.js></script>")
    assert "<script" not in html and "alert" not in html


def test_javascript_links_lose_their_address() -> None:
    html = render(
        '[click](javascript:alert(1)) <a href="JaVaScRiPt:alert(2)">two</a> <a href="data:text/html,x">3</a>'
    )
    assert "javascript" not in html.lower() and "data:" not in html
    assert "click" in html


def test_raw_html_is_reduced_to_allowed_tags_without_attributes() -> None:
    html = render(
        '<div onclick="steal()" style="color:red">raw <iframe src="https://x"></iframe><b>b</b></div>'
    )
    for forbidden in ("<div", "onclick", "style=", "<iframe", "<b>"):
        assert forbidden not in html
    assert "raw" in html


def test_headings_start_below_the_page_title() -> None:
    assert "<h2>Title</h2>" in render("# Title")


def test_only_the_blogs_own_images_are_kept() -> None:
    html = render(
        "![ours](image:3) ![other blog](image:4) ![outside](https://evil.example/x.png) "
        "<img src=x onerror=alert(1)>",
        {3},
    )
    assert '<img alt="ours" src="/en/blogs/x/images/3/">' in html
    assert html.count("<img") == 1
    assert "onerror" not in html and "evil" not in html
