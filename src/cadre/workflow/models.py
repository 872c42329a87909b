"""The decision log (nhật ký quyết định): an append-only, hash-chained record of every workflow event."""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadre.core.text import Text

from .events import event_label
from .rounds import APPROVED_STATES
from .states import State

# The solver statuses that come with a plan to carry forward (every kind's statuses share these values).
SOLVED = ("optimal", "feasible")


class WorkflowPlan(models.Model):
    """What every plan the workflow carries has (a rotation plan, a transfer plan): who made it and when, its
    workflow state, the approved plan it corrects, and its decision number once decided.

    A kind of plan plugs in by subclassing it: the workflow (`workflow.services`, the step view, the panel)
    reads only what is declared here, so a new kind needs no change in `workflow/`. A kind declares
    - `log_subject`: its subjects' prefix in the decision log ("rotation-plan" gives "rotation-plan:42"); the
      log's hashes cover it, so it never changes once events carry it;
    - `name_vi`: its name in Vietnamese, which starts the registry's change reason on decision, and `name_en`;
    - `propose_permission`: the action (`accounts.permissions`) that proposes it; the Standing Committee's steps
      need `approve` whatever the kind;
    - a `status` field with its solver's statuses (the choices differ by kind, so the field stays with each
      kind), and `problem_sha256`, which every event records;
    - `record_decision(user=, reason=)`: what recording the decision writes into the registry (in its own app),
      effective from the plan's date; approval writes nothing;
    - `content_for_hash()`: what the plan presents and decides (its moves, their dates, the decision number),
      as JSON-ready values read from its stored row. Every event records its SHA-256 (`content_digest()`), so a
      plan changed behind the workflow's back is caught (`workflow.integrity`).
    - `round_fields`: the fields that make a round (its province and date), of which one plan may be approved
      (`workflow.rounds`), with the constraints `one_approved_per_round(kind, *round_fields)` in its Meta.
    """

    log_subject: str
    name_vi: str
    name_en: str
    propose_permission: str
    round_fields: tuple[str, ...]

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

    @property
    def has_solution(self) -> bool:
        """Only a plan with a solution goes through the workflow (or has documents)."""
        return self.status in SOLVED

    @property
    def subject(self) -> str:
        """The plan's subject in the decision log."""
        return f"{self.log_subject}:{self.pk}"

    def named(self) -> Text:
        """The plan as a message names it for its readers: its kind, province and date, then its number
        ("phương án luân chuyển Thành phố Hải Phòng ngày 05/12/2026 (số 14)")."""
        province = getattr(self, self.round_fields[0])
        day = getattr(self, self.round_fields[-1])
        return Text(
            f"{self.name_vi.lower()} {province} ngày {day:%d/%m/%Y} (số {self.pk})",
            f"the {self.name_en} of {province} for {day:%d/%m/%Y} (no. {self.pk})",
        )

    def events(self):
        """The plan's events in the decision log, oldest first."""
        return DecisionEvent.objects.filter(subject=self.subject).order_by("sequence")

    def approved_rival(self):
        """The approved plan that keeps this one from being approved (`workflow.rounds`): the round's approved
        plan, or for a correction, the approved correction of the same plan. None when there is none."""
        rivals = type(self).objects.filter(state__in=APPROVED_STATES).exclude(pk=self.pk)
        if self.corrects_id is not None:
            return rivals.filter(corrects_id=self.corrects_id).first()
        same_round = {field: getattr(self, field) for field in self.round_fields}
        return rivals.filter(corrects__isnull=True, **same_round).first()

    def record_decision(self, *, user, reason: str) -> None:
        """Recording the decision writes what the plan decides (e.g. its moves as postings from its date), in the
        step's transaction; `self.decision` holds the decision number. Every write records `reason` and `user`
        as its change reason. Raising `cadre.core.errors.RecordError` refuses the step: it all rolls back."""
        raise NotImplementedError(f"{type(self).__name__} does not say what its decision records")

    def content_for_hash(self) -> dict:
        """What the plan presents and decides, for `content_digest`: the moves and what they depend on, not the
        workflow state (each event records the state it leads to, which is checked apart)."""
        raise NotImplementedError(f"{type(self).__name__} does not say what its content is")

    def content_digest(self) -> str:
        """SHA-256 over the sorted-key compact JSON of `content_for_hash()`. Take it from a row as the database
        gives it back (a fresh read), so that it compares equal with later reads."""
        text = json.dumps(self.content_for_hash(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


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
