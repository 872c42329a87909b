"""Phương án luân chuyển: each solved rotation plan, stored with the problem it solved and that problem's hash,
so any plan can be reproduced (`cadre plan solve`) and audited."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cadre.accounts.permissions import PLAN, RestrictedQuerySet
from cadre.geo.models import Province
from cadre.people.row_history import RegistryHistory
from cadre.workflow.models import WorkflowPlan
from cadre.workflow.rounds import one_approved_per_round
from cadre.workflow.states import State

from .record import record_moves


class PlanStatus(models.TextChoices):
    OPTIMAL = "optimal", _("Optimal, proven (tối ưu)")
    FEASIBLE = "feasible", _("Feasible, not proven optimal (khả thi)")
    INFEASIBLE = "infeasible", _("Infeasible (vô nghiệm)")
    UNKNOWN = "unknown", _("No plan within the time limit (chưa có lời giải)")


class PlanRun(WorkflowPlan):
    """One run of the planner for a province: its inputs (target, rotation date, policy values), the problem
    document and its SHA-256, and the plan document with its explanation."""

    province = models.ForeignKey(
        Province, models.PROTECT, related_name="+", verbose_name=_("province (tỉnh/thành)")
    )
    target = models.FloatField(_("non-local secretary target (chỉ tiêu bí thư không là người địa phương)"))
    rotation_date = models.DateField(_("rotation date (ngày luân chuyển)"))
    params = models.JSONField(_("parameters (tham số)"), default=dict)
    problem_sha256 = models.CharField(_("problem SHA-256 (mã băm bài toán)"), max_length=64, db_index=True)
    problem = models.JSONField(_("problem (bài toán)"))
    plan = models.JSONField(_("plan and explanation (phương án và giải trình)"))
    status = models.CharField(_("status (trạng thái)"), max_length=10, choices=PlanStatus.choices)
    objective = models.FloatField(_("total cost (tổng chi phí)"), null=True, blank=True)
    bound = models.FloatField(_("lower bound (cận dưới)"), null=True, blank=True)
    solve_seconds = models.FloatField(_("solve time, s (thời gian giải)"))
    # A draft nobody will use is archived, never deleted: hidden from the lists unless asked for.
    archived_at = models.DateTimeField(_("archived at (lưu trữ lúc)"), null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("archived by (người lưu trữ)"),
    )
    archive_reason = models.TextField(_("why archived (lý do lưu trữ)"), blank=True)

    objects = RestrictedQuerySet.as_manager()

    log_subject = "rotation-plan"
    name_vi = "Phương án luân chuyển"
    name_en = "rotation plan"
    propose_permission = PLAN
    round_fields = ("province", "rotation_date")

    class Meta(WorkflowPlan.Meta):
        verbose_name = _("rotation plan (phương án luân chuyển)")
        verbose_name_plural = _("rotation plans (phương án luân chuyển)")
        indexes = [models.Index(fields=["province", "-created_at"])]
        # A province's plans for one rotation date are alternatives: one is approved (docs/decisions.md).
        constraints = one_approved_per_round("rotation_plan", "province", "rotation_date")

    def __str__(self):
        return f"#{self.pk} {self.province_id} {self.rotation_date} ({self.status})"

    @property
    def archivable(self) -> bool:
        """Only a draft (or a plan returned to its proposers) may be archived: a plan before the Standing
        Committee, approved or decided is part of the record."""
        return self.state in (State.DRAFT, State.RETURNED) and self.archived_at is None

    def record_decision(self, *, user, reason: str) -> None:
        record_moves(self, user=user, reason=reason)

    def content_for_hash(self) -> dict:
        """The plan document (moves, explanations, people, figures), the problem's posts (their names and
        incumbents, which the pages, documents and approval read), the rotation's date and target, the solver's
        verdict and the decision number. The rest of the problem (every eligible pair) is covered by
        `problem_sha256`, which the events record too: re-solving it reproduces the plan."""
        return {
            "province": self.province_id,
            "rotation_date": self.rotation_date.isoformat(),
            "target": self.target,
            "status": self.status,
            "objective": self.objective,
            "bound": self.bound,
            "problem_sha256": self.problem_sha256,
            "posts": self.problem.get("posts", []),
            "plan": self.plan,
            "decision": self.decision,
        }


class JobState(models.TextChoices):
    QUEUED = "queued", _("Waiting (đang chờ)")
    RUNNING = "running", _("Running (đang chạy)")
    DONE = "done", _("Done (xong)")
    FAILED = "failed", _("Failed (lỗi)")


class PlanJob(models.Model):
    """A plan run asked for from the browser: what was asked, how far it has got, and the plan it made (or why
    it failed). The run itself is a background task (`rotation.tasks.run_plan_job`); this row is what the
    progress page reads."""

    province = models.ForeignKey(
        Province, models.PROTECT, related_name="+", verbose_name=_("province (tỉnh/thành)")
    )
    params = models.JSONField(_("parameters (tham số)"), default=dict)
    state = models.CharField(
        _("state (trạng thái)"), max_length=10, choices=JobState.choices, default=JobState.QUEUED
    )
    stage = models.CharField(_("stage (bước)"), max_length=20, blank=True)
    run = models.ForeignKey(
        PlanRun, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("plan (phương án)")
    )
    error_vi = models.TextField(_("error, Vietnamese (lỗi)"), blank=True)
    error_en = models.TextField(_("error, English"), blank=True)
    created_at = models.DateTimeField(_("created at (thời điểm lập)"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at (bắt đầu)"), null=True, blank=True)
    # The worker running the job, and when it last reported: a job whose worker went quiet long ago is dead.
    worker = models.CharField(_("worker (bộ xử lý)"), max_length=100, blank=True)
    heartbeat = models.DateTimeField(_("last reported (báo gần nhất)"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at (kết thúc)"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by (người lập)"),
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan run request (yêu cầu lập phương án)")
        verbose_name_plural = _("plan run requests (yêu cầu lập phương án)")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"job #{self.pk} {self.province_id} ({self.state})"


class PostType(models.TextChoices):
    """The commune posts a province sets a non-local target for (the planner's post types)."""

    SECRETARY = "secretary", _("Commune Party secretary (Bí thư Đảng ủy cấp xã)")
    CHAIR = "chair", _("Commune People's Committee chair (Chủ tịch UBND cấp xã)")


class ProvinceTarget(models.Model):
    """Chỉ tiêu bố trí không là người địa phương: the least share of a commune post type in a province held by
    someone who is not a local person, as the province's Party committee set it in a document, from a date
    (`rotation.targets.target_in_force` reads it; a province with none falls back on the national reference)."""

    province = models.ForeignKey(
        Province, models.PROTECT, related_name="+", verbose_name=_("province (tỉnh/thành)")
    )
    post_type = models.CharField(_("post (chức danh)"), max_length=10, choices=PostType.choices)
    share = models.FloatField(_("least non-local share (tỷ lệ tối thiểu)"))
    valid_from = models.DateField(_("in force from (áp dụng từ ngày)"))
    valid_until = models.DateField(_("in force until (đến ngày)"), null=True, blank=True)
    document = models.CharField(_("document that set it (văn bản)"), max_length=300)
    reason = models.TextField(_("reason (lý do)"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("set by (người nhập)"),
    )
    set_at = models.DateTimeField(_("set at (thời điểm nhập)"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()
    history = RegistryHistory(excluded_fields=["set_at"], no_db_index=["province", "set_by"])

    class Meta:
        verbose_name = _("non-local target (chỉ tiêu không là người địa phương)")
        verbose_name_plural = _("non-local targets (chỉ tiêu không là người địa phương)")
        ordering = ["province", "post_type", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "post_type", "valid_from"], name="one_target_per_post_type_and_day"
            ),
            models.CheckConstraint(condition=Q(share__gte=0, share__lte=1), name="target_share_0_to_1"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="target_until_after_from",
            ),
        ]

    def __str__(self):
        return f"{self.province_id} {self.post_type} {self.share:g} from {self.valid_from}"
