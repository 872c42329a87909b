"""The province's pages of the work plans: the communes ranked by on-time completion, each lead's figures, the
monthly close, and a plan's timeline. Thin: the figures come from `figures`, the close from `closing`."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cadre.accounts.decorators import action_required
from cadre.accounts.permissions import VIEW, WORKPLAN, provinces_for, visible_communes
from cadre.core.dates import parse_month
from cadre.core.errors import BilingualError
from cadre.core.policy import PolicyError, national_policy
from cadre.core.rules import task_month
from cadre.geo.models import Commune, Province
from cadre.people.models import Official

from . import closing, figures
from .centre import as_figures
from .models import ClosingDay, MonthClose, ServiceCentreMonth, Task, WorkPlan
from .names import people_names


def _month(request, province_code: str) -> dt.date:
    """The month asked for (`?month=YYYY-MM`), else the current one; a bad value is said and ignored."""
    raw = request.GET.get("month", "")[:20].strip()
    if raw:
        month = parse_month(raw)
        if month is not None:
            return month
        messages.error(
            request, _("The month is written as year-month, e.g. 2026-03; the current month is shown.")
        )
    return figures.current_month(province_code)


def _counted_month(request, province_code: str) -> dt.date:
    """The month asked for, if a closing day was in force for it (so its period is known)."""
    month = _month(request, province_code)
    try:
        closing.period(province_code, month)
    except PolicyError:
        messages.error(
            request,
            _("No closing day was in force for %(month)s, so it has no figures; the current month is shown.")
            % {"month": f"{month:%m/%Y}"},
        )
        month = figures.current_month(province_code)
    return month


def _after_policy_start(month: dt.date) -> dt.date:
    """The first month from `month` on whose previous month has a closing day in the policy (no query). A month
    before the two-tier system (policy `two_tier_in_force`; a year typed wrong) is read as its first month."""
    month = max(month, national_policy().value("two_tier_in_force").replace(day=1))
    for _step in range(240):
        try:
            national_policy().entry(closing.CLOSING_DAY_PARAMETER, month - dt.timedelta(days=1))
        except PolicyError:
            month = closing.first_of(month + dt.timedelta(days=32))
            continue
        break
    return month


def _pick(request, provinces):
    """The province of `?province=` among `provinces`, the only one, or None (several: the user picks). A
    province outside them is not found."""
    code = (request.GET.get("province") or request.POST.get("province") or "")[:10]
    if code:
        province = provinces.filter(code=code).first()
        if province is None:
            raise Http404(_("This province is not in your scope."))
        return province
    options = list(provinces[:2])
    return options[0] if len(options) == 1 else None


def _share(tally) -> float | None:
    return None if tally.on_time_share is None else round(100 * tally.on_time_share, 1)


@action_required(VIEW)
def ranking(request):
    """The province's communes ranked by their on-time share this month and this year, with the service centre's
    on-time share. For whole-province viewers: a commune's own user is refused (their board is theirs)."""
    provinces = provinces_for(request.user, VIEW, MonthClose).order_by("name")
    if not provinces.exists():
        raise PermissionDenied
    province = _pick(request, provinces)
    if province is None:
        return render(
            request, "workplans/ranking.html", {"provinces": provinces, "title": _("Communes ranked")}
        )
    month = _counted_month(request, province.code)
    month_figures = figures.month_figures(province.code, month, user=request.user)
    year_figures = figures.year_figures(province.code, month.year, user=request.user, known=month_figures)
    names = dict(Commune.objects.filter(province=province).values_list("code", "name"))
    month_rank = task_month.rank(
        {code: month_figures.communes.get(code, task_month.Tally()) for code in names}
    )
    year_rank = {
        row.key: row
        for row in task_month.rank(
            {code: year_figures.communes.get(code, task_month.Tally()) for code in names}
        )
    }
    centres = {
        row.commune_id: as_figures(row).on_time_share
        for row in ServiceCentreMonth.objects.restrict(request.user, VIEW).filter(
            province=province, month=month
        )
    }
    rows = [
        {
            "code": row.key,
            "name": names[row.key],
            "rank": row.rank,
            "tally": row.tally,
            "share": _share(row.tally),
            "year_rank": year_rank[row.key].rank,
            "year": year_rank[row.key].tally,
            "year_share": _share(year_rank[row.key].tally),
            "centre": None if centres.get(row.key) is None else round(100 * centres[row.key], 1),
        }
        for row in month_rank
    ]
    # Communes with no task counted in the month or the year are named once, under the table, not ranked.
    quiet = [row for row in rows if not (row["tally"].scored or row["tally"].on_track or row["year"].scored)]
    rows = [row for row in rows if row not in quiet]
    chart = {
        "communes": [row["name"] for row in rows if row["share"] is not None],
        "share": [row["share"] for row in rows if row["share"] is not None],
    }
    bodies = sorted(month_figures.bodies.items())
    return render(
        request,
        "workplans/ranking.html",
        {
            "title": _("Communes ranked: %(province)s") % {"province": province.name},
            "province": province,
            "provinces": provinces,
            "month": month,
            "provisional": month_figures.is_provisional,
            "year_provisional": year_figures.provisional,
            "rows": rows,
            "quiet": quiet,
            "bodies": [(name, tally, _share(tally)) for name, tally in bodies],
            "total": month_figures.total,
            "total_share": _share(month_figures.total),
            "chart": chart,
            "previous": closing.first_of(month - dt.timedelta(days=1)),
            "next": closing.first_of(month + dt.timedelta(days=32)),
        },
    )


@action_required(VIEW)
def people_figures(request):
    """Each lead's tally in the month and the year, cut to the tasks the user may view (a commune's user sees
    their commune's leads)."""
    provinces = Province.objects.filter(
        code__in=visible_communes(request.user, VIEW).values("province_id")
    ).order_by("name")
    province = _pick(request, provinces)
    if province is None:
        return render(request, "workplans/people_figures.html", {"provinces": provinces, "title": _("Leads")})
    month = _counted_month(request, province.code)
    month_figures = figures.month_figures(province.code, month, user=request.user)
    year_figures = figures.year_figures(province.code, month.year, user=request.user, known=month_figures)
    ids = set(month_figures.people) | set(year_figures.people)
    names = dict(Official.objects.filter(pk__in=ids).values_list("pk", "full_name"))
    empty = task_month.Tally()
    rows = sorted(
        (
            {
                "name": names.get(pk, ""),
                "month": month_figures.people.get(pk, empty),
                "share": _share(month_figures.people.get(pk, empty)),
                "year": year_figures.people.get(pk, empty),
                "year_share": _share(year_figures.people.get(pk, empty)),
            }
            for pk in ids
        ),
        key=lambda row: (row["share"] is None, -(row["share"] or 0), row["name"]),
    )
    return render(
        request,
        "workplans/people_figures.html",
        {
            "title": _("Leads: %(province)s") % {"province": province.name},
            "province": province,
            "provinces": provinces,
            "month": month,
            "provisional": month_figures.is_provisional,
            "year_provisional": year_figures.provisional,
            "rows": rows,
            "previous": closing.first_of(month - dt.timedelta(days=1)),
            "next": closing.first_of(month + dt.timedelta(days=32)),
        },
    )


def _next_to_close(province: Province, last: MonthClose | None) -> dt.date:
    """The month after the last one closed; with none closed, the month the province's first task began."""
    if last is not None:
        return closing.first_of(last.month + dt.timedelta(days=32))
    first = Task.objects.filter(province=province).order_by("start").values_list("start", flat=True).first()
    return _after_policy_start(closing.first_of(first or timezone.localdate()))


def _post_close(request, province: Province):
    month = parse_month(request.POST.get("month", ""))
    if month is None:
        messages.error(request, _("Choose the month to close (year-month, e.g. 2026-03)."))
        return
    try:
        close = closing.close_month(province, month, user=request.user)
    except BilingualError as error:
        messages.error(request, error.message(request.LANGUAGE_CODE))
        return
    except PolicyError:
        messages.error(
            request,
            _("No closing day was in force for %(month)s, so it cannot be closed.")
            % {"month": f"{month:%m/%Y}"},
        )
        return
    counts = dict(close.results.values_list("outcome").annotate(n=Count("pk")).order_by())
    tally = task_month.Tally(*(counts.get(key, 0) for key in task_month.OUTCOMES))
    messages.success(
        request,
        _(
            "%(month)s is closed: %(on_time)s tasks on time, %(late)s late, %(not_done)s not done, "
            "%(on_track)s on track (not scored)."
        )
        % {
            "month": f"{month:%m/%Y}",
            "on_time": tally.on_time,
            "late": tally.late,
            "not_done": tally.not_done,
            "on_track": tally.on_track,
        },
    )


def _post_closing_day(request, province: Province):
    raw_day = request.POST.get("day", "")[:10].strip()
    month = parse_month(request.POST.get("valid_from", ""))
    if not raw_day.isdigit():
        messages.error(request, _("Closing day: write a day of the month, from 1 to 31."))
        return
    if month is None:
        messages.error(request, _("From which month: write year-month, e.g. 2027-01."))
        return
    try:
        setting = closing.set_closing_day(
            province,
            user=request.user,
            day=int(raw_day),
            valid_from=month,
            reason=request.POST.get("reason", "")[:300],
        )
    except BilingualError as error:
        messages.error(request, error.message(request.LANGUAGE_CODE))
        return
    messages.success(
        request,
        _("From %(month)s the province closes each month on day %(day)s.")
        % {"month": f"{setting.valid_from:%m/%Y}", "day": setting.day},
    )


@action_required(WORKPLAN)
@require_http_methods(["GET", "POST"])
def close(request):
    """The monthly close of a province: the closing day in force, the months closed, the next one with its
    button, and the form that sets the province's own closing day. Whole-province officers only."""
    provinces = provinces_for(request.user, WORKPLAN, MonthClose).order_by("name")
    if not provinces.exists():
        raise PermissionDenied
    province = _pick(request, provinces)
    if province is None:
        return render(request, "workplans/close.html", {"provinces": provinces, "title": _("Monthly close")})
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "close":
            _post_close(request, province)
        elif action == "closing_day":
            _post_closing_day(request, province)
        else:
            messages.error(request, _("Unknown action."))
        return redirect(f"{reverse('workplans:close')}?province={province.code}")
    counts = {f"n_{key}": Count("results", filter=Q(results__outcome=key)) for key in task_month.OUTCOMES}
    closes = list(
        MonthClose.objects.filter(province=province)
        .select_related("closed_by")
        .annotate(**counts)
        .order_by("-month")
    )
    try:
        upcoming = _next_to_close(province, closes[0] if closes else None)
        first, last = closing.period(province.code, upcoming)
    except (PolicyError, OverflowError):
        # A month the policy gives no closing day for (a task typed with a year long past): the first month it
        # covers is offered instead, never an error page.
        upcoming = _after_policy_start(dt.date.min)
        first, last = closing.period(province.code, upcoming)
    today = timezone.localdate()
    own = (
        ClosingDay.objects.filter(province=province, valid_from__lte=upcoming)
        .select_related("set_by")
        .order_by("-valid_from")
        .first()
    )
    default = national_policy().entry(closing.CLOSING_DAY_PARAMETER, upcoming)
    closers = people_names(row.closed_by for row in closes)
    for row in closes:
        row.closer_name = closers.get(row.closed_by_id, "")
    return render(
        request,
        "workplans/close.html",
        {
            "title": _("Monthly close: %(province)s") % {"province": province.name},
            "province": province,
            "provinces": provinces,
            "closes": closes,
            "upcoming": upcoming,
            "upcoming_first": first,
            "upcoming_last": last,
            "can_close": last < today,
            "day": closing.closing_day(province.code, upcoming),
            "own": own,
            "default": default,
            "settings": ClosingDay.objects.filter(province=province).order_by("-valid_from")[:24],
        },
    )


def _bar_class(task, today: dt.date) -> str:
    return "bar-" + task_month.task_status(task.facts(), today).replace("_", "-")


@action_required(VIEW)
def timeline(request, pk: int):
    """A plan's tasks on a time line: each from its start to its deadline, with its progress and milestones;
    an overdue task is marked. The table under it says the same to a screen reader."""
    plan = get_object_or_404(WorkPlan.objects.restrict(request.user, VIEW), pk=pk)
    today = timezone.localdate()
    tasks = list(
        Task.objects.restrict(request.user, VIEW)
        .filter(plan=plan)
        .select_related("lead_official", "lead_unit_head")
        .prefetch_related("milestones")
        .order_by("number")
    )
    bars, rows = [], []
    for task in tasks:
        status = task_month.task_status(task.facts(), today)
        url = f"/workplans/tasks/{task.pk}/"  # workplans:task, the "plans" part's page
        bars.append(
            {
                "id": f"task-{task.pk}",
                "name": f"{task.number}. {task.title[:80]}",
                "start": task.start.isoformat(),
                "end": task.deadline.isoformat(),
                "progress": task.percent,
                "custom_class": _bar_class(task, today),
                "url": url,
            }
        )
        for milestone in task.milestones.all():
            bars.append(
                {
                    "id": f"milestone-{milestone.pk}",
                    "name": f"◆ {milestone.description[:80]}",
                    "start": milestone.due.isoformat(),
                    "end": milestone.due.isoformat(),
                    "progress": 0,
                    "custom_class": "bar-milestone",
                    "url": url,
                }
            )
        rows.append({"task": task, "status": task_month.STATUS_LABELS[status], "key": status, "url": url})
    return render(
        request,
        "workplans/timeline.html",
        {"title": _("Timeline: %(plan)s") % {"plan": plan.title}, "plan": plan, "rows": rows, "bars": bars},
    )
