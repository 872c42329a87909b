"""The one shape of every error Cadre shows a person: the reason in Vietnamese and in English."""

from cadre.core.text import Text


class BilingualError(ValueError):
    """Bad input or a refused action. `text` holds the reason in both languages, shown as it is; str() joins
    them. `message_vi`, `message_en` and `message(language)` read it for callers that want one language."""

    def __init__(self, message_vi: str, message_en: str):
        super().__init__(f"{message_vi} / {message_en}")
        self.text = Text(message_vi, message_en)

    @property
    def message_vi(self) -> str:
        return self.text.vi

    @property
    def message_en(self) -> str:
        return self.text.en

    def message(self, language: str) -> str:
        """The message in `language` ("en" for English; Vietnamese otherwise, the users' language)."""
        return self.text.in_language(language)


class RecordError(BilingualError):
    """A write into the records refused (a posting that overlaps, a person who no longer holds the post to leave):
    the action that asked for it rolls back whole. The workflow catches this kind, whatever app raised it."""
