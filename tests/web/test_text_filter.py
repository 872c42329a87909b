"""`{% load text %}` and `in_language`: every shape a template hands it, in Vietnamese and in English, and how
a missing half shows (documents: nothing) or fails (code: loudly)."""

from dataclasses import dataclass

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cadre.core.text import Text
from cadre.web.text import translated


@dataclass
class Job:
    error_vi: str
    error_en: str


def render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load text %}" + source).render(Context(context))


SHAPES = [
    ("{{ value }}", Text("Xin chào", "Hello")),
    ("{{ value|in_language }}", Text("Xin chào", "Hello")),
    ("{{ value|in_language }}", {"rule": "greeting", "vi": "Xin chào", "en": "Hello"}),
    ('{{ value|in_language:"error" }}', Job("Xin chào", "Hello")),
    ('{{ value|in_language:"message" }}', {"message_vi": "Xin chào", "message_en": "Hello", "kind": "x"}),
]


@pytest.mark.parametrize(("source", "value"), SHAPES)
def test_each_shape_in_each_language(source, value):
    assert render(source, "vi", value=value) == "Xin chào"
    assert render(source, "en", value=value) == "Hello"


def test_the_text_is_escaped_like_any_variable():
    assert render("{{ value|in_language }}", "en", value={"vi": "<b>", "en": "<b>"}) == "&lt;b&gt;"


def test_a_document_without_the_pair_shows_nothing():
    assert render('{{ value|in_language:"message" }}', "en", value={}) == ""  # a plan with no diagnosis
    assert render('{{ value|in_language:"message" }}', "vi", value=None) == ""
    assert render("{{ value|in_language }}", "en", value={"vi": "Chỉ tiếng Việt"}) == ""
    assert render("{{ missing|in_language }}", "vi") == ""


def test_a_misspelt_prefix_on_an_object_fails_loudly():
    with pytest.raises(AttributeError):
        render('{{ value|in_language:"eror" }}', "vi", value=Job("a", "b"))


@pytest.mark.parametrize("value", ["Xin chào", 3, ("Xin chào", "Hello")])
def test_a_value_with_no_pair_fails_loudly(value):
    with pytest.raises(TypeError):
        render("{{ value|in_language }}", "vi", value=value)


def test_django_tells_the_core_which_language_is_active():
    greeting = Text("Xin chào", "Hello")
    with translation.override("en"):
        assert str(greeting) == "Hello"
    with translation.override("vi"):
        assert str(greeting) == "Xin chào"


def test_translated_renders_a_gettext_message_in_both_languages():
    assert translated(_("Rotation date")) == Text("Ngày luân chuyển", "Rotation date")
    message = _("see plan #%(id)s")
    assert translated(message, id=7) == Text("xem phương án #7", "see plan #7")


@pytest.mark.parametrize(
    ("language", "shown"),
    [("vi", "L × (4 + 0,5 × (33,5 − 15)) · 1.000.000"), ("en", "L × (4 + 0.5 × (33.5 − 15)) · 1.000.000")],
)
def test_a_formula_takes_the_languages_decimal_separator(language, shown):
    with translation.override(language):
        html = Template("{% load text %}{{ f|decimals }}").render(
            Context({"f": "L × (4 + 0.5 × (33.5 − 15)) · 1.000.000"})
        )
    assert html == shown
