"""The decision log (nhật ký quyết định): an append-only, hash-chained record of every workflow event."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .events import event_label
from .states import State


class WorkflowPlan(models.Model):
    """What every plan the workflow carries has (a rotation plan, a transfer plan): who made it and when, its
    workflow state, the approved plan it corrects, and its decision number once decided."""

    created_at = models.DateTimeField(_("created at (thời điểm lập)"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by (người lập)"),
    )
    state = models.CharField(
        _("workflow state (bước xử lý)"), max_length=10, choices=State.choices, default=State.DRAFT
    )
    corrects = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects (điều chỉnh phương án)"),
    )
    decision = models.CharField(_("decision number (số quyết định)"), max_length=100, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]


class AppendOnlyError(RuntimeError):
    """The log is append-only through the application: an event is never changed or removed."""


class DecisionEvent(models.Model):
    """One event. `hash` is SHA-256 over the event's content and `previous_hash`, so changing, removing or
    reordering any stored event breaks every hash after it (`cadre audit verify`)."""

    sequence = models.PositiveBigIntegerField(_("number (số thứ tự)"), unique=True)
    at = models.DateTimeField(_("time (thời điểm)"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    username = models.CharField(_("user name (người thực hiện)"), max_length=150, blank=True)
    kind = models.CharField(_("event (sự kiện)"), max_length=40)
    subject = models.CharField(_("subject (đối tượng)"), max_length=100)
    reason = models.TextField(_("reason (lý do)"), blank=True)
    content = models.JSONField(_("content (nội dung)"), default=dict)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["sequence"]
        verbose_name = _("decision event (sự kiện quyết định)")
        verbose_name_plural = _("decision log (nhật ký quyết định)")

    def __str__(self):
        return f"#{self.sequence} {self.kind} {self.subject}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("a decision event is never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("a decision event is never deleted")

    @property
    def kind_label(self) -> str:
        """What the pages show for `kind` (the field has no choices: adding them would be a migration)."""
        return event_label(self.kind)


class ChainHead(models.Model):
    """The last event's number and hash, kept apart from the events: removing the newest events leaves a valid
    shorter chain, which only the head can reveal."""

    count = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True)

    def __str__(self):
        return f"{self.count} events, head {self.hash[:12]}"
