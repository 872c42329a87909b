"""Kế hoạch công tác: a unit's work plans and their tasks, each making six things clear (core.rules.workplan).

A work plan belongs to a unit, a commune or a province body, and a period, and comes from a source (a directive,
resolution or plan, with its number and date). A task names exactly one lead (a person from the registry, or a
unit with its head answerable: `lead_person` is always the person who answers), what is to be done, the expected
result and how it is judged, its time, who answers if it is late and to whom it is reported, and the level that
decides on it. Its lead, deadline and expected result change only through `services.change_task` (a decision
with a reason and the deciding person, written to the task's history, `TaskEvent`); a lead hands it back only by
a `Handback` request that the deciding level accepts or refuses. Leads report progress (`ProgressReport`); each
month closes on the province's closing day (`ClosingDay`) and freezes how every task counted (`MonthClose`,
`TaskMonthResult`): the figures results-based evaluation reads. `ServiceCentreMonth` holds the commune's public
administration service centre's monthly figures.

Scope: every row carries its province (and commune, for a commune's plan), so `restrict` filters on plain columns.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cadre.accounts.permissions import RestrictedQuerySet
from cadre.core.rules import task_month, workplan
from cadre.geo.models import Commune, Province
from cadre.people.models import Official
from cadre.people.row_history import RegistryHistory

from .querysets import TaskQuerySet


class SourceKind(models.TextChoices):
    DIRECTIVE = "directive", _("Directive (chỉ thị)")
    RESOLUTION = "resolution", _("Resolution (nghị quyết)")
    CONCLUSION = "conclusion", _("Conclusion (kết luận)")
    PLAN = "plan", _("Plan (kế hoạch)")
    LETTER = "letter", _("Official letter (công văn)")
    OTHER = "other", _("Other (khác)")


class ResultKind(models.TextChoices):
    DOCUMENT = "document", _("A document (văn bản)")
    FIGURE = "figure", _("A figure to reach (chỉ tiêu)")
    SERVICE = "service", _("A service delivered (dịch vụ, công việc hoàn thành)")


class Level(models.TextChoices):
    COMMUNE = workplan.COMMUNE_LEVEL, _("Commune level (cấp xã)")
    PROVINCE = workplan.PROVINCE_LEVEL, _("Province level (cấp tỉnh)")


class WorkPlan(models.Model):
    """Kế hoạch công tác of a commune (`commune`) or a province body (`body`, with no commune), for a period."""

    province = models.ForeignKey(Province, models.PROTECT, related_name="+", verbose_name=_("province"))
    commune = models.ForeignKey(
        Commune, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("commune")
    )
    body = models.CharField(_("province body (cơ quan cấp tỉnh)"), max_length=150, blank=True)
    title = models.CharField(_("title (tên kế hoạch)"), max_length=300)
    period_start = models.DateField(_("period from (từ ngày)"))
    period_end = models.DateField(_("period until (đến ngày)"))
    source_kind = models.CharField(_("source kind (loại văn bản)"), max_length=12, choices=SourceKind.choices)
    source_number = models.CharField(_("source number (số văn bản)"), max_length=100)
    source_date = models.DateField(_("source date (ngày ban hành)"))
    source_body = models.CharField(_("issued by (cơ quan ban hành)"), max_length=200)
    source_title = models.CharField(_("source title (trích yếu)"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    objects = RestrictedQuerySet.as_manager()
    history = RegistryHistory(excluded_fields=["created_at"])

    class Meta:
        verbose_name = _("work plan (kế hoạch công tác)")
        verbose_name_plural = _("work plans (kế hoạch công tác)")
        ordering = ["-period_start", "title", "pk"]
        indexes = [models.Index(fields=["province", "commune"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(commune__isnull=True, body=""), name="workplan_names_commune_or_body"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="workplan_period_in_order"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def unit_name(self) -> str:
        return self.commune.name if self.commune_id else self.body


class Task(models.Model):
    """Nhiệm vụ: one task of a work plan, with the six clears as required fields."""

    plan = models.ForeignKey(WorkPlan, models.CASCADE, related_name="tasks", verbose_name=_("work plan"))
    province = models.ForeignKey(Province, models.PROTECT, related_name="+", editable=False)
    commune = models.ForeignKey(
        Commune, models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    number = models.PositiveIntegerField(_("number (số thứ tự)"))
    # rõ người: exactly one of a lead person or a lead unit (with its head); `lead_person` is whoever answers.
    lead_official = models.ForeignKey(
        Official,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lead person (người chủ trì)"),
    )
    lead_unit = models.CharField(_("lead unit (đơn vị chủ trì)"), max_length=150, blank=True)
    lead_unit_head = models.ForeignKey(
        Official,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("head of the lead unit"),
    )
    lead_person = models.ForeignKey(Official, models.PROTECT, related_name="led_tasks", editable=False)
    coworkers = models.ManyToManyField(
        Official, blank=True, related_name="cowork_tasks", verbose_name=_("co-workers (người phối hợp)")
    )
    coworker_units = models.CharField(_("co-working units (đơn vị phối hợp)"), max_length=300, blank=True)
    # rõ việc
    title = models.CharField(_("task (nội dung công việc)"), max_length=500)
    # rõ kết quả
    result_kind = models.CharField(_("kind of result"), max_length=10, choices=ResultKind.choices)
    expected_result = models.CharField(_("expected result (sản phẩm đầu ra)"), max_length=500)
    completion_criterion = models.CharField(
        _("how completion is judged (tiêu chí hoàn thành)"), max_length=500
    )
    # rõ thời gian
    start = models.DateField(_("start (ngày bắt đầu)"))
    deadline = models.DateField(_("deadline (thời hạn)"))
    # rõ trách nhiệm
    accountable = models.CharField(_("answers if late (người chịu trách nhiệm)"), max_length=200)
    report_to = models.CharField(_("reported to (báo cáo cho)"), max_length=200)
    # rõ thẩm quyền
    authority_level = models.CharField(
        _("deciding level (cấp quyết định)"), max_length=8, choices=Level.choices
    )
    authority_body = models.CharField(_("decided by (người, cơ quan quyết định)"), max_length=200)
    # Kept by services.report_progress from the reports.
    percent = models.PositiveSmallIntegerField(_("progress (%)"), default=0, editable=False)
    last_reported_on = models.DateField(_("last reported"), null=True, blank=True, editable=False)
    done_on = models.DateField(_("completed on"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task (nhiệm vụ)")
        verbose_name_plural = _("tasks (nhiệm vụ)")
        ordering = ["plan", "number"]
        indexes = [
            models.Index(fields=["province", "commune", "deadline"]),
            models.Index(fields=["lead_person", "deadline"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_task_per_number"),
            models.CheckConstraint(
                condition=(Q(lead_official__isnull=False, lead_unit="", lead_unit_head__isnull=True))
                | (Q(lead_official__isnull=True, lead_unit_head__isnull=False) & ~Q(lead_unit="")),
                name="task_has_exactly_one_lead",
            ),
            models.CheckConstraint(condition=Q(deadline__gte=models.F("start")), name="task_time_in_order"),
            models.CheckConstraint(condition=Q(percent__lte=100), name="task_percent_at_most_100"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    @property
    def lead_name(self) -> str:
        """The lead as a reader names it: the person, or the unit and its head."""
        if self.lead_official_id:
            return self.lead_official.full_name
        return f"{self.lead_unit} ({self.lead_unit_head.full_name})"

    def facts(self, reported=()) -> task_month.TaskFacts:
        return task_month.TaskFacts(self.start, self.deadline, tuple(reported), self.done_on)


class Milestone(models.Model):
    """Mốc tiến độ of a long task."""

    task = models.ForeignKey(Task, models.CASCADE, related_name="milestones")
    due = models.DateField(_("due (ngày)"))
    description = models.CharField(_("milestone (nội dung mốc)"), max_length=300)

    class Meta:
        ordering = ["task", "due", "pk"]

    def __str__(self):
        return f"{self.due:%d/%m/%Y} {self.description}"


class EventKind(models.TextChoices):
    """What happened to a task (its history: nothing changes without one of these)."""

    CREATED = "created", _("Assigned (giao nhiệm vụ)")
    EDITED = "edited", _("Wording corrected (sửa nội dung)")
    CHANGED = "changed", _("Lead, deadline or result changed by decision (điều chỉnh theo quyết định)")
    HANDBACK_REQUESTED = "handback_requested", _("Handback requested (đề nghị chuyển giao)")
    HANDBACK_ACCEPTED = "handback_accepted", _("Handback accepted (chấp thuận chuyển giao)")
    HANDBACK_REFUSED = "handback_refused", _("Handback refused (không chấp thuận chuyển giao)")
    IMPORTED = "imported", _("Imported from a workbook (nhập từ tệp Excel)")


class TaskEvent(models.Model):
    """One entry of a task's history: who did what, when, deciding at which level, why, before and after."""

    task = models.ForeignKey(Task, models.CASCADE, related_name="events")
    province = models.ForeignKey(Province, models.PROTECT, related_name="+")
    commune = models.ForeignKey(Commune, models.PROTECT, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.CharField(_("decided by (người quyết định)"), max_length=200, blank=True)
    decided_level = models.CharField(max_length=8, choices=Level.choices, blank=True)
    reason = models.TextField(_("reason (lý do)"), blank=True)
    before = models.JSONField(default=dict)  # field → value as a reader reads it (names, dd/mm/yyyy)
    after = models.JSONField(default=dict)
    # The lead the task was taken from, so the task stays on their list with the reason (the old lead sees it).
    previous_lead = models.ForeignKey(Official, models.PROTECT, null=True, blank=True, related_name="+")
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["task", "at", "pk"]
        indexes = [models.Index(fields=["previous_lead", "at"])]

    def __str__(self):
        return f"{self.task_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class HandbackStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the decision (chờ quyết định)")
    ACCEPTED = "accepted", _("Accepted (chấp thuận)")
    REFUSED = "refused", _("Refused (không chấp thuận)")


class Handback(models.Model):
    """A lead's request to hand a task back up or sideways, which only the deciding level decides."""

    task = models.ForeignKey(Task, models.CASCADE, related_name="handbacks")
    province = models.ForeignKey(Province, models.PROTECT, related_name="+")
    commune = models.ForeignKey(Commune, models.PROTECT, null=True, blank=True, related_name="+")
    direction = models.CharField(
        _("direction"),
        max_length=8,
        choices=[(key, label.vi) for key, label in workplan.HANDBACK_DIRECTIONS.items()],
    )
    reason = models.TextField(_("reason (lý do)"))
    requested_by = models.ForeignKey(Official, models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=8, choices=HandbackStatus.choices, default=HandbackStatus.PENDING)
    decided_by = models.CharField(_("decided by (người quyết định)"), max_length=200, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("decision (ý kiến)"), blank=True)
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["task"], condition=Q(status="pending"), name="one_pending_handback_per_task"
            )
        ]

    def __str__(self):
        return f"{self.task_id} {self.direction} {self.status}"


class ProgressReport(models.Model):
    """A lead's report on a task: how far it has come, what was done, and optionally a file as evidence."""

    task = models.ForeignKey(Task, models.CASCADE, related_name="reports")
    province = models.ForeignKey(Province, models.PROTECT, related_name="+")
    commune = models.ForeignKey(Commune, models.PROTECT, null=True, blank=True, related_name="+")
    reported_on = models.DateField(_("reported on (ngày báo cáo)"))
    percent = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    note = models.TextField(_("what was done (kết quả thực hiện)"), blank=True)
    evidence_name = models.CharField(_("evidence file"), max_length=200, blank=True)
    evidence = models.BinaryField(null=True, blank=True, editable=False)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["task", "reported_on", "pk"]
        indexes = [models.Index(fields=["task", "reported_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="report_percent_at_most_100")
        ]

    def __str__(self):
        return f"{self.task_id} {self.reported_on} {self.percent}%"


class ClosingDay(models.Model):
    """The day of the month on which a province closes each month's reports, from a month on."""

    province = models.ForeignKey(Province, models.PROTECT, related_name="+", verbose_name=_("province"))
    day = models.PositiveSmallIntegerField(
        _("closing day (ngày chốt)"), validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    valid_from = models.DateField(_("from the month of (áp dụng từ tháng)"))
    reason = models.CharField(_("basis (căn cứ)"), max_length=300, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["province", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["province", "valid_from"], name="one_closing_day_per_month"),
            models.CheckConstraint(condition=Q(day__gte=1, day__lte=31), name="closing_day_in_month"),
        ]

    def __str__(self):
        return f"{self.province_id} {self.day} from {self.valid_from:%m/%Y}"


class MonthClose(models.Model):
    """A province's month, closed: its reporting period and when and by whom it was closed. Final."""

    province = models.ForeignKey(Province, models.PROTECT, related_name="+", verbose_name=_("province"))
    month = models.DateField(_("month (tháng)"))  # its first day
    first_day = models.DateField(_("reports from"))
    last_day = models.DateField(_("closing day"))
    closed_at = models.DateTimeField(auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["province", "-month"]
        constraints = [models.UniqueConstraint(fields=["province", "month"], name="one_close_per_month")]

    def __str__(self):
        return f"{self.province_id} {self.month:%m/%Y}"


class Outcome(models.TextChoices):
    ON_TIME = task_month.ON_TIME, _("Done on time (hoàn thành đúng hạn)")
    LATE = task_month.LATE, _("Done late (hoàn thành trễ hạn)")
    NOT_DONE = task_month.NOT_DONE, _("Not done (không hoàn thành)")
    ON_TRACK = task_month.ON_TRACK, _("On track (đang thực hiện)")


class TaskMonthResult(models.Model):
    """How one task counted in a closed month, for its lead and its unit, frozen at the close."""

    close = models.ForeignKey(MonthClose, models.CASCADE, related_name="results")
    task = models.ForeignKey(Task, models.CASCADE, related_name="month_results")
    # Copies of the task's own columns at the close, read through the composite indexes below: no constraint or
    # index of their own, which would cost a national close (664,200 rows) twice its time on PostgreSQL.
    province = models.ForeignKey(
        Province, models.PROTECT, related_name="+", db_constraint=False, db_index=False
    )
    commune = models.ForeignKey(
        Commune, models.PROTECT, null=True, blank=True, related_name="+", db_constraint=False, db_index=False
    )
    plan = models.ForeignKey(WorkPlan, models.CASCADE, related_name="+", db_constraint=False, db_index=False)
    person = models.ForeignKey(
        Official, models.PROTECT, related_name="+", db_constraint=False, db_index=False
    )
    month = models.DateField()
    outcome = models.CharField(max_length=8, choices=Outcome.choices)
    percent = models.PositiveSmallIntegerField()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["close", "task"]
        indexes = [
            models.Index(fields=["province", "month", "commune"]),
            models.Index(fields=["person", "month"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["close", "task"], name="one_result_per_task_and_close")
        ]

    def __str__(self):
        return f"{self.task_id} {self.month:%m/%Y} {self.outcome}"


class CentreSource(models.TextChoices):
    ENTERED = "entered", _("Entered on the page (nhập trên trang)")
    IMPORTED = "imported", _("Imported from a workbook (nhập từ tệp Excel)")


class ServiceCentreMonth(models.Model):
    """Trung tâm phục vụ hành chính công: a commune centre's figures for a month."""

    commune = models.ForeignKey(Commune, models.PROTECT, related_name="+", verbose_name=_("commune"))
    province = models.ForeignKey(Province, models.PROTECT, related_name="+", editable=False)
    month = models.DateField(_("month (tháng)"))  # its first day
    received = models.PositiveIntegerField(_("dossiers received (hồ sơ tiếp nhận)"))
    settled_on_time = models.PositiveIntegerField(_("settled on time (giải quyết đúng hạn)"))
    settled_late = models.PositiveIntegerField(_("settled late (giải quyết quá hạn)"))
    returned = models.PositiveIntegerField(_("returned (trả lại, yêu cầu bổ sung)"))
    satisfaction = models.DecimalField(
        _("citizen satisfaction (% hài lòng)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    source = models.CharField(max_length=8, choices=CentreSource.choices, default=CentreSource.ENTERED)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    objects = RestrictedQuerySet.as_manager()
    history = RegistryHistory(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("service centre month (số liệu trung tâm phục vụ hành chính công)")
        verbose_name_plural = _("service centre months (số liệu trung tâm phục vụ hành chính công)")
        ordering = ["commune", "-month"]
        indexes = [models.Index(fields=["province", "month"])]
        constraints = [
            models.UniqueConstraint(fields=["commune", "month"], name="one_centre_figure_per_month"),
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True) | Q(satisfaction__gte=0, satisfaction__lte=100),
                name="centre_satisfaction_is_a_percentage",
            ),
        ]

    def __str__(self):
        return f"{self.commune_id} {self.month:%m/%Y}"
