"""Words of a citizen's problem, for matching catalogue keywords in kk, ru and en.

Kazakh and Russian inflect (освещение, освещения, освещением; жарық, жарығы), so a keyword is
written as a stem and a word of the text matches when it begins with it. Stems of three letters
or fewer would begin too many unrelated words, so they match only words at most two letters
longer (газ: газа, газом; not газета).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
SHORT_STEM = 3


def words(text: str) -> list[str]:
    """Lower-cased words, with the letter yo read as ye (Russian print often drops its dots)."""
    return _WORD.findall(text.lower().replace("\u0451", "\u0435"))


def stem_matches(stem: str, word: str) -> bool:
    if len(stem) <= SHORT_STEM:
        return word.startswith(stem) and len(word) <= len(stem) + 2
    return word.startswith(stem)


def phrase_in(phrase: Sequence[str], text_words: Sequence[str]) -> bool:
    """Whether the phrase's stems match consecutive words of the text."""
    if not phrase:
        return False
    width = len(phrase)
    return any(
        all(stem_matches(stem, text_words[start + offset]) for offset, stem in enumerate(phrase))
        for start in range(len(text_words) - width + 1)
    )


def search_stems(text: str, *, limit: int = 8) -> list[str]:
    """The text's longest words cut to a stem, for a prefix full-text query over past appeals.
    Words under five letters are mostly grammar (have, been, және, если) and would match
    everything."""
    unique = dict.fromkeys(word for word in words(text) if len(word) >= 5)
    longest = sorted(unique, key=len, reverse=True)[:limit]
    return list(dict.fromkeys(word[: max(5, len(word) - 2)] for word in longest))
