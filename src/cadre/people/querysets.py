"""The registry's recurring questions about postings, asked the same way everywhere: which postings were held on a
day, which are open now, which are key posts in a commune, and which are commune Party secretaries'. Who may see them is the scoped models' own
`restrict(user, action)` (`accounts.permissions.RestrictedQuerySet`)."""

from django.db.models import Q

from cadre.accounts.permissions import RestrictedQuerySet

from .positions import SECRETARY


class PostingQuerySet(RestrictedQuerySet):
    def held_on(self, day):
        """The postings held on `day`: started by then and not ended before (a posting closed for a later move is
        still held until its end)."""
        return self.filter(Q(start__lte=day) & (Q(end__isnull=True) | Q(end__gte=day)))

    def current(self):
        """The open postings: what the registry holds now (an open posting is the incumbent's, whatever the
        planning date, as `Official.current_*` are kept)."""
        return self.filter(end__isnull=True)

    def key_in_communes(self):
        """The postings of key posts in a commune (where a relative's key post keeps a person out: the planner's
        rule, and what a person's page says of their relatives)."""
        return self.filter(position__is_key=True, commune__isnull=False)

    def secretaries(self):
        """Commune Party secretaries' postings, by official and then by start, so that when a data error leaves
        two open a dict built from them keeps the same one every time: by commune (the dashboard) the later
        official, by official (the planner) the later posting. `Posting.objects.current().secretaries()` is each
        commune's secretary now."""
        return self.holding(SECRETARY)

    def holding(self, position_code: str):
        """The postings of one position (e.g. the commune People's Committee chairs'), ordered as
        `secretaries()` explains."""
        return self.filter(position__code=position_code).order_by("official_id", "start", "pk")
