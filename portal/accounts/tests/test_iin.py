"""The IIN check: birth date, century digit and check digit (both weightings)."""

from __future__ import annotations

import pytest

from portal.accounts.iin import iin_birth_date, iin_check_digit, iin_problem, is_valid_iin


def build(first_eleven: str) -> str:
    check = iin_check_digit(first_eleven)
    assert check is not None, first_eleven
    return f"{first_eleven}{check}"


def test_check_digit_with_the_first_weights() -> None:
    # 1*9+2*0+3*0+4*3+5*1+6*5+7*3+8*0+9*1+10*2+11*3 = 139 -> 139 % 11 = 7
    assert iin_check_digit("90031530123") == 7
    assert is_valid_iin("900315301237")


def test_check_digit_falls_back_to_the_second_weights() -> None:
    first = next(
        f"{n:011d}"
        for n in range(85010130000, 85010139999)
        if sum(int(d) * w for d, w in zip(f"{n:011d}", range(1, 12), strict=True)) % 11 == 10
        and iin_check_digit(f"{n:011d}") is not None
    )
    second = sum(int(d) * w for d, w in zip(first, (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2), strict=True)) % 11
    assert iin_check_digit(first) == second
    assert is_valid_iin(f"{first}{second}")


def test_no_check_digit_when_both_weightings_give_ten() -> None:
    impossible = [
        f"{n:011d}" for n in range(85010130000, 85010139999) if iin_check_digit(f"{n:011d}") is None
    ]
    assert impossible, "some serials cannot be valid"
    for last in "0123456789":
        assert not is_valid_iin(impossible[0] + last)


@pytest.mark.parametrize(
    ("first_eleven", "born"),
    [("90031530123", (1990, 3, 15)), ("05022850001", (2005, 2, 28)), ("99123120001", (1899, 12, 31))],
)
def test_valid_numbers_give_their_birth_date(first_eleven: str, born: tuple[int, int, int]) -> None:
    iin = build(first_eleven)
    assert iin_problem(iin) is None
    date = iin_birth_date(iin)
    assert date is not None and (date.year, date.month, date.day) == born


def test_a_wrong_check_digit_is_refused() -> None:
    iin = build("90031530123")
    wrong = f"{iin[:11]}{(int(iin[11]) + 1) % 10}"
    assert (
        str(iin_problem(wrong))
        == "The last digit of this IIN does not match the others. Check for a typing error."
    )


@pytest.mark.parametrize("first_eleven", ["90023030123", "90130130123", "90000030123", "01022950001"])
def test_an_impossible_birth_date_is_refused(first_eleven: str) -> None:
    check = iin_check_digit(first_eleven)
    iin = f"{first_eleven}{check if check is not None else 0}"
    assert (
        str(iin_problem(iin))
        == "The first seven digits of an IIN give a birth date and century; these do not."
    )


@pytest.mark.parametrize("century_digit", ["0", "7", "8", "9"])
def test_century_digit_outside_one_to_six_is_refused(century_digit: str) -> None:
    first = f"900315{century_digit}0123"
    check = iin_check_digit(first)
    iin = f"{first}{check if check is not None else 0}"
    assert not is_valid_iin(iin)
    assert "birth date and century" in str(iin_problem(iin) or "")


@pytest.mark.parametrize("value", ["", "12345", "9003153012370", "90031530123a", "\uff19" * 12])
def test_anything_but_twelve_ascii_digits_is_refused(value: str) -> None:
    assert str(iin_problem(value)) == "An IIN is exactly 12 digits."
