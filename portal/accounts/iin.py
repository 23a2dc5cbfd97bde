"""Kazakhstan's individual identification number (IIN, ЖСН/ИИН).

12 digits: birth date YYMMDD, a century/sex digit 1-6, four serial digits and a check digit.
The check digit is the sum of the first 11 digits weighted 1..11, mod 11; when that gives 10,
the weights 3..11,1,2 are used instead, and 10 again means the number cannot be valid.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

_FIRST_WEIGHTS = tuple(range(1, 12))
_SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
_CENTURY_BY_DIGIT = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}


def iin_check_digit(first_eleven: str) -> int | None:
    """The check digit for 11 digits, or None when no digit can make the number valid."""
    digits = [int(c) for c in first_eleven]
    check = sum(d * w for d, w in zip(digits, _FIRST_WEIGHTS, strict=True)) % 11
    if check == 10:
        check = sum(d * w for d, w in zip(digits, _SECOND_WEIGHTS, strict=True)) % 11
    return None if check == 10 else check


def iin_birth_date(iin: str) -> dt.date | None:
    century = _CENTURY_BY_DIGIT.get(int(iin[6]))
    if century is None:
        return None
    try:
        return dt.date(century + int(iin[0:2]), int(iin[2:4]), int(iin[4:6]))
    except ValueError:
        return None


def iin_problem(value: str) -> _StrPromise | None:
    """Why `value` is not a valid IIN, as a lazy translation (extracted into the catalogues and
    rendered in the language active where it is shown); None when it is valid."""
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        return _("An IIN is exactly 12 digits.")
    if iin_birth_date(value) is None:
        return _("The first seven digits of an IIN give a birth date and century; these do not.")
    if iin_check_digit(value[:11]) != int(value[11]):
        return _("The last digit of this IIN does not match the others. Check for a typing error.")
    return None


def is_valid_iin(value: str) -> bool:
    return iin_problem(value) is None


def make_iin(rng: random.Random, birth: dt.date) -> str:
    """A valid IIN for someone born on `birth` (demo data and tests; never a real person's)."""
    while True:
        century_digit = (3 if birth.year < 2000 else 5) + rng.randrange(2)
        first = f"{birth:%y%m%d}{century_digit}{rng.randrange(10_000):04d}"
        check = iin_check_digit(first)
        if check is not None:
            return f"{first}{check}"
