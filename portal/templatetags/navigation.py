"""The header's service navigation (the GOV.UK service navigation component), in Python.

It is on every page. As ten `{% include %}`s, each after a `{% url %}`, it cost a fifth of the
home page's CPU; here the addresses are reversed once per process, language and URL conf, and
each item is one small string. An item is marked current on the page it points at
(aria-current="page") and on every page of its section (aria-current="true"; the section's views
set the item's context variable, e.g. `blogs_section`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

register = template.Library()


@dataclass(frozen=True)
class Item:
    url_name: str
    text: Promise
    section: str | None = None  # the context variable that is true on every page of its section


EVERYONE = (
    Item("home", _("Home")),
    Item("stats", _("Statistics")),
    Item("blogs:index", _("Blogs"), "blogs_section"),
    Item("register:list", _("Register"), "register_section"),
    Item("consultations:index", _("Consultations"), "consultations_section"),
    Item("appeals:new", _("File an appeal")),
)
SIGNED_IN = (Item("appeals:list", _("My appeals")), Item("accounts:profile", _("Your details")))
SIGNED_OUT = (Item("accounts:login", _("Sign in")), Item("accounts:sign_up", _("Create an account")))


@register.simple_tag(takes_context=True)
def service_navigation(context: template.Context) -> SafeString:
    """The navigation's links (`<li>`s) for this page and visitor; the signed-in visitor's
    address and sign-out form follow them in base.html."""
    request = context.get("request")
    user = context.get("user")
    signed_in = bool(user is not None and user.is_authenticated)
    path = request.path if request is not None else None
    links = _links(get_language(), get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    rendered = []
    for item in EVERYONE + (SIGNED_IN if signed_in else SIGNED_OUT):
        href, text = links[item.url_name]
        if path == href:
            current = "page"
        elif item.section and context.get(item.section):
            current = "true"
        else:
            current = ""
        rendered.append(_item(href, text, current))
    return mark_safe("\n".join(rendered))  # noqa: S308 (each item is escaped by format_html)


@lru_cache(maxsize=64)
def _links(_language: str | None, _urlconf: object, _prefix: str) -> dict[str, tuple[str, str]]:
    """Each item's address and text in the active language. The key is everything they depend
    on: the language (its prefix and its catalogue), the URL conf and the script prefix."""
    return {
        item.url_name: (reverse(item.url_name), str(item.text)) for item in EVERYONE + SIGNED_IN + SIGNED_OUT
    }


@lru_cache(maxsize=1024)
def _item(href: str, text: str, current: str) -> SafeString:
    if not current:
        return format_html(
            '<li class="govuk-service-navigation__item">\n'
            '  <a class="govuk-service-navigation__link" href="{}">{}</a>\n</li>',
            href,
            text,
        )
    return format_html(
        '<li class="govuk-service-navigation__item govuk-service-navigation__item--active">\n'
        '  <a class="govuk-service-navigation__link" href="{}" aria-current="{}">'
        '<strong class="govuk-service-navigation__active-fallback">{}</strong></a>\n</li>',
        href,
        current,
        text,
    )
