"""Read-only REST endpoints over the registry. The lists take the same filters as the pages (one filterset per
list); an official's detail adds their history and what the rules say about them (`profile.official_profile`).
Sentences from the rules come in both languages (`*_vi`, `*_en`)."""

import datetime as dt

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from cadre.accounts.permissions import VIEW
from cadre.core.rules.eligibility import MEASURE_BY_KEY

from .filtersets import EvaluationFilterSet, OfficialFilterSet, PostingFilterSet
from .models import Discipline, Evaluation, Official, Position, Posting
from .profile import PLACE_RELATED, age_on, birth_of, official_profile


class UnitSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class PositionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Position
        fields = [
            "code",
            "name",
            "name_en",
            "unit_level",
            "track",
            "kind",
            "level",
            "is_head",
            "is_elected",
            "is_key",
        ]


class PostBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Position
        fields = ["code", "name", "name_en"]


class OfficialSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:official-detail")
    birth_date = serializers.SerializerMethodField(
        help_text="As known: 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' (see birth_precision)."
    )
    age = serializers.SerializerMethodField(help_text="Whole years today.")
    current_position = PostBriefSerializer(read_only=True, allow_null=True)
    current_province = UnitSerializer(read_only=True, allow_null=True)
    current_commune = UnitSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Official
        fields = [
            "id",
            "url",
            "citizen_id",
            "full_name",
            "sex",
            "birth_date",
            "birth_precision",
            "age",
            "current_position",
            "current_province",
            "current_commune",
            "current_since",
            "latest_evaluation",
            "is_local",
        ]

    @extend_schema_field(OpenApiTypes.STR)
    def get_birth_date(self, official) -> str:
        return birth_of(official).isoformat()

    @extend_schema_field(OpenApiTypes.INT)
    def get_age(self, official) -> int:
        return age_on(official, dt.date.today())


class PostingSerializer(serializers.ModelSerializer):
    position = PostBriefSerializer(read_only=True)
    province = UnitSerializer(read_only=True)
    district = UnitSerializer(read_only=True, allow_null=True, help_text="A former (pre-2025) district.")
    commune = UnitSerializer(read_only=True, allow_null=True)
    unit_level = serializers.CharField(read_only=True)

    class Meta:
        model = Posting
        fields = [
            "id",
            "official",
            "position",
            "track",
            "unit_level",
            "province",
            "district",
            "commune",
            "body",
            "start",
            "end",
            "decision",
        ]


class EvaluationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evaluation
        fields = ["id", "official", "year", "level", "score"]


class DisciplineSerializer(serializers.ModelSerializer):
    # The measure's name in both languages next to its key (the one list: eligibility.MEASURES).
    measure_vi = serializers.SerializerMethodField()
    measure_en = serializers.SerializerMethodField()

    class Meta:
        model = Discipline
        fields = [
            "measure",
            "measure_vi",
            "measure_en",
            "decided_on",
            "deciding_body",
            "decision",
            "note",
            "annulled",
        ]

    def get_measure_vi(self, obj: Discipline) -> str:
        return MEASURE_BY_KEY[obj.measure].vi

    def get_measure_en(self, obj: Discipline) -> str:
        return MEASURE_BY_KEY[obj.measure].en


class SuccessionPlanSerializer(serializers.Serializer):
    position = PostBriefSerializer()
    province = UnitSerializer()
    district = UnitSerializer(allow_null=True)
    term_start = serializers.IntegerField()
    term_end = serializers.IntegerField()


class PlaceSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="birthplace, hometown or raised")
    text = serializers.CharField(help_text="As written in the registry.")
    commune = UnitSerializer(allow_null=True, help_text="The commune (since 1 July 2025) it resolved to.")
    district = UnitSerializer(allow_null=True, help_text="The former district, when known.")


class RelativeSerializer(serializers.Serializer):
    """A relative outside the caller's scope comes without `id` and `full_name`: only how they are related and
    where within the scope they hold a key post, which is what the rules need."""

    # Not required: DRF leaves a field out of the output when its source is missing (an outside relative).
    id = serializers.IntegerField(
        source="official.pk", required=False, help_text="Only for a relative within your scope."
    )
    full_name = serializers.CharField(
        source="official.full_name", required=False, help_text="Only for a relative within your scope."
    )
    relation = serializers.CharField(source="kind", help_text="How the relative is related to this person.")
    outside_scope = serializers.BooleanField(
        help_text="The relative is outside your scope: who they are is not shown."
    )
    holds_key_post_in = UnitSerializer(
        many=True,
        source="key_posts_in",
        help_text="The communes within your scope where the relative holds a key post now (a person may not "
        "hold a key post in the same commune).",
    )


class RetirementSerializer(serializers.Serializer):
    retirement_date = serializers.DateField()
    pension_start = serializers.DateField()
    age_months = serializers.IntegerField(help_text="Age at retirement, in months.")
    early = serializers.BooleanField(help_text="The earliest date of the early-retirement category.")
    sources = serializers.ListField(child=serializers.CharField())
    unverified = serializers.BooleanField()


class FindingSerializer(serializers.Serializer):
    code = serializers.CharField()
    title_vi = serializers.CharField(source="title.vi")
    title_en = serializers.CharField(source="title.en")
    outcome = serializers.BooleanField(
        allow_null=True, help_text="Whether the rule's condition holds; null if unknown."
    )
    verdict_vi = serializers.CharField(source="verdict.vi")
    verdict_en = serializers.CharField(source="verdict.en")
    reasons = serializers.SerializerMethodField()
    source = serializers.CharField(help_text="The legal source cited in the policy file.")
    unverified = serializers.BooleanField()

    @extend_schema_field(
        {
            "type": "array",
            "items": {"type": "object", "properties": {"vi": {"type": "string"}, "en": {"type": "string"}}},
        }
    )
    def get_reasons(self, finding) -> list:
        return [r.to_dict() for r in finding.reasons]


class OfficialDetailSerializer(OfficialSerializer):
    places = PlaceSerializer(many=True, source="profile.places")
    postings = PostingSerializer(many=True, source="profile.postings")
    evaluations = EvaluationSerializer(many=True, source="profile.evaluations")
    succession_plans = SuccessionPlanSerializer(many=True, source="profile.succession_plans")
    relatives = RelativeSerializer(many=True, source="profile.relatives")
    disciplines = DisciplineSerializer(many=True, source="profile.disciplines")
    retirement = RetirementSerializer(source="profile.retirement", allow_null=True)
    months_of_service_left = serializers.IntegerField(
        source="profile.months_of_service_left", allow_null=True
    )
    rules = FindingSerializer(many=True, source="profile.rules")

    class Meta(OfficialSerializer.Meta):
        fields = [
            *OfficialSerializer.Meta.fields,
            "ethnicity",
            "education",
            "political_theory",
            "party_joined",
            "health_concern",
            "early_retirement",
            "protection",
            "places",
            "postings",
            "evaluations",
            "succession_plans",
            "relatives",
            "disciplines",
            "retirement",
            "months_of_service_left",
            "rules",
        ]


class OfficialViewSet(viewsets.ReadOnlyModelViewSet):
    """Officials (cán bộ, công chức), filtered as on the officials page."""

    filterset_class = OfficialFilterSet

    def get_queryset(self):
        if self.action == "retrieve":
            officials = Official.objects.select_related(*PLACE_RELATED)
        else:
            officials = Official.objects.select_related(
                "current_position", "current_province", "current_commune"
            )
        return officials.restrict(self.request.user, VIEW)

    def get_serializer_class(self):
        return OfficialDetailSerializer if self.action == "retrieve" else OfficialSerializer

    def get_object(self):
        official = super().get_object()
        official.profile = official_profile(official, viewer=self.request.user)
        return official


class PostingViewSet(viewsets.ReadOnlyModelViewSet):
    """Postings (quá trình công tác): every post each official has held, never overwritten."""

    # Ordered by the id columns: ordering by `official` would join officials only to sort.
    queryset = Posting.objects.select_related("position", "province", "district", "commune").order_by(
        "official_id", "start", "id"
    )
    serializer_class = PostingSerializer
    filterset_class = PostingFilterSet

    def get_queryset(self):
        return super().get_queryset().restrict(self.request.user, VIEW)


class EvaluationViewSet(viewsets.ReadOnlyModelViewSet):
    """Yearly evaluations (đánh giá, xếp loại)."""

    queryset = Evaluation.objects.order_by("official_id", "-year")
    serializer_class = EvaluationSerializer
    filterset_class = EvaluationFilterSet

    def get_queryset(self):
        return super().get_queryset().restrict(self.request.user, VIEW)


class PositionViewSet(viewsets.ReadOnlyModelViewSet):
    """The reference list of posts (chức vụ, vị trí việc làm)."""

    queryset = Position.objects.all()
    serializer_class = PositionSerializer
    lookup_field = "code"
