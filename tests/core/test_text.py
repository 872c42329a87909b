"""The one bilingual text type: which language it picks, the document form it round-trips, and str() following
the active language it is told about."""

import json

import pytest

import cadre.core.text as text_module
from cadre.core.errors import BilingualError
from cadre.core.text import Text, duration_text, use_language_source

GREETING = Text("Xin chào", "Hello")


@pytest.fixture
def language(monkeypatch):
    """Set the active language for str(); the source Django installed comes back after the test."""
    monkeypatch.setattr(text_module, "_language_source", text_module._language_source)

    def choose(code):
        use_language_source(lambda: code)

    return choose


@pytest.mark.parametrize(
    ("code", "expected"),
    [("en", "Hello"), ("vi", "Xin chào"), (None, "Xin chào"), ("fr", "Xin chào"), ("en-us", "Xin chào")],
)
def test_english_only_for_en_and_vietnamese_for_anything_else(code, expected):
    assert GREETING.in_language(code) == expected


def test_str_follows_the_installed_language_source(language):
    language("en")
    assert str(GREETING) == "Hello" and f"{GREETING}!" == "Hello!"
    language("vi")
    assert str(GREETING) == "Xin chào"
    language(None)  # no language active (Django with translation switched off)
    assert str(GREETING) == "Xin chào"


def test_vietnamese_before_any_source_is_installed(monkeypatch):
    monkeypatch.setattr(text_module, "_language_source", text_module._no_language)
    assert str(GREETING) == "Xin chào"


def test_a_text_that_says_nothing_is_false():
    assert GREETING and Text("", "Hello") and not Text("", "")


def test_the_document_form_round_trips_byte_for_byte():
    stored = '{"vi": "Xin chào", "en": "Hello"}'
    assert json.dumps(GREETING.to_dict(), ensure_ascii=False) == stored
    assert Text.from_dict(json.loads(stored)) == GREETING
    assert Text.from_dict(GREETING.to_dict()) == GREETING


def test_from_dict_ignores_other_keys_and_leaves_a_missing_language_empty():
    assert Text.from_dict({"rule": "local", "vi": "Người địa phương", "en": "Local"}) == Text(
        "Người địa phương", "Local"
    )
    assert Text.from_dict({"vi": "Chỉ tiếng Việt"}) == Text("Chỉ tiếng Việt", "")


def test_a_text_unpacks_like_a_pair_but_is_no_tuple():
    vi, en = GREETING
    assert (vi, en) == ("Xin chào", "Hello") == (GREETING[0], GREETING[1]) == (GREETING.vi, GREETING.en)
    assert not isinstance(GREETING, tuple)  # a tuple label in Django's choices would be a group of choices
    assert "«%s»" % GREETING == "«Xin chào»"  # noqa: UP031 (`%` would take a tuple for its arguments)
    with pytest.raises(AttributeError):
        GREETING.vi = "Chào"  # frozen


def test_a_bilingual_error_holds_a_text_and_keeps_its_message_api():
    error = BilingualError("Sai ngày", "Wrong date")
    assert error.text == Text("Sai ngày", "Wrong date")
    assert (error.message_vi, error.message_en) == ("Sai ngày", "Wrong date")
    assert error.message("en") == "Wrong date" and error.message("vi") == error.message("xx") == "Sai ngày"
    assert str(error) == "Sai ngày / Wrong date"


@pytest.mark.parametrize(
    ("months", "vi", "en"),
    [
        (3, "3 tháng", "3 months"),
        (0, "0 tháng", "0 months"),
        (12, "1 năm", "1 year"),
        (18, "1 năm 6 tháng", "1 year 6 months"),
        (240, "20 năm", "20 years"),
        (239, "19 năm 11 tháng", "19 years 11 months"),
    ],
)
def test_a_duration_reads_in_years_and_months_never_a_fraction_of_a_year(months, vi, en):
    assert tuple(duration_text(months)) == (vi, en)
