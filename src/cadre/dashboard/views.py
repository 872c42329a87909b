"""The home page (trang tổng quan)."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from .figures import dashboard


def home(request):
    """The dashboard: the non-local secretary share per province against its target, the communes on a map, and
    the rotation plans by state, all cut to what the user may see. A scope of several provinces is shown one
    province a row and a point; `?province=` opens one of them with its communes."""
    province = request.GET.get("province", "")
    figures = dashboard(request.user, province=province)
    if figures is None:
        raise Http404(_("No commune of this province is in your scope."))
    title = _("Dashboard")
    if figures["province"] is not None:
        title = _("Dashboard: %(province)s") % {"province": figures["province"].name}
    return render(request, "dashboard/dashboard.html", {"title": title, **figures})
