"""The work plans' pages, under /workplans/."""

from django.urls import path  # noqa: F401

app_name = "workplans"

urlpatterns: list = []

from . import province_views  # noqa: E402

urlpatterns += [
    path("province/", province_views.ranking, name="ranking"),
    path("people/", province_views.people_figures, name="people-figures"),
    path("close/", province_views.close, name="close"),
    path("<int:pk>/timeline/", province_views.timeline, name="timeline"),
]
