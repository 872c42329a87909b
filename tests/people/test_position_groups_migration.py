"""Migration people 0005 (the Ministry's list of commune job positions) over a database of before it: the
province's own edits are kept, the posts the list adds are created, the military commander's old quota is
removed with its reason, and quotas on posts whose field the list narrowed are marked for review."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cadre.geo.models import Commune
from cadre.people.models import Position, Posting
from cadre.people.services import ensure_positions
from cadre.staffing.models import PositionQuota
from tests.people.factories import make_official, post

BEFORE = [("people", "0004_discipline")]


@pytest.mark.django_db(transaction=True)
def test_the_ministrys_list_over_old_data_keeps_edits_and_removes_quotas_on_leadership_posts(geography):
    commune = Commune.objects.order_by("code").values_list("code", flat=True).first()
    it_officer = post(make_official("Cán Bộ Tin Học"), "cv_cntt", commune=commune, start=dt.date(2024, 1, 1))
    executor = MigrationExecutor(connection)
    leaf = executor.loader.graph.leaf_nodes()  # every app: going back unapplies the apps built on people too
    executor.migrate(BEFORE)
    staffing = executor.loader.graph.leaf_nodes("staffing")
    old_apps = executor.loader.project_state(BEFORE + staffing).apps
    OldPosition = old_apps.get_model("people", "Position")
    OldQuota = old_apps.get_model("staffing", "PositionQuota")
    try:
        # The posts as Cadre wrote them before the list, one of them edited by the province.
        OldPosition.objects.filter(code="cv_quan_su").update(
            kind="job", level=6, is_head=False, name="Chỉ huy trưởng Quân sự", name_en="Military commander"
        )
        OldPosition.objects.filter(code="cv_van_phong").update(
            name="Văn phòng - tổng hợp", name_en="Office and general affairs"
        )
        OldPosition.objects.filter(code="cv_tai_chinh").update(
            name="Kế toán ngân sách (tỉnh đặt)", name_en="Finance and accounting", level=5
        )
        OldPosition.objects.filter(code="chanh_van_phong").update(level=3, order=0)
        OldPosition.objects.filter(code__in=["cv_y_te", "tro_ly_quan_su"]).delete()

        for code, quota in (("cv_quan_su", 1), ("cv_van_phong", 2), ("cv_cntt", 1)):
            OldQuota.objects.create(commune_id=commune, position_id=code, quota=quota, reason="Cũ")

        MigrationExecutor(connection).migrate(leaf)

        posts = {p.code: p for p in Position.objects.all()}
        commander = posts["cv_quan_su"]
        assert (commander.kind, commander.level, commander.is_head) == ("leadership", 4, True)
        assert (
            commander.name == "Chỉ huy trưởng Ban Chỉ huy quân sự cấp xã" and commander.group == "leadership"
        )
        assert posts["cv_van_phong"].name == "Chuyên viên lĩnh vực văn phòng"
        finance = posts[
            "cv_tai_chinh"
        ]  # the province's name and level are kept; the English name was Cadre's
        assert (finance.name, finance.level) == ("Kế toán ngân sách (tỉnh đặt)", 5)
        assert finance.name_en == "Officer for finance" and finance.group == "professional"
        assert (posts["chanh_van_phong"].level, posts["chanh_van_phong"].order) == (3, 0)
        assert posts["cv_y_te"].kind == "job" and "7415/BNV-CCVC" in posts["cv_y_te"].source
        assert "tro_ly_quan_su" in posts and posts["bi_thu"].group == "leadership"

        quotas = dict(PositionQuota.objects.filter(commune_id=commune).values_list("position_id", "quota"))
        assert quotas == {"cv_van_phong": 2, "cv_cntt": 1}
        removed = PositionQuota.history.get(position_id="cv_quan_su", history_type="-")
        assert "nay là vị trí lãnh đạo" in removed.history_change_reason and removed.quota == 1
        review = PositionQuota.history.get(position_id="cv_cntt", history_type="~")
        assert "rà soát" in review.history_change_reason and "review" in review.history_change_reason
        posting = Posting.history.get(id=it_officer.pk, history_type="~")
        assert "Giáo dục" not in posting.history_change_reason and "khoa học" in posting.history_change_reason
    finally:
        MigrationExecutor(connection).migrate(leaf)


@pytest.mark.django_db(transaction=True)
def test_a_commander_whose_rank_the_province_edited_still_becomes_a_leadership_post_without_quota(geography):
    ensure_positions()  # the flush after a transactional test empties the reference posts too
    commune = Commune.objects.order_by("code").values_list("code", flat=True).first()
    executor = MigrationExecutor(connection)
    leaf = executor.loader.graph.leaf_nodes()  # every app: going back unapplies the apps built on people too
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE + executor.loader.graph.leaf_nodes("staffing")).apps
    try:
        old_apps.get_model("people", "Position").objects.filter(code="cv_quan_su").update(
            kind="job", level=5, is_head=False
        )
        old_apps.get_model("staffing", "PositionQuota").objects.create(
            commune_id=commune, position_id="cv_quan_su", quota=1, reason="Cũ"
        )
        MigrationExecutor(connection).migrate(leaf)
        commander = Position.objects.get(code="cv_quan_su")
        assert (commander.kind, commander.level) == ("leadership", 5)  # the province's rank stays
        assert not PositionQuota.objects.filter(position_id="cv_quan_su").exists()
        assert not Position.objects.taking_quota().filter(code="cv_quan_su").exists()
    finally:
        MigrationExecutor(connection).migrate(leaf)
