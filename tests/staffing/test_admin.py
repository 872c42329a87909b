"""The admin site shows the staffing records and edits none of them: a quota changes on the staffing pages,
where each change records its reason, and a transfer plan only through the workflow."""

import pytest

from cadre.geo.models import Commune
from cadre.people.services import ensure_positions
from cadre.staffing.models import CommuneStaffing, PositionQuota, TransferPlan
from cadre.staffing.services import run_transfers
from tests.staffing.registry import HAI_PHONG, ON


@pytest.fixture
def records(geography, client, django_user_model):
    ensure_positions()  # after a browser test's flush the list of posts is empty
    commune = Commune.objects.filter(province_id=HAI_PHONG).order_by("code").first()
    staffing = CommuneStaffing.objects.create(commune=commune, quota_override=2, override_reason="NQ 12")
    quota = PositionQuota.objects.create(commune=commune, position_id="cv_tai_chinh", quota=1)
    client.force_login(django_user_model.objects.create_superuser("quantri", password="mat-khau-dai-123"))
    return {
        CommuneStaffing: staffing.pk,
        PositionQuota: quota.pk,
        TransferPlan: run_transfers(HAI_PHONG, ON).pk,
    }


def test_the_staffing_records_are_listed_and_opened_but_never_added_changed_or_deleted(client, records):
    for model, pk in records.items():
        url = f"/admin/staffing/{model._meta.model_name}/"
        listing = client.get(url)
        assert listing.status_code == 200 and f"{url}add/" not in listing.content.decode()
        page = client.get(f"{url}{pk}/change/")
        assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
        assert client.get(f"{url}add/").status_code == 403
        assert client.post(f"{url}{pk}/delete/", {"post": "yes"}).status_code == 403
        assert model.objects.filter(pk=pk).exists()
