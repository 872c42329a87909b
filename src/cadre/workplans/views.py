"""The work plans' pages: the plans, a new plan, a plan with its tasks, a new task, the board (all tasks, or one
commune's) and "My tasks". Each view reads what the user's scope allows, parses input, calls one service and
renders; a task's own page and its forms are `task_views`."""

from __future__ import annotations

from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cadre.accounts.decorators import action_required
from cadre.accounts.permissions import VIEW, WORKPLAN, allows, visible_communes
from cadre.core.rules import task_month
from cadre.core.rules.workplan import WorkplanError
from cadre.web.views import ObjectListView

from . import centre, services
from .filtersets import TaskFilterSet, WorkPlanFilterSet
from .forms import PlanForm, TaskForm, find_people, show_refusal
from .models import Task, TaskEvent, WorkPlan
from .querysets import status_conditions
from .tables import TaskTable, WorkPlanTable

# What a task row shows (its plan and unit, its lead by name) comes with it: no query per row.
TASK_ROW = ("plan", "plan__commune", "commune", "lead_person", "lead_official", "lead_unit_head")


def board_tasks(user, today, action: str = VIEW):
    """The tasks `user` may see, with how each stands on `today`, the worst (overdue) first."""
    return (
        Task.objects.restrict(user, action)
        .with_status(today)
        .select_related(*TASK_ROW)
        .order_by("status_rank", "deadline", "pk")
    )


class PlanListView(ObjectListView):
    queryset = WorkPlan.objects.select_related("commune")
    filterset_class = WorkPlanFilterSet
    table_class = WorkPlanTable
    template_name = "workplans/plan_list.html"
    title = gettext_lazy("Work plans")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_workplan"] = allows(self.request.user, WORKPLAN)
        return context


@action_required(WORKPLAN)
def plan_new(request):
    form = PlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_plan(user=request.user, **form.plan_fields())
        except WorkplanError as error:
            show_refusal(form, error, request.LANGUAGE_CODE)
        else:
            return redirect("workplans:plan", plan.pk)
    return render(request, "workplans/plan_new.html", {"form": form, "title": _("New work plan")})


def _plan(request, pk: int, action: str = VIEW) -> WorkPlan:
    """The plan, if the user may take `action` on it; 404 otherwise (a plan out of scope does not exist)."""
    return get_object_or_404(
        WorkPlan.objects.select_related("commune", "province").restrict(request.user, action), pk=pk
    )


def plan_detail(request, pk: int):
    plan = _plan(request, pk)
    today = timezone.localdate()
    tasks = board_tasks(request.user, today).filter(plan=plan)
    context = {
        "plan": plan,
        "tasks": tasks,
        "title": plan.title,
        "may_add": WorkPlan.objects.restrict(request.user, WORKPLAN).filter(pk=plan.pk).exists(),
        "today": today,
    }
    return render(request, "workplans/plan_detail.html", context)


@action_required(WORKPLAN)
def task_new(request, pk: int):
    plan = _plan(request, pk, WORKPLAN)
    form = TaskForm(request.POST or None, plan=plan, language=request.LANGUAGE_CODE)
    if request.method == "POST" and form.is_valid():
        try:
            task = services.create_task(plan, form.task_input(), user=request.user)
        except WorkplanError as error:
            show_refusal(form, error, request.LANGUAGE_CODE, TaskForm.ALIASES)
        else:
            return redirect("workplans:task", task.pk)
    context = {
        "form": form,
        "plan": plan,
        "title": _("New task"),
        "search_url": reverse("workplans:plan-people", args=[plan.pk]),
    }
    return render(request, "workplans/task_new.html", context)


@action_required(WORKPLAN)
def plan_people(request, pk: int):
    """The `<option>`s of the plan's people whose name holds what was typed: the search box of a lead list too
    long to show whole (a province's bodies)."""
    plan = _plan(request, pk, WORKPLAN)
    people = find_people(plan, request.GET.get("who") or "")
    context = {"people": people, "many": request.GET.get("many") == "1"}
    return render(request, "workplans/_people_options.html", context)


class BoardView(ObjectListView):
    """Every task the user may see, filtered (`TaskFilterSet`, shared with the export and the API), overdue
    first: a page reads in the same few queries whatever the number of tasks."""

    filterset_class = TaskFilterSet
    table_class = TaskTable
    template_name = "workplans/board.html"
    partial_template_name = "workplans/_board_table.html"
    title = gettext_lazy("Task board")

    def get_queryset(self):
        return board_tasks(self.request.user, timezone.localdate())

    def export_query(self):
        """The board's filters as the export reads them (without the table's page and sort)."""
        query = self.request.GET.copy()
        for name in ("page", "sort", "per_page"):
            query.pop(name, None)
        return query

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["export_query"] = self.export_query().urlencode()
        return context


class CommuneBoardView(BoardView):
    """One commune's board (404 for a commune outside the user's scope), with its counts by status."""

    template_name = "workplans/commune_board.html"

    def dispatch(self, request, *args, **kwargs):
        code = str(kwargs["code"])[:10]
        self.commune = visible_communes(request.user, VIEW).filter(code=code).first()
        if self.commune is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().filter(commune=self.commune)

    def export_query(self):
        query = super().export_query()
        query["commune"] = self.commune.code
        return query

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["commune"] = self.commune
        context["title"] = _("Tasks of %(commune)s") % {"commune": self.commune.name}
        today = timezone.localdate()
        context["counts"] = status_counts(self.request.user, self.commune, today)
        context.update(centre.board_context(self.commune, self.request.user, today))
        return context


def status_counts(user, commune, today) -> list[tuple[str, str, int]]:
    """How many of the commune's tasks stand in each status today: (key, label, count), in one query."""
    conditions = status_conditions(today)
    figures = (
        Task.objects.restrict(user, VIEW)
        .filter(commune=commune)
        .aggregate(**{key: Count("pk", filter=condition) for key, condition in conditions.items()})
    )
    return [(key, str(task_month.STATUS_LABELS[key]), figures[key]) for key in task_month.STATUSES]


def my_tasks(request):
    """Tasks the signed-in person leads (overdue first), co-works on, and those taken from them, with why."""
    official = services.user_official(request.user)
    context = {"title": _("My tasks"), "official": official}
    if official is not None:
        today = timezone.localdate()
        context["led"] = board_tasks(request.user, today).filter(lead_person=official)
        context["cowork"] = board_tasks(request.user, today).filter(coworkers=official).distinct()
        context["taken"] = (
            TaskEvent.objects.restrict(request.user, VIEW)
            .filter(previous_lead=official)
            .select_related("task", "task__lead_person", "task__lead_official", "task__lead_unit_head")
            .order_by("-at", "-pk")
        )
    return render(request, "workplans/mine.html", context)
