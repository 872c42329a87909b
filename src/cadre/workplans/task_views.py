"""A task's page, as an official reads it (the six clears, milestones, progress, history, handbacks), and its
forms, each shown only to who may use it and each calling one service: a decided change, a progress report, a
handback request and its decision, a wording correction. A refusal is shown on the form, next to its field."""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cadre.accounts.permissions import VIEW, WORKPLAN
from cadre.core.rules.workplan import HANDBACK_DIRECTIONS, WorkplanError
from cadre.web.middleware import body_limit

from . import services
from .forms import ChangeForm, DecideForm, HandbackForm, ProgressForm, WordingForm, show_refusal
from .models import EventKind, Handback, HandbackStatus, ProgressReport, Task
from .names import people_names
from .views import TASK_ROW

# An upload is refused on its announced length, before Django reads the body (cadre.web.middleware's
# RequestBodyLimitMiddleware, ahead of the CSRF check): the file and the form around it.
UPLOAD_ROOM = services.EVIDENCE_MAX_BYTES + 64 * 1024
FIELD_LABELS = {
    "lead": gettext_lazy("Lead"),
    "deadline": gettext_lazy("Deadline"),
    "expected_result": gettext_lazy("Expected result"),
    "title": gettext_lazy("Task"),
    "completion_criterion": gettext_lazy("How completion is judged"),
    "accountable": gettext_lazy("Answers if late"),
    "report_to": gettext_lazy("Reported to"),
    "coworker_units": gettext_lazy("Co-working units"),
}


def _task(request, pk: int) -> Task:
    """The task, if the user may see it; 404 otherwise (a task out of scope does not exist)."""
    queryset = Task.objects.restrict(request.user, VIEW).with_status(timezone.localdate())
    return get_object_or_404(queryset.select_related(*TASK_ROW, "plan__province"), pk=pk)


def _rights(user, task: Task) -> dict[str, bool]:
    """Which of the task's forms the user may use: a change, a handback or a wording correction is decided only
    at the task's deciding level (a superior does not decide for the commune, nor the commune for the
    province)."""
    assigns = Task.objects.restrict(user, WORKPLAN).filter(pk=task.pk).exists()
    decides = assigns and services.deciding_level(user, task) == task.authority_level
    return {
        "change": decides,
        "report": services.may_report(user, task) and task.done_on is None,
        "handback": services.is_lead(user, task),
        "decide": decides,
        "wording": decides,
    }


def _history(task: Task) -> list[dict]:
    """Each event of the task's history, in words: what changed from what to what; a handback request says its
    direction (its reason is the event's). Who did it is named as people know them (`names`)."""
    events = list(task.events.select_related("user").order_by("at", "pk"))
    names = people_names(event.user for event in events)
    # Each request made one event and one handback, in the same order.
    requests = iter(task.handbacks.order_by("requested_at", "pk").only("direction"))
    rows = []
    for event in events:
        facts, changes = [], []
        if event.kind == EventKind.HANDBACK_REQUESTED:
            handback = next(requests, None)
            if handback is not None:
                facts.append((_("Direction"), HANDBACK_DIRECTIONS.get(handback.direction, "")))
        else:
            changes = [
                (FIELD_LABELS.get(name, name), event.before.get(name, ""), event.after.get(name, ""))
                for name in dict.fromkeys([*event.before, *event.after])
            ]
        who = names.get(event.user_id, "")
        rows.append({"event": event, "who": who, "facts": facts, "changes": changes})
    return rows


def task_detail(request, pk: int, forms: dict | None = None, status: int = 200):
    task = _task(request, pk)
    rights = _rights(request.user, task)
    forms = forms or {}
    initial_wording = {name: getattr(task, name) for name in services.WORDING}
    reports = list(task.reports.defer("evidence").select_related("reported_by"))
    reporters = people_names(report.reported_by for report in reports)
    for report in reports:
        report.reporter_name = reporters.get(report.reported_by_id, "")
    context = {
        "task": task,
        "title": str(task),
        "rights": rights,
        "status_label": task.status,
        "milestones": task.milestones.all(),
        "reports": reports,
        "history": _history(task),
        "handbacks": task.handbacks.select_related("requested_by"),
        "pending": task.handbacks.filter(status=HandbackStatus.PENDING).first(),
        "coworkers": task.coworkers.order_by("full_name"),
        "directions": HANDBACK_DIRECTIONS,
        "search_url": reverse("workplans:plan-people", args=[task.plan_id]),
        "change_form": forms.get("change") or ChangeForm(plan=task.plan),
        "report_form": forms.get("report") or ProgressForm(),
        "handback_form": forms.get("handback") or HandbackForm(),
        "decide_form": forms.get("decide") or DecideForm(plan=task.plan),
        "wording_form": forms.get("wording") or WordingForm(initial=initial_wording),
    }
    return render(request, "workplans/task_detail.html", context, status=status)


def _refused(request, task: Task, name: str, form, error: WorkplanError | None = None):
    """The task's page again, with `form` showing why it was refused."""
    if error is not None:
        show_refusal(form, error, request.LANGUAGE_CODE, getattr(form, "ALIASES", None))
    return task_detail(request, task.pk, forms={name: form}, status=400)


def _act(request, pk: int, right: str, make_form, act):
    """One of the task page's forms, posted: the user's right on the task, the form, then the service (`act`,
    given the task and the cleaned data, returns the message to show); a refusal shows the page again with the
    form saying why."""
    task = _task(request, pk)
    if not _rights(request.user, task)[right]:
        raise PermissionDenied
    form = make_form(task)
    if not form.is_valid():
        return _refused(request, task, right, form)
    try:
        done = act(task, dict(form.cleaned_data))
    except WorkplanError as error:
        return _refused(request, task, right, form, error)
    messages.add_message(request, *done)
    return redirect("workplans:task", task.pk)


def _lead(data) -> services.TaskInput | None:
    return services.TaskInput(lead_official=data["lead_official"]) if data["lead_official"] else None


@require_POST
def task_change(request, pk: int):
    def act(task, data):
        services.change_task(
            task,
            user=request.user,
            reason=data["reason"],
            decided_by=data["decided_by"],
            lead=_lead(data),
            deadline=data["deadline"],
            expected_result=data["expected_result"] or None,
        )
        return messages.SUCCESS, _("The task was changed by decision; the change is in its history.")

    return _act(request, pk, "change", lambda task: ChangeForm(request.POST, plan=task.plan), act)


@body_limit(UPLOAD_ROOM)
@require_POST
def task_report(request, pk: int):
    def act(task, data):
        upload = data["evidence"]
        services.report_progress(
            task,
            user=request.user,
            percent=data["percent"],
            note=data["note"],
            reported_on=data["reported_on"],
            evidence=(upload.name, upload.read()) if upload else None,
        )
        return messages.SUCCESS, _("The progress report was recorded.")

    return _act(request, pk, "report", lambda task: ProgressForm(request.POST, request.FILES), act)


@require_POST
def task_handback(request, pk: int):
    def act(task, data):
        services.request_handback(task, user=request.user, direction=data["direction"], reason=data["reason"])
        return messages.SUCCESS, _("The handback request was sent to the deciding level.")

    return _act(request, pk, "handback", lambda task: HandbackForm(request.POST), act)


@require_POST
def handback_decide(request, pk: int, handback: int):
    found = {}

    def make_form(task):
        # Another task's request, or one outside the scope, is not found, whatever the form says.
        found["row"] = get_object_or_404(
            Handback.objects.restrict(request.user, VIEW), pk=handback, task=task
        )
        return DecideForm(request.POST, plan=task.plan)

    def act(task, data):
        services.decide_handback(
            found["row"],
            user=request.user,
            accept=data["accept"],
            decided_by=data["decided_by"],
            note=data["note"],
            new_lead=_lead(data),
        )
        return messages.SUCCESS, _("The handback request was decided; the decision is in the task's history.")

    return _act(request, pk, "decide", make_form, act)


@require_POST
def task_wording(request, pk: int):
    def act(task, data):
        reason, decided_by = data.pop("reason"), data.pop("decided_by")
        event = services.edit_task_wording(
            task, user=request.user, reason=reason, decided_by=decided_by, **data
        )
        if event is None:
            return messages.INFO, _("Nothing was changed.")
        return messages.SUCCESS, _("The wording was corrected; the correction is in the task's history.")

    return _act(request, pk, "wording", lambda task: WordingForm(request.POST), act)


UNSAFE = re.compile(r"[^\w.\- ]+")


def safe_file_name(name: str) -> str:
    """A file name fit for a download: the last part of what was uploaded, without separators or controls."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = UNSAFE.sub("_", name).strip(" .")[:120]
    return name or "minh-chung"


def evidence(request, pk: int):
    """A progress report's evidence file, as an attachment (never shown in the browser), if the user may see
    the report."""
    report = get_object_or_404(
        ProgressReport.objects.restrict(request.user, VIEW)
        .exclude(evidence=None)
        .only("evidence", "evidence_name"),
        pk=pk,
    )
    response = HttpResponse(bytes(report.evidence), content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(True, safe_file_name(report.evidence_name))
    response["X-Content-Type-Options"] = "nosniff"
    return response
