import django_tables2 as tables
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

MAX_PER_PAGE = 500


class CadreTable(tables.Table):
    """The base of every table: django-tables2 has no Vietnamese, so its few words are ours.

    django-tables2 renders each cell through its accessors, `render_*` signatures and a template loop: about half
    a millisecond a row of ten columns, most of a busy list page's cost. A table whose rows are read on every
    request (the officials list) gives its cells itself in `row_cells(record)`, and its body is then written in
    one pass (`rows_html`, used by web/table.html); the header, sorting and pagination stay django-tables2's.
    Cell attributes must then not depend on the row.
    """

    class Meta:
        empty_text = _("Nothing matches these filters.")

    def paginate(self, *args, per_page=None, **kwargs):
        # ?per_page= comes from the URL: never let it render a national registry in one page.
        if per_page is not None:
            per_page = max(1, min(per_page, MAX_PER_PAGE))
        return super().paginate(*args, per_page=per_page, **kwargs)

    def row_cells(self, record) -> dict[str, object]:
        """Each column's content for `record`, by column name: text (escaped when written) or safe HTML; None
        or "" for the column's default. Tables that do not override it are rendered by django-tables2."""
        raise NotImplementedError

    def rows_html(self):
        """The `<tr>` rows of the page, as django-tables2 writes them (alternating even/odd, each column's cell
        attributes), or None to let django-tables2 render the body (no `row_cells`, or nothing to show)."""
        if type(self).row_cells is CadreTable.row_cells:
            return None
        # The page's rows (a `BoundRows` slice) or all of them: their records, without a BoundRow each.
        records = (self.page.object_list if hasattr(self, "page") else self.rows).data
        if not len(records):
            return None
        columns = [(column.name, column.attrs["td"].as_html(), column.default) for column in self.columns]
        html = []
        for index, record in enumerate(records):
            cells = self.row_cells(record)
            html.append('<tr class="odd">' if index % 2 else '<tr class="even">')
            for name, attrs, default in columns:
                value = cells[name]
                html.append(
                    f"<td {attrs}>{conditional_escape(default if value in (None, '') else value)}</td>"
                )
            html.append("</tr>\n")
        return mark_safe("".join(html))  # every piece escaped above
