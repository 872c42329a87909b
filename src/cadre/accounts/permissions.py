"""Who may take which action where: the one place where a user's roles and scopes become a query filter.

Every page, API endpoint, export, report and import asks `Model.objects.restrict(user, action)` which rows the
user may act on (`RestrictedQuerySet`, the manager of every scoped model). A role says which actions a user may
take; the grant's scope says where. A model says where its rows are through `SCOPE_PATHS`: the lookup to its
province and, when it has one, to its commune. A commune-wide grant reaches only models with a commune path: a
commune user sees their commune's officials, not the province's plans. Reference data (the administrative units,
the list of posts) is open to every signed-in user (`geo.models.ReferenceQuerySet`).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from cadre.geo.models import Commune, Province

from .models import Role

VIEW, EXPORT, IMPORT, PLAN, APPROVE, STAFFING, WORKPLAN, ADMINISTER = (
    "view",
    "export",
    "import",
    "plan",
    "approve",
    "staffing",
    "workplan",  # assign tasks and decide on them, close months, enter the service centre's figures
    "administer",
)
ACTIONS = (VIEW, EXPORT, IMPORT, PLAN, APPROVE, STAFFING, WORKPLAN, ADMINISTER)

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.MINISTRY_VIEWER: frozenset({VIEW, EXPORT}),
    Role.BOARD_OFFICER: frozenset({VIEW, EXPORT, IMPORT, PLAN, WORKPLAN}),
    Role.STANDING_MEMBER: frozenset({VIEW, EXPORT, APPROVE}),
    Role.HOME_AFFAIRS: frozenset({VIEW, EXPORT, IMPORT, STAFFING, WORKPLAN}),
    Role.COMMUNE_LEADER: frozenset({VIEW, EXPORT, WORKPLAN}),
    Role.COMMUNE_USER: frozenset({VIEW}),
    Role.ADMINISTRATOR: frozenset(ACTIONS),
}

_NOTHING = Q(pk__in=[])

# model label -> (lookup to the province code, lookup to the commune code or None)
SCOPE_PATHS: dict[str, tuple[str, str | None]] = {
    "people.official": ("current_province", "current_commune"),
    "people.posting": ("province", "commune"),
    "people.evaluation": ("official__current_province", "official__current_commune"),
    "people.discipline": ("official__current_province", "official__current_commune"),
    "rotation.planrun": ("province", None),
    "rotation.planjob": ("province", None),
    "rotation.provincetarget": ("province", None),
    "staffing.transferplan": ("province", None),
    "staffing.communestaffing": ("commune__province", "commune"),
    "staffing.positionquota": ("commune__province", "commune"),
    "people.officiallogin": ("official__current_province", "official__current_commune"),
    "workplans.workplan": ("province", "commune"),
    "workplans.task": ("province", "commune"),
    "workplans.taskevent": ("province", "commune"),
    "workplans.handback": ("province", "commune"),
    "workplans.progressreport": ("province", "commune"),
    "workplans.closingday": ("province", None),
    "workplans.monthclose": ("province", None),
    "workplans.taskmonthresult": ("province", "commune"),
    "workplans.servicecentremonth": ("province", "commune"),
}


def grants_for(user, action: str):
    """The user's grants whose role allows `action`."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return []
    # One query per request: the user object lives as long as the request, and pages ask several times.
    grants = getattr(user, "_cadre_grants", None)
    if grants is None:
        grants = user._cadre_grants = list(user.grants.all())
    return [grant for grant in grants if action in ROLE_ACTIONS.get(grant.role, ())]


def allows(user, action: str) -> bool:
    """May the user take `action` anywhere at all (to show a button, or refuse a page outright)?"""
    return bool(getattr(user, "is_superuser", False)) or bool(grants_for(user, action))


class RestrictedQuerySet(models.QuerySet):
    """The queryset of a scoped model (one named in `SCOPE_PATHS`): `Official.objects.restrict(user, VIEW)`."""

    def restrict(self, user, action: str):
        """The rows the user may take `action` on. Fails closed: a model with no scope path is an error, so a new
        table cannot leak by being forgotten in `SCOPE_PATHS`. When the user's grants reach no row of the model at
        all, the answer is `none()` (an `EmptyQuerySet`, which a page can tell apart without a query)."""
        label = self.model._meta.label_lower
        if label not in SCOPE_PATHS:
            raise LookupError(f"{label} has no scope path in accounts.permissions.SCOPE_PATHS")
        allowed = _scope(user, action, label)
        return self.none() if allowed == _NOTHING else self.filter(allowed)


def _scope(user, action: str, label: str) -> Q:
    """A filter that keeps the rows of the model `label` (a key of `SCOPE_PATHS`) the user may take `action` on."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if getattr(user, "is_superuser", False) and user.is_active:
        return Q()
    province_path, commune_path = SCOPE_PATHS[label]
    allowed = _NOTHING
    for grant in grants_for(user, action):
        if grant.commune_id:
            if commune_path is None:
                continue
            allowed |= Q(**{commune_path: grant.commune_id})
        elif grant.province_id:
            allowed |= Q(**{province_path: grant.province_id})
        else:
            return Q()  # the whole country
    return allowed


def provinces_for(user, action: str, model):
    """The provinces in which the user may take `action` on rows of `model` as a whole province (a commune
    grant does not count): the choices of a form that creates such a row, e.g. a plan for a province."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if getattr(user, "is_superuser", False) and user.is_active:
        return Province.objects.all()
    if model._meta.label_lower not in SCOPE_PATHS:
        return Province.objects.none()
    codes = set()
    for grant in grants_for(user, action):
        if grant.commune_id:
            continue
        if not grant.province_id:
            return Province.objects.all()
        codes.add(grant.province_id)
    return Province.objects.filter(code__in=codes)


def visible_communes(user, action: str = VIEW):
    """The communes whose people the user may see (or take `action` on): those where a posting would pass
    `restrict`. Communes are reference data, but who works in them is not, so the commune is read as the place
    of a posting (the posting's province path is the commune's own `province`; its commune path is the commune
    itself)."""
    return Commune.objects.alias(commune=F("code")).filter(_scope(user, action, "people.posting"))
