"""Figures computed once per change of the registry, not once per request: the dashboard's and the staffing
pages' summaries are read from Django's cache under a key made of

- the registry's **data version** (`registry_version`): one cheap query over the tables the figures are made
  from. Every change to officials, postings, commune staffing and position quotas writes a row-history row
  (`people.row_history`: the ORM's saves and deletes, and the bulk import's `snapshot`), so the newest history
  id of each moves with every change; the base tables' newest id and row count, and the staffing rows' newest
  change time, are read too, so rows written without history (the demo's bulk seeding) and the units' table
  (the geography load) move it as well. Each is a read of an index's end, or a count of a small table;
- the **scope** of the user (`view_scope`): the communes a user sees are decided by their grants alone, so two
  users with the same grants share figures and users with different grants never do;
- whatever else the caller's figures depend on (the date, the province drilled into).

The version is read *before* the figures are computed: a change committed in between gives a newer version on
the next request, so the figures can be recomputed once too often but are never kept stale.

The cache is Django's default (settings `CACHES`; local memory unless configured): in a multi-process server each
process keeps its own copy, computed once per process and change, which costs one computation per worker after
an import and needs no table or service. Cached values hold no translated text: the pages name things in the
reader's language when they render.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.db import connection

from cadre.accounts.permissions import VIEW, grants_for
from cadre.geo.models import Commune
from cadre.people.models import Official, Posting

from .models import CommuneStaffing, PositionQuota

TIMEOUT = 24 * 3600  # a day: the date is in every key, and an unused version's entries should not linger


def registry_version() -> str:
    """A short text that changes whenever a figure the dashboard or the staffing pages show may have changed."""
    quote = connection.ops.quote_name
    parts = []
    for model in (Official, Posting, CommuneStaffing, PositionQuota):
        history = model.history.model._meta
        parts.append(f"(SELECT MAX({quote(history.pk.column)}) FROM {quote(history.db_table)})")
        parts.append(f"(SELECT MAX({quote(model._meta.pk.column)}) FROM {quote(model._meta.db_table)})")
    for model in (CommuneStaffing, PositionQuota, Commune):
        parts.append(f"(SELECT COUNT(*) FROM {quote(model._meta.db_table)})")
    updated = quote(CommuneStaffing._meta.get_field("updated_at").column)
    parts.append(f"(SELECT MAX({updated}) FROM {quote(CommuneStaffing._meta.db_table)})")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return ":".join("" if value is None else str(value) for value in row)


def view_scope(user) -> str:
    """The user's viewing scope as text, as `accounts.permissions` decides it for a posting: "all" (a superuser
    or a country-wide grant), else the sorted provinces and communes of their grants ("" for none)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return "all"
    places = set()
    for grant in grants_for(user, VIEW):
        if grant.commune_id:
            places.add(f"c{grant.commune_id}")
        elif grant.province_id:
            places.add(f"p{grant.province_id}")
        else:
            return "all"
    return ",".join(sorted(places))


def remembered(name: str, user, parts: tuple, compute):
    """`compute()`, or its value from the cache when the registry has not changed since it was computed for the
    same scope and `parts`. The key is hashed: a scope of many grants stays within any backend's key length."""
    version = registry_version()
    raw = "|".join([version, view_scope(user), *(str(p) for p in parts)])
    key = f"cadre:{name}:{hashlib.sha256(raw.encode()).hexdigest()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value
