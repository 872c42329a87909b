"""The states a plan passes through on its way to a decision (no models here, so any plan model can use them)."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    DRAFT = "draft", _("Draft (dự thảo)")
    PROPOSED = "proposed", _("Proposed (đã trình)")
    RETURNED = "returned", _("Returned (trả lại)")
    APPROVED = "approved", _("Approved (đã duyệt)")
    DECIDED = "decided", _("Decided (đã ban hành quyết định)")


def state_labels(state: str) -> tuple[str, str]:
    """The state's name in Vietnamese and in English, for a bilingual message."""
    label = State(state).label
    names = []
    for language in ("vi", "en"):
        with translation.override(language):
            names.append(str(label))
    return names[0], names[1]
