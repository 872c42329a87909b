"""A gettext message in both languages at once, as the core's `Text`.

The core holds sentences in Vietnamese and English (`cadre.core.text.Text`); the apps write theirs as gettext
messages, translated in the catalogue. `translated(message, **params)` renders one in each language, so the
page can show the user's while the API, the exports and the logs keep both.
"""

from django.utils import translation

from cadre.core.text import Text


def translated(message, **params) -> Text:
    """`message` (a gettext or lazy message, with %(name)s parameters filled from `params`) in both languages."""

    def render(language: str) -> str:
        with translation.override(language):
            text = str(message)
            return text % params if params else text

    return Text(render("vi"), render("en"))
