from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

from django import forms, template
from django.conf import settings
from django.http import HttpRequest
from django.template.base import NodeList, Parser, Token
from django.urls import get_urlconf, translate_url
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag(takes_context=True)
def url_in_language(context: template.Context, language: str) -> str:
    """This page's address in another language (the language prefix swapped)."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return f"/{language}/"
    # Every page shows all three links, and working them out resolves the path and reverses
    # it again each time (a tenth of the home page's CPU): remembered per process, keyed by
    # everything the answer depends on (the active language decides which prefix resolves).
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _in_language(get_language(), urlconf, request.get_full_path(), language)


@lru_cache(maxsize=4096)
def _in_language(_active: str | None, _urlconf: object, full_path: str, language: str) -> str:
    url = translate_url(full_path, language)
    if url == full_path:
        # No URL pattern matched (a 404 page, say): swap the prefix by hand, so that the
        # switcher still shows the same page in the other language.
        url = _swap_language_prefix(full_path, language)
    return url


def _swap_language_prefix(url: str, language: str) -> str:
    parts = urlsplit(url)
    segments = parts.path.split("/", 2)  # "", "<prefix>", "rest"
    codes = {code for code, _name in settings.LANGUAGES}
    if len(segments) < 3 or segments[1] not in codes or segments[1] == language:
        return url
    path = f"/{language}/{segments[2]}"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))


@register.filter
def error_anchor(field: forms.BoundField) -> str:
    """The id an error summary links to for this field; "" when nothing can take focus.

    For a text input it is the input's own id (``id_<name>``, with the form's prefix).
    Radios and checkboxes have no single input: GOV.UK links to the first one, which
    Django renders as ``id_<name>_0``. A multi-widget (a date in three inputs) links to
    its first sub-widget the same way.
    """
    if field.is_hidden or not field.auto_id:
        return ""
    anchor = field.id_for_label
    if not anchor:  # RadioSelect and CheckboxSelectMultiple give no id for the label
        anchor = f"{field.auto_id}_0" if field.subwidgets else field.auto_id
    return anchor


class _OncePerLanguageNode(template.Node):
    def __init__(self, nodelist: NodeList) -> None:
        self.nodelist = nodelist
        self.rendered: dict[tuple[object, ...], SafeString] = {}

    def render(self, context: template.Context) -> SafeString:
        key = (get_language(), get_urlconf() or settings.ROOT_URLCONF, settings.STATIC_URL)
        found = self.rendered.get(key)
        if found is None:
            found = mark_safe(self.nodelist.render(context))  # noqa: S308 (our own template's output)
            self.rendered[key] = found
        return found


@register.tag
def once_per_language(parser: Parser, token: Token) -> _OncePerLanguageNode:
    """`{% once_per_language %}…{% endonce_per_language %}`: markup that depends on nothing but
    the language, the URL patterns and the static files (the footer's links, the stylesheets),
    rendered once per process and language instead of on every page. Nothing inside may read
    the request, the user, a form or a block a child template overrides."""
    nodelist = parser.parse(("endonce_per_language",))
    parser.delete_first_token()
    return _OncePerLanguageNode(nodelist)
