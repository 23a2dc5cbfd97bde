"""Masking of personal data in published text."""

from __future__ import annotations

import pytest

from portal.accounts.iin import iin_check_digit
from portal.masking import TOKENS, mask_personal_data, plain_masked, render_masked


def valid_iin(first_eleven: str = "88010130012") -> str:
    check = iin_check_digit(first_eleven)
    assert check is not None
    return first_eleven + str(check)


def test_an_iin_with_a_valid_check_digit_is_masked() -> None:
    iin = valid_iin()
    assert mask_personal_data(f"My IIN is {iin}.") == f"My IIN is {TOKENS['iin']}."


def test_an_iin_written_in_groups_is_masked() -> None:
    iin = valid_iin()
    assert mask_personal_data(f"ИИН {iin[:6]} {iin[6:9]} {iin[9:]}") == f"ИИН {TOKENS['iin']}"


def test_twelve_digits_with_a_wrong_check_digit_are_left_alone() -> None:
    iin = valid_iin()
    wrong = iin[:11] + str((int(iin[11]) + 1) % 10)
    assert mask_personal_data(f"order {wrong}") == f"order {wrong}"


@pytest.mark.parametrize(
    "phone",
    [
        "+7 701 123 45 67",
        "8(701)1234567",
        "+77011234567",
        "87011234567",
        "8 701 123-45-67",
        "+7 (727) 272-45-67",
        "8-701-123-45-67",
        "+44 20 7946 0958",
    ],
)
def test_phone_numbers_are_masked(phone: str) -> None:
    assert mask_personal_data(f"Call me on {phone} please") == f"Call me on {TOKENS['phone']} please"


@pytest.mark.parametrize("email", ["a.b-c@mail.kz", "Ivan.Petrov+x@gov.kz", "асель@пример.каз"])
def test_email_addresses_are_masked(email: str) -> None:
    assert mask_personal_data(f"write to {email}, thanks") == f"write to {TOKENS['email']}, thanks"


@pytest.mark.parametrize(
    "text",
    ["In 2024 the clinic had 15 doctors.", "The budget is 8 000 000 tenge.", "Call 103", "Room 12, floor 3"],
)
def test_ordinary_numbers_are_left_alone(text: str) -> None:
    assert mask_personal_data(text) == text


def test_rendering_escapes_html_and_labels_each_masked_item() -> None:
    html = render_masked("<b>x</b> +7 701 123 45 67 a@b.kz")
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert '<span class="dialog-masked">[phone number hidden]</span>' in html
    assert "[e-mail address hidden]" in html
    assert "701" not in html


def test_plain_text_gets_bracketed_labels() -> None:
    assert plain_masked(f"IIN {valid_iin()}") == "IIN [IIN hidden]"
