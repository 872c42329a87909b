from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from cadre.accounts.forms import LoginForm

urlpatterns = [
    # The language switch must work on the login page too, before anyone is signed in.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("", include("cadre.dashboard.urls")),
    path("geo/", include("cadre.geo.urls")),
    path("people/", include("cadre.people.urls")),
    path("plans/", include("cadre.rotation.urls")),
    path("staffing/", include("cadre.staffing.urls")),
    path("workplans/", include("cadre.workplans.urls")),
    path("api/", include("cadre.api.urls")),
    path("account/", include("cadre.accounts.urls")),
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="web/login.html", authentication_form=LoginForm),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]

# Error pages in the user's language, with the menu and a way back (cadre.web.views).
handler403 = "cadre.web.views.permission_denied"
handler404 = "cadre.web.views.page_not_found"
handler500 = "cadre.web.views.server_error"
