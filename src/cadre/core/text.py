"""One way to say a thing in Vietnamese and in English: `Text`, which picks its language.

Every sentence Cadre shows a person exists in both languages: a page shows the one the user chose, the API, the
CLI and the decision documents often both. Vietnamese is the users' language, so it is the answer for any code
but "en" (no choice, an unknown one, or Django with translation switched off).

The core imports no Django, so `str(text)` asks a getter for the active language: the web layer installs
Django's once at start-up (`use_language_source(translation.get_language)`, in `cadre.web.apps`); until then
(the pure core, a script) it is Vietnamese.

A `Text` unpacks (`vi, en = text`) and indexes (`text[1]`) like the `(vi, en)` pair it replaced, for a caller
that writes both, but it is not a tuple: Django reads a tuple label in a form's choices as a group of choices,
and `%` reads a tuple as its arguments. In JSON documents (problems, plans, the decision log, all hashed) the
pair is stored as `{"vi": …, "en": …}`: `to_dict()` writes exactly that and `from_dict()` reads it back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

ENGLISH = "en"


def _no_language() -> str | None:
    return None


_language_source: Callable[[], str | None] = _no_language


def use_language_source(source: Callable[[], str | None]) -> None:
    """Make `source` (e.g. Django's `translation.get_language`) tell every `str(text)` the active language."""
    global _language_source
    _language_source = source


def active_language() -> str | None:
    """The language the installed source names now (None when no source or no language is active)."""
    return _language_source()


@dataclass(frozen=True, slots=True)
class Text:
    """A sentence or a label in Vietnamese and in English; `str()` gives the one of the active language."""

    vi: str
    en: str

    def in_language(self, code: str | None) -> str:
        """The text in `code`: "en" gives English, anything else Vietnamese (the users' language)."""
        return self.en if code == ENGLISH else self.vi

    def __str__(self) -> str:
        return self.in_language(active_language())

    def __bool__(self) -> bool:
        """False when it says nothing in either language, as an empty string is."""
        return bool(self.vi or self.en)

    def __iter__(self) -> Iterator[str]:
        return iter((self.vi, self.en))

    def __getitem__(self, index: int) -> str:
        return (self.vi, self.en)[index]

    def to_dict(self) -> dict[str, str]:
        """The form JSON documents store: `{"vi": …, "en": …}`, in that order (the documents are hashed)."""
        return {"vi": self.vi, "en": self.en}

    @classmethod
    def from_dict(cls, data: Mapping) -> Text:
        """The text a document stores as `{"vi": …, "en": …}` (other keys ignored); a language it lacks is
        empty, as the pages always showed it."""
        return cls(str(data.get("vi", "")), str(data.get("en", "")))


def duration_text(months: int) -> Text:
    """A length of time as people say it: "1 năm 6 tháng" / "1 year 6 months", "3 tháng", "20 năm"; never a
    fraction of a year ("1.5 năm")."""
    months = max(0, int(months))
    years, rest = divmod(months, 12)
    vi = [f"{years} năm"] if years else []
    en = [f"{years} year" + ("s" if years != 1 else "")] if years else []
    if rest or not years:
        vi.append(f"{rest} tháng")
        en.append(f"{rest} month" + ("s" if rest != 1 else ""))
    return Text(" ".join(vi), " ".join(en))
