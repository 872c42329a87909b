"""The home page (trang tổng quan)."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from .figures import dashboard


def home(request):
    """The dashboard: the non-local secretary share per province against its target, the communes on a map, and
    the rotation plans by state, all cut to what the user may see."""
    return render(
        request,
        "dashboard/dashboard.html",
        {"title": _("Dashboard"), **dashboard(request.user)},
    )
