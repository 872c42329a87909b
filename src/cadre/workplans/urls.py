"""The work plans' pages, under /workplans/."""

from django.urls import path  # noqa: F401

app_name = "workplans"

urlpatterns: list = []
