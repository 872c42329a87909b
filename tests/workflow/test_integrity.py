"""A plan changed behind the workflow's back (its stored moves or its state, by direct SQL) is caught: `cadre audit
verify` names it, and its page, its API detail and its documents refuse to present it, saying why, in both
languages; no step is taken on it. Plans whose events were written before the content digest was recorded are
"not recorded", never called altered."""

import pytest

from cadre.cli import main
from cadre.rotation.documents import decision_docx
from cadre.rotation.models import PlanRun
from cadre.workflow.audit import append_event
from cadre.workflow.events import EventKind
from cadre.workflow.integrity import DIGEST, PlanAltered, plan_integrity
from cadre.workflow.models import DecisionEvent
from cadre.workflow.services import approve
from cadre.workflow.states import State
from tests.rotation.plans import carried, lai_chau_plan
from tests.rotation.registry import LAI_CHAU
from tests.staffing.registry import HAI_PHONG, ON, fixture_registry  # noqa: F401  (the registry fixture)
from tests.users import make_user

WARNING_VI = "đã bị sửa ngoài quy trình"
WARNING_EN = "was changed outside the workflow"


def swap_two_destinations(model, pk: int, moves_key: str, place_key: str) -> None:
    """Exchange where two people go in the stored plan, as an UPDATE behind the application's back would."""
    plan = model.objects.values_list("plan", flat=True).get(pk=pk)
    moves = plan[moves_key]
    first, second = next((a, b) for a in moves for b in moves if a[place_key] != b[place_key])
    first[place_key], second[place_key] = second[place_key], first[place_key]
    model.objects.filter(pk=pk).update(plan=plan)


@pytest.fixture
def decided(client, geography):
    run = carried(lai_chau_plan()[0], to="decided")
    make_user("viewer", role="board_officer", scope=LAI_CHAU)
    client.login(username="viewer", password="mat-khau-dai-123")
    return run


def test_every_event_records_the_plans_content_digest_and_an_untouched_plan_verifies(decided, client, capsys):
    events = list(decided.events())
    assert all(DIGEST in e.content for e in events)
    assert events[-1].content[DIGEST] == PlanRun.objects.get(pk=decided.pk).content_digest()
    assert plan_integrity(decided).holds
    assert main(["audit", "verify"]) == 0
    assert "Every plan matches the log" in capsys.readouterr().out
    assert client.get(f"/plans/{decided.pk}/").status_code == 200


def test_swapping_two_destinations_in_a_decided_plan_is_caught_everywhere(decided, client, capsys):
    swap_two_destinations(PlanRun, decided.pk, "assignments", "post")
    assert main(["audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert "The decision log is intact" in out  # the events are untouched: the plan row is what changed
    assert f"Plan #{decided.pk} was changed outside the workflow" in out
    assert f"Phương án luân chuyển #{decided.pk} {WARNING_VI}" in out

    page = client.get(f"/plans/{decided.pk}/")
    assert page.status_code == 409
    text = page.content.decode()
    assert WARNING_VI in text and "cadre audit verify" in text
    assert "/download/" not in text  # neither the moves nor the documents are offered
    for kind in ("decision", "proposal", "xlsx"):
        assert client.get(f"/plans/{decided.pk}/download/{kind}/").status_code == 409
    with pytest.raises(PlanAltered):
        decision_docx(PlanRun.objects.get(pk=decided.pk))

    api = client.get(f"/api/plans/{decided.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert api.status_code == 409
    body = api.json()
    assert body["code"] == "plan_altered" and "report" not in body
    assert WARNING_VI in body["detail_vi"] and WARNING_EN in body["detail_en"]

    client.cookies["django_language"] = "en"
    assert WARNING_EN in client.get(f"/plans/{decided.pk}/").content.decode()

    capsys.readouterr()
    assert main(["plan", "document", str(decided.pk), "--kind", "decision", "-o", "/dev/null"]) == 2
    assert main(["plan", "show", str(decided.pk)]) == 2
    assert capsys.readouterr().err.count(WARNING_EN) == 2


def test_setting_a_decided_plan_back_to_draft_is_caught_and_no_step_is_taken_on_it(decided, client, capsys):
    PlanRun.objects.filter(pk=decided.pk).update(state=State.DRAFT)
    assert main(["audit", "verify"]) == 1
    assert f"Plan #{decided.pk} was changed outside the workflow: its state 'Draft" in capsys.readouterr().out
    assert client.get(f"/plans/{decided.pk}/").status_code == 409
    # Proposed again from the rolled-back draft, its moves would be written into the registry a second time.
    board = make_user("bto2", role="board_officer", scope=LAI_CHAU)
    client.login(username="bto2", password="mat-khau-dai-123")
    refused = client.post(f"/plans/{decided.pk}/step/propose/", {"reason": "Trình lại"}, follow=True)
    assert WARNING_VI in refused.content.decode()
    assert PlanRun.objects.get(pk=decided.pk).state == State.DRAFT
    assert decided.events().count() == 3
    assert board  # the proposer exists and is in scope: only the tampering refused the step


def test_a_plan_moved_past_draft_with_no_event_is_caught(geography):
    run, _ = lai_chau_plan()
    PlanRun.objects.filter(pk=run.pk).update(state=State.APPROVED)
    verdict = plan_integrity(PlanRun.objects.get(pk=run.pk))
    assert not verdict.holds and "no event yet" in verdict.message_en


def test_an_approval_is_refused_when_the_proposed_moves_were_changed(geography):
    run = carried(lai_chau_plan()[0], to="proposed")
    swap_two_destinations(PlanRun, run.pk, "assignments", "post")
    standing = make_user("btv2", role="standing_member", scope=LAI_CHAU)
    with pytest.raises(PlanAltered, match=WARNING_EN):
        approve(PlanRun.objects.get(pk=run.pk), standing, "Duyệt")
    assert PlanRun.objects.get(pk=run.pk).state == State.PROPOSED


def test_events_written_before_the_digest_was_recorded_are_not_called_altered(geography, capsys):
    """A plan proposed before this change: its event carries the state and the problem's hash, no digest."""
    run, _ = lai_chau_plan()
    append_event(
        EventKind.PROPOSE,
        run.subject,
        reason="Trình (trước khi ghi mã nội dung)",
        content={"state": State.PROPOSED, "problem_sha256": run.problem_sha256},
    )
    PlanRun.objects.filter(pk=run.pk).update(state=State.PROPOSED)
    swap_two_destinations(PlanRun, run.pk, "assignments", "post")
    verdict = plan_integrity(PlanRun.objects.get(pk=run.pk))
    assert verdict.holds and not verdict.recorded
    assert main(["audit", "verify"]) == 0
    PlanRun.objects.filter(pk=run.pk).update(state=State.DRAFT)  # its state is still checked
    assert main(["audit", "verify"]) == 1


@pytest.mark.usefixtures("registry")
def test_a_transfer_plan_whose_move_was_changed_is_refused_on_its_page(client, geography, capsys):
    from cadre.staffing.models import TransferPlan
    from cadre.staffing.services import run_transfers
    from cadre.workflow.services import decide, propose

    plan = run_transfers(HAI_PHONG, ON)
    proposer = make_user("noivu", role="home_affairs", scope=HAI_PHONG)
    approver = make_user("btv-hp", role="standing_member", scope=HAI_PHONG)
    plan = decide(approve(propose(plan, proposer, "Trình"), approver, "Duyệt"), approver, "Ban hành", "7-QĐ")
    client.login(username="noivu", password="mat-khau-dai-123")
    assert client.get(f"/staffing/transfers/{plan.pk}/").status_code == 200
    stored = TransferPlan.objects.get(pk=plan.pk).plan
    stored["moves"][0]["to"] = stored["moves"][0]["from"]  # one person sent elsewhere than decided
    TransferPlan.objects.filter(pk=plan.pk).update(plan=stored)
    page = client.get(f"/staffing/transfers/{plan.pk}/")
    assert page.status_code == 409 and WARNING_VI in page.content.decode()
    assert main(["audit", "verify"]) == 1
    assert f"Plan #{plan.pk} was changed outside the workflow" in capsys.readouterr().out
    assert DecisionEvent.objects.filter(subject=plan.subject).count() == 3
