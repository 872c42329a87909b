"""`cadre plan run --posts secretary,chair`: Lai Châu's secretaries and People's Committee chairs planned
together, end to end: the run, the decision that writes a chair's posting, and the documents that name each
post."""

import datetime as dt
import io

import pytest
from django.utils import translation
from docx import Document

from cadre.cli import main
from cadre.people.models import Posting
from cadre.rotation.documents import decision_docx
from cadre.rotation.models import PlanRun
from cadre.rotation.post_types import commune_of
from cadre.rotation.services import run_plan
from tests.rotation.plans import carried, texts
from tests.rotation.registry import (
    HAI_PHONG,
    LAI_CHAU,
    ON,
    chair,
    communes,
    fixture_lai_chau,  # noqa: F401  (the lai_chau fixture)
    planned_chair,
)

DATE = ON.isoformat()


@pytest.fixture(autouse=True)
def _language_reset():
    """A page asked for in English leaves the thread's language as it was (the next module reads Vietnamese)."""
    yield
    translation.deactivate()


@pytest.fixture
def chairs(lai_chau, db):
    """Every Lai Châu commune with a local chair, and two Hải Phòng deputy directors in the pool for the chair
    post: a 5% chairs' floor (2 of 38) moves both in, as the secretaries' 5% moves the two directors in."""
    incumbents = {c: chair(c, name=f"Chủ Tịch {n:02d}") for n, c in enumerate(communes(LAI_CHAU, 100))}
    deputies = [
        planned_chair(LAI_CHAU, home=h, name=f"Phó Giám Đốc {n}")
        for n, h in enumerate(communes(HAI_PHONG, 4)[2:])
    ]
    return incumbents, deputies


def _refused():
    """A plan of both posts asking 90% of the chairs to be non-local, which the registry cannot give: refused."""
    return run_plan(
        LAI_CHAU,
        target=0.05,
        chair_target=0.9,
        on=ON,
        post_types=("secretary", "chair"),
        when_infeasible="strict",
    )


def _chair_moves(run) -> dict[str, str]:
    incumbents = {p["id"]: p["incumbent"] for p in run.problem["posts"]}
    return {
        a["candidate"]: a["post"]
        for a in run.plan["assignments"]
        if a["post"].endswith(":chair") and incumbents[a["post"]] != a["candidate"]
    }


def test_plan_run_with_both_post_types_meets_each_floor(chairs, capsys):
    _incumbents, deputies = chairs
    code = main(
        [
            "plan",
            "run",
            "--province",
            LAI_CHAU,
            "--posts",
            "secretary,chair",
            "--target",
            "0.05",
            "--chair-target",
            "0.05",
            "--date",
            DATE,
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    run = PlanRun.objects.get()
    assert run.status == "optimal" and len(run.problem["posts"]) == 76
    assert run.params["targets"] == {"secretary": 0.05, "chair": 0.05}
    assert set(_chair_moves(run)) == {str(d.pk) for d in deputies}
    people = [a["candidate"] for a in run.plan["assignments"]]
    assert len(people) == len(set(people)) == 76
    groups = {g["group"]: g for g in run.plan["metrics"]["groups"]}
    assert groups[f"{LAI_CHAU}:chair"]["non_local_after"] == 2 and groups[f"{LAI_CHAU}:chair"]["met"]
    assert groups[LAI_CHAU]["non_local_after"] == 2 and groups[LAI_CHAU]["met"]
    assert "Chủ tịch UBND cấp xã" in out and f"plan id: {run.pk}" in out


def test_an_unknown_post_type_exits_2_in_both_languages_and_stores_nothing(chairs, capsys):
    code = main(["plan", "run", "--province", LAI_CHAU, "--posts", "secretary,mayor", "--date", DATE])
    err = capsys.readouterr().err
    assert code == 2 and "mayor" in err and "Loại chức danh" in err and "Unknown post type" in err
    assert not PlanRun.objects.exists()


def test_the_decision_writes_a_chairs_posting_and_the_documents_name_each_post(chairs):
    incumbents, deputies = chairs
    run = run_plan(LAI_CHAU, target=0.05, chair_target=0.05, on=ON, post_types=("secretary", "chair"))
    moves = _chair_moves(run)
    run = carried(run, to="decided")
    for deputy in deputies:
        commune = commune_of(moves[str(deputy.pk)])
        posting = Posting.objects.get(official=deputy, start=ON)
        assert posting.position.code == "chu_tich_ubnd" and posting.commune_id == commune
        # The chair they replace leaves the post the day before; the secretary of that commune stays.
        replaced = Posting.objects.get(official=incumbents[commune], position__code="chu_tich_ubnd")
        assert replaced.end == ON - dt.timedelta(days=1)
        assert Posting.objects.current().secretaries().filter(commune_id=commune).exists()
    lines = texts(Document(io.BytesIO(decision_docx(run))))
    assert any("giữ chức Bí thư Đảng ủy, Chủ tịch UBND" in line for line in lines)  # about both posts
    # Each move's destination in the list names its own post.
    assert sum(line.startswith("Chủ tịch UBND ") for line in lines) == 2
    assert sum(line.startswith("Bí thư Đảng ủy ") for line in lines) == 2


def test_the_run_form_plans_both_posts_and_the_page_says_each_moves_post(
    chairs, client, django_capture_on_commit_callbacks
):
    from django.conf import settings

    from cadre.rotation.models import PlanJob
    from tests.tasks import run_queued_tasks
    from tests.users import make_user

    _incumbents, deputies = chairs
    make_user("bto", role="board_officer", scope=LAI_CHAU)
    client.login(username="bto", password="mat-khau-dai-123")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    form = client.get("/plans/new/").content.decode()
    assert 'value="chair"' in form and "Commune People&#x27;s Committee chairs" in form
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/plans/new/",
            {
                "province": LAI_CHAU,
                "rotation_date": ON.isoformat(),
                "post_types": ["secretary", "chair"],
                "target_percent": "5",
                "chair_target_percent": "5",
            },
        )
    run_queued_tasks()
    run = PlanJob.objects.get().run
    assert run.params["post_types"] == ["secretary", "chair"] and run.params["targets"]["chair"] == 0.05
    page = client.get(f"/plans/{run.pk}/").content.decode()
    assert "Non-local People's Committee chairs · Tỉnh Lai Châu" in page
    moves = page.split('<table class="moves">')[1].split("</table>")[0]
    for deputy in deputies:
        row = next(r for r in moves.split("<tr data-post=")[1:] if deputy.full_name in r)
        assert "People&#x27;s Committee Chair</strong>" in row
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    vietnamese = client.get(f"/plans/{run.pk}/").content.decode()
    assert "Chủ tịch UBND</strong>" in vietnamese
    assert "Chủ tịch UBND không là người địa phương · Tỉnh Lai Châu" in vietnamese


def test_the_export_and_the_workbook_of_a_plan_of_both_posts(chairs, tmp_path):
    import json

    from openpyxl import load_workbook

    from cadre.core.planning.problem import canonical_sha256

    _incumbents, deputies = chairs
    run = run_plan(LAI_CHAU, target=0.05, chair_target=0.05, on=ON, post_types=("secretary", "chair"))
    path = tmp_path / "problem.json"
    argv = [
        "--province",
        LAI_CHAU,
        "--posts",
        "chair,secretary",
        "--target",
        "0.05",
        "--chair-target",
        "0.05",
    ]
    assert main(["plan", "export-problem", *argv, "--date", DATE, "-o", str(path)]) == 0
    assert canonical_sha256(json.loads(path.read_text(encoding="utf-8"))) == run.problem_sha256

    book = tmp_path / "plan.xlsx"
    assert main(["plan", "show", str(run.pk), "--format", "xlsx", "-o", str(book)]) == 0
    workbook = load_workbook(book)
    rows = list(workbook["Phương án"].iter_rows(values_only=True))[1:]
    for deputy in deputies:
        (row,) = [r for r in rows if r[1] == deputy.full_name]
        assert row[0].startswith("Chủ tịch UBND — ")  # the post in words, then the commune
    assert sum(str(r[0]).startswith("Bí thư Đảng ủy — ") for r in rows) == 38
    shares = {r[0]: r[1] for r in list(workbook["Tỷ lệ"].iter_rows(values_only=True))[1:]}
    assert shares == {"Bí thư Đảng ủy — Tỉnh Lai Châu": 38, "Chủ tịch UBND — Tỉnh Lai Châu": 38}


def test_a_plan_of_chairs_alone_says_the_chairs_figures_and_cites_their_target(chairs, capsys):
    from cadre.rotation.documents import proposal_docx

    assert main(["plan", "run", "--province", LAI_CHAU, "--posts", "chair", "--chair-target", "0.05"]) == 0
    out = capsys.readouterr().out
    # The target line names the chairs and the option that set it.
    assert "Chỉ tiêu Chủ tịch UBND / target (People's Committee Chair): 5%" in out
    assert "set for this run with --chair-target" in out and "--target)" not in out
    assert "Chủ tịch UBND cấp xã — Tỉnh Lai Châu" in out  # the group says whose posts it counts
    run = carried(PlanRun.objects.get())
    lines = texts(Document(io.BytesIO(proposal_docx(run))))
    text = "\n".join(lines)
    assert "None" not in text and "bí thư đảng ủy cấp xã không là người địa phương" not in text
    assert "Tỷ lệ chủ tịch UBND cấp xã không là người địa phương: trước luân chuyển 0,0% (0/38" in text
    assert "sau luân chuyển 5,3% (2/38); chỉ tiêu tối thiểu 5% đặt cho phương án này: đạt." in text
    assert "45-CT/TW" not in text  # the secretaries' directive has nothing to say about a plan of chairs


def test_a_plan_of_both_posts_names_each_types_target_document_and_re_solving_keeps_it(
    chairs, client, capsys, django_capture_on_commit_callbacks
):
    from cadre.rotation.models import ProvinceTarget
    from cadre.rotation.targets import set_target
    from cadre.rotation.tasks import request_relock
    from tests.tasks import run_queued_tasks
    from tests.users import make_user

    province = ProvinceTarget._meta.get_field("province").related_model.objects.get(code=LAI_CHAU)
    document = "Kế hoạch số 21-KH/TU ngày 05/9/2025 của Ban Thường vụ Tỉnh ủy Lai Châu"
    set_target(province, "chair", 0.05, dt.date(2025, 9, 5), document=document, reason="Theo KH", user=None)
    argv = ["plan", "run", "--province", LAI_CHAU, "--posts", "secretary,chair", "--target", "0.05"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "Chỉ tiêu Bí thư Đảng ủy / target (Party Committee Secretary): 5% (đặt cho lần chạy này" in out
    assert "Chỉ tiêu Chủ tịch UBND / target (People's Committee Chair): 5%, từ / from 05/09/2025" in out
    assert document in out
    run = PlanRun.objects.get()
    user = make_user("bto", role="board_officer", scope=LAI_CHAU)
    client.force_login(user)
    page = client.get(f"/plans/{run.pk}/").content.decode()
    chair_row = page.split('data-target="chair">')[1].split("</small>")[0]
    assert document in chair_row
    assert (
        "đặt riêng cho phương án này khi chạy"
        in page.split('data-target="secretary">')[1].split("</small>")[0]
    )
    # Re-solving with a lock looks the chairs' target up again: the document stays recorded.
    move = next(a for a in run.plan["assignments"] if a["post"].endswith(":chair"))
    with django_capture_on_commit_callbacks(execute=True):
        request_relock(user, run, {"candidate": move["candidate"], "post": move["post"], "kind": "must"})
    run_queued_tasks()
    again = PlanRun.objects.exclude(pk=run.pk).get()
    assert again.params["target_sources"]["chair"]["document"] == document
    assert (
        again.params["target_sources"]["secretary"] is None and again.params["targets"]["secretary"] == 0.05
    )


def test_a_corrected_target_document_gives_a_new_plan(chairs):
    from cadre.rotation.models import ProvinceTarget
    from cadre.rotation.targets import set_target

    province = ProvinceTarget._meta.get_field("province").related_model.objects.get(code=LAI_CHAU)
    first = "Kế hoạch số 21-KH/TU"
    set_target(province, "chair", 0.05, dt.date(2025, 9, 5), document=first, reason="Theo KH", user=None)
    run = run_plan(LAI_CHAU, target=0.05, on=ON, post_types=("secretary", "chair"))
    assert run_plan(LAI_CHAU, target=0.05, on=ON, post_types=("secretary", "chair")) == run
    set_target(
        province,
        "chair",
        0.05,
        dt.date(2025, 9, 5),
        document="Kế hoạch số 22-KH/TU",
        reason="Sửa số",
        user=None,
    )
    again = run_plan(LAI_CHAU, target=0.05, on=ON, post_types=("secretary", "chair"))
    assert again != run and again.params["target_sources"]["chair"]["document"] == "Kế hoạch số 22-KH/TU"


def test_the_plan_page_counts_people_staying_and_a_refused_plan_shows_each_groups_own_target(chairs, client):
    from django.conf import settings

    from tests.users import make_user

    client.force_login(make_user("bto", role="board_officer", scope=LAI_CHAU))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    both = run_plan(LAI_CHAU, target=0.05, chair_target=0.05, on=ON, post_types=("secretary", "chair"))
    page = client.get(f"/plans/{both.pk}/").content.decode()
    assert "72 people stay in post" in page and "secretaries stay in post" not in page  # 76 posts, 4 moves
    # 90% of the chairs cannot be non-local: the refused plan's cards still say each group's own target.
    refused = _refused()
    assert not refused.has_solution
    page = client.get(f"/plans/{refused.pk}/").content.decode()
    cards = page.split('<div class="figures">')[1].split("Not eligible to move")[0]
    secretaries, chairs_card = cards.split("<article>")[1:3]
    assert "Non-local secretaries" in secretaries and "target ≥ 5%" in secretaries
    assert "Non-local People's Committee chairs" in chairs_card and "target ≥ 90%" in chairs_card


def test_comparing_a_plan_of_secretaries_with_one_of_both_posts_says_the_posts_and_targets(chairs, client):
    from tests.users import make_user

    client.force_login(make_user("bto", role="board_officer", scope=LAI_CHAU))
    alone = run_plan(LAI_CHAU, target=0.05, on=ON)
    both = run_plan(LAI_CHAU, target=0.05, chair_target=0.1, on=ON, post_types=("secretary", "chair"))
    page = client.get(f"/plans/compare/?run={alone.pk}&run={both.pk}").content.decode()
    table = page.split("Loại chức danh được lập phương án")[1].split("</tr>")[0]
    assert "Bí thư Đảng ủy" in table and "Bí thư Đảng ủy, Chủ tịch UBND" in table
    targets = page.split("Chỉ tiêu từng chức danh")[1].split("</tr>")[0]
    assert "Bí thư Đảng ủy ≥ 5%; Chủ tịch UBND ≥ 10%" in targets
    # A chair's post that changes holder is named by its title and its commune.
    assert "Chủ tịch UBND — Xã " in page or "Chủ tịch UBND — Phường " in page


def test_the_run_form_checks_each_ticked_posts_target_and_refuses_one_typed_for_a_post_not_ticked(
    chairs, client
):
    from django.conf import settings

    from cadre.rotation.models import PlanJob
    from tests.users import make_user

    client.force_login(make_user("bto", role="board_officer", scope=LAI_CHAU))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    form = {"province": LAI_CHAU, "rotation_date": ON.isoformat(), "post_types": ["secretary"]}
    page = client.post("/plans/new/", {**form, "chair_target_percent": "10"}).content.decode()
    assert "This post is not ticked to be planned: tick it or clear its target." in page
    # Before the two-tier communes (1/7/2025) no rules of Cadre's apply, whatever is typed in.
    page = client.post("/plans/new/", {**form, "rotation_date": "2025-06-01"}).content.decode()
    assert "The rotation rules Cadre holds are not in force on 01/06/2025" in page
    # Before Kết luận 210 (12/11/2025) the chairs have no national reference: the form asks for their target,
    # under the chairs' field, and not for the secretaries' (which applies from 1/7/2025).
    early = {**form, "rotation_date": "2025-10-01", "post_types": ["chair"]}
    page = client.post("/plans/new/", early).content.decode()
    assert "No chair target applies on 01/10/2025" in page and "No secretary target applies" not in page
    assert not PlanJob.objects.exists()


def test_a_secretary_also_chairing_the_committee_leaves_the_chair_when_the_plan_gives_it_to_another(chairs):
    from tests.people.factories import post

    incumbents, deputies = chairs
    commune = communes(LAI_CHAU, 100)[0]
    Posting.objects.filter(
        official=incumbents[commune]
    ).delete()  # the registry records the secretary instead
    both = Posting.objects.current().secretaries().get(commune_id=commune).official
    post(both, "chu_tich_ubnd", commune=commune, start=dt.date(2025, 7, 1))
    lock = {"candidate": str(deputies[0].pk), "post": f"{commune}:chair", "kind": "must", "reason": "Thử"}
    run = run_plan(
        LAI_CHAU, target=0.05, chair_target=0.05, on=ON, post_types=("secretary", "chair"), locks=[lock]
    )
    # Before the plan the chair's post is held (by the secretary), not vacant.
    assert run.plan["before"]["groups"][f"{LAI_CHAU}:chair"]["vacant"] == 0
    carried(run, to="decided")
    chair_posting = Posting.objects.get(official=both, position__code="chu_tich_ubnd")
    assert chair_posting.end == ON - dt.timedelta(days=1)  # one chair per commune after the decision
    assert Posting.objects.get(official=both, position__code="bi_thu").end is None  # still the secretary
    assert Posting.objects.current().filter(position__code="chu_tich_ubnd", commune_id=commune).count() == 1


def test_a_refused_plans_english_diagnosis_names_the_chairs_group_in_english(chairs):
    refused = _refused()
    diagnosis = refused.plan["diagnosis"]
    assert "commune People's Committee chairs — Tỉnh Lai Châu" in diagnosis["message_en"]
    assert "Chủ tịch UBND cấp xã" not in diagnosis["message_en"]
    assert "Chủ tịch UBND cấp xã — Tỉnh Lai Châu" in diagnosis["message_vi"]


def test_a_chair_recorded_after_the_plan_from_the_rotation_date_stops_the_decision_with_its_holder(chairs):
    """The plan gives a vacant chair's post to a deputy; meanwhile the registry records someone else as chair from
    after the rotation date. Recording the decision would leave two chairs: it is refused, naming the holder, and
    nothing is written."""
    from cadre.core.errors import BilingualError
    from tests.people.factories import make_official, post

    incumbents, deputies = chairs
    commune = communes(LAI_CHAU, 100)[0]
    Posting.objects.filter(official=incumbents[commune]).delete()  # the chair's post is vacant when planned
    lock = {"candidate": str(deputies[0].pk), "post": f"{commune}:chair", "kind": "must", "reason": "Thử"}
    run = run_plan(
        LAI_CHAU, target=0.05, chair_target=0.05, on=ON, post_types=("secretary", "chair"), locks=[lock]
    )
    newcomer = make_official("Người Mới Đến")
    post(newcomer, "chu_tich_ubnd", commune=commune, start=ON + dt.timedelta(days=10))
    before = Posting.objects.count()
    with pytest.raises(BilingualError) as refused:
        carried(run, to="decided")
    assert (
        "Người Mới Đến" in refused.value.message_vi
        and "out of date with the registry" in refused.value.message_en
    )
    assert Posting.objects.count() == before
    assert Posting.objects.current().filter(position__code="chu_tich_ubnd", commune_id=commune).count() == 1
