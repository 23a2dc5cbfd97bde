"""Masking personal data in text that is published (blog questions, the public register,
consultation comments, live questions): IINs, phone numbers, e-mail addresses.

`mask_personal_data` replaces what it finds with language-neutral tokens, so the stored public
text holds no personal data; `render_masked` turns the tokens into a translated marker when
the text is shown.
"""

from __future__ import annotations

import re

from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from portal.accounts.iin import is_valid_iin

TOKENS = {
    "iin": "\u27e6iin\u27e7",
    "phone": "\u27e6phone\u27e7",
    "email": "\u27e6email\u27e7",
    # The citizen's own name (the register, `mask_names`) and what a moderator chose to hide
    # (`mask_phrases`).
    "name": "\u27e6name\u27e7",
    "hidden": "\u27e6hidden\u27e7",
}

# Twelve digits, possibly grouped by single spaces or hyphens ("880101 300 125").
_IIN_LIKE = re.compile(r"(?<![\d+])\d(?:[ \-]?\d){11}(?!\d)")
_SEP = r"[ \-.\u00a0]?"
# Kazakhstan's numbers: +7 or 8, a three-digit code (in brackets or not), seven digits grouped
# any way: +7 701 123 45 67, 8(701)1234567, +7 (727) 272-45-67, 87011234567.
_KZ_PHONE = re.compile(
    rf"(?<![\w+])(?:\+\s?7|8){_SEP}\(?\d{{3}}\)?{_SEP}\d{{3}}{_SEP}\d{{2}}{_SEP}\d{{2}}(?!\d)"
)
# Any other international number: a plus, then 8 to 15 digits with the usual separators.
_INTERNATIONAL_PHONE = re.compile(r"(?<![\w+])\+\d[\d \-().\u00a0]{6,20}\d(?!\d)")
_EMAIL = re.compile(r"[\w.%+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[^\W\d_]{2,}", re.UNICODE)


def _mask_iin(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    return TOKENS["iin"] if is_valid_iin(digits) else match.group(0)


def _mask_international(match: re.Match[str]) -> str:
    digit_count = sum(c.isdigit() for c in match.group(0))
    return TOKENS["phone"] if 8 <= digit_count <= 15 else match.group(0)


def mask_personal_data(text: str) -> str:
    """`text` with IINs (valid check digit), phone numbers and e-mail addresses replaced."""
    text = _EMAIL.sub(TOKENS["email"], text)
    text = _IIN_LIKE.sub(_mask_iin, text)
    text = _KZ_PHONE.sub(TOKENS["phone"], text)
    return _INTERNATIONAL_PHONE.sub(_mask_international, text)


def contains_personal_data(text: str) -> bool:
    return mask_personal_data(text) != text


def _labels() -> dict[str, str]:
    return {
        TOKENS["iin"]: _("IIN hidden"),
        TOKENS["phone"]: _("phone number hidden"),
        TOKENS["email"]: _("e-mail address hidden"),
        TOKENS["name"]: _("name hidden"),
        TOKENS["hidden"]: _("hidden by the agency"),
    }


_TOKEN_RE = re.compile("|".join(re.escape(token) for token in TOKENS.values()))


def _replace_tokens(escaped: str) -> str:
    labels = _labels()
    return _TOKEN_RE.sub(
        lambda m: f'<span class="dialog-masked">[{escape(labels[m.group(0)])}]</span>', escaped
    )


def render_masked(text: str, *, paragraphs: bool = True) -> SafeString:
    """Escaped HTML of masked text, each token shown as a marker in the current language."""
    masked = mask_personal_data(text)
    html = linebreaks(masked, autoescape=True) if paragraphs else escape(masked)
    return mark_safe(_replace_tokens(html))  # noqa: S308 - built from escaped text only


def plain_masked(text: str) -> str:
    """Masked text for plain-text output (feeds' titles): tokens become bracketed labels."""
    labels = _labels()
    return _TOKEN_RE.sub(lambda m: f"[{labels[m.group(0)]}]", mask_personal_data(text))


# Names shorter than this are masked only as whole words; longer ones also with up to three
# letters of a grammatical ending (Иванов, Иванова, Ивановым).
_STEM_LENGTH = 4


def mask_names(text: str, full_name: str) -> str:
    """`text` with every word of `full_name` (three letters or more) replaced, as typed in any
    letter case and, for longer names, with a case ending."""
    for word in sorted({w for w in re.split(r"[\s.,]+", full_name) if len(w) >= 3}, key=len, reverse=True):
        ending = r"\w{0,3}" if len(word) >= _STEM_LENGTH else ""
        pattern = re.compile(rf"(?<!\w){re.escape(word)}{ending}(?!\w)", re.IGNORECASE)
        text = pattern.sub(TOKENS["name"], text)
    return text


def mask_phrases(text: str, phrases: list[str]) -> str:
    """`text` with each of `phrases` (any letter case) replaced by the moderator's marker."""
    for phrase in sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True):
        text = re.sub(re.escape(phrase), TOKENS["hidden"], text, flags=re.IGNORECASE)
    return text
