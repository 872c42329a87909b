"""The registry in the admin: every people model is listed for a superuser, the registry rows read only."""

import pytest
from django.contrib import admin
from django.urls import reverse

from cadre.people.models import Evaluation, Official, Position, Posting, Relation, SuccessionPlan

from .factories import three_people

MODELS = [Official, Posting, Position, Evaluation, SuccessionPlan, Relation]


@pytest.fixture
def people(geography):
    people = three_people()
    an, binh = people["an"], people["binh"]
    SuccessionPlan.objects.create(
        official=an,
        position=Position.objects.get(code="chu_tich_ubnd"),
        province_id="31",
        term_start=2025,
        term_end=2030,
    )
    Relation.objects.create(official=an, relative=binh, kind="sibling")
    return people


def test_every_people_model_is_registered():
    assert all(admin.site.is_registered(model) for model in MODELS)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_the_changelist_of_each_people_model_answers_200_for_a_superuser(model, people, admin_client):
    url = reverse(f"admin:people_{model._meta.model_name}_changelist")
    response = admin_client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1
    assert admin_client.get(url, {"q": "Nguyễn Văn An"}).status_code == 200  # the search fields exist


@pytest.mark.parametrize(
    "model", [Official, Posting, Evaluation, SuccessionPlan, Relation], ids=lambda m: m.__name__
)
def test_registry_rows_are_read_with_their_history_and_never_edited(model, people, admin_client):
    obj = model.objects.order_by("pk").first()
    change = reverse(f"admin:people_{model._meta.model_name}_change", args=[obj.pk])
    assert admin_client.get(change).status_code == 200
    history = reverse(f"admin:people_{model._meta.model_name}_history", args=[obj.pk])
    assert admin_client.get(history).status_code == 200
    assert admin_client.post(change, {}).status_code == 403
    assert admin_client.get(reverse(f"admin:people_{model._meta.model_name}_add")).status_code == 403


def test_a_post_rank_is_edited_in_the_admin_and_its_code_stays(people, admin_client):
    position = Position.objects.get(code="chu_tich_ubnd")
    change = reverse("admin:people_position_change", args=[position.pk])
    data = {
        "name": position.name,
        "name_en": position.name_en,
        "kind": position.kind,
        "level": position.level + 1,
        "is_head": "on" if position.is_head else "",
        "is_elected": "on" if position.is_elected else "",
        "is_key": "on" if position.is_key else "",
        "order": position.order,
        "code": "changed",
    }
    assert admin_client.post(change, {k: v for k, v in data.items() if v != ""}).status_code == 302
    position.refresh_from_db()
    assert (position.level, position.code) == (data["level"], "chu_tich_ubnd")
