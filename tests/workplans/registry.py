"""A small work-plan world in Hải Phòng, shared by the workplans app's tests (services, pages, API, import) and
the browser test: two communes, their people, a commune secretary who signs in, a province officer, and a plan
from a directive with tasks. Built through the services the pages call."""

import datetime as dt

import pytest

from cadre.geo.models import Commune
from cadre.people.models import OfficialLogin
from cadre.people.services import ensure_positions
from cadre.workplans import services
from cadre.workplans.models import WorkPlan
from cadre.workplans.services import TaskInput
from tests.people.factories import make_official, post
from tests.users import make_user

HAI_PHONG = "31"
PASSWORD = "mat-khau-dai-123"


def task_input(lead=None, **fields) -> TaskInput:
    """A task making the six things clear, led by `lead` (an Official), in 2026."""
    values = {
        "title": "Rà soát, cập nhật cơ sở dữ liệu hộ nghèo",
        "lead_official": lead,
        "result_kind": "document",
        "expected_result": "Báo cáo kết quả rà soát",
        "completion_criterion": "Báo cáo được Thường trực Đảng ủy thông qua",
        "start": dt.date(2026, 1, 5),
        "deadline": dt.date(2026, 3, 31),
        "accountable": "Người chủ trì",
        "report_to": "Thường trực Đảng ủy xã",
        "authority_level": "commune",
        "authority_body": "Chủ tịch UBND xã",
    }
    values.update(fields)
    return TaskInput(**values)


@pytest.fixture(name="world")
def fixture_world(geography):
    """Commune A with its secretary (who signs in as `bithu`, a commune leader), two of its officials (one
    signs in as `canbo_a`, a commune user), commune B with one official; a province officer `tinh` (Home
    Affairs over Hải Phòng); and a 2026 work plan of A from a directive, with one task led by `lead`."""
    ensure_positions()
    a, b = Commune.objects.filter(province_id=HAI_PHONG).order_by("code").values_list("code", flat=True)[:2]
    secretary = make_official("Trần Văn Bí", birthplace=a, raised=a)
    post(secretary, "bi_thu", commune=a, start=dt.date(2025, 7, 1))
    lead = make_official("Lê Thị Chủ", birthplace=a, raised=a)
    post(lead, "cv_tai_chinh", commune=a, start=dt.date(2024, 1, 1))
    other = make_official("Phạm Văn Phối", birthplace=a, raised=a)
    post(other, "cv_tai_chinh", commune=a, start=dt.date(2024, 1, 1))
    far = make_official("Đỗ Văn Xa", birthplace=b, raised=b)
    post(far, "cv_tai_chinh", commune=b, start=dt.date(2024, 1, 1))
    leader = make_user("bithu", PASSWORD, "commune_leader", a)
    OfficialLogin.objects.create(user=leader, official=secretary)
    clerk = make_user("canbo_a", PASSWORD, "commune_user", a)
    OfficialLogin.objects.create(user=clerk, official=lead)
    province = make_user("tinh", PASSWORD, "home_affairs", HAI_PHONG)
    plan = services.create_plan(
        user=leader,
        commune=Commune.objects.get(code=a),
        title="Kế hoạch công tác năm 2026",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        source_kind="directive",
        source_number="05-CT/TU",
        source_date=dt.date(2025, 12, 20),
        source_body="Ban Thường vụ Thành ủy Hải Phòng",
    )
    task = services.create_task(plan, task_input(lead), user=leader)
    return {
        "a": a,
        "b": b,
        "secretary": secretary,
        "lead": lead,
        "other": other,
        "far": far,
        "leader": leader,
        "clerk": clerk,
        "province": province,
        "plan": WorkPlan.objects.get(pk=plan.pk),
        "task": task,
    }
