"""The work plans' workbook pages: the import (check, then import), the template download, and the board's
export as the monthly report workbook. Each parses its input, calls the workbook package and shows the result."""

from __future__ import annotations

from django import forms
from django.http import HttpResponseBadRequest
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import number_format
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from cadre.accounts.decorators import action_required
from cadre.accounts.permissions import EXPORT, WORKPLAN
from cadre.people.forms import MAX_UPLOAD_MB, ImportForm
from cadre.web.middleware import body_limit
from cadre.web.views import WorkbookImportView, xlsx_response

from .filtersets import TaskFilterSet
from .models import Task
from .workbook.export import TooManyTasks, describe, export_board
from .workbook.importer import import_plans
from .workbook.template import write_template

# A workbook upload is refused on its announced length, unread: the form's limit, with the form around it.
IMPORT_ROOM = MAX_UPLOAD_MB * 1024 * 1024 + 64 * 1024
COUNT_LABELS = {
    "plans_created": _("Work plans added"),
    "tasks_created": _("Tasks added"),
    "milestones_created": _("Milestones added"),
}


class PlansImportForm(ImportForm):
    """The registry import's upload checks (an .xlsx, bounded in size), for a work plans workbook; which
    button was pressed says whether to check only or import."""

    file = forms.FileField(label=_("Work plans workbook (.xlsx)"))
    dry_run = None


@method_decorator(action_required(WORKPLAN), name="dispatch")
@body_limit(IMPORT_ROOM)
class PlansImportView(WorkbookImportView):
    """Check a work plans workbook ("Kiểm tra") or check and import it ("Nhập"): nothing is written unless
    there is no error, and every error is listed with its sheet, row and column."""

    form_class = PlansImportForm
    template_name = "workplans/import.html"
    count_labels = COUNT_LABELS

    def run_import(self, form):
        dry_run = "import" not in self.request.POST
        return import_plans(form.cleaned_data["file"], user=self.request.user, dry_run=dry_run)


@action_required(WORKPLAN)
def import_template(request):
    return xlsx_response(write_template, "mau-ke-hoach-cong-tac.xlsx")


@action_required(EXPORT)
def board_export(request):
    """The tasks the user may export, filtered as the board's query string says, as the monthly report."""
    filters = TaskFilterSet(
        request.GET or None, queryset=Task.objects.restrict(request.user, EXPORT), request=request
    )
    if filters.is_bound and not filters.is_valid():
        problems = "\n".join(
            f"{filters.form[name].label}: {' '.join(errors)}" for name, errors in filters.errors.items()
        )
        return HttpResponseBadRequest(problems, content_type="text/plain; charset=utf-8")
    description = describe(filters)
    try:
        return xlsx_response(
            lambda file: export_board(file, filters.qs, description=description),
            f"nhiem-vu-{timezone.localdate().isoformat()}.xlsx",
        )
    except TooManyTasks as error:
        limit = number_format(error.args[0], force_grouping=True)
        message = gettext_now(
            "More than %(limit)s tasks match these filters: choose a province, a commune or a period."
        ) % {"limit": limit}
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
