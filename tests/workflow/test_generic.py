"""The workflow is generic: no module of it names the apps whose plans it carries (so a new kind of plan is added
without editing `workflow/`), the official-document layout names no app at all, and the steps carry either kind
of plan knowing it only through `WorkflowPlan`."""

import ast
from pathlib import Path

import pytest

import cadre
from cadre.workflow.models import WorkflowPlan
from cadre.workflow.services import WorkflowError, approve, decide, propose
from cadre.workflow.states import State
from tests.rotation.plans import lai_chau_plan
from tests.rotation.registry import LAI_CHAU
from tests.staffing.registry import HAI_PHONG, ON, fixture_registry  # noqa: F401  (the registry fixture)
from tests.users import make_user

SOURCE = Path(cadre.__file__).parent
APPS = ("accounts", "api", "geo", "people", "rotation", "staffing", "web", "workflow")


def imported(path: Path) -> set[str]:
    """Every module `path` imports."""
    package = path.relative_to(SOURCE.parent).with_suffix("").parts[:-1]
    return imported_by(path.read_text(encoding="utf-8"), package)


def imported_by(text: str, package: tuple[str, ...]) -> set[str]:
    """Every module `text` imports, relative imports resolved against `package` (`from ..x import y` in
    cadre.workflow is cadre.x and cadre.x.y)."""
    found = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else ()
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.add(module)
            found |= {f"{module}.{alias.name}" for alias in node.names}
    return found


def reaching(package: str, forbidden: tuple[str, ...]) -> dict[str, set[str]]:
    modules = sorted((SOURCE / package).rglob("*.py"))
    assert modules, package
    reached = {}
    for path in modules:
        bad = {
            name for name in imported(path) if any(name == f or name.startswith(f"{f}.") for f in forbidden)
        }
        if bad:
            reached[str(path.relative_to(SOURCE))] = bad
    return reached


def test_no_workflow_module_imports_rotation_staffing_or_people():
    assert reaching("workflow", ("cadre.rotation", "cadre.staffing", "cadre.people")) == {}


def test_the_document_layout_imports_no_app():
    assert reaching("documents", tuple(f"cadre.{app}" for app in APPS)) == {}


def test_the_check_sees_every_form_of_import():
    """The checks above would be blind to a relative or a lazy import if this did not hold."""
    text = (
        "from ..rotation import models\nfrom . import services\n\ndef f():\n    import cadre.people.models\n"
    )
    found = imported_by(text, ("cadre", "workflow"))
    assert {
        "cadre.rotation",
        "cadre.rotation.models",
        "cadre.workflow.services",
        "cadre.people.models",
    } <= found
    assert reaching("workflow", ("cadre.workflow",))  # the walk does find the package's own imports


ROLE = {"plan": "board_officer", "staffing": "home_affairs"}


@pytest.fixture(params=["rotation", "transfer"])
def plan(request, geography):
    """A draft of each kind, with a proposer (by the kind's own permission) and an approver in its province."""
    if request.param == "rotation":
        plan, province = lai_chau_plan()[0], LAI_CHAU
    else:
        from cadre.staffing.services import run_transfers

        request.getfixturevalue("registry")
        plan, province = run_transfers(HAI_PHONG, ON), HAI_PHONG
    assert isinstance(plan, WorkflowPlan) and plan.has_solution
    proposer = make_user("proposer", role=ROLE[plan.propose_permission], scope=province)
    approver = make_user("approver", role="standing_member", scope=province)
    return plan, proposer, approver


def test_each_kind_goes_from_draft_to_decided_through_the_base_class_alone(plan):
    plan, proposer, approver = plan
    with pytest.raises(WorkflowError, match="may not propose"):
        propose(
            plan, approver, "Trình"
        )  # proposing is the kind's own permission, not the Standing Committee's
    plan = decide(approve(propose(plan, proposer, "Trình"), approver, "Duyệt"), approver, "Ban hành", "7-QĐ")
    assert (plan.state, plan.decision) == (State.DECIDED, "7-QĐ")
    events = list(plan.events())
    assert [e.kind for e in events] == ["propose", "approve", "decide"]
    assert {e.subject for e in events} == {plan.subject} and plan.subject == f"{plan.log_subject}:{plan.pk}"
    assert all(e.content["problem_sha256"] == plan.problem_sha256 for e in events)
