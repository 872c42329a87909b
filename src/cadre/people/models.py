"""The registry of cadres: officials, their posts, postings, evaluations, succession plans and relatives.

Postings are effective-dated and never overwritten (see services.record_posting): together they are a person's
movement history. `Official.current_*` and `Official.is_local` are kept by the services from the postings, so
lists over a national registry filter on plain indexed columns.

Every model a user changes keeps its row history (`history`, see row_history.py). The facts derived from other
rows (current post, local status, latest evaluation) are left out of it: they follow from the postings and
evaluations, whose history is kept. Who may see which rows is `Model.objects.restrict(user, action)`.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cadre.accounts.permissions import RestrictedQuerySet
from cadre.core.rules.eligibility import MEASURES
from cadre.core.text import Text
from cadre.geo.models import Commune, LegacyDistrict, Province, ReferenceQuerySet

from .querysets import PostingQuerySet
from .row_history import RegistryHistory

citizen_id_validator = RegexValidator(
    r"^\d{12}$", _("A citizen ID has exactly 12 digits / Số định danh cá nhân gồm đúng 12 chữ số")
)


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month and year")
    YEAR = "year", _("year only")


class TheoryLevel(models.TextChoices):
    """Trình độ lý luận chính trị."""

    NONE = "none", _("None")
    BASIC = "basic", _("Basic (sơ cấp)")
    INTERMEDIATE = "intermediate", _("Intermediate (trung cấp)")
    ADVANCED = "advanced", _("Advanced (cao cấp)")
    BACHELOR = "bachelor", _("Bachelor (cử nhân)")


class Protection(models.TextChoices):
    """Why a person may not be dismissed now, whatever their evaluations (POLICY.md §3)."""

    NONE = "", _("None")
    DISCIPLINE = "discipline", _("Under discipline review")
    PROSECUTION = "prosecution", _("Under prosecution")
    MATERNITY = "maternity", _("Pregnant or raising a child under 36 months")


class Official(models.Model):
    """Cán bộ, công chức: a person in the registry. The citizen ID is the key an import matches on."""

    citizen_id = models.CharField(
        _("citizen ID (số định danh cá nhân)"), max_length=12, unique=True, validators=[citizen_id_validator]
    )
    full_name = models.CharField(_("full name (họ và tên)"), max_length=100)
    search_key = models.CharField(max_length=100, db_index=True, editable=False)
    sex = models.CharField(_("sex (giới tính)"), max_length=6, choices=Sex.choices)
    birth_date = models.DateField(_("birth date (ngày sinh)"))
    birth_precision = models.CharField(
        _("birth date precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )

    # Each place keeps the text as written and the new commune (and, when known, former district) it resolves to.
    birthplace_text = models.CharField(_("birthplace (nơi sinh)"), max_length=255, blank=True)
    birthplace = models.ForeignKey(
        Commune, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("birthplace commune")
    )
    birthplace_district = models.ForeignKey(
        LegacyDistrict, models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    hometown_text = models.CharField(_("hometown (quê quán)"), max_length=255, blank=True)
    hometown = models.ForeignKey(
        Commune, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("hometown commune")
    )
    hometown_district = models.ForeignKey(
        LegacyDistrict, models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    raised_text = models.CharField(_("where they grew up (nơi lớn lên)"), max_length=255, blank=True)
    raised = models.ForeignKey(
        Commune, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("grew-up commune")
    )
    raised_district = models.ForeignKey(
        LegacyDistrict, models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    # [{"keys": ["district:288", "province:31"], "text": "as written", "years": 12.5}, ...]: the unit keys the
    # place lies in (new commune and province, former district), for the local-person rule.
    years_by_unit = models.JSONField(
        _("years studied or worked per unit (thời gian học tập, công tác)"), default=list, blank=True
    )

    ethnicity = models.CharField(_("ethnicity (dân tộc)"), max_length=50, blank=True)
    education = models.CharField(_("education (trình độ chuyên môn)"), max_length=100, blank=True)
    political_theory = models.CharField(
        _("political theory (lý luận chính trị)"),
        max_length=12,
        choices=TheoryLevel.choices,
        default=TheoryLevel.NONE,
    )
    party_joined = models.DateField(_("Party membership date (ngày vào Đảng)"), null=True, blank=True)
    health_concern = models.BooleanField(
        _("health limits a move (sức khỏe hạn chế)"), default=False, help_text=_("Not fit to be rotated")
    )
    early_retirement = models.BooleanField(
        _("early-retirement category (nghỉ hưu sớm)"),
        default=False,
        help_text=_(
            "Long heavy or hazardous work, work in extremely difficult areas, or a lost working capacity "
            "(the thresholds are in the policy file)"
        ),
    )
    protection = models.CharField(
        _("dismissal protection"), max_length=12, choices=Protection.choices, default="", blank=True
    )

    # Kept by services from the open postings: the person's main post now, and whether they are local to it.
    current_position = models.ForeignKey(
        "Position", models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    current_province = models.ForeignKey(
        Province, models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    current_commune = models.ForeignKey(
        Commune, models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    current_since = models.DateField(null=True, blank=True, editable=False)
    is_local = models.BooleanField(_("local person (người địa phương)"), null=True, editable=False)
    latest_evaluation = models.CharField(max_length=6, blank=True, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RestrictedQuerySet.as_manager()
    history = RegistryHistory(
        excluded_fields=[
            "search_key",
            "current_position",
            "current_province",
            "current_commune",
            "current_since",
            "is_local",
            "latest_evaluation",
            "created_at",
            "updated_at",
        ],
        # The history is read by person only: an index per place would slow every import for nothing.
        no_db_index=[
            "citizen_id",
            "birthplace",
            "birthplace_district",
            "hometown",
            "hometown_district",
            "raised",
            "raised_district",
        ],
    )

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        ordering = ["search_key", "citizen_id"]
        indexes = [
            models.Index(fields=["current_province", "current_commune"]),
            models.Index(fields=["current_position"]),
            models.Index(fields=["birth_date"]),
            # Filters that match much of a national registry, in the list's order, so a page needs no sort.
            models.Index(fields=["latest_evaluation", "search_key", "citizen_id"]),
            models.Index(fields=["is_local", "search_key", "citizen_id"]),
        ]

    def __str__(self):
        return self.full_name

    def holds_as_main(self, posting: "Posting") -> bool:
        """Whether `posting` is the open posting the registry keeps as this person's main post."""
        return posting.end is None and (posting.position_id, posting.start) == (
            self.current_position_id,
            self.current_since,
        )


class Track(models.TextChoices):
    """A person holds at most one post of each track at a time (a secretary may also chair the council)."""

    PARTY = "party", _("Party (Đảng)")
    COUNCIL = "council", _("People's Council (HĐND)")
    GOVERNMENT = "government", _("Government and public service (chính quyền)")


class UnitLevel(models.TextChoices):
    COMMUNE = "commune", _("Commune")
    DISTRICT = "district", _("Former district")
    PROVINCE = "province", _("Province")


class PositionKind(models.TextChoices):
    LEADERSHIP = "leadership", _("Leadership post (chức vụ)")
    JOB = "job", _("Job position (vị trí việc làm)")


class PositionGroup(models.TextChoices):
    """The three groups of job positions of the Law on Cadres and Civil Servants 80/2025/QH15."""

    LEADERSHIP = "leadership", _("Leadership and management (lãnh đạo, quản lý)")
    PROFESSIONAL = "professional", _("Professional (chuyên môn, nghiệp vụ)")
    SUPPORT = "support", _("Support and service (hỗ trợ, phục vụ)")


class PositionQuerySet(ReferenceQuerySet):
    def taking_quota(self):
        """The posts a province sets a quota of holders for, per commune (staffing: the quota form, the staffing
        page, the transfer problem): the commune People's Committee's job positions, not its leadership posts."""
        return self.filter(kind=PositionKind.JOB, unit_level=UnitLevel.COMMUNE, track=Track.GOVERNMENT)


class Position(models.Model):
    """Chức vụ / vị trí việc làm. `level` ranks posts for "equivalent": 1 is the highest; two posts with the
    same level are equivalent. The rows are reference data (data migration) and may be edited by a province."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (tên chức vụ)"), max_length=150)
    name_en = models.CharField(_("English name"), max_length=150)
    unit_level = models.CharField(_("unit level"), max_length=8, choices=UnitLevel.choices)
    track = models.CharField(_("track"), max_length=10, choices=Track.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=PositionKind.choices)
    level = models.PositiveSmallIntegerField(_("level (cấp độ tương đương)"))
    is_head = models.BooleanField(_("head of the body (người đứng đầu)"), default=False)
    is_elected = models.BooleanField(_("elected cadre (cán bộ)"), default=False)
    is_key = models.BooleanField(_("key post (chức danh chủ chốt)"), default=False)
    group = models.CharField(
        _("group (nhóm vị trí việc làm)"), max_length=12, choices=PositionGroup.choices, blank=True
    )
    source = models.CharField(_("source (căn cứ)"), max_length=600, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = PositionQuerySet.as_manager()

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["unit_level", "order", "code"]

    def __str__(self):
        return self.name

    @property
    def label(self) -> Text:
        """The post's name in both languages; a page prints the active language's, as `str(label)` gives it."""
        return Text(self.name, self.name_en)


class Posting(models.Model):
    """Một lần bổ nhiệm / điều động: an official in a position at a unit from `start` until `end` (open when
    empty). The unit is a commune, a former district or a province (`body` names the agency there)."""

    official = models.ForeignKey(
        Official, models.CASCADE, related_name="postings", verbose_name=_("official")
    )
    position = models.ForeignKey(
        Position, models.PROTECT, related_name="postings", verbose_name=_("position")
    )
    track = models.CharField(max_length=10, choices=Track.choices, editable=False)
    province = models.ForeignKey(Province, models.PROTECT, related_name="+", verbose_name=_("province"))
    district = models.ForeignKey(
        LegacyDistrict,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("former district"),
    )
    commune = models.ForeignKey(
        Commune, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("commune")
    )
    body = models.CharField(_("body (cơ quan, đơn vị)"), max_length=150, blank=True)
    start = models.DateField(_("from (từ ngày)"))
    end = models.DateField(_("until (đến ngày)"), null=True, blank=True)
    decision = models.CharField(_("decision (số quyết định)"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PostingQuerySet.as_manager()
    history = RegistryHistory(
        excluded_fields=["created_at"], no_db_index=["position", "province", "district", "commune"]
    )

    class Meta:
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        ordering = ["official", "start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")), name="posting_end_after_start"
            ),
            models.UniqueConstraint(
                fields=["official", "track"], condition=Q(end__isnull=True), name="posting_one_open_per_track"
            ),
        ]
        indexes = [
            models.Index(fields=["commune", "end"]),
            models.Index(fields=["official", "start"]),
        ]

    def __str__(self):
        return f"{self.official} · {self.position} · {self.unit}"

    @property
    def unit_level(self) -> str:
        if self.commune_id:
            return UnitLevel.COMMUNE
        return UnitLevel.DISTRICT if self.district_id else UnitLevel.PROVINCE

    @property
    def unit(self):
        return self.commune or self.district or self.province


class EvaluationLevel(models.TextChoices):
    """Xếp loại chất lượng: the four levels, best first."""

    HTXSNV = "HTXSNV", _("Completed excellently (HTXSNV)")
    HTTNV = "HTTNV", _("Completed well (HTTNV)")
    HTNV = "HTNV", _("Completed (HTNV)")
    KHTNV = "KHTNV", _("Did not complete (KHTNV)")


class Evaluation(models.Model):
    """Đánh giá, xếp loại: one year's rating of an official, with the 100-point score where one was given."""

    official = models.ForeignKey(Official, models.CASCADE, related_name="evaluations")
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("level (xếp loại)"), max_length=6, choices=EvaluationLevel.choices)
    score = models.DecimalField(_("score (điểm)"), max_digits=5, decimal_places=2, null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    history = RegistryHistory()

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["official", "-year"]
        constraints = [models.UniqueConstraint(fields=["official", "year"], name="evaluation_one_per_year")]

    def __str__(self):
        return f"{self.official} {self.year}: {self.level}"


# Hình thức kỷ luật: the Party's and the State's measures for cadres and civil servants, lightest first, from the
# one list in cadre.core.rules.eligibility.MEASURES. The waiting time before an appointment to a higher post is
# in the policy file (`discipline_waiting_months_party`, `discipline_waiting_months_state`).
DisciplineMeasure = models.TextChoices(
    "DisciplineMeasure",
    [(m.key.upper(), (m.key, _(m.label))) for m in MEASURES],
)


class Discipline(models.Model):
    """Kỷ luật: a disciplinary measure decided against an official, by a body, on a date. One body decides one
    measure about a person on a day, so (person, date, body) is the record: a Party and a State measure on the
    same day are two records, and importing the row again with a corrected measure corrects it. A record found
    to be wrong is not deleted but annulled (`annulled`: the annulling decision), as the registry keeps every
    decision and its correction; an annulled measure bars nothing."""

    official = models.ForeignKey(Official, models.CASCADE, related_name="disciplines")
    measure = models.CharField(
        _("measure (hình thức kỷ luật)"), max_length=10, choices=DisciplineMeasure.choices
    )
    decided_on = models.DateField(_("decided on (ngày quyết định)"))
    deciding_body = models.CharField(_("deciding body (cơ quan quyết định)"), max_length=150)
    decision = models.CharField(_("decision number (số quyết định)"), max_length=100, blank=True)
    note = models.CharField(_("note (ghi chú)"), max_length=255, blank=True)
    annulled = models.CharField(
        _("annulled by (hủy bỏ bởi)"),
        max_length=150,
        blank=True,
        default="",
        db_default="",  # a workbook without the "Hủy bỏ" column adds records that stand
        help_text=_("The decision that annulled this measure; empty while it stands."),
    )

    objects = RestrictedQuerySet.as_manager()
    history = RegistryHistory()

    class Meta:
        verbose_name = _("discipline (kỷ luật)")
        verbose_name_plural = _("disciplines (kỷ luật)")
        ordering = ["official", "-decided_on", "deciding_body"]
        constraints = [
            models.UniqueConstraint(
                fields=["official", "decided_on", "deciding_body"], name="discipline_one_per_body_and_day"
            )
        ]

    def __str__(self):
        return f"{self.official}: {self.get_measure_display()} {self.decided_on:%d/%m/%Y}"


class SuccessionPlan(models.Model):
    """Quy hoạch: the official is planned for a post (and so for its level) over a term, in the pool held at a
    province or a former district."""

    official = models.ForeignKey(Official, models.CASCADE, related_name="succession_plans")
    position = models.ForeignKey(Position, models.PROTECT, related_name="+", verbose_name=_("planned post"))
    province = models.ForeignKey(Province, models.PROTECT, related_name="+", verbose_name=_("province"))
    district = models.ForeignKey(
        LegacyDistrict,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("former district"),
    )
    term_start = models.PositiveSmallIntegerField(_("term from (năm)"))
    term_end = models.PositiveSmallIntegerField(_("term until (năm)"))

    history = RegistryHistory(no_db_index=["position", "province", "district"])

    class Meta:
        verbose_name = _("succession plan (quy hoạch)")
        verbose_name_plural = _("succession plans (quy hoạch)")
        ordering = ["official", "term_start"]
        constraints = [
            models.UniqueConstraint(fields=["official", "position", "term_start"], name="succession_unique"),
            models.CheckConstraint(condition=Q(term_end__gte=F("term_start")), name="succession_term_order"),
        ]

    def __str__(self):
        return f"{self.official} → {self.position} ({self.term_start}–{self.term_end})"


class RelationKind(models.TextChoices):
    """How `relative` is related to `official` (the pair is stored once)."""

    SPOUSE = "spouse", _("Spouse (vợ/chồng)")
    PARENT = "parent", _("Parent (cha/mẹ)")
    CHILD = "child", _("Child (con)")
    SIBLING = "sibling", _("Sibling (anh/chị/em)")


class Relation(models.Model):
    """Quan hệ gia đình between two officials, used to keep relatives out of one commune's key posts."""

    official = models.ForeignKey(Official, models.CASCADE, related_name="relations")
    relative = models.ForeignKey(Official, models.CASCADE, related_name="relations_as_relative")
    kind = models.CharField(_("relation"), max_length=8, choices=RelationKind.choices)

    history = RegistryHistory()

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        constraints = [
            models.UniqueConstraint(fields=["official", "relative"], name="relation_unique_pair"),
            models.CheckConstraint(
                condition=Q(official_id__lt=F("relative_id")), name="relation_ordered_pair"
            ),
        ]

    def __str__(self):
        return f"{self.official} – {self.relative}: {self.kind}"


class OfficialLogin(models.Model):
    """The sign-in account of a person in the registry (tài khoản của cán bộ): what makes a signed-in user's
    "My tasks" theirs. One account per person and one person per account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, primary_key=True, related_name="official_login"
    )
    official = models.OneToOneField(
        Official, models.CASCADE, related_name="login", verbose_name=_("official")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("official's sign-in account (tài khoản của cán bộ)")
        verbose_name_plural = _("officials' sign-in accounts (tài khoản của cán bộ)")

    def __str__(self):
        return f"{self.user} → {self.official}"
