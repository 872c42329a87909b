"""The work plans' pages, under /workplans/."""

from django.urls import path  # noqa: F401

app_name = "workplans"

urlpatterns: list = []

from . import import_views  # noqa: E402

urlpatterns += [
    path("import/", import_views.PlansImportView.as_view(), name="import"),
    path("import/template.xlsx", import_views.import_template, name="import-template"),
    path("board/export.xlsx", import_views.board_export, name="board-export"),
]
