"""The site's URLs plus one page that fails, for the test of the server-error page (tests/web/test_error_pages.py)."""

from django.urls import path

from cadre.urls import *  # noqa: F403  (the handlers too)
from cadre.urls import urlpatterns as site


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [*site, path("boom/", boom)]
