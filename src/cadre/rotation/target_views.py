"""The target pages: each province's non-local targets in force (its own, or the national reference where it set
none), their dated rows and history; the province's Board sets its own targets, the Ministry reads them all.

Who sees a province's targets is `ProvinceTarget`'s scope (a province-wide or national grant); who sets them, the
PLAN action over the province. A province outside the reader's scope is not found (404); a reader who may see it
but not set it is refused the change (403).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.accounts.decorators import action_required
from cadre.accounts.permissions import PLAN, VIEW, provinces_for
from cadre.core.policy import PolicyError

from .forms import TargetForm
from .models import PostType, ProvinceTarget
from .review import percent
from .targets import TargetError, set_target, target_history, target_in_force, targets_for


@action_required(VIEW)
def target_list(request):
    """The targets in force today in every province the user may see, one column per post type."""
    provinces = list(provinces_for(request.user, VIEW, ProvinceTarget).order_by("name"))
    editable = set(provinces_for(request.user, PLAN, ProvinceTarget).values_list("code", flat=True))
    today = timezone.localdate()
    codes = [p.code for p in provinces]
    by_post = {post: targets_for(codes, today, post) for post in PostType}
    rows = [
        {
            "province": province,
            "targets": [by_post[post].get(province.code) for post in PostType],
            "editable": province.code in editable,
        }
        for province in provinces
    ]
    return render(
        request,
        "rotation/target_list.html",
        {"title": _("Non-local targets"), "rows": rows, "posts": [p.label for p in PostType], "today": today},
    )


@action_required(VIEW)
def target_detail(request, code: str):
    """One province's targets: in force today, every dated row, the history of changes, and the form that sets
    one (for those who may plan in the province)."""
    province = get_object_or_404(provinces_for(request.user, VIEW, ProvinceTarget), code=code)
    may_edit = provinces_for(request.user, PLAN, ProvinceTarget).filter(code=province.code).exists()
    form = None
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        form = TargetForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                set_target(
                    province,
                    data["post_type"],
                    form.share(),
                    data["valid_from"],
                    valid_until=data["valid_until"],
                    document=data["document"],
                    reason=data["reason"],
                    user=request.user,
                )
            except TargetError as error:
                form.add_error(None, str(error.text))
            else:
                messages.success(request, _("The target of %(name)s was saved.") % {"name": province.name})
                return redirect(reverse("rotation:target_detail", args=[province.code]))
    elif may_edit:
        form = TargetForm(initial={"valid_from": timezone.localdate()})
    today = timezone.localdate()
    in_force = []
    for post in PostType:
        try:
            in_force.append((post.label, target_in_force(province.code, post, today)))
        except PolicyError:
            in_force.append((post.label, None))
    rows = list(
        ProvinceTarget.objects.restrict(request.user, VIEW)
        .filter(province=province)
        .select_related("set_by")
        .order_by("post_type", "-valid_from")
    )
    for row in rows:
        row.share_text = percent(row.share)
    return render(
        request,
        "rotation/target_detail.html",
        {
            "title": _("Non-local targets: %(name)s") % {"name": province.name},
            "province": province,
            "in_force": in_force,
            "rows": rows,
            "history": target_history(province.code),
            "form": form,
            "today": today,
        },
    )
