"""English answers show the Korean dates the model copied in English, the Korean kept in brackets."""

import pytest

from rag.english_dates import with_english_dates


@pytest.mark.parametrize("claim, shown", [
    ("8일 [1]", "the 8th (8일) [1]"),
    ("He spoke on 지난 8일.", "He spoke on the 8th (지난 8일)."),
    ("7월 22일부터 27일", "July 22 to 27 (7월 22일부터 27일)"),
    ("7일부터 9일까지 [1]", "the 7th to the 9th (7일부터 9일까지) [1]"),
    ("지난해 12월 23일", "December 23 last year (지난해 12월 23일)"),
    ("2019년 5월 21일에 맺었다", "May 21, 2019 (2019년 5월 21일)에 맺었다"),
    ("on the 3rd (3일)", "on the 3rd (3일)"),  # glossed already
])
def test_a_korean_date_gets_its_english_form_before_it(claim, shown):
    assert with_english_dates(claim) == shown


@pytest.mark.parametrize("claim", ["The trip took 3일간.", "It lasted 5일 동안.", "No date here.", "128일"])
def test_what_is_no_date_is_left_as_it_is(claim):
    assert with_english_dates(claim) == claim
