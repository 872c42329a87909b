"""The states a plan passes through on its way to a decision (no models here, so any plan model can use them)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cadre.core.text import Text
from cadre.web.text import translated


class State(models.TextChoices):
    DRAFT = "draft", _("Draft (dự thảo)")
    PROPOSED = "proposed", _("Proposed (đã trình)")
    RETURNED = "returned", _("Returned (trả lại)")
    APPROVED = "approved", _("Approved (đã duyệt)")
    DECIDED = "decided", _("Decided (đã ban hành quyết định)")


def state_label(state: str) -> Text:
    """The state's name in Vietnamese and in English, for a bilingual message."""
    return translated(State(state).label)
