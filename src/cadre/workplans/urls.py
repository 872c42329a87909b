"""The work plans' pages, under /workplans/."""

from django.urls import path  # noqa: F401

app_name = "workplans"

urlpatterns: list = []

from . import centre_views  # noqa: E402  (the service centre's pages)

urlpatterns += [
    path("centres/", centre_views.centre_list, name="centres"),
    path("centres/import/", centre_views.centre_import, name="centre-import"),
    path("centres/import/template.xlsx", centre_views.centre_template, name="centre-template"),
    path("centres/<str:code>/<str:month>/", centre_views.centre_edit, name="centre-edit"),
]
