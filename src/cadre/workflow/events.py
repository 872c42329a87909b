"""The kinds of event the decision log records, one per workflow step (no models here, like `states`).

The stored value is what the log's hash covers, so a value never changes once events carry it: a new kind is a
new member. The label is what a page shows in place of the bare value.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    PROPOSE = "propose", _("Propose (trình)")
    APPROVE = "approve", _("Approve (phê duyệt)")
    RETURN = "return", _("Return (trả lại)")
    DECIDE = "decide", _("Decide (ban hành quyết định)")

    @property
    def verb_vi(self) -> str:
        """The step as a Vietnamese verb, for sentences ("không thể {verb} phương án")."""
        return VERBS_VI[self]

    @property
    def past_en(self) -> str:
        """The step as an English past participle ("it cannot be {past}")."""
        return PAST_EN[self]


VERBS_VI = {
    EventKind.PROPOSE: "trình",
    EventKind.APPROVE: "phê duyệt",
    EventKind.RETURN: "trả lại",
    EventKind.DECIDE: "ban hành quyết định",
}
PAST_EN = {
    EventKind.PROPOSE: "proposed",
    EventKind.APPROVE: "approved",
    EventKind.RETURN: "returned",
    EventKind.DECIDE: "decided",
}


def event_label(kind: str) -> str:
    """The kind's label in the active language; a value no member has (an old or a test event) as it is."""
    try:
        return EventKind(kind).label
    except ValueError:
        return kind
