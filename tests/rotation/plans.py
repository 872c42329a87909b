"""Lai Châu's plan, a plan carried through the workflow, and the text of a Word document read as a reader would: shared by the
rotation's tests of the documents and the CLI's tests of `cadre plan document`."""

from cadre.rotation.services import run_plan
from cadre.workflow.services import approve, decide, propose
from tests.rotation.registry import LAI_CHAU, ON, lai_chau_registry
from tests.users import make_user


def lai_chau_plan(target=0.05, **options):
    """`options` go to run_plan (e.g. when_infeasible="strict" for a plan with no solution)."""
    outsiders = lai_chau_registry()
    return run_plan(LAI_CHAU, target=target, on=ON, **options), outsiders


def carried(run, to="approved", scope=LAI_CHAU):
    board = make_user("bto", role="board_officer", scope=scope)
    standing = make_user("btv", role="standing_member", scope=scope)
    run = propose(run, board, "Đề xuất luân chuyển")
    if to in ("approved", "decided"):
        run = approve(run, standing, "Thống nhất")
    if to == "decided":
        run = decide(run, standing, "Ban hành", decision="15-QĐ/TU")
    return run


def texts(doc) -> list[str]:
    found = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                found += [p.text for p in cell.paragraphs]
    return found
