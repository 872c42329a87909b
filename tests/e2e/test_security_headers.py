"""The pages under their Content-Security-Policy in a real Chromium: every page a superuser can open (the site's,
the admin's, the API's documentation) works with scripts and styles from Cadre alone, and the browser reports no
refused script or style on any of them."""

import pytest
from django.urls import reverse

from tests.e2e.test_dashboard_page import PASSWORD, registry, sign_in  # noqa: F401
from tests.users import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "dashboard:home",
    "people:official_list",
    "people:import",
    "rotation:plan_list",
    "staffing:commune_list",
    "geo:commune_list",
    "api:docs",
    "admin:index",
    "admin:people_official_changelist",
]


def test_no_page_needs_an_inline_script_or_style(live_server, page, registry):  # noqa: F811
    admin = make_user("quantri", PASSWORD)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    refused = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None,
    )
    sign_in(page, live_server, "quantri")
    for url in [reverse(name) for name in PAGES]:
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, url
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert "camera=()" in response.headers["permissions-policy"]
        page.wait_for_load_state("networkidle")
        assert refused == [], f"{url}: {refused}"
    # The API's documentation is drawn by its own script: the operations are on the page.
    page.goto(f"{live_server.url}{reverse('api:docs')}")
    page.wait_for_selector(".opblock", timeout=20_000)
