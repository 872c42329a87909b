"""The service centres' pages: a month's figures of the communes in the user's scope, a commune's month entered or
corrected (with its history), and the workbook import with its template. The business is in `centre` and
`centre_workbook`; these views parse, call and render."""

from __future__ import annotations

from dataclasses import replace
from operator import attrgetter

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from cadre.accounts.decorators import action_required
from cadre.accounts.permissions import VIEW, WORKPLAN, allows, visible_communes
from cadre.core.dates import parse_month
from cadre.core.rules.service_centre import CentreFigureError
from cadre.web.middleware import body_limit
from cadre.web.tables import ListControls
from cadre.web.views import WorkbookImportView, xlsx_response

from . import centre, centre_workbook
from .centre_forms import CentreImportForm, CentreMonthForm
from .import_views import IMPORT_ROOM
from .models import ServiceCentreMonth
from .names import NamedUser, people_names

COLUMNS = {
    "name": (_l("Commune"), attrgetter("name")),
    "province": (_l("Province or city"), attrgetter("province")),
    "received": (_l("Dossiers received in the month"), attrgetter("received")),
    "on_time": (_l("Dossiers settled on time"), attrgetter("settled_on_time")),
    "late": (_l("Dossiers settled late"), attrgetter("settled_late")),
    "returned": (_l("Dossiers returned"), attrgetter("returned")),
    "share": (_l("Settled on time (%)"), attrgetter("on_time_percent")),
    "satisfaction": (_l("Citizen satisfaction (%)"), attrgetter("satisfaction")),
}


def centre_list(request):
    """The month's figures (`?month=yyyy-mm`, by default the last month ended) of every commune the user may see,
    or of one province (`?province=`): searched, sorted and paged; communes that have not reported are listed
    last, as "not reported". Four queries whatever the number of communes."""
    today = timezone.localdate()
    visible = visible_communes(request.user, VIEW)
    provinces = sorted(set(visible.values_list("province_id", "province__name")), key=lambda p: p[1])
    province = request.GET.get("province", "")
    if province not in dict(provinces):
        province = provinces[0][0] if len(provinces) == 1 else ""
    month, refused = centre.latest_month(today), ""
    if request.GET.get("month"):
        try:
            asked = parse_month(request.GET["month"])
            if asked is None:
                raise CentreFigureError(
                    "Không đọc được tháng đã chọn: đang hiển thị tháng gần nhất.",
                    "The chosen month could not be read: the latest month is shown.",
                    field="month",
                )
            month = centre.check_month_period(asked, today)
        except CentreFigureError as error:
            refused = error.message(get_language())
    rows = centre.month_rows(visible.filter(province_id=province) if province else visible, month)
    controls = ListControls(request.GET, COLUMNS, default_sort="name", per_page=50)
    page = controls.page(controls.rows(rows, lambda row: f"{row.name} {row.province} {row.code}"))
    context = {
        "title": _("Service centres: monthly figures"),
        "month": month,
        "month_value": f"{month:%Y-%m}",
        "first_month": f"{centre.first_month():%Y-%m}",
        "last_month": f"{today:%Y-%m}",
        "refused": refused,
        "provinces": provinces,
        "province": province,
        "several_provinces": len(provinces) > 1 and not province,
        "controls": controls,
        "page": page,
        "rows": page.object_list,
        "totals": _totals(rows),
        "may_enter": allows(request.user, WORKPLAN),
    }
    return render(request, "workplans/centre_list.html", context)


def _totals(rows: list[centre.CentreRow]) -> dict:
    reported = [row.figures for row in rows if row.figures is not None]
    on_time = sum(f.settled_on_time for f in reported)
    settled = sum(f.settled for f in reported)
    return {
        "communes": len(rows),
        "reported": len(reported),
        "received": sum(f.received for f in reported),
        "settled": settled,
        "on_time_percent": round(100 * on_time / settled, 1) if settled else None,
    }


@action_required(WORKPLAN)
def centre_edit(request, code: str, month: str):
    """Enter or correct a commune's month: the WORKPLAN right over the commune (403 for a role without it, 404
    for a commune outside the scope); a future month, or one before the two-tier system, is refused."""
    commune = get_object_or_404(
        visible_communes(request.user, WORKPLAN).select_related("province"), code=code
    )
    asked = parse_month(month)
    if asked is None:
        raise Http404
    language = get_language()
    row = ServiceCentreMonth.objects.filter(commune=commune, month=asked).first()
    try:
        centre.check_month_period(asked)
        refused = ""
    except CentreFigureError as error:
        refused = error.message(language)
    initial = {name: getattr(row, name) for name in centre.FIGURE_FIELDS} if row else {}
    form = CentreMonthForm(request.POST or None, initial=initial, language=language)
    if request.method == "POST" and not refused and form.is_valid():
        figures = {name: form.cleaned_data[name] for name in centre.FIGURE_FIELDS}
        try:
            centre.record_month(
                commune, asked, user=request.user, reason=form.cleaned_data["reason"], **figures
            )
        except CentreFigureError as error:  # the service checks again: one path for the page and the import
            form.add_error(None if error.field == "month" else error.field, error.message(language))
        else:
            messages.success(
                request,
                _("The figures of %(commune)s for %(month)s were saved.")
                % {"commune": commune.name, "month": f"{asked:%m/%Y}"},
            )
            return redirect(
                reverse("workplans:centres") + f"?province={commune.province_id}&month={asked:%Y-%m}"
            )
    context = {
        "title": _("%(commune)s: service centre, %(month)s")
        % {"commune": commune.name, "month": f"{asked:%m/%Y}"},
        "commune": commune,
        "month": asked,
        "row": row,
        "form": None if refused else form,
        "refused": refused,
        "changes": _named(centre.month_history(row)),
    }
    return render(request, "workplans/centre_edit.html", context, status=400 if refused else 200)


def _named(changes: list) -> list:
    """The history's entries, each user named as people know them (`names`: one query for the page)."""
    names = people_names(entry.user for entry in changes)
    return [
        replace(entry, user=NamedUser(entry.user, names[entry.user.pk])) if entry.user is not None else entry
        for entry in changes
    ]


COUNT_LABELS = {
    "created": _l("Months added"),
    "updated": _l("Months corrected"),
    "unchanged": _l("Months already recorded as they are"),
    "skipped": _l("Lines without figures (skipped)"),
}


@method_decorator(action_required(WORKPLAN), name="dispatch")
@body_limit(IMPORT_ROOM)
class CentreImportView(WorkbookImportView):
    """Check a workbook and, when it has no error and "check only" is unticked, write it; nothing is written
    otherwise, and every error is listed with its row and column."""

    form_class = CentreImportForm
    template_name = "workplans/centre_import.html"
    count_labels = COUNT_LABELS

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Import service centre figures"), **kwargs)

    def run_import(self, form):
        return centre_workbook.import_centre_workbook(
            form.cleaned_data["file"], user=self.request.user, dry_run=form.cleaned_data["dry_run"]
        )


centre_import = CentreImportView.as_view()


@action_required(WORKPLAN)
def centre_template(request):
    """The workbook to fill in, with a line for each commune the user may enter figures for."""
    today = timezone.localdate()
    name = f"so-lieu-trung-tam-phvc-{centre.latest_month(today):%Y-%m}.xlsx"
    return xlsx_response(lambda file: centre_workbook.write_template(file, request.user, today), name)
