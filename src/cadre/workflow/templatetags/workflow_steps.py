"""The workflow panel's tag: what the user typed into a step's form when the step was refused, so the form
comes back with it (`workflow.views.take_step` keeps it in the session)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def step_draft(context, plan, step: str) -> dict:
    """{"reason", "decision"} the user last typed for `step` on `plan` and the step refused; empty otherwise."""
    request = context.get("request")
    if request is None or not hasattr(request, "session"):
        return {}
    return request.session.get("workflow_drafts", {}).get(plan.subject, {}).get(step, {})
