"""The work plans' API as JSON: what a plan, a task, its history, its reports and a handback read like, and what a
script sends to create or change them. Every person is named by name and citizen ID (số định danh cá nhân), never
by a registry id; every label comes in both languages (`*_vi`, `*_en`) next to its key.

The input serializers check shapes and sizes only; the rules (the six clears, the two nos) are the services'."""

from __future__ import annotations

import math

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cadre.core.rules import task_month
from cadre.core.rules.workplan import HANDBACK_DIRECTIONS, LEVEL_LABELS
from cadre.people.api import UnitSerializer

from .filtersets import ID_MAX
from .models import Handback, Level, ProgressReport, ResultKind, SourceKind, Task, TaskEvent, WorkPlan
from .services import EVIDENCE_MAX_BYTES

CITIZEN_ID = {
    "max_length": 12,
    "help_text": "A citizen ID (số định danh cá nhân, 12 digits) from the registry.",
}
OPTIONAL = {"required": False, "allow_blank": True, "default": ""}
MAX_COWORKERS = 50
MAX_MILESTONES = 50
# Base64 spends 4 characters on every 3 bytes: the longest text that can decode to an evidence file allowed.
EVIDENCE_MAX_CHARS = 4 * math.ceil(EVIDENCE_MAX_BYTES / 3)


class PersonSerializer(serializers.Serializer):
    citizen_id = serializers.CharField()
    full_name = serializers.CharField()


class RefusalSerializer(serializers.Serializer):
    """A request refused: the reason in the caller's language and in both, and the input at fault."""

    field = serializers.CharField(allow_null=True, help_text="The input at fault, when there is one.")
    detail = serializers.CharField(help_text="The reason, in the language of the request.")
    detail_vi = serializers.CharField()
    detail_en = serializers.CharField()
    code = serializers.CharField(
        help_text="invalid (the input's shape), refused (a rule), too_large or conflict."
    )


# ---- Work plans --------------------------------------------------------------------------------------------------


class WorkPlanSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:workplan-detail")
    province = UnitSerializer(read_only=True)
    commune = UnitSerializer(read_only=True, allow_null=True)
    unit_name = serializers.CharField(read_only=True, help_text="The commune's name, or the province body.")
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    task_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = WorkPlan
        fields = [
            "id",
            "url",
            "province",
            "commune",
            "body",
            "unit_name",
            "title",
            "period_start",
            "period_end",
            "source_kind",
            "source_number",
            "source_date",
            "source_body",
            "source_title",
            "task_count",
            "created_by",
            "created_at",
        ]


class WorkPlanInputSerializer(serializers.Serializer):
    """A new plan: a commune's (`commune`) or a province body's (`province` and `body`)."""

    commune = serializers.CharField(
        max_length=8, required=False, allow_blank=True, help_text="The commune's code, for a commune's plan."
    )
    province = serializers.CharField(
        max_length=8, required=False, allow_blank=True, help_text="The province's code, for a body's plan."
    )
    body = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    title = serializers.CharField(max_length=300)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    source_kind = serializers.ChoiceField(choices=SourceKind.choices)
    source_number = serializers.CharField(max_length=100)
    source_date = serializers.DateField()
    source_body = serializers.CharField(max_length=200)
    source_title = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


# ---- Tasks ---------------------------------------------------------------------------------------------------------


class MilestoneSerializer(serializers.Serializer):
    due = serializers.DateField()
    description = serializers.CharField(max_length=300)


class LeadSerializer(serializers.Serializer):
    """Whoever answers for the task: the lead person, or the lead unit's head."""

    name = serializers.CharField(
        help_text="The lead as a reader names it: the person, or the unit (its head)."
    )
    citizen_id = serializers.CharField(source="person.citizen_id")
    full_name = serializers.CharField(source="person.full_name")


def _label(labels: dict, key: str, language: str) -> str:
    text = labels.get(key)
    return getattr(text, language) if text else ""


class TaskSerializer(serializers.ModelSerializer):
    """A task and its six clears (sáu rõ), with how it stands today and how far it has come."""

    url = serializers.HyperlinkedIdentityField(view_name="api:task-detail")
    province = UnitSerializer(read_only=True)
    commune = UnitSerializer(read_only=True, allow_null=True)
    unit_name = serializers.CharField(source="plan.unit_name", read_only=True)
    plan_title = serializers.CharField(source="plan.title", read_only=True)
    lead = serializers.SerializerMethodField(help_text="rõ người: who answers for the task.")
    lead_official = PersonSerializer(read_only=True, allow_null=True, help_text="The lead, when a person.")
    lead_unit_head = PersonSerializer(read_only=True, allow_null=True, help_text="The lead unit's head.")
    coworkers = PersonSerializer(many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    authority_level_vi = serializers.SerializerMethodField()
    authority_level_en = serializers.SerializerMethodField()
    status = serializers.CharField(read_only=True, help_text="How the task stands today.")
    status_vi = serializers.SerializerMethodField()
    status_en = serializers.SerializerMethodField()
    percent = serializers.IntegerField(read_only=True, help_text="Progress (%) at the last report.")

    class Meta:
        model = Task
        fields = [
            "id",
            "url",
            "plan",
            "plan_title",
            "province",
            "commune",
            "unit_name",
            "number",
            # rõ người
            "lead",
            "lead_official",
            "lead_unit",
            "lead_unit_head",
            "coworkers",
            "coworker_units",
            # rõ việc
            "title",
            # rõ kết quả
            "result_kind",
            "expected_result",
            "completion_criterion",
            # rõ thời gian
            "start",
            "deadline",
            "milestones",
            # rõ trách nhiệm
            "accountable",
            "report_to",
            # rõ thẩm quyền
            "authority_level",
            "authority_level_vi",
            "authority_level_en",
            "authority_body",
            # today
            "status",
            "status_vi",
            "status_en",
            "percent",
            "last_reported_on",
            "done_on",
        ]

    @extend_schema_field(LeadSerializer)
    def get_lead(self, task: Task) -> dict:
        return LeadSerializer({"name": task.lead_name, "person": task.lead_person}).data

    def get_authority_level_vi(self, task: Task) -> str:
        return _label(LEVEL_LABELS, task.authority_level, "vi")

    def get_authority_level_en(self, task: Task) -> str:
        return _label(LEVEL_LABELS, task.authority_level, "en")

    def get_status_vi(self, task: Task) -> str:
        return _label(task_month.STATUS_LABELS, task.status, "vi")

    def get_status_en(self, task: Task) -> str:
        return _label(task_month.STATUS_LABELS, task.status, "en")


class LeadInputSerializer(serializers.Serializer):
    """Exactly one lead: a person (`lead_official`), or a unit (`lead_unit`) with its head (`lead_unit_head`)."""

    lead_official = serializers.CharField(required=False, allow_blank=True, **CITIZEN_ID)
    lead_unit = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    lead_unit_head = serializers.CharField(required=False, allow_blank=True, **CITIZEN_ID)


class TaskInputSerializer(LeadInputSerializer):
    """A new task of a plan, making the six things clear. People are named by their citizen ID. The six clears
    are required by the rules, not by this shape: a task that leaves any out is refused with every missing one
    named, in the words of the six clears."""

    plan = serializers.IntegerField(min_value=1, max_value=ID_MAX, help_text="The work plan's id.")
    coworkers = serializers.ListField(
        child=serializers.CharField(**CITIZEN_ID), required=False, default=list, max_length=MAX_COWORKERS
    )
    coworker_units = serializers.CharField(max_length=300, **OPTIONAL)
    title = serializers.CharField(max_length=500, help_text="rõ việc: what is to be done.", **OPTIONAL)
    result_kind = serializers.ChoiceField(choices=ResultKind.choices, default=ResultKind.DOCUMENT)
    expected_result = serializers.CharField(
        max_length=500, help_text="rõ kết quả: the expected output.", **OPTIONAL
    )
    completion_criterion = serializers.CharField(
        max_length=500, help_text="rõ kết quả: how completion is judged.", **OPTIONAL
    )
    start = serializers.DateField(required=False, allow_null=True, default=None, help_text="rõ thời gian")
    deadline = serializers.DateField(required=False, allow_null=True, default=None, help_text="rõ thời gian")
    milestones = MilestoneSerializer(many=True, required=False, default=list, max_length=MAX_MILESTONES)
    accountable = serializers.CharField(
        max_length=200, help_text="rõ trách nhiệm: who answers if it is late.", **OPTIONAL
    )
    report_to = serializers.CharField(
        max_length=200, help_text="rõ trách nhiệm: to whom it is reported.", **OPTIONAL
    )
    authority_level = serializers.ChoiceField(
        choices=Level.choices, help_text="rõ thẩm quyền: the level that decides on it.", **OPTIONAL
    )
    authority_body = serializers.CharField(
        max_length=200, help_text="rõ thẩm quyền: who decides at that level.", **OPTIONAL
    )


class ChangeInputSerializer(LeadInputSerializer):
    """A decision changing the task's lead, deadline or expected result (any of them), with its reason and the
    person who decided. Leave out what does not change."""

    reason = serializers.CharField(max_length=2000, allow_blank=True)
    decided_by = serializers.CharField(max_length=200, allow_blank=True, help_text="The deciding person.")
    deadline = serializers.DateField(required=False)
    expected_result = serializers.CharField(max_length=500, required=False)


# ---- History, reports, handbacks ---------------------------------------------------------------------------------


def _user_name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


class TaskEventSerializer(serializers.ModelSerializer):
    """One entry of the task's history, in words: what happened, who recorded it, who decided, why, and the
    values before and after (names and dates as a reader reads them)."""

    kind_label = serializers.CharField(source="get_kind_display", help_text="What happened, in words.")
    user = serializers.SerializerMethodField(help_text="Who recorded it.")
    decided_level = serializers.CharField(help_text="commune or province; empty when nobody decided.")
    decided_level_vi = serializers.SerializerMethodField()
    decided_level_en = serializers.SerializerMethodField()
    before = serializers.DictField(child=serializers.CharField())
    after = serializers.DictField(child=serializers.CharField())
    previous_lead = PersonSerializer(
        read_only=True, allow_null=True, help_text="The lead the task was taken from."
    )

    class Meta:
        model = TaskEvent
        fields = [
            "id",
            "task",
            "at",
            "kind",
            "kind_label",
            "user",
            "decided_by",
            "decided_level",
            "decided_level_vi",
            "decided_level_en",
            "reason",
            "before",
            "after",
            "previous_lead",
        ]

    def get_user(self, event: TaskEvent) -> str:
        return _user_name(event.user)

    def get_decided_level_vi(self, event: TaskEvent) -> str:
        return _label(LEVEL_LABELS, event.decided_level, "vi")

    def get_decided_level_en(self, event: TaskEvent) -> str:
        return _label(LEVEL_LABELS, event.decided_level, "en")


class ProgressReportSerializer(serializers.ModelSerializer):
    reported_by = serializers.SerializerMethodField()
    has_evidence = serializers.SerializerMethodField()

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "task",
            "reported_on",
            "percent",
            "note",
            "evidence_name",
            "has_evidence",
            "reported_by",
        ]

    def get_reported_by(self, report: ProgressReport) -> str:
        return _user_name(report.reported_by)

    def get_has_evidence(self, report: ProgressReport) -> bool:
        return bool(report.evidence_name)


class EvidenceSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, help_text="The file's name, e.g. bao-cao.pdf.")
    content_base64 = serializers.CharField(
        max_length=EVIDENCE_MAX_CHARS,
        help_text=f"The file, base64-encoded (at most {EVIDENCE_MAX_BYTES} bytes).",
    )


class ReportInputSerializer(serializers.Serializer):
    percent = serializers.IntegerField(min_value=0, max_value=task_month.FULL, help_text="Progress (%).")
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    reported_on = serializers.DateField(required=False, help_text="Today when left out.")
    evidence = EvidenceSerializer(required=False)


class HandbackSerializer(serializers.ModelSerializer):
    direction_vi = serializers.SerializerMethodField()
    direction_en = serializers.SerializerMethodField()
    requested_by = PersonSerializer(read_only=True)
    status = serializers.CharField(help_text="pending, accepted or refused.")
    status_label = serializers.CharField(source="get_status_display")

    class Meta:
        model = Handback
        fields = [
            "id",
            "task",
            "direction",
            "direction_vi",
            "direction_en",
            "reason",
            "requested_by",
            "requested_at",
            "status",
            "status_label",
            "decided_by",
            "decided_at",
            "decision_note",
        ]

    def get_direction_vi(self, handback: Handback) -> str:
        return _label(HANDBACK_DIRECTIONS, handback.direction, "vi")

    def get_direction_en(self, handback: Handback) -> str:
        return _label(HANDBACK_DIRECTIONS, handback.direction, "en")


class HandbackInputSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(choices=list(HANDBACK_DIRECTIONS), help_text="up or sideways")
    reason = serializers.CharField(max_length=2000, allow_blank=True)


class DecisionInputSerializer(LeadInputSerializer):
    """The deciding level's answer; accepting names the new lead."""

    accept = serializers.BooleanField()
    decided_by = serializers.CharField(max_length=200, allow_blank=True, help_text="The deciding person.")
    note = serializers.CharField(max_length=2000, allow_blank=True, help_text="Why.")
