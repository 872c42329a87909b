"""The one shape of every error Cadre shows a person: the reason in Vietnamese and in English."""


class BilingualError(ValueError):
    """Bad input or a refused action. `message_vi` and `message_en` are shown as they are; str() joins them."""

    def __init__(self, message_vi: str, message_en: str):
        super().__init__(f"{message_vi} / {message_en}")
        self.message_vi, self.message_en = message_vi, message_en

    def message(self, language: str) -> str:
        """The message in `language` ("en" for English; Vietnamese otherwise, the users' language)."""
        return self.message_en if language == "en" else self.message_vi


class RecordError(BilingualError):
    """A write into the records refused (a posting that overlaps, a person who no longer holds the post to leave):
    the action that asked for it rolls back whole. The workflow catches this kind, whatever app raised it."""
