"""Read-only REST endpoints over the rotation plans: the list (the plans page's filters) and one plan as
`cadre plan show` prints it, with every row's explanation in both languages."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from cadre.accounts.permissions import VIEW
from cadre.workflow.integrity import plan_integrity

from .filtersets import PlanRunFilterSet
from .models import PlanRun
from .report import plan_report


class PlanRunSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:plan-detail")
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = PlanRun
        fields = [
            "id",
            "url",
            "province",
            "rotation_date",
            "target",
            "status",
            "state",
            "decision",
            "objective",
            "bound",
            "solve_seconds",
            "problem_sha256",
            "corrects",
            "created_at",
            "created_by",
        ]


class PlanRunDetailSerializer(PlanRunSerializer):
    report = serializers.SerializerMethodField(
        help_text="The plan as `cadre plan show --format json` prints it: before/after figures, metrics, one "
        "row per post with its explanation, the eligible people given no post and the people excluded, why."
    )
    params = serializers.JSONField(read_only=True)

    class Meta(PlanRunSerializer.Meta):
        fields = [*PlanRunSerializer.Meta.fields, "params", "report"]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_report(self, run: PlanRun) -> dict:
        return plan_report(run)


class PlanRunViewSet(viewsets.ReadOnlyModelViewSet):
    """Rotation plans (phương án luân chuyển), newest first."""

    filterset_class = PlanRunFilterSet

    def get_queryset(self):
        runs = PlanRun.objects.select_related("created_by")
        if self.action != "retrieve":
            runs = runs.defer("problem", "plan")
        return runs.restrict(self.request.user, VIEW)

    def get_serializer_class(self):
        return PlanRunDetailSerializer if self.action == "retrieve" else PlanRunSerializer

    @extend_schema(
        responses={
            200: PlanRunDetailSerializer,
            409: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="The plan was changed outside the workflow: `code` is plan_altered, `detail_vi` and "
                "`detail_en` say how; the report is not given.",
            ),
        }
    )
    def retrieve(self, request, *args, **kwargs):
        """One plan; 409 with the reason, in both languages, when it was changed outside the workflow (its
        content or state no longer matches the decision log): its moves are not presented."""
        run = self.get_object()
        verdict = plan_integrity(run)
        if not verdict.holds:
            return Response(
                {
                    "detail": verdict.message_en if request.LANGUAGE_CODE == "en" else verdict.message_vi,
                    "detail_vi": verdict.message_vi,
                    "detail_en": verdict.message_en,
                    "code": "plan_altered",
                },
                status=status.HTTP_409_CONFLICT,
            )
        return Response(self.get_serializer(run).data)
