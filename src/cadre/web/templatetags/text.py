"""`{% load text %}`: the one filter a template uses to show something held in two languages.

- A `Text` (`cadre.core.text`) needs no filter: `{{ value }}` prints it in the active language.
- `{{ value|in_language }}`: a `Text`, or a dict of a JSON document with "vi" and "en" keys (an explanation,
  a reason in a plan).
- `{{ value|in_language:"error" }}`: an object or a dict that keeps the pair as `error_vi` and `error_en` (a
  job's error; a plan's diagnosis, `message_vi`/`message_en`).

Stored documents are what they are: None (or a variable the context lacks), or a dict without the active
language's key, shows nothing, as these pages always showed a plan stored without a diagnosis. Code is not: an object without `<prefix>_vi` and
`<prefix>_en` (a misspelt prefix), or a value that cannot hold a pair at all (a string, a number), is a mistake
in the template and fails loudly (AttributeError, TypeError) instead of leaving a blank on the page.
"""

import re
from collections.abc import Mapping

from django import template
from django.utils.translation import get_language

from cadre.core.text import Text

register = template.Library()


@register.filter
def in_language(value, prefix: str = "") -> str:
    """`value` in the active language: English when it is "en", Vietnamese otherwise."""
    if value is None or value == "":  # "" is what Django passes for a variable the context lacks
        return ""
    return str(_text(value, prefix))


def _text(value, prefix: str) -> Text:
    if isinstance(value, Mapping):
        if not prefix:
            return Text.from_dict(value)
        return Text(str(value.get(f"{prefix}_vi", "")), str(value.get(f"{prefix}_en", "")))
    if isinstance(value, Text) and not prefix:
        return value
    if not prefix or isinstance(value, str | int | float | tuple):
        raise TypeError(f"in_language: a {type(value).__name__} holds no text in two languages here")
    return Text(getattr(value, f"{prefix}_vi"), getattr(value, f"{prefix}_en"))


# A number with one decimal point ("0.5", "33.5"); not "1.000.000", already grouped the Vietnamese way.
_DECIMAL_POINT = re.compile(r"(?<![\d.])(\d+)\.(\d+)(?![\d.])")


@register.filter
def decimals(value) -> str:
    """A formula or figure written with decimal points ("L × 0.4 × 60"), with the active language's decimal
    separator: "L × 0,4 × 60" in Vietnamese."""
    text = str(value)
    return text if get_language() == "en" else _DECIMAL_POINT.sub(r"\1,\2", text)
