import datetime as dt

from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from cadre.accounts.decorators import action_required
from cadre.accounts.permissions import EXPORT, IMPORT, VIEW, allows
from cadre.web.views import ObjectListView, WorkbookImportView, xlsx_response

from .change_log import change_log
from .exits.estimates import ESTIMATE, NOTE
from .exits.export import write_workbook
from .exits.listing import exit_rows
from .exits.options import person_exits
from .exits.registry import TooManyPeople
from .filtersets import ExitAssumptionFilterSet, ExitFilterSet, OfficialFilterSet
from .forms import ImportForm
from .models import Official
from .profile import PLACE_RELATED, official_profile
from .tables import ExitTable, OfficialTable
from .workbook.export import export_registry, write_template
from .workbook.importer import import_workbook

COUNT_LABELS = {
    "officials_created": _("Officials added"),
    "officials_updated": _("Officials updated"),
    "postings_created": _("Postings added"),
    "postings_closed": _("Open postings closed by a later one"),
    "evaluations_created": _("Evaluations added"),
    "evaluations_updated": _("Evaluations updated"),
    "succession_plans_created": _("Succession plans added"),
    "succession_plans_updated": _("Succession plans updated"),
    "relations_created": _("Relations added"),
    "relations_updated": _("Relations updated"),
    "disciplines_created": _("Disciplines added"),
    "disciplines_updated": _("Disciplines updated"),
}


class OfficialListView(ObjectListView):
    queryset = Official.objects.select_related("current_position", "current_commune", "current_province")
    filterset_class = OfficialFilterSet
    table_class = OfficialTable
    title = _("Officials")
    template_name = "people/official_list.html"
    partial_template_name = "people/official_list_table.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(may_view_exits=allows(self.request.user, VIEW), **kwargs)


TOO_MANY = _(
    "More than %(limit)s officials match these filters, and each one's options are computed on the spot: "
    "choose a province or a commune, or a flag of the evaluation rules."
)


def _too_many(error: TooManyPeople) -> str:
    return TOO_MANY % {"limit": number_format(error.args[0], force_grouping=True)}


class ExitListView(ObjectListView):
    """Who the rules flag for exit, most severe first, with each person's best option (docs/exits.md)."""

    queryset = Official.objects.all()
    filterset_class = ExitFilterSet
    table_class = ExitTable
    title = _("Exit list (danh sách nghỉ việc)")
    template_name = "people/exit_list.html"
    partial_template_name = "people/exit_list_table.html"

    @cached_property
    def outcome(self) -> tuple[list, str]:
        """The rows, or none and why."""
        if not self.filterset.usable:
            return [], _("Correct the filters marked above: nothing is listed until they read well.")
        try:
            return exit_rows(self.object_list, self.filterset.assumptions(), self.filterset.chosen_flags), ""
        except TooManyPeople as error:
            return [], _too_many(error)

    def get_table_data(self):
        return self.outcome[0]

    def get_table_kwargs(self):
        problem = self.outcome[1]
        return {**super().get_table_kwargs(), **({"empty_text": problem} if problem else {})}

    def get_context_data(self, **kwargs):
        assumptions = self.filterset.assumptions() if self.filterset.usable else None
        return super().get_context_data(assumptions=assumptions, note=NOTE, **kwargs)


@action_required(EXPORT)
def exit_export(request):
    """The exit list's rows, as the page's filters select them, in a workbook."""
    filters = ExitFilterSet(request.GET or None, queryset=Official.objects.restrict(request.user, EXPORT))
    if not filters.usable:
        problems = "\n".join(
            f"{filters.form[name].label}: {' '.join(errors)}" for name, errors in filters.errors.items()
        )
        return HttpResponseBadRequest(problems, content_type="text/plain; charset=utf-8")
    assumptions = filters.assumptions()
    try:
        rows = exit_rows(filters.qs, assumptions, flags=filters.chosen_flags)
    except TooManyPeople as error:
        return HttpResponseBadRequest(_too_many(error), content_type="text/plain; charset=utf-8")
    return xlsx_response(
        lambda file: write_workbook(file, rows, assumptions), f"nghi-viec-{dt.date.today().isoformat()}.xlsx"
    )


class OfficialDetailView(DetailView):
    queryset = Official.objects.select_related(*PLACE_RELATED)
    template_name = "people/official_detail.html"
    context_object_name = "official"

    def get_queryset(self):
        # Someone outside the user's scope is "not found", not "forbidden": their existence is not disclosed.
        return super().get_queryset().restrict(self.request.user, VIEW)

    def get_context_data(self, **kwargs):
        profile = official_profile(self.object, viewer=self.request.user)
        dates = ExitAssumptionFilterSet(self.request.GET or None, queryset=Official.objects.none())
        exits = person_exits(self.object, profile.postings, dates.assumptions()) if dates.usable else None
        return super().get_context_data(
            profile=profile,
            changes=change_log(self.object, viewer=self.request.user),
            exit_dates=dates,
            exits=exits,
            exit_note=NOTE,
            estimate=ESTIMATE,
            **kwargs,
        )


@method_decorator(action_required(IMPORT), name="dispatch")
class ImportView(WorkbookImportView):
    """Check a workbook and, when it has no error and the box is unticked, write it; nothing is written
    otherwise. Every error is listed with its sheet, row and column."""

    form_class = ImportForm
    template_name = "people/import.html"
    count_labels = COUNT_LABELS

    def run_import(self, form):
        return import_workbook(
            form.cleaned_data["file"],
            dry_run=form.cleaned_data["dry_run"],
            allowed=Official.objects.restrict(self.request.user, IMPORT),
        )


def template_download(request):
    return xlsx_response(write_template, "mau-so-dang-ky-can-bo.xlsx")


@action_required(EXPORT)
def registry_export(request):
    """The officials the list's filters select (all of them without filters), in the import's format."""
    filters = OfficialFilterSet(request.GET or None, queryset=Official.objects.restrict(request.user, EXPORT))
    officials = filters.qs if not filters.is_bound or filters.is_valid() else Official.objects.none()
    return xlsx_response(
        lambda file: export_registry(file, officials), f"can-bo-{dt.date.today().isoformat()}.xlsx"
    )


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@action_required(EXPORT)
def resume_download(request, pk: int):
    """The person's Sơ yếu lý lịch (Mẫu 2C-BNV/2008) as DOCX, for whoever may export the person's records (it
    carries their citizen id and family): someone outside that scope is "not found", as on the page; relatives
    the user may not see are not named."""
    from .resume import BORN, resume_docx  # python-docx is loaded by a download, not at start-up

    visible = Official.objects.restrict(request.user, VIEW)
    official = get_object_or_404(Official.objects.restrict(request.user, EXPORT).select_related(*BORN), pk=pk)
    response = HttpResponse(resume_docx(official, visible=visible), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="so-yeu-ly-lich-{official.pk}.docx"'
    return response
