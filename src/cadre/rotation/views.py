"""The plan pages: the list, a new run (in the background, with progress), one plan's review with its workflow,
two plans side by side, and the downloads. Each view parses input, calls one service and renders."""

from __future__ import annotations

import re

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cadre.accounts.decorators import action_required
from cadre.accounts.permissions import EXPORT, PLAN, VIEW, allows
from cadre.core.errors import BilingualError
from cadre.web.views import ObjectListView
from cadre.workflow.states import State
from cadre.workflow.views import available_steps, may, refuse_altered, take_step

from . import review
from .filtersets import PlanRunFilterSet
from .forms import LockForm, PlanRequestForm
from .models import JobState, PlanJob, PlanRun
from .post_types import SECRETARY_POST, type_of
from .report import weight_rows
from .support import plan_support
from .tables import PlanRunTable
from .targets import planned_types, target_rows
from .tasks import recover_interrupted, request_plan, request_relock

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PLAN_ID = re.compile(r"[0-9]{1,12}")


class PlanListView(ObjectListView):
    queryset = PlanRun.objects.select_related("province", "created_by").defer("problem", "plan")
    filterset_class = PlanRunFilterSet
    table_class = PlanRunTable
    template_name = "rotation/plan_list.html"
    title = gettext_lazy("Rotation plans")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Rotation plans")
        context["may_plan"] = allows(self.request.user, PLAN)
        jobs = PlanJob.objects.select_related("province").restrict(self.request.user, VIEW)
        context["jobs"] = jobs.exclude(state=JobState.DONE)[:10]
        return context


def _plan(request, pk: int, action: str = VIEW) -> PlanRun:
    """The plan, if the user may take `action` on it; 404 otherwise (a plan out of scope does not exist)."""
    return get_object_or_404(
        PlanRun.objects.select_related("province", "created_by").restrict(request.user, action), pk=pk
    )


@action_required(PLAN)
def plan_new(request):
    form = PlanRequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            job = request_plan(
                request.user,
                form.cleaned_data["province"].code,
                target=form.target(),
                on=form.cleaned_data["rotation_date"],
                district_floors=form.cleaned_data["district_floors"],
                weights=form.weights(),
                post_types=form.chosen_post_types(),
                chair_target=form.chair_target(),
            )
        except BilingualError as error:
            form.add_error(None, error.message(request.LANGUAGE_CODE))
        else:
            return redirect("rotation:job_detail", job.pk)
    return render(request, "rotation/plan_new.html", {"form": form, "title": _("New rotation plan")})


def job_detail(request, pk: int):
    """The run's progress. The page polls the status part; when the plan is stored, htmx goes to it."""
    recover_interrupted()  # a run whose worker fell silent long ago is shown failed, not running forever
    job = get_object_or_404(
        PlanJob.objects.select_related("province", "run").restrict(request.user, VIEW), pk=pk
    )
    context = {"job": job, "title": _("Plan run #%(id)s") % {"id": job.pk}, "stages": _stages(job)}
    if getattr(request, "htmx", False):
        if job.state == JobState.DONE and job.run_id:
            if job.run.created_at < job.created_at:  # the same inputs gave back the plan they gave before
                messages.info(
                    request,
                    _("The same inputs were solved before: this is that plan (plan #%(id)s, made on %(at)s).")
                    % {
                        "id": job.run_id,
                        "at": timezone.localtime(job.run.created_at).strftime("%d/%m/%Y %H:%M"),
                    },
                )
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse("rotation:plan_detail", args=[job.run_id])
            return response
        return render(request, "rotation/_job_status.html", context)
    return render(request, "rotation/job_detail.html", context)


STAGE_LABELS = {
    "compile": gettext_lazy("Reading the registry and applying the rules"),
    "solve": gettext_lazy("Solving"),
    "explain": gettext_lazy("Explaining each move"),
    "store": gettext_lazy("Storing the plan"),
}


def _stages(job: PlanJob) -> list[tuple[str, str]]:
    """Each stage with "done", "now" or "" (not reached)."""
    from .services import STAGES

    order = list(STAGES)
    reached = order.index(job.stage) if job.stage in order else -1
    finished = job.state == JobState.DONE
    return [
        (
            str(STAGE_LABELS[stage]),
            "done"
            if finished or i < reached
            else ("now" if i == reached and job.state == JobState.RUNNING else ""),
        )
        for i, stage in enumerate(order)
    ]


def plan_detail(request, pk: int):
    run = _plan(request, pk)
    title = _("Rotation plan #%(id)s") % {"id": run.pk}
    if refused := refuse_altered(request, run, title):
        return refused
    q, kind, non_local = (
        request.GET.get("q", ""),
        request.GET.get("kind", "changes"),
        request.GET.get("non_local", ""),
    )
    rows = review.plan_rows(run, q=q, kind=kind, non_local=non_local)
    may_plan = may(request.user, run, PLAN)
    steps = available_steps(run, request.user) if run.archived_at is None else []
    context = {
        "run": run,
        "title": title,
        "rows": rows,
        "filters": {"q": q, "kind": kind, "non_local": non_local},
        "kinds": [
            ("changes", _("Changes")),
            ("moves", _("Rotations")),
            ("new", _("New appointments")),
            ("stays", _("Stays")),
            ("all", _("All posts")),
        ],
        "figures": _named_groups(review.figures(run)),
        "targets": target_rows(run),
        "several_types": planned_types(run) != (SECRETARY_POST,),
        "diagnosis": run.plan.get("diagnosis") or {},
        "solved": run.has_solution,
        "steps": steps,
        "may_lock": may_plan and run.has_solution and run.archived_at is None,
        "may_archive": may_plan and run.archivable,
        "documents": run.state in (State.APPROVED, State.DECIDED),
        "events": run.events(),
        "corrections": run.corrections.restrict(request.user, VIEW),
        "based_on": run.params.get("based_on"),
        "not_moved": (run.plan.get("explanation") or {}).get("not_moved", []),
        "excluded": run.plan.get("excluded", []),
        "kept_out": review.kept_out_groups(run.plan.get("excluded", [])),
        "locks": review.describe_locks(run),
        "people": run.plan.get("people", {}),
        "support": plan_support(run) if run.has_solution else None,
        "weights": weight_rows(run),
    }
    return render(request, "rotation/plan_detail.html", context)


def _named_groups(figures: dict) -> dict:
    """Each floor's group by its name (the province, or a former district), not its code."""
    names = review.group_names((group["group"] for group in figures["groups"]), titled=False)
    for group in figures["groups"]:
        group["name"] = names[group["group"]]
        group["post_type"] = type_of(group["group"])
    return figures


@require_POST
def plan_step(request, pk: int, step: str):
    """One workflow step. The service checks the permission, the reason and the state; its refusal is shown."""
    run = _plan(request, pk)
    if run.archived_at is not None:
        messages.error(request, _("This plan is archived: it goes no further."))
        return redirect("rotation:plan_detail", run.pk)
    return take_step(request, run, step, reverse("rotation:plan_detail", args=[run.pk]))


@require_POST
@action_required(PLAN)
def plan_archive(request, pk: int):
    """Archive a draft nobody will use (hidden from the list, never deleted)."""
    from .services import archive_plan

    run = _plan(request, pk)
    try:
        archive_plan(run, user=request.user, reason=request.POST.get("reason", "")[:1000])
    except BilingualError as error:
        messages.error(request, error.message(request.LANGUAGE_CODE))
    else:
        messages.success(request, _("Plan #%(id)s was archived.") % {"id": run.pk})
    return redirect("rotation:plan_detail", run.pk)


@require_POST
@action_required(PLAN)
def plan_lock(request, pk: int):
    """Keep one move (`must`) or forbid it (`must_not`), with the reason the user gives, and solve again with the
    same parameters: the result is a new plan, which names this one (and corrects it, when this one was already
    approved), and keeps the lock and its reason in its parameters."""
    run = _plan(request, pk, PLAN)
    if run.archived_at is not None:  # as for the workflow's steps: an archived plan is not solved again
        messages.error(request, _("This plan is archived: it goes no further."))
        return redirect("rotation:plan_detail", run.pk)
    form = LockForm(request.POST)
    if not run.has_solution or any(f in form.errors for f in ("candidate", "post", "kind")):
        messages.error(request, _("That move cannot be locked."))
        return redirect("rotation:plan_detail", run.pk)
    if not form.is_valid():  # only the reason is wrong: missing or too long
        messages.error(
            request,
            _(
                "Say why this move is kept or forbidden (at most %(n)s characters): the reason goes into the "
                "plan's record."
            )
            % {"n": 500},
        )
        return redirect("rotation:plan_detail", run.pk)
    lock = {k: form.cleaned_data[k] for k in ("candidate", "post", "kind", "reason")}
    if not review.is_pair(run, lock["candidate"], lock["post"]):
        messages.error(request, _("That person may not hold that post in this plan, so it cannot be locked."))
        return redirect("rotation:plan_detail", run.pk)
    try:
        job = request_relock(request.user, run, lock)
    except BilingualError as error:
        messages.error(request, error.message(request.LANGUAGE_CODE))
        return redirect("rotation:plan_detail", run.pk)
    return redirect("rotation:job_detail", job.pk)


def plan_compare(request):
    """Two plans side by side (?run=A&run=B, as the list's tick boxes send them)."""
    ids = request.GET.getlist("run")
    if len(ids) != 2 or not all(PLAN_ID.fullmatch(i) for i in ids) or ids[0] == ids[1]:
        messages.error(request, _("Tick exactly two plans to compare."))
        return redirect("rotation:plan_list")
    a, b = (_plan(request, int(i)) for i in ids)
    for run in (a, b):
        if refused := refuse_altered(request, run, _("Rotation plan #%(id)s") % {"id": run.pk}):
            return refused
    if a.province_id != b.province_id:
        messages.error(request, _("Only two plans of the same province can be compared."))
        return redirect("rotation:plan_list")
    context = {
        "a": a,
        "b": b,
        "title": _("Plan #%(a)s and plan #%(b)s") % {"a": a.pk, "b": b.pk},
        "comparison": review.compare(a, b),
    }
    return render(request, "rotation/plan_compare.html", context)


def plan_download(request, pk: int, kind: str):
    """The moves as XLSX (any solved plan), or the Tờ trình / Quyết định as DOCX (approved or decided)."""
    run = _plan(request, pk, EXPORT)
    if kind == "xlsx" and not run.has_solution:
        raise Http404
    if kind in ("xlsx", "proposal", "decision") and (
        refused := refuse_altered(request, run, _("Rotation plan #%(id)s") % {"id": run.pk})
    ):
        return refused
    if kind == "xlsx":
        from .report import workbook_bytes

        return _attachment(workbook_bytes(run), f"phuong-an-{run.pk}.xlsx", XLSX)
    if kind not in ("proposal", "decision"):
        raise Http404
    from .documents import decision_docx, proposal_docx

    try:
        content = proposal_docx(run) if kind == "proposal" else decision_docx(run)
    except BilingualError as error:
        messages.error(request, error.message(request.LANGUAGE_CODE))
        return redirect("rotation:plan_detail", run.pk)
    name = "to-trinh" if kind == "proposal" else "quyet-dinh"
    return _attachment(content, f"{name}-phuong-an-{run.pk}.docx", DOCX)


def _attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
