"""The plan pages."""

from django.shortcuts import render


def plan_list(request):
    return render(request, "web/base.html", {"title": "Plans"})
