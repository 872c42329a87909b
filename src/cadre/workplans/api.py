"""REST endpoints over the work plans: the province's document-management system creates plans and tasks from
directives, leads report progress, and every change goes through the same services as the pages (the six clears,
the two nos), so the API can do nothing the pages may not.

A task's lead, deadline and expected result are never edited in place: `POST /api/tasks/{id}/change/` records a
decision (reason, deciding person), and a lead hands a task back only by `POST /api/tasks/{id}/handback/`, which
the deciding level answers at `POST /api/handbacks/{id}/decide/`. Rows outside the caller's scope are 404; a role
without the right to assign work is 403; a refusal is 400 with the input at fault and the reason in Vietnamese and
English."""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from cadre.accounts.permissions import VIEW, WORKPLAN, allows
from cadre.geo.models import Commune, Province

from . import services
from .api_requests import (
    BODY_MAX_BYTES,
    REPORT_BODY_MAX_BYTES,
    BoundedJSONParser,
    RefusalsMixin,
    Refused,
    evidence,
    people,
    person,
    valid,
)
from .filtersets import ID_MAX, TaskFilterSet
from .models import Handback, HandbackStatus, ProgressReport, Task, TaskEvent, WorkPlan
from .serializers import (
    ChangeInputSerializer,
    DecisionInputSerializer,
    HandbackInputSerializer,
    HandbackSerializer,
    ProgressReportSerializer,
    RefusalSerializer,
    ReportInputSerializer,
    TaskEventSerializer,
    TaskInputSerializer,
    TaskSerializer,
    WorkPlanInputSerializer,
    WorkPlanSerializer,
)

REFUSED = OpenApiResponse(RefusalSerializer, description="Refused: the input at fault and the reason.")
FORBIDDEN = OpenApiResponse(description="The role may not assign or decide on work here.")
NOT_FOUND = OpenApiResponse(description="No such row within the caller's scope.")
TOO_LARGE = OpenApiResponse(RefusalSerializer, description="The request body is too large.")
WRITE_ERRORS = {400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND, 409: REFUSED, 413: TOO_LARGE}


def _require_workplan_right(user) -> None:
    """A role that may not assign work anywhere is refused outright (403), before anything is read."""
    if not allows(user, WORKPLAN):
        raise PermissionDenied


class WorkplanAPIView(RefusalsMixin):
    parser_classes = [BoundedJSONParser]


class WorkPlanFilterSet(django_filters.FilterSet):
    """Plans by place and period."""

    province = django_filters.CharFilter(field_name="province_id", help_text="The province's code.")
    commune = django_filters.CharFilter(field_name="commune_id", help_text="The commune's code.")
    period_from = django_filters.DateFilter(
        field_name="period_end", lookup_expr="gte", help_text="Plans still running on or after this day."
    )
    period_until = django_filters.DateFilter(
        field_name="period_start", lookup_expr="lte", help_text="Plans begun on or before this day."
    )

    class Meta:
        model = WorkPlan
        fields = []


@extend_schema_view(
    list=extend_schema(summary="Work plans in your scope"),
    retrieve=extend_schema(summary="One work plan", responses={200: WorkPlanSerializer, 404: NOT_FOUND}),
)
class WorkPlanViewSet(
    WorkplanAPIView,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Work plans (kế hoạch công tác) of communes and province bodies, newest period first."""

    serializer_class = WorkPlanSerializer
    filterset_class = WorkPlanFilterSet

    def get_queryset(self):
        return (
            WorkPlan.objects.restrict(self.request.user, VIEW)
            .select_related("province", "commune", "created_by")
            .annotate(task_count=Count("tasks"))
            .order_by("-period_start", "title", "pk")
        )

    @extend_schema(
        summary="Create a work plan",
        request=WorkPlanInputSerializer,
        responses={201: WorkPlanSerializer, **WRITE_ERRORS},
    )
    def create(self, request, *args, **kwargs):
        """A plan of a commune (`commune`) or of a province body (`province` and `body`), from its source."""
        _require_workplan_right(request.user)
        data = dict(valid(WorkPlanInputSerializer, request.data))
        commune_code, province_code = data.pop("commune", ""), data.pop("province", "")
        if commune_code:
            data["commune"] = _unit(Commune, commune_code, "commune")
        elif province_code:
            data["province"] = _unit(Province, province_code, "province")
        else:
            raise Refused(
                "Kế hoạch phải thuộc một xã (mã xã) hoặc một cơ quan cấp tỉnh (mã tỉnh và tên cơ quan).",
                "A plan belongs to a commune (its code) or a province body (the province's code and the body).",
                field="commune",
            )
        plan = services.create_plan(user=request.user, **data)
        return Response(
            self.get_serializer(self.get_queryset().get(pk=plan.pk)).data, status=status.HTTP_201_CREATED
        )


def _unit(model, code: str, field: str):
    unit = model.objects.filter(code=code.strip()).first()
    if unit is None:
        raise Refused(f"Không có đơn vị mã {code}.", f"There is no unit with the code {code}.", field=field)
    return unit


def _lead(user, data: dict) -> services.TaskInput | None:
    """The lead named in a request (a person, or a unit with its head, by citizen ID); None when none is."""
    if not any((data.get(name) or "").strip() for name in ("lead_official", "lead_unit", "lead_unit_head")):
        return None
    return services.TaskInput(
        lead_official=person(user, data.get("lead_official"), "lead_official"),
        lead_unit=data.get("lead_unit", ""),
        lead_unit_head=person(user, data.get("lead_unit_head"), "lead_unit_head"),
    )


@extend_schema_view(
    list=extend_schema(summary="Tasks in your scope, filtered as on the board"),
    retrieve=extend_schema(summary="One task", responses={200: TaskSerializer, 404: NOT_FOUND}),
)
class TaskViewSet(
    WorkplanAPIView,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Tasks (nhiệm vụ), each making six things clear: the person, the task, the result, the time, the
    responsibility and the authority; with how it stands today and its progress."""

    serializer_class = TaskSerializer
    filterset_class = TaskFilterSet

    def body_limit(self) -> int:
        return REPORT_BODY_MAX_BYTES if self.action == "reports" else BODY_MAX_BYTES

    def get_queryset(self):
        return (
            Task.objects.restrict(self.request.user, VIEW)
            .with_status(timezone.localdate())
            .select_related(
                "plan__commune", "province", "commune", "lead_official", "lead_unit_head", "lead_person"
            )
            .prefetch_related("coworkers", "milestones")
            .order_by("plan_id", "number")
        )

    def _task_data(self, pk) -> dict:
        """The task as the list shows it (with its status today), read again after a write."""
        return self.get_serializer(self.get_queryset().get(pk=pk)).data

    def _page(self, rows, serializer_class) -> Response:
        """One page of a task's reports or history, oldest first, paginated like every list."""
        page = self.paginate_queryset(rows.order_by("pk"))
        return self.get_paginated_response(serializer_class(page, many=True).data)

    @extend_schema(
        summary="Create a task",
        request=TaskInputSerializer,
        responses={201: TaskSerializer, **WRITE_ERRORS},
    )
    def create(self, request, *args, **kwargs):
        """A task of a plan. Exactly one lead: a person (`lead_official`, a citizen ID) or a unit (`lead_unit`)
        with its head (`lead_unit_head`); none or two is refused, naming the field `lead`."""
        _require_workplan_right(request.user)
        data = valid(TaskInputSerializer, request.data)
        plan = WorkPlan.objects.restrict(request.user, VIEW).filter(pk=data["plan"]).first()
        if plan is None:
            raise Refused(
                f"Không có kế hoạch số {data['plan']} trong phạm vi của bạn.",
                f"There is no work plan {data['plan']} within your scope.",
                field="plan",
            )
        services.require(request.user, WORKPLAN, plan)
        task = services.create_task(
            plan,
            services.TaskInput(
                title=data["title"],
                lead_official=person(request.user, data.get("lead_official"), "lead_official"),
                lead_unit=data.get("lead_unit", ""),
                lead_unit_head=person(request.user, data.get("lead_unit_head"), "lead_unit_head"),
                coworkers=tuple(people(request.user, data["coworkers"], "coworkers")),
                coworker_units=data["coworker_units"],
                result_kind=data["result_kind"],
                expected_result=data["expected_result"],
                completion_criterion=data["completion_criterion"],
                start=data["start"],
                deadline=data["deadline"],
                milestones=tuple((m["due"], m["description"]) for m in data["milestones"]),
                accountable=data["accountable"],
                report_to=data["report_to"],
                authority_level=data["authority_level"],
                authority_body=data["authority_body"],
            ),
            user=request.user,
        )
        return Response(self._task_data(task.pk), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change the lead, deadline or expected result, by decision",
        request=ChangeInputSerializer,
        responses={201: TaskEventSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def change(self, request, pk=None):
        """Records a decision changing the task's lead, deadline or expected result: the reason and the deciding
        person are required, and only the task's deciding level decides. The entry written to the history is
        returned; the old lead keeps seeing the task, with the reason."""
        task = self.get_object()
        _require_workplan_right(request.user)
        data = valid(ChangeInputSerializer, request.data)
        event = services.change_task(
            task,
            user=request.user,
            reason=data["reason"],
            decided_by=data["decided_by"],
            lead=_lead(request.user, data),
            deadline=data.get("deadline"),
            expected_result=data.get("expected_result"),
        )
        return Response(TaskEventSerializer(_event(event.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"],
        summary="The task's progress reports",
        responses={200: ProgressReportSerializer(many=True), 404: NOT_FOUND},
    )
    @extend_schema(
        methods=["POST"],
        summary="Report progress",
        request=ReportInputSerializer,
        responses={201: ProgressReportSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[])
    def reports(self, request, pk=None):
        """GET: the reports, oldest first. POST: the lead (or someone who assigns work there) reports progress:
        0 to 100%, never below the last report; 100% completes the task. The evidence file is optional."""
        task = self.get_object()
        if request.method == "GET":
            reports = ProgressReport.objects.filter(task=task).select_related("reported_by").defer("evidence")
            return self._page(reports, ProgressReportSerializer)
        data = valid(ReportInputSerializer, request.data)
        report = services.report_progress(
            task,
            user=request.user,
            percent=data["percent"],
            note=data["note"],
            reported_on=data.get("reported_on"),
            evidence=evidence(data.get("evidence")),
        )
        return Response(ProgressReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="The task's history",
        responses={200: TaskEventSerializer(many=True), 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def history(self, request, pk=None):
        """Everything that happened to the task, oldest first, in words."""
        task = self.get_object()
        events = TaskEvent.objects.filter(task=task).select_related("user", "previous_lead")
        return self._page(events, TaskEventSerializer)

    @extend_schema(
        summary="Ask to hand the task back",
        request=HandbackInputSerializer,
        responses={201: HandbackSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def handback(self, request, pk=None):
        """The lead asks to hand the task back up or sideways, with a reason. The task stays theirs until the
        deciding level accepts (`POST /api/handbacks/{id}/decide/`)."""
        task = self.get_object()
        data = valid(HandbackInputSerializer, request.data)
        handback = services.request_handback(
            task, user=request.user, direction=data["direction"], reason=data["reason"]
        )
        return Response(HandbackSerializer(_handback(handback.pk)).data, status=status.HTTP_201_CREATED)


def _event(pk) -> TaskEvent:
    return TaskEvent.objects.select_related("user", "previous_lead").get(pk=pk)


def _handback(pk) -> Handback:
    return Handback.objects.select_related("requested_by").get(pk=pk)


class HandbackFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=HandbackStatus.choices)
    task = django_filters.NumberFilter(field_name="task_id", min_value=1, max_value=ID_MAX, decimal_places=0)

    class Meta:
        model = Handback
        fields = []


@extend_schema_view(
    list=extend_schema(summary="Handback requests in your scope"),
    retrieve=extend_schema(
        summary="One handback request", responses={200: HandbackSerializer, 404: NOT_FOUND}
    ),
)
class HandbackViewSet(WorkplanAPIView, viewsets.ReadOnlyModelViewSet):
    """Requests to hand a task back up or sideways (đề nghị chuyển giao), newest first."""

    serializer_class = HandbackSerializer
    filterset_class = HandbackFilterSet

    def get_queryset(self):
        return (
            Handback.objects.restrict(self.request.user, VIEW)
            .select_related("requested_by", "task")
            .order_by("-requested_at", "pk")
        )

    @extend_schema(
        summary="Accept or refuse a handback",
        request=DecisionInputSerializer,
        responses={200: HandbackSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def decide(self, request, pk=None):
        """The task's deciding level accepts the request (naming the new lead) or refuses it, saying why."""
        handback = self.get_object()
        _require_workplan_right(request.user)
        data = valid(DecisionInputSerializer, request.data)
        services.decide_handback(
            handback,
            user=request.user,
            accept=data["accept"],
            decided_by=data["decided_by"],
            note=data["note"],
            new_lead=_lead(request.user, data),
        )
        return Response(HandbackSerializer(_handback(handback.pk)).data)
