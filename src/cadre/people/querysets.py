"""The registry's recurring questions about postings, asked the same way everywhere. Who may see them is the
scoped models' own `restrict(user, action)` (`accounts.permissions.RestrictedQuerySet`)."""

from django.db.models import Q

from cadre.accounts.permissions import RestrictedQuerySet


class PostingQuerySet(RestrictedQuerySet):
    def held_on(self, day):
        """The postings held on `day`: started by then and not ended before (a posting closed for a later move is
        still held until its end)."""
        return self.filter(Q(start__lte=day) & (Q(end__isnull=True) | Q(end__gte=day)))
