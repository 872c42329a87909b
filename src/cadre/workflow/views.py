"""The one workflow step view every kind of plan's pages use: parse the reason, call the service, show the
outcome."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy

from cadre.core.errors import BilingualError

from . import services
from .forms import StepForm
from .integrity import plan_integrity

STEP_CALLS = {"propose": services.propose, "approve": services.approve, "return": services.return_plan}
STEP_DONE = {
    "propose": gettext_lazy("%(plan)s was proposed to the Standing Committee."),
    "approve": gettext_lazy(
        "%(plan)s was approved. Its moves enter the registry when the decision is recorded."
    ),
    "return": gettext_lazy("%(plan)s was returned to those who proposed it."),
    "decide": gettext_lazy(
        "The decision on %(plan)s was recorded; its moves are now postings in the registry."
    ),
}
# The session key under which a refused step's typed reason (and decision number) waits for the form.
DRAFTS = "workflow_drafts"


def take_step(request, run, step: str, back: str):
    """POST of one step on `run` (a plan the user may see); back to the URL `back` with the outcome."""
    if step not in services.STEPS:
        raise Http404
    form = StepForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        _keep_draft(request, run, step)
        return redirect(back)
    reason = form.cleaned_data["reason"]
    try:
        if step == "decide":
            services.decide(run, request.user, reason, form.cleaned_data["decision"])
        else:
            STEP_CALLS[step](run, request.user, reason)
    except BilingualError as error:
        messages.error(request, error.message(request.LANGUAGE_CODE))
        _keep_draft(request, run, step)
    else:
        done = STEP_DONE[step] % {"plan": run.named().in_language(request.LANGUAGE_CODE)}
        messages.success(request, done[:1].upper() + done[1:])
        drafts = request.session.get(DRAFTS, {})
        if drafts.pop(run.subject, None) is not None:
            request.session[DRAFTS] = drafts
    return redirect(back)


def _keep_draft(request, run, step: str) -> None:
    """A refused step loses nothing the user typed: the panel's form shows it again (the `step_draft` tag)."""
    drafts = request.session.get(DRAFTS, {})
    drafts.setdefault(run.subject, {})[step] = {
        "reason": request.POST.get("reason", "")[:2000],
        "decision": request.POST.get("decision", "")[:100],
    }
    # Only the newest few plans' drafts are kept, so the session stays small.
    request.session[DRAFTS] = dict(list(drafts.items())[-10:])


def may(user, run, action: str) -> bool:
    """May `user` take `action` on this plan (its scope)?"""
    return type(run).objects.filter(pk=run.pk).restrict(user, action).exists()


def available_steps(run, user) -> list[str]:
    """The steps `user` may take on `run` now (for the page's buttons; the service checks again). One query per
    permission asked, not per step."""
    if not run.has_solution:
        return []
    allowed: dict[str, bool] = {}
    steps = []
    for step, (sources, _target, _permission) in services.STEPS.items():
        if run.state not in sources:
            continue
        needed = services.step_permission(run, step)
        if needed not in allowed:
            allowed[needed] = may(user, run, needed)
        if allowed[needed]:
            steps.append(step)
    return steps


def refuse_altered(request, plan, title: str):
    """When `plan` no longer matches the decision log, the page that says so (409), in place of the plan's page
    or document; otherwise None."""
    verdict = plan_integrity(plan)
    if verdict.holds:
        return None
    context = {
        "title": title,
        "plan": plan,
        "message": verdict.message_en if request.LANGUAGE_CODE == "en" else verdict.message_vi,
        "events": plan.events(),
    }
    return render(request, "workflow/altered.html", context, status=409)
