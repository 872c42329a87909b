"""The forms of the plan pages: asking for a run, and the reason every workflow step needs."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadre.accounts.permissions import PLAN, provinces_for
from cadre.core.policy import PolicyError, national_policy
from cadre.core.rules.eligibility import Rules
from cadre.web.dates import DayMonthYearField

from .models import PlanRun, PostType
from .post_types import CHAIR_POST, SECRETARY_POST
from .targets import target_in_force

# The run form's target field of each post type.
TARGET_FIELDS = {SECRETARY_POST: "target_percent", CHAIR_POST: "chair_target_percent"}


# Said under a post's target field when no target of that post applies on the rotation date.
_NO_TARGET = {
    SECRETARY_POST: _(
        "No secretary target applies on %(date)s: the province has set none and the national reference starts "
        "later. Set the province's target or enter one for this plan."
    ),
    CHAIR_POST: _(
        "No chair target applies on %(date)s: the province has set none and the national reference starts "
        "later. Set the province's target or enter one for this plan."
    ),
}


def _target_field(label, help_text) -> forms.DecimalField:
    """A target as a percentage; blank: the province's target in force on the date."""
    return forms.DecimalField(
        label=label, required=False, min_value=0, max_value=100, decimal_places=2, help_text=help_text
    )


class PlanRequestForm(forms.Form):
    """A plan run's parameters. Blank target and weights mean: as the policy file has them on the date."""

    province = forms.ModelChoiceField(queryset=None, label=_("Province or city"))
    rotation_date = DayMonthYearField(
        label=_("Rotation date"), help_text=_("The rules in force on this date apply.")
    )
    post_types = forms.MultipleChoiceField(
        label=_("Posts to plan"),
        choices=[
            (SECRETARY_POST, _("Commune Party secretaries")),
            (CHAIR_POST, _("Commune People's Committee chairs")),
        ],
        initial=[SECRETARY_POST],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Planned together, the same people are candidates for both posts and each person gets at most one; "
            "each post has its own target. With none ticked, the secretaries are planned."
        ),
    )
    target_percent = _target_field(
        _("Non-local secretary target (%)"),
        _(
            "Leave blank for the province's target in force on the rotation date (the national reference "
            "value where the province has set none)."
        ),
    )
    chair_target_percent = _target_field(
        _("Non-local People's Committee chair target (%)"),
        _(
            "Used when the chairs are planned. Leave blank for the province's target in force on the rotation "
            "date (the national reference value where the province has set none)."
        ),
    )
    district_floors = forms.BooleanField(
        label=_("Also meet the target in each former district"), required=False
    )
    # Advanced settings (shown folded under "Advanced"): the two weights of a pair's cost, filled in with the
    # policy file's values. Only a value changed from the policy's on the rotation date is kept for the run.
    ADVANCED = ("per_km", "per_rating_step")
    per_km = forms.FloatField(
        label=_("Weight of distance (per km)"),
        required=False,
        min_value=0,
        max_value=1000,
        help_text=_(
            "Points of burden for each km between a person's home and the post. Higher: the plan keeps people "
            "nearer home."
        ),
    )
    per_rating_step = forms.FloatField(
        label=_("Weight of fit (per rating step)"),
        required=False,
        min_value=0,
        max_value=1000,
        help_text=_(
            "Points for each step a person's ratings of the last years fall below the best rating. Higher: the "
            "plan gives the posts to the best-rated people even if they live further away."
        ),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = provinces_for(user, PLAN, PlanRun).order_by("name")
        self.fields["province"].queryset = provinces
        if len(choices := list(provinces[:2])) == 1:  # a province's own officer: their province, chosen
            self.fields["province"].initial = choices[0]
            self.fields["province"].empty_label = None
        else:
            self.fields["province"].empty_label = _("Choose a province or city")
        self.fields["rotation_date"].initial = timezone.localdate()
        weights = national_policy().value("rotation_cost_weights", timezone.localdate())
        for name in self.ADVANCED:
            self.fields[name].initial = weights[name]
        province = choices[0].code if len(choices) == 1 else None
        try:
            in_force = {kind: target_in_force(province, kind, timezone.localdate()) for kind in TARGET_FIELDS}
        except PolicyError:
            return
        for kind, name in TARGET_FIELDS.items():
            field = self.fields[name]
            field.widget.attrs["placeholder"] = f"{in_force[kind].share * 100:g}"
            if province:
                field.help_text = _(
                    "Leave blank for the province's target in force on the rotation date: today %(share)s%% "
                    "(%(source)s)."
                ) % {"share": f"{in_force[kind].share * 100:g}", "source": in_force[kind].source}

    def clean_rotation_date(self):
        """A date on which Cadre holds the rotation rules and the communes of the two-tier system exist (whatever
        target is typed in)."""
        on = self.cleaned_data["rotation_date"]
        try:
            Rules.on_date(on)
            national_policy().value("two_tier_in_force", on)
        except PolicyError as error:
            raise forms.ValidationError(
                _("The rotation rules Cadre holds are not in force on %(date)s: choose a later date."),
                params={"date": on.strftime("%d/%m/%Y")},
            ) from error
        return on

    def clean(self):
        """Each ticked post's target: typed in, or the province's in force on the rotation date (there must be
        one); a target typed for a post not ticked is a mistake to point out, not to drop silently."""
        data = super().clean()
        on, province = data.get("rotation_date"), data.get("province")
        chosen = data.get("post_types") or (SECRETARY_POST,)
        for kind, name in TARGET_FIELDS.items():
            if kind not in chosen:
                if data.get(name) is not None:
                    self.add_error(
                        name, _("This post is not ticked to be planned: tick it or clear its target.")
                    )
                continue
            if not on or not province or data.get(name) is not None:
                continue
            try:
                target_in_force(province.code, kind, on)
            except PolicyError:
                self.add_error(name, _NO_TARGET[kind] % {"date": on.strftime("%d/%m/%Y")})
        return data

    def weights(self) -> dict:
        """The weights set for this run: those the user changed on the form and that differ from the policy's
        values on the rotation date (a blank means the policy's value too). A field left as the form filled it in
        (today's values) is not the user's setting, even when the policy changes before the rotation date."""
        policy = national_policy().value("rotation_cost_weights", self.cleaned_data["rotation_date"])
        return {
            name: value
            for name in self.ADVANCED
            if name in self.changed_data
            and (value := self.cleaned_data.get(name)) is not None
            and value != policy[name]
        }

    def target(self) -> float | None:
        value = self.cleaned_data.get("target_percent")
        return None if value is None else float(value) / 100

    def chair_target(self) -> float | None:
        value = self.cleaned_data.get("chair_target_percent")
        return None if value is None else float(value) / 100

    def chosen_post_types(self) -> tuple[str, ...]:
        return tuple(self.cleaned_data.get("post_types") or (SECRETARY_POST,))


class LockForm(forms.Form):
    """Keep one move or forbid it, and why (the reason goes into the new plan's record), then solve again."""

    candidate = forms.CharField(max_length=40)
    post = forms.CharField(max_length=40)
    kind = forms.ChoiceField(choices=[("must", "must"), ("must_not", "must_not")])
    reason = forms.CharField(label=_("Reason"), max_length=500, strip=True)


class TargetForm(forms.Form):
    """The Board sets its province's non-local target of one post type: the share, from which day (and, if it
    says so, until which), the document that set it and why it is entered (both recorded in the history)."""

    post_type = forms.ChoiceField(label=_("Post"), choices=PostType.choices)
    share_percent = forms.DecimalField(
        label=_("Least share not local (%)"), min_value=0, max_value=100, decimal_places=1
    )
    valid_from = DayMonthYearField(label=_("In force from"))
    valid_until = DayMonthYearField(
        label=_("In force until"), required=False, help_text=_("Leave blank when the document sets no end.")
    )
    document = forms.CharField(
        label=_("Document that set it"),
        max_length=300,
        help_text=_(
            "Its number, date and issuer, e.g. Kế hoạch số 12-KH/TU ngày 03/9/2025 của Ban Thường vụ Tỉnh ủy."
        ),
    )
    reason = forms.CharField(
        label=_("Why this change (recorded in the history)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("The end date must be on or after the start date."))
        return data

    def share(self) -> float:
        return float(self.cleaned_data["share_percent"]) / 100
