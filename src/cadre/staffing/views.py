"""The staffing pages: each commune's quota against its staff (surplus or shortage, per job position), and
transfer plans with their moves and workflow."""

from __future__ import annotations

from operator import attrgetter, itemgetter

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from cadre.accounts.decorators import action_required
from cadre.accounts.permissions import EXPORT, STAFFING, VIEW, allows, visible_communes
from cadre.core.errors import BilingualError
from cadre.core.job_positions import GROUPS, centre_rule
from cadre.core.policy import PolicyError, national_policy
from cadre.geo.models import LegacyCommuneLink
from cadre.people.models import Position
from cadre.people.tables import position_names
from cadre.web.tables import ListControls
from cadre.workflow.views import available_steps, refuse_altered, take_step

from . import export
from .filtersets import BALANCES, CommuneFilter
from .forms import CommuneStaffingForm, PositionQuotaForm, TransferForm
from .models import CommuneStaffing, PositionQuota, TransferPlan
from .services import (
    centre_gaps,
    commune_table,
    province_rows,
    run_transfers,
    save_commune_staffing,
    staffing_summary,
)
from .tables import name_positions, name_province_positions, transfer_rows
from .versions import remembered

COMMUNE_COLUMNS = {
    "name": (_l("Commune"), attrgetter("name")),
    "population": (_l("Population"), attrgetter("population")),
    "quota": (_l("Quota"), attrgetter("quota")),
    "staff": (_l("Staff"), attrgetter("staff")),
    "balance": (_l("Balance"), attrgetter("balance")),
}


def commune_list(request):
    """Quota, staff and balance of each commune the user may see, with the job positions short or in surplus. A
    scope of several provinces (the Ministry's) is summed up one row per province, each leading to the province's
    communes (`province=`). The rows come from the cache until the registry changes (`versions.remembered`)."""
    visible = visible_communes(request.user)
    chosen = CommuneFilter.from_query(request.GET)
    on = timezone.localdate()
    provinces = CommuneFilter.provinces(visible)
    overview = not chosen.province and len(provinces) > 1
    context = {
        "title": _("Staffing: quotas, surplus and shortage"),
        "provinces": provinces,
        "filters": chosen,
        "balances": BALANCES,
        "may_plan": allows(request.user, STAFFING),
        "overview": overview,
    }
    if request.GET.get("export") == "centres" and not allows(request.user, EXPORT):
        raise PermissionDenied  # before any reading
    context["centre_rule"] = rule = _centre_rule(on)
    centres, centre_counts = centre_gaps(chosen.communes(visible), on, rule)
    if request.GET.get("export") == "centres":
        return export.centre_rows(centres)
    context["centres"], context["centre_counts"] = centres, centre_counts
    positions = position_names()
    if overview:
        summary = remembered(
            "staffing-overview", request.user, (on.isoformat(),), lambda: _overview(visible, provinces, on)
        )
        context["counts"] = summary["counts"]
        context["province_rows"] = chosen.provinces_with(summary["rows"])
        name_province_positions(context["province_rows"], positions)
    else:
        all_rows = remembered(
            "staffing-communes",
            request.user,
            (on.isoformat(), chosen.province),
            lambda: commune_table(chosen.communes(visible), on),
        )
        controls = ListControls(request.GET, COMMUNE_COLUMNS, default_sort="name", per_page=200)
        former = _former_districts(all_rows) if controls.q else {}
        shown = controls.rows(chosen.rows(all_rows), lambda row: f"{row.name} {former.get(row.code, '')}")
        if request.GET.get("export") == "xlsx":
            if not allows(request.user, EXPORT):  # a download is an export, as the registry's is
                raise PermissionDenied
            name_positions(shown, positions)
            return export.commune_rows(shown, dict(provinces).get(chosen.province, ""))
        page = controls.page(shown)
        name_positions(page.object_list, positions)
        context["controls"] = controls
        context["counts"] = staffing_summary(all_rows)
        context["rows"] = page.object_list
        context["page"] = page
        context["province_name"] = dict(provinces).get(chosen.province, "")
        context["several_provinces"] = len(provinces) > 1
    return render(request, "staffing/commune_list.html", context)


def _centre_rule(on):
    """The dated rule on who leads a commune's service centre, or None if the policy file has none that day."""
    try:
        return centre_rule(national_policy(), on)
    except PolicyError:
        return None


def _former_districts(rows) -> dict[str, str]:
    """Each commune's former districts, by code, so that a search for "Tứ Kỳ" finds the communes it became."""
    names: dict[str, str] = {}
    links = LegacyCommuneLink.objects.filter(commune_id__in=[row.code for row in rows]).values_list(
        "commune_id", "legacy_commune__district__name"
    )
    for code, district in links.distinct():
        names[code] = f"{names.get(code, '')} {district}"
    return names


def _overview(visible, provinces, on) -> dict:
    rows = commune_table(visible, on)
    return {"rows": province_rows(rows, dict(provinces)), "counts": staffing_summary(rows)}


def _quota_groups(quotas, group_of: dict[str, str]) -> list:
    """Every field of the quota form under the group of the Law on Cadres and Civil Servants its position
    belongs to, in the Law's order, then the positions with no group (or one the Law does not have): a field
    left out would not be shown, and saving the form would delete its quota."""
    groups: dict[str, list] = {key: [] for key in GROUPS}
    other = []
    for name in quotas.fields:
        groups.get(group_of.get(name, ""), other).append(quotas[name])
    result = [(GROUPS[key], fields) for key, fields in groups.items() if fields]
    if other:
        result.append((_("Other positions"), other))
    return result


def commune_edit(request, code: str):
    """The commune's population, quota override and job-position quotas: the staffing permission over it."""
    commune = get_object_or_404(
        visible_communes(request.user, STAFFING).select_related("province"), code=code
    )
    staffing = CommuneStaffing.objects.filter(commune=commune).first() or CommuneStaffing(commune=commune)
    codes = Position.objects.taking_quota()
    jobs = list(position_names(codes.order_by("order").values_list("code", flat=True)).items())
    current = dict(PositionQuota.objects.filter(commune=commune).values_list("position_id", "quota"))
    form = CommuneStaffingForm(request.POST or None, instance=staffing)
    quotas = PositionQuotaForm(request.POST or None, positions=jobs, initial=current)
    quota_groups = _quota_groups(quotas, dict(codes.values_list("code", "group")))
    if request.method == "POST" and form.is_valid() and quotas.is_valid():
        save_commune_staffing(
            form.save(commit=False), quotas.cleaned_data, reason=form.cleaned_data["why"], user=request.user
        )
        messages.success(request, _("The staffing of %(name)s was saved.") % {"name": commune.name})
        return redirect(reverse("staffing:commune_list") + f"?province={commune.province_id}")
    return render(
        request,
        "staffing/commune_edit.html",
        {
            "title": commune.name,
            "commune": commune,
            "form": form,
            "quotas": quotas,
            "quota_groups": quota_groups,
        },
    )


def transfer_list(request):
    plans = (
        TransferPlan.objects.select_related("province", "created_by")
        .restrict(request.user, VIEW)
        .defer("problem", "plan")
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
@action_required(STAFFING)
def transfer_new(request):
    """Solve a province's transfers (a second or two for a province, so in the request) and open the plan."""
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


def _transfer(request, pk: int, action: str = VIEW) -> TransferPlan:
    """The plan if the user may take `action` on it (a download is EXPORT), else "not found"."""
    return get_object_or_404(
        TransferPlan.objects.select_related("province").restrict(request.user, action), pk=pk
    )


MOVE_COLUMNS = {
    "name": (_l("Person"), itemgetter("name")),
    "position": (_l("Job position"), itemgetter("position")),
    "from": (_l("From commune"), itemgetter("from")),
    "to": (_l("To commune"), itemgetter("to")),
    "km": (_l("Distance (km)"), itemgetter("km")),
}


def transfer_detail(request, pk: int):
    """The plan, its workflow and its moves: searched, sorted, paged (`web.tables.ListControls`) or exported."""
    plan = _transfer(request, pk)
    title = _("Staff transfer plan #%(id)s") % {"id": plan.pk}
    if refused := refuse_altered(request, plan, title):
        return refused
    units = {
        code: name
        for code, name in visible_communes(request.user)
        .filter(province_id=plan.province_id)
        .values_list("code", "name")
    }
    rows, short_after = transfer_rows(plan, units)
    controls = ListControls(request.GET, MOVE_COLUMNS, default_sort="position", per_page=50)
    chosen = controls.rows(rows, lambda r: f"{r['name']} {r['position']} {r['from']} {r['to']}")
    if request.GET.get("export") == "xlsx":
        return export.transfer_moves(_transfer(request, pk, EXPORT), chosen)
    page = controls.page(chosen)
    context = {
        "title": title,
        "plan": plan,
        "rows": page.object_list,
        "move_count": len(rows),
        "page": page,
        "controls": controls,
        "summary": plan.plan.get("summary") or {},
        "short_after": short_after,
        "longest_km": max((row["km"] for row in rows if row.get("km") is not None), default=None),
        "steps": available_steps(plan, request.user),
        "events": plan.events(),
    }
    return render(request, "staffing/transfer_detail.html", context)


@require_POST
def transfer_step(request, pk: int, step: str):
    plan = _transfer(request, pk)
    return take_step(request, plan, step, reverse("staffing:transfer_detail", args=[plan.pk]))


def transfer_decision(request, pk: int):
    """The plan's Quyết định điều động (DOCX) for whoever may export it; an unapproved plan is refused with the
    reason, on its page."""
    from django.http import HttpResponse  # imported here, like the rotation plan's documents

    from .documents import DOCX, transfer_decision_docx

    plan = _transfer(request, pk, EXPORT)
    if refused := refuse_altered(request, plan, _("Staff transfer plan #%(id)s") % {"id": plan.pk}):
        return refused
    try:
        content = transfer_decision_docx(plan)
    except BilingualError as error:
        messages.error(request, error.message(request.LANGUAGE_CODE))
        return redirect("staffing:transfer_detail", plan.pk)
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="quyet-dinh-dieu-dong-{plan.pk}.docx"'
    return response
