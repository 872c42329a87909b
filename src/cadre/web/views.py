"""The generic views every app's pages are built from (the home page is the dashboard app's)."""

import tempfile

from django.http import FileResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import FormView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from cadre.accounts.permissions import VIEW
from cadre.core.errors import BilingualError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ObjectListView(SingleTableMixin, FilterView):
    """A filtered, sorted, paginated table. With htmx, only the table is re-rendered as the user types.

    A subclass names `model` (or `queryset`), `filterset_class`, `table_class` and `title`. The rows are those
    the user may see (the model's `objects.restrict(user, action)`).
    """

    action = VIEW

    template_name = "web/object_list.html"
    partial_template_name = "web/object_list_table.html"
    table_pagination = {"per_page": 50}
    title = ""

    def get_queryset(self):
        return super().get_queryset().restrict(self.request.user, self.action)

    def get_paginate_by(self, queryset):
        # The table paginates itself; ListView's own paginator would COUNT the rows a second time.
        return None

    def get_template_names(self):
        if getattr(self.request, "htmx", False) and not self.request.htmx.boosted:
            return [self.partial_template_name]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.title
        return context


class WorkbookImportView(FormView):
    """An all-or-nothing workbook import page: the form's file goes to `run_import`, which returns a report
    (`issues` with sheet, row, column and message, `counts` by kind, `written`). An unreadable workbook (a
    `BilingualError`) is said on the file field; otherwise the page lists every error by cell, or what was (or
    would be) written, labelled by `count_labels`."""

    count_labels: dict = {}

    def run_import(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        language = self.request.LANGUAGE_CODE
        try:
            report = self.run_import(form)
        except BilingualError as error:
            form.add_error("file", error.message(language))
            return self.form_invalid(form)
        issues = [(i.sheet, i.row, i.column, i.message.in_language(language)) for i in report.issues]
        counts = [(self.count_labels.get(key, key), count) for key, count in report.counts.items()]
        return self.render_to_response(
            self.get_context_data(form=form, report=report, issues=issues, counts=counts)
        )


def xlsx_response(write, filename: str) -> FileResponse:
    """A workbook sent as a download: `write(file)` fills a temporary file (a province's or the country's
    workbook does not belong in memory), which is then streamed."""
    file = tempfile.TemporaryFile(suffix=".xlsx")
    write(file)
    file.seek(0)
    return FileResponse(file, as_attachment=True, filename=filename, content_type=XLSX)


# The error pages are pages of the site: in the user's language, with the menu and a way back (cadre.urls names
# them as Django's handlers; settings.CSRF_FAILURE_VIEW names the last).


def _way_back(request) -> str:
    """The page the user came from, when it is one of this site's, for the "Go back" link."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure()):
        return referer
    return ""


def permission_denied(request, exception=None):
    context = {"title": _("You may not open this page"), "back": _way_back(request)}
    return render(request, "403.html", context, status=403)


def page_not_found(request, exception=None):
    context = {"title": _("Page not found"), "back": _way_back(request)}
    return render(request, "404.html", context, status=404)


def server_error(request):
    """Rendered with nothing from the request or the database, either of which may be what failed: the
    language is the one the request had already chosen (ChosenLanguageMiddleware)."""
    html = loader.get_template("500.html").render({"title": _("Something went wrong on the server")})
    return HttpResponseServerError(html)


def csrf_failure(request, reason=""):
    context = {"title": _("The form has expired"), "back": _way_back(request)}
    return render(request, "403_csrf.html", context, status=403)
