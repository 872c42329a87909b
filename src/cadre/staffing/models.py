"""Biên chế: each commune's staffing quota (the dated rule on its population, or an override with its reason),
the quota per job position the province sets, and transfer plans (phương án điều động) that move staff from
surplus to shortage communes through the same workflow as rotation plans."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cadre.accounts.permissions import STAFFING, RestrictedQuerySet
from cadre.geo.models import Commune, Province
from cadre.people.models import Position
from cadre.people.row_history import RegistryHistory
from cadre.workflow.models import WorkflowPlan
from cadre.workflow.rounds import one_approved_per_round

from .record import record_transfers


class CommuneStaffing(models.Model):
    """What the quota rule needs to know about a commune, and the province's override of its result."""

    commune = models.OneToOneField(
        Commune, models.CASCADE, primary_key=True, related_name="staffing", verbose_name=_("commune")
    )
    population = models.PositiveIntegerField(_("population (dân số)"), null=True, blank=True)
    mountain = models.BooleanField(_("mountain or highland (miền núi, vùng cao)"), default=False)
    quota_override = models.PositiveSmallIntegerField(_("quota set by the province"), null=True, blank=True)
    override_reason = models.TextField(_("reason for the override (lý do)"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    objects = RestrictedQuerySet.as_manager()
    history = RegistryHistory(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("commune staffing (biên chế xã)")
        verbose_name_plural = _("commune staffing (biên chế xã)")

    def __str__(self):
        return f"{self.commune_id}: {self.population}"


class PositionQuota(models.Model):
    """How many holders of a job position the province sets for a commune (vị trí việc làm)."""

    commune = models.ForeignKey(
        Commune, models.CASCADE, related_name="position_quotas", verbose_name=_("commune")
    )
    position = models.ForeignKey(
        Position, models.PROTECT, related_name="+", to_field="code", verbose_name=_("job position")
    )
    quota = models.PositiveSmallIntegerField(_("quota (định mức)"))
    reason = models.TextField(_("reason (căn cứ)"), blank=True)
    objects = RestrictedQuerySet.as_manager()
    history = RegistryHistory(no_db_index=["commune", "position"])

    class Meta:
        verbose_name = _("position quota (định mức vị trí việc làm)")
        verbose_name_plural = _("position quotas (định mức vị trí việc làm)")
        constraints = [models.UniqueConstraint(fields=["commune", "position"], name="one_quota_per_position")]

    def __str__(self):
        return f"{self.commune_id} {self.position_id}: {self.quota}"


class TransferStatus(models.TextChoices):
    OPTIMAL = "optimal", _("Optimal, proven (tối ưu)")
    FEASIBLE = "feasible", _("Feasible, not proven optimal (khả thi)")
    UNKNOWN = "unknown", _("No plan within the time limit (chưa có lời giải)")


class TransferPlan(WorkflowPlan):
    """One run of the rebalancing solver for a province: the problem, its hash and the plan."""

    province = models.ForeignKey(
        Province, models.PROTECT, related_name="+", verbose_name=_("province (tỉnh/thành)")
    )
    transfer_date = models.DateField(_("transfer date (ngày điều động)"))
    params = models.JSONField(_("parameters (tham số)"), default=dict)
    problem_sha256 = models.CharField(_("problem SHA-256 (mã băm bài toán)"), max_length=64, db_index=True)
    problem = models.JSONField(_("problem (bài toán)"))
    plan = models.JSONField(_("plan (phương án)"))
    status = models.CharField(_("status (trạng thái)"), max_length=10, choices=TransferStatus.choices)
    total_cost = models.FloatField(_("total cost (tổng chi phí)"), null=True, blank=True)
    solve_seconds = models.FloatField(_("solve time, s (thời gian giải)"))

    objects = RestrictedQuerySet.as_manager()

    log_subject = "transfer-plan"
    name_vi = "Phương án điều động"
    name_en = "staff transfer plan"
    propose_permission = STAFFING
    round_fields = ("province", "transfer_date")

    class Meta(WorkflowPlan.Meta):
        verbose_name = _("transfer plan (phương án điều động)")
        verbose_name_plural = _("transfer plans (phương án điều động)")
        # Each transfer plan balances the whole province's surplus and shortage as of its date: two approved
        # for one date would move the same people twice (docs/decisions.md).
        constraints = one_approved_per_round("transfer_plan", "province", "transfer_date")

    def __str__(self):
        return f"#{self.pk} {self.province_id} {self.transfer_date} ({self.status})"

    def record_decision(self, *, user, reason: str) -> None:
        record_transfers(self, user=user, reason=reason)

    def content_for_hash(self) -> dict:
        """The plan document (its moves, the deficits left), the transfer date, the solver's verdict and the
        decision number; the problem is covered by `problem_sha256`, which the events record too."""
        return {
            "province": self.province_id,
            "transfer_date": self.transfer_date.isoformat(),
            "status": self.status,
            "total_cost": self.total_cost,
            "problem_sha256": self.problem_sha256,
            "plan": self.plan,
            "decision": self.decision,
        }
