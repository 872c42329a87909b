"""Form widgets of the pages read most."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class QuickSelect(forms.Select):
    """A `<select>` written in Python, as Django's templates write it: Django renders each `<option>` through
    two template includes, about 70 µs an option, and the officials list's filters have more than a hundred
    options on every request. Option groups are written too; what Django would put in the markup is the same."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            for option in options:
                parts.append(
                    format_html(
                        '<option value="{}"{}>{}</option>',
                        str(option["value"]),
                        flatatt(option["attrs"]),
                        option["label"],
                    )
                )
            if group_name:
                parts.append(mark_safe("</optgroup>"))
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            mark_safe("".join(parts)),
        )
