"""`Model.objects.restrict(user, action)`: what an official of each scope finds in the registry and the plans."""

import datetime as dt

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.db.models.query import EmptyQuerySet

from cadre.accounts.permissions import EXPORT, IMPORT, SCOPE_PATHS, VIEW, RestrictedQuerySet, visible_communes
from cadre.geo.models import Commune, Province
from cadre.people.models import Evaluation, Official, Posting, SuccessionPlan
from cadre.rotation.models import PlanJob
from tests.people.factories import make_official, post
from tests.rotation.registry import communes
from tests.users import make_user

HAI_PHONG, HA_NOI = "31", "01"
START = dt.date(2025, 7, 1)


@pytest.fixture
def world(geography):
    """Officials in two Hải Phòng communes, one at Hải Phòng's province level, one in a Hà Nội commune; a plan
    run request for each province."""
    a, b = communes(HAI_PHONG, 2)
    (c,) = communes(HA_NOI, 1)
    for name, commune in (("Ở Xã A", a), ("Ở Xã B", b), ("Ở Hà Nội", c)):
        post(make_official(name), "cv_van_phong", commune=commune, start=START)
    post(make_official("Ở Tỉnh"), "giam_doc_so", province=HAI_PHONG, start=START)
    for official in Official.objects.all():
        Evaluation.objects.create(official=official, year=2025, level="HTTNV")
    for province in (HAI_PHONG, HA_NOI):
        PlanJob.objects.create(province_id=province)
    return a, c


def _officials(user, action=VIEW) -> set[str]:
    return set(Official.objects.restrict(user, action).values_list("full_name", flat=True))


def _plan_requests(user) -> set[str]:
    return set(PlanJob.objects.restrict(user, VIEW).values_list("province_id", flat=True))


def test_a_country_wide_grant_sees_everyone_and_every_province_s_plans(world):
    user = make_user("bo", role="ministry_viewer", scope="VN")
    assert _officials(user) == {"Ở Xã A", "Ở Xã B", "Ở Tỉnh", "Ở Hà Nội"}
    assert _plan_requests(user) == {HAI_PHONG, HA_NOI}


def test_a_province_grant_sees_its_communes_and_province_level_but_not_another_province(world):
    user = make_user("lan", role="board_officer", scope=HAI_PHONG)
    assert _officials(user) == {"Ở Xã A", "Ở Xã B", "Ở Tỉnh"}
    assert set(Posting.objects.restrict(user, VIEW).values_list("official__full_name", flat=True)) == {
        "Ở Xã A",
        "Ở Xã B",
        "Ở Tỉnh",
    }
    assert Evaluation.objects.restrict(user, VIEW).count() == 3
    assert _plan_requests(user) == {HAI_PHONG}


def test_a_commune_grant_sees_its_commune_only_and_no_province_plan(world):
    a, _c = world
    user = make_user("xa", role="commune_user", scope=a)
    assert _officials(user) == {"Ở Xã A"}
    assert _plan_requests(user) == set()
    # Its grants reach no plan at all: the page can say so without asking the database.
    assert isinstance(PlanJob.objects.restrict(user, VIEW), EmptyQuerySet)
    assert list(visible_communes(user).values_list("code", flat=True)) == [a]


def test_a_user_with_no_role_or_no_sign_in_sees_no_one(world, django_user_model):
    nobody = django_user_model.objects.create_user("norole", password="mat-khau-dai-123")
    for user in (nobody, AnonymousUser()):
        assert _officials(user) == set() and _plan_requests(user) == set()
        assert not visible_communes(user).exists()


def test_the_scope_is_per_action_a_viewer_imports_no_one(world):
    user = make_user("bo", role="ministry_viewer", scope="VN")
    assert len(_officials(user, EXPORT)) == 4
    assert _officials(user, IMPORT) == set()


def test_a_superuser_sees_everyone_until_deactivated(world, django_user_model):
    admin = django_user_model.objects.create_superuser("quantri", password="mat-khau-dai-123")
    assert len(_officials(admin, IMPORT)) == 4
    admin.is_active = False
    assert _officials(admin) == set()


def test_restrict_chains_with_the_rest_of_the_query(world):
    user = make_user("lan", role="board_officer", scope=HAI_PHONG)
    in_communes = Official.objects.filter(current_commune__isnull=False).restrict(user, VIEW)
    assert set(in_communes.values_list("full_name", flat=True)) == {"Ở Xã A", "Ở Xã B"}


def test_an_unknown_action_is_an_error_not_an_empty_list(world):
    with pytest.raises(ValueError, match="unknown action"):
        Official.objects.restrict(make_user(), "delete")


def test_a_model_without_a_scope_path_fails_closed(world):
    with pytest.raises(LookupError, match="no scope path"):
        RestrictedQuerySet(model=SuccessionPlan).restrict(make_user(), VIEW)


def test_every_scoped_model_restricts_through_its_scope_path():
    restricted = {
        model._meta.label_lower
        for model in apps.get_models()
        if isinstance(model._default_manager.all(), RestrictedQuerySet)
    }
    assert restricted == set(SCOPE_PATHS)


def test_reference_data_is_open_to_every_signed_in_user_whatever_their_role(world, django_user_model):
    nobody = django_user_model.objects.create_user("norole", password="mat-khau-dai-123")
    assert Province.objects.restrict(nobody, VIEW).count() == 34
    assert Commune.objects.restrict(nobody, VIEW).count() == Commune.objects.count()
    assert not Commune.objects.restrict(AnonymousUser(), VIEW).exists()
