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


class PlaceInput(forms.TextInput):
    """A text box for a place's name with the names to pick from as the user types (a `<datalist>`: no script,
    the browser matches the typed letters). `options` is set per request from the user's scope (the filterset:
    `people.filtersets.name_places`): (value, hint) pairs, the hint shown beside a name (e.g. "former district").
    The typed text is what is filtered on, so a name not in the list still finds its places."""

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "spellcheck": "false", **(attrs or {})})
        self.options = ()  # or a function giving them, called when the box is written (an API never writes it)

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        if callable(self.options):
            self.options = self.options()
        if not self.options:
            return super().render(name, value, attrs, renderer)
        list_id = f"{attrs.get('id') or 'id_' + name}-names"
        box = super().render(name, value, {**attrs, "list": list_id}, renderer)
        options = mark_safe(
            "".join(
                format_html('<option value="{}" label="{}"></option>', value, hint)
                if hint
                else format_html('<option value="{}"></option>', value)
                for value, hint in self.options
            )
        )
        return format_html('{}<datalist id="{}">{}</datalist>', box, list_id, options)
