"""Setting a commune's population, its quota override (always with a reason) and its job-position quotas, and
asking for a province's transfer plan."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadre.accounts.permissions import STAFFING, provinces_for
from cadre.web.dates import DayMonthYearField

from .models import CommuneStaffing, TransferPlan


class CommuneStaffingForm(forms.ModelForm):
    class Meta:
        model = CommuneStaffing
        fields = ["population", "mountain", "quota_override", "override_reason"]
        widgets = {"override_reason": forms.Textarea(attrs={"rows": 2})}

    population = forms.IntegerField(
        label=_("population (dân số)"), required=False, min_value=0, max_value=10_000_000
    )
    quota_override = forms.IntegerField(
        label=_("quota set by the province"), required=False, min_value=0, max_value=500
    )

    why = forms.CharField(
        label=_("Why this change (recorded in the history)"), max_length=500, widget=forms.TextInput
    )

    def clean(self):
        data = super().clean()
        if data.get("quota_override") is not None and not (data.get("override_reason") or "").strip():
            self.add_error(
                "override_reason", _("A quota set by the province needs its reason (the decision).")
            )
        if data.get("quota_override") is None and (data.get("override_reason") or "").strip():
            self.add_error("quota_override", _("Give the quota the reason is for, or clear the reason."))
        return data


class PositionQuotaForm(forms.Form):
    """One number per job position; blank removes the position's quota."""

    def __init__(self, *args, positions=(), **kwargs):
        super().__init__(*args, **kwargs)
        for code, name in positions:
            self.fields[code] = forms.IntegerField(label=name, required=False, min_value=0, max_value=500)


class TransferForm(forms.Form):
    """The province (among those the user may plan transfers for; chosen already when there is one) and the
    transfer date (today unless changed)."""

    province = forms.ModelChoiceField(queryset=None, label=_("Province or city"))
    transfer_date = DayMonthYearField(label=_("Transfer date"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = provinces_for(user, STAFFING, TransferPlan).order_by("name")
        self.fields["province"].queryset = provinces
        if len(choices := list(provinces[:2])) == 1:
            self.fields["province"].initial, self.fields["province"].empty_label = choices[0], None
        else:
            self.fields["province"].empty_label = _("Choose a province or city")
        self.fields["transfer_date"].initial = timezone.localdate()
