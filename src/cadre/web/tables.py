import django_tables2 as tables
from django.core.paginator import Paginator
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from cadre.core.place_names import fold

MAX_PER_PAGE = 500
PAGE_SIZES = (25, 50, 100, 200)  # the page sizes a list offers (a URL may ask for any up to MAX_PER_PAGE)


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

    page_sizes = PAGE_SIZES

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


class ListControls:
    """Search, sort, page and page size of a table computed in Python (the staffing tables: rows that are no
    database rows), read from the query string and bounded: an unknown sort is the default one, a page size not
    offered is the first, a search longer than `MAX_SEARCH` characters is cut.

    `columns` maps each sortable column's key to its label and a function giving a row's sort value.
    """

    MAX_SEARCH = 100

    def __init__(self, query, columns: dict, *, default_sort: str, per_page: int = 50):
        self.query = query
        self.columns = columns
        self.q = (query.get("q") or "").strip()[: self.MAX_SEARCH]
        sort = query.get("sort") or default_sort
        self.descending = sort.startswith("-")
        self.sort = sort.lstrip("-") if sort.lstrip("-") in columns else default_sort.lstrip("-")
        if self.sort != sort.lstrip("-"):
            self.descending = default_sort.startswith("-")
        try:
            asked = int(query.get("per_page") or per_page)
        except ValueError:
            asked = per_page
        self.per_page = asked if asked in PAGE_SIZES else PAGE_SIZES[0]
        self.page_sizes = PAGE_SIZES

    def rows(self, rows: list, text) -> list:
        """The rows matching the search (`text(row)`: what the search looks in, any case or diacritics), sorted."""
        wanted = fold(self.q)
        if wanted:
            rows = [row for row in rows if wanted in fold(text(row))]
        key = self.columns[self.sort][1]
        blank = [row for row in rows if key(row) in (None, "")]  # last whichever way the column is sorted
        known = [row for row in rows if key(row) not in (None, "")]
        return sorted(known, key=lambda row: _sortable(key(row)), reverse=self.descending) + blank

    def page(self, rows: list):
        page = Paginator(rows, self.per_page).get_page(self.query.get("page"))
        last, now, numbers = page.paginator.num_pages, page.number, []
        for number in range(1, last + 1):
            if number in (1, last) or abs(number - now) <= 2:
                numbers.append(number)
            elif numbers[-1] is not None:
                numbers.append(None)
        self._numbers = numbers
        return page

    def link(self, **changes) -> str:
        """The query string with `changes` (None removes a key); a new search, sort or size starts at page 1."""
        params = self.query.copy()
        if set(changes) - {"page"}:
            params.pop("page", None)
        for name, value in changes.items():
            if value is None:
                params.pop(name, None)
            else:
                params[name] = value
        return "?" + params.urlencode()

    @property
    def query_without_page(self) -> str:
        """The query string without the page and the export: links to another page or to the export add theirs."""
        params = self.query.copy()
        params.pop("page", None)
        params.pop("export", None)
        return "?" + params.urlencode()

    @property
    def page_numbers(self) -> list[int | None]:
        """Set by `page()`: the numbers to link, None where some are left out (1 … 4 5 6 … 12)."""
        return getattr(self, "_numbers", [])

    @property
    def headers(self) -> list[dict]:
        """Each sortable column: its label, the link that sorts by it (the other way when it is the sort now)
        and `aria-sort` for the one it is sorted by."""
        out = []
        for key, (label, _value) in self.columns.items():
            current = key == self.sort
            order = ("descending" if self.descending else "ascending") if current else ""
            target = key if not current or self.descending else f"-{key}"
            out.append({"key": key, "label": label, "link": self.link(sort=target), "order": order})
        return out


def _sortable(value):
    """Sort key: numbers by value, words without case or diacritics ("Đ" after "D", not after "Z")."""
    if isinstance(value, int | float):
        return (0, value, "")
    return (1, 0, fold(str(value)) + "\x00" + str(value))
