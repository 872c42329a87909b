from django.contrib.auth.decorators import login_required
from django.urls import path
from rest_framework.routers import DefaultRouter

from cadre.geo import api as geo
from cadre.people import api as people
from cadre.rotation import api as rotation
from cadre.workplans import api as workplans

from .docs import DocsView
from .schema import SchemaView

router = DefaultRouter()
router.register("officials", people.OfficialViewSet, basename="official")
router.register("postings", people.PostingViewSet, basename="posting")
router.register("evaluations", people.EvaluationViewSet, basename="evaluation")
router.register("positions", people.PositionViewSet, basename="position")
router.register("provinces", geo.ProvinceViewSet, basename="province")
router.register("communes", geo.CommuneViewSet, basename="commune")
router.register("plans", rotation.PlanRunViewSet, basename="plan")
router.register("workplans", workplans.WorkPlanViewSet, basename="workplan")
router.register("tasks", workplans.TaskViewSet, basename="task")
router.register("handbacks", workplans.HandbackViewSet, basename="handback")

# DRF views authenticate on their own (session or HTTP Basic) and answer 401, so the site's login redirect
# leaves them alone. The docs page is for people: it sends them to the login page like every other page.
app_name = "api"
urlpatterns = [
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", login_required(DocsView.as_view(url_name="api:schema")), name="docs"),
    *router.urls,
]
