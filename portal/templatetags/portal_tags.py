from django import template
from django.http import HttpRequest
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def url_in_language(context: template.Context, language: str) -> str:
    """This page's address in another language (the language prefix swapped)."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return f"/{language}/"
    return translate_url(request.get_full_path(), language)
