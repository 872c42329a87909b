"""The staffing pages: each commune's quota against its staff (surplus or shortage, per job position), and
transfer plans with their moves and workflow."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cadre.accounts.permissions import STAFFING, VIEW, allows, provinces_for, scoped, visible_communes
from cadre.core.errors import BilingualError
from cadre.people.changes import change_reason
from cadre.people.models import Official, Position, PositionKind, Track
from cadre.people.tables import position_names
from cadre.workflow.views import available_steps, take_step

from .forms import CommuneStaffingForm, PositionQuotaForm
from .models import CommuneStaffing, PositionQuota, TransferPlan
from .services import commune_table, run_transfers, set_position_quotas, staffing_summary

BALANCES = (
    ("", gettext_lazy("All")),
    ("short", gettext_lazy("Short of staff")),
    ("surplus", gettext_lazy("Surplus")),
    ("even", gettext_lazy("At the quota")),
)


def commune_list(request):
    """Quota, staff and balance of each commune the user may see, with the job positions short or in surplus."""
    visible = visible_communes(request.user).select_related("province")
    provinces = sorted(
        set(visible.values_list("province_id", "province__name").distinct()), key=lambda p: p[1]
    )
    province = request.GET.get("province", "")
    communes = visible.filter(province_id=province) if province else visible
    rows = commune_table(communes, timezone.localdate())
    balance = request.GET.get("balance", "")
    counts = staffing_summary(rows)
    if balance == "short":
        rows = [r for r in rows if r.balance is not None and r.balance < 0]
    elif balance == "surplus":
        rows = [r for r in rows if r.balance is not None and r.balance > 0]
    elif balance == "even":
        rows = [r for r in rows if r.balance == 0]
    names = position_names()
    for row in rows:
        row.short_named = [(names.get(code, code), n) for code, n in row.short_positions]
        row.surplus_named = [(names.get(code, code), n) for code, n in row.surplus_positions]
    context = {
        "title": _("Staffing: quotas, surplus and shortage"),
        "rows": rows,
        "counts": counts,
        "provinces": provinces,
        "filters": {"province": province, "balance": balance},
        "balances": BALANCES,
        "may_plan": allows(request.user, STAFFING),
    }
    return render(request, "staffing/commune_list.html", context)


class TransferForm(forms.Form):
    province = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Province or city"))
    transfer_date = forms.DateField(
        label=gettext_lazy("Transfer date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = provinces_for(user, STAFFING, TransferPlan).order_by("name")
        self.fields["province"].queryset = provinces
        if len(choices := list(provinces[:2])) == 1:
            self.fields["province"].initial, self.fields["province"].empty_label = choices[0], None
        self.fields["transfer_date"].initial = timezone.localdate()


def commune_edit(request, code: str):
    """The commune's population, quota override and job-position quotas: the staffing permission over it."""
    commune = get_object_or_404(
        visible_communes(request.user, STAFFING).select_related("province"), code=code
    )
    staffing = CommuneStaffing.objects.filter(commune=commune).first() or CommuneStaffing(commune=commune)
    codes = Position.objects.filter(kind=PositionKind.JOB, unit_level="commune", track=Track.GOVERNMENT)
    jobs = list(position_names(codes.order_by("order").values_list("code", flat=True)).items())
    current = dict(PositionQuota.objects.filter(commune=commune).values_list("position_id", "quota"))
    form = CommuneStaffingForm(request.POST or None, instance=staffing)
    quotas = PositionQuotaForm(request.POST or None, positions=jobs, initial=current)
    if request.method == "POST" and form.is_valid() and quotas.is_valid():
        with transaction.atomic(), change_reason(form.cleaned_data["why"], user=request.user):
            form.save()
            set_position_quotas(commune, quotas.cleaned_data, form.cleaned_data["why"])
        messages.success(request, _("The staffing of %(name)s was saved.") % {"name": commune.name})
        return redirect(reverse("staffing:commune_list") + f"?province={commune.province_id}")
    return render(
        request,
        "staffing/commune_edit.html",
        {"title": commune.name, "commune": commune, "form": form, "quotas": quotas},
    )


def transfer_list(request):
    plans = scoped(TransferPlan.objects.select_related("province", "created_by"), request.user, VIEW).defer(
        "problem", "plan"
    )
    form = TransferForm(user=request.user) if allows(request.user, STAFFING) else None
    if form is not None and not form.fields["province"].queryset.exists():
        form = None  # a commune-wide grant: transfers are planned for a whole province
    return render(
        request,
        "staffing/transfer_list.html",
        {"title": _("Staff transfer plans"), "plans": plans[:200], "form": form},
    )


@require_POST
def transfer_new(request):
    """Solve a province's transfers (a second or two for a province, so in the request) and open the plan."""
    if not allows(request.user, STAFFING):
        raise PermissionDenied
    form = TransferForm(request.POST, user=request.user)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("staffing:transfer_list")
    try:
        plan = run_transfers(
            form.cleaned_data["province"].code, form.cleaned_data["transfer_date"], request.user
        )
    except BilingualError as error:
        messages.error(request, error.message(request.LANGUAGE_CODE))
        return redirect("staffing:transfer_list")
    return redirect("staffing:transfer_detail", plan.pk)


def _transfer(request, pk: int) -> TransferPlan:
    return get_object_or_404(
        scoped(TransferPlan.objects.select_related("province"), request.user, VIEW), pk=pk
    )


def transfer_detail(request, pk: int):
    plan = _transfer(request, pk)
    moves = plan.plan.get("moves", [])
    people = dict(
        Official.objects.filter(pk__in=[int(m["staff"]) for m in moves]).values_list("pk", "full_name")
    )
    names = position_names({m["position"] for m in moves})
    units = {
        code: name
        for code, name in visible_communes(request.user)
        .filter(province_id=plan.province_id)
        .values_list("code", "name")
    }
    rows = [
        {
            "staff": m["staff"],
            "name": people.get(int(m["staff"]), m["staff"]),
            "position": names.get(m["position"], m["position"]),
            "from": units.get(m["from"], m["from"]),
            "to": units.get(m["to"], m["to"]),
            "km": m.get("cost"),
        }
        for m in moves
    ]
    rows.sort(key=lambda r: (r["position"], r["to"], r["name"]))
    after = plan.plan.get("deficits") or {}
    short_after = sorted(
        ((units.get(u, u), names.get(p, p), d) for u, cells in after.items() for p, d in cells.items()),
        key=lambda r: (-r[2], r[0]),
    )
    context = {
        "title": _("Staff transfer plan #%(id)s") % {"id": plan.pk},
        "plan": plan,
        "rows": rows,
        "summary": plan.plan.get("summary") or {},
        "short_after": short_after,
        "steps": available_steps(plan, request.user),
        "events": plan.events(),
    }
    return render(request, "staffing/transfer_detail.html", context)


@require_POST
def transfer_step(request, pk: int, step: str):
    plan = _transfer(request, pk)
    return take_step(request, plan, step, reverse("staffing:transfer_detail", args=[plan.pk]))
