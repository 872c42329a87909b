"""Fast bulk writes for large imports, on SQLite and PostgreSQL alike.

Django's bulk_update builds one CASE WHEN per field and row, and bulk_create caps a statement at the backend's
parameter limit (on SQLite about 28 officials per INSERT); both also build a model instance per row. A
100,000-person import spends most of its time there. These helpers take plain values and run one
parameterised statement with executemany, converting only the values the database cannot take as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from django.db import DEFAULT_DB_ALIAS, connections

# Fields whose Python values the database drivers take unchanged.
_AS_IS = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "FloatField",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
}


def _converter(field, connection) -> Callable | None:
    target = field.target_field if field.is_relation else field
    if target.get_internal_type() in _AS_IS:
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def _fields(meta, names: Sequence[str]) -> list:
    by_attname = {f.attname: f for f in meta.concrete_fields}
    return [by_attname[name] for name in names]


def _params(fields, rows: Iterable[Sequence], connection) -> list[list]:
    converters = [_converter(f, connection) for f in fields]
    if not any(converters):
        return [list(row) for row in rows]
    return [
        [
            value if convert is None or value is None else convert(value)
            for value, convert in zip(row, converters, strict=True)
        ]
        for row in rows
    ]


def insert_rows(model, names: Sequence[str], rows: Iterable[Sequence]) -> int:
    """INSERT one row per sequence of values, in the order of the field `names` (attnames such as
    "official_id" for foreign keys). Primary keys are not read back."""
    connection = connections[DEFAULT_DB_ALIAS]
    meta = model._meta
    fields = _fields(meta, names)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    params = _params(fields, rows, connection)
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)
    return len(params)


def update_rows(model, names: Sequence[str], rows: Iterable[Sequence]) -> int:
    """UPDATE by primary key: each row is the values of `names` followed by the primary key."""
    connection = connections[DEFAULT_DB_ALIAS]
    meta = model._meta
    fields = _fields(meta, names)
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
    params = _params([*fields, meta.pk], rows, connection)
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)
    return len(params)


def copy_rows(source, target, names: Sequence[str], constants: dict[str, object], ids: Iterable[int]) -> None:
    """Copy the rows of `source` with these primary keys into `target`: the fields `names` (attnames both models
    have) as they are stored, plus the same `constants` on every copy. The rows never pass through Python: each
    run of consecutive ids (an import creates them so) is one INSERT ... SELECT over a range of keys."""
    connection = connections[DEFAULT_DB_ALIAS]
    quote = connection.ops.quote_name
    columns = [quote(f.column) for f in _fields(source._meta, names)]
    copied = [quote(f.column) for f in _fields(target._meta, [*names, *constants])]
    key = quote(source._meta.pk.column)
    sql = (
        f"INSERT INTO {quote(target._meta.db_table)} ({', '.join(copied)}) "
        f"SELECT {', '.join([*columns, *['%s'] * len(constants)])} "
        f"FROM {quote(source._meta.db_table)} WHERE {key} >= %s AND {key} <= %s"
    )
    fixed = _params(_fields(target._meta, list(constants)), [list(constants.values())], connection)[0]
    params = [[*fixed, first, last] for first, last in _runs(ids)]
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)


def _runs(ids: Iterable[int]) -> list[tuple[int, int]]:
    """[1, 2, 3, 7, 8] -> [(1, 3), (7, 8)]."""
    runs: list[list[int]] = []
    for pk in sorted(set(ids)):
        if runs and pk == runs[-1][1] + 1:
            runs[-1][1] = pk
        else:
            runs.append([pk, pk])
    return [(first, last) for first, last in runs]


def filter_ids(queryset, field: str, ids: Sequence[int]):
    """`queryset` narrowed to rows whose integer `field` is in `ids`. A dense run of ids (as an
    import creates) becomes a range, which the database answers without a parameter per id; the caller
    drops the few rows in the range that are not wanted."""
    ids = sorted(ids)
    if ids and ids[-1] - ids[0] < 2 * len(ids):
        return queryset.filter(**{f"{field}__gte": ids[0], f"{field}__lte": ids[-1]})
    return queryset.filter(**{f"{field}__in": ids})
