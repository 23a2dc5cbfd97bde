from urllib.parse import urlsplit, urlunsplit

from django import forms, template
from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def url_in_language(context: template.Context, language: str) -> str:
    """This page's address in another language (the language prefix swapped)."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return f"/{language}/"
    full_path = request.get_full_path()
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
