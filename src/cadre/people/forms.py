"""Forms of the registry's pages."""

from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_MB = 50  # a national registry of a few hundred thousand rows is well under this


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Registry workbook (.xlsx)"))
    dry_run = forms.BooleanField(
        label=_("Check only (dry run): report the errors, write nothing"), required=False, initial=True
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() != ".xlsx":
            raise forms.ValidationError(
                _("Only Excel .xlsx workbooks can be imported. Save the file as .xlsx and try again.")
            )
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB. Split it into several workbooks."),
                params={"limit": MAX_UPLOAD_MB},
            )
        return upload
