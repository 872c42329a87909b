"""Export, edit in Excel, re-import: how officials keep the registry. The registry's own export of a province the
demo filled and an approved rotation plan then wrote into re-imports with no error and changes nothing (no row,
no row of history); a cell edited in it changes exactly that."""

from collections import Counter

import pytest
from django.db import transaction
from openpyxl import load_workbook

from cadre.geo.services import geography_counts, load_geography
from cadre.people.demo import generate_registry
from cadre.people.filtersets import OfficialFilterSet
from cadre.people.models import Discipline, Evaluation, Official, Posting, Relation, SuccessionPlan
from cadre.people.workbook.export import export_registry
from cadre.people.workbook.importer import import_workbook
from cadre.people.workbook.schema import SHEETS
from cadre.rotation.services import run_plan
from tests.rotation.plans import carried
from tests.rotation.registry import LAI_CHAU

MODELS = (Official, Posting, Evaluation, SuccessionPlan, Relation, Discipline)
OFFICIAL_FIELDS = [f.attname for f in Official._meta.concrete_fields if f.attname not in ("id", "updated_at")]
OFFICIAL_FIELDS.remove("created_at")


@pytest.fixture(scope="module")
def kept(django_db_setup, django_db_blocker):
    """Lai Châu's demo registry after the decision on its secretaries' rotation plan: the decision wrote the
    moves as postings (opened and closed ones, without a former district). Yields the plan."""
    with django_db_blocker.unblock(), transaction.atomic():
        if geography_counts()["communes"] == 0:
            load_geography()
        generate_registry([LAI_CHAU])
        run = carried(run_plan(LAI_CHAU, target=0.3), to="decided")
        assert Posting.objects.filter(decision__contains=f"(phương án #{run.pk})").count() >= 2
        yield run
        transaction.set_rollback(True)


def registry() -> dict:
    """The registry as plain values keyed by citizen ID and codes, without database ids or timestamps."""
    people = {row[0]: row for row in Official.objects.values_list("citizen_id", *OFFICIAL_FIELDS)}
    return {
        "officials": people,
        "postings": Counter(
            Posting.objects.values_list(
                "official__citizen_id",
                "position__code",
                "province",
                "district",
                "commune",
                "body",
                "start",
                "end",
                "decision",
            )
        ),
        "evaluations": Counter(
            Evaluation.objects.values_list("official__citizen_id", "year", "level", "score")
        ),
        "plans": Counter(
            SuccessionPlan.objects.values_list(
                "official__citizen_id", "position__code", "province", "district", "term_start", "term_end"
            )
        ),
        "relations": Counter(
            Relation.objects.values_list("official__citizen_id", "relative__citizen_id", "kind")
        ),
        "disciplines": Counter(
            Discipline.objects.values_list(
                "official__citizen_id", "measure", "decided_on", "deciding_body", "decision", "note"
            )
        ),
    }


def history_rows() -> dict[str, int]:
    return {model.__name__: model.history.count() for model in MODELS}


def province_officials(code: str):
    """What `cadre export officials --province <code>` exports."""
    filters = OfficialFilterSet({"province": code}, queryset=Official.objects.all())
    assert filters.is_valid()
    return filters.qs


NO_CHANGE = {
    f"{sheet}_{what}": 0
    for sheet in ("officials", "evaluations", "succession_plans", "relations", "disciplines")
    for what in ("created", "updated")
} | {"postings_created": 0, "postings_closed": 0}


@pytest.mark.parametrize("scope", ["province", "registry"])
def test_the_registrys_own_export_reimports_without_error_and_changes_nothing(
    kept, geography, tmp_path, scope
):
    before, history = registry(), history_rows()
    path = tmp_path / f"{scope}.xlsx"
    counts = export_registry(path, province_officials(LAI_CHAU) if scope == "province" else None)
    assert counts["officials"] > 1000 and counts["postings"] > counts["officials"]

    dry = import_workbook(path, dry_run=True)
    assert dry.ok, "\n".join(issue.render() for issue in dry.issues[:20])
    assert dry.counts == NO_CHANGE and not dry.written

    done = import_workbook(path)
    assert done.ok, "\n".join(issue.render() for issue in done.issues[:20])
    assert done.counts == NO_CHANGE and done.written
    assert registry() == before
    assert history_rows() == history  # nothing changed, so nothing is kept in the row history


def test_one_cell_edited_in_the_export_changes_exactly_that(kept, geography, tmp_path):
    before, history = registry(), history_rows()
    path = tmp_path / "edited.xlsx"
    export_registry(path, province_officials(LAI_CHAU))
    book = load_workbook(path)
    sheet = book[SHEETS[0].title]
    citizen_id, old_name = sheet["A2"].value, sheet["B2"].value
    sheet["B2"] = "Nguyễn Thị Sửa Tên"
    book.save(path)

    report = import_workbook(path)
    assert report.ok, "\n".join(issue.render() for issue in report.issues[:20])
    assert report.counts == NO_CHANGE | {"officials_updated": 1}
    after = registry()
    person = Official.objects.get(citizen_id=citizen_id)
    assert person.full_name == "Nguyễn Thị Sửa Tên" and old_name != person.full_name
    changed = {cid for cid, row in after["officials"].items() if before["officials"].get(cid) != row}
    assert changed == {citizen_id}
    assert {k: v for k, v in after.items() if k != "officials"} == {
        k: v for k, v in before.items() if k != "officials"
    }
    assert history_rows() == history | {"Official": history["Official"] + 1}
    latest = person.history.latest("history_date")
    assert (
        latest.full_name == "Nguyễn Thị Sửa Tên" and latest.history_change_reason == "Nhập từ tệp edited.xlsx"
    )
