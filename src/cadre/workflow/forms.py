from django import forms
from django.utils.translation import gettext_lazy as _


class StepForm(forms.Form):
    """What every workflow step asks for: why (and, to record a decision, its number)."""

    # A blank reason is left to the workflow service, whose refusal names the step ("… to propose a plan").
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )
    decision = forms.CharField(label=_("Decision number"), max_length=100, required=False)
