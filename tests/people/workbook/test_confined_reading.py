"""Whatever a file does to the reader ends in the reader's child process: a reader that runs out of memory, aborts,
crashes or never ends gets the importer a clear refusal in both languages, nothing is written, and the server's
process goes on to import the next workbook. Each test puts a defeated reader (`hostile_readers`) where the real
one runs, as a file that gets past the guard would."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cadre.cli import main
from cadre.people.models import Official
from cadre.people.workbook import cells
from cadre.people.workbook.guard import check_workbook
from cadre.people.workbook.importer import WorkbookError, import_workbook
from tests.people.workbook import hostile_readers
from tests.people.workbook.crafted import dense_grid, far_cell
from tests.people.workbooks import good_sheets, write
from tests.users import make_user

pytestmark = pytest.mark.usefixtures("geography")

TOO_LARGE_VI = "Tệp quá lớn hoặc hỏng"
TOO_LARGE_EN = "The file is too large or damaged"


@pytest.fixture
def limits(settings):
    """Limits small enough for a test to reach quickly (a real registry needs far more)."""
    settings.CADRE_PARSE_MEMORY_MB = 512
    settings.CADRE_PARSE_SECONDS = 2
    return settings


def refusal(path) -> WorkbookError:
    with pytest.raises(WorkbookError) as refused:
        import_workbook(path, dry_run=False)
    return refused.value


@pytest.mark.django_db
@pytest.mark.parametrize(
    "reader",
    [
        hostile_readers.unguarded,
        hostile_readers.hoarding,
        hostile_readers.aborting,
        hostile_readers.crashing,
        hostile_readers.endless,
        hostile_readers.spinning,
    ],
    ids=["calamine on a far cell", "out of memory", "abort", "segfault", "asleep", "busy"],
)
def test_a_reader_that_blows_up_is_refused_and_the_next_import_goes_through(
    tmp_path, monkeypatch, limits, reader
):
    crafted = far_cell(tmp_path)
    with monkeypatch.context() as patched:
        patched.setattr(cells, "read_cells", reader)
        refused = refusal(crafted)
    assert TOO_LARGE_VI in refused.message_vi and "Không có gì được ghi" in refused.message_vi
    assert TOO_LARGE_EN in refused.message_en and "Nothing was written" in refused.message_en
    assert Official.objects.count() == 0

    report = import_workbook(write(tmp_path / "good.xlsx", good_sheets()))
    assert report.ok and report.written and Official.objects.count() == 3


@pytest.mark.django_db
def test_a_workbook_within_the_guard_that_needs_more_memory_than_the_reader_has_is_refused(tmp_path, limits):
    crafted = dense_grid(tmp_path)
    check_workbook(crafted)  # the guard lets it through: 20 million cells is its bound
    refused = refusal(crafted)
    assert (
        "cần hơn 512 MB bộ nhớ" in refused.message_vi and "more than 512 MB of memory" in refused.message_en
    )
    assert Official.objects.count() == 0
    assert import_workbook(write(tmp_path / "good.xlsx", good_sheets())).written


@pytest.mark.django_db
def test_the_refusal_says_which_limit_was_passed(tmp_path, monkeypatch, limits):
    monkeypatch.setattr(cells, "read_cells", hostile_readers.endless)
    assert "quá 2 giây" in refusal(tmp_path / "any.xlsx").message_vi
    monkeypatch.setattr(cells, "read_cells", hostile_readers.hoarding)
    assert "more than 512 MB of memory" in refusal(tmp_path / "any.xlsx").message_en


@pytest.mark.django_db
def test_the_import_page_answers_a_reader_that_blew_up(client, tmp_path, monkeypatch, limits):
    client.force_login(make_user())
    monkeypatch.setattr(cells, "read_cells", hostile_readers.unguarded)
    upload = SimpleUploadedFile("far.xlsx", far_cell(tmp_path).read_bytes())
    response = client.post(reverse("people:import"), {"file": upload})
    assert response.status_code == 200
    assert TOO_LARGE_VI in response.content.decode()
    assert Official.objects.count() == 0


@pytest.mark.django_db
def test_the_command_answers_a_reader_that_blew_up_with_status_1(tmp_path, monkeypatch, limits, capsys):
    monkeypatch.setattr(cells, "read_cells", hostile_readers.unguarded)
    assert main(["import", str(far_cell(tmp_path)), "--dry-run"]) == 1
    error = capsys.readouterr().err
    assert f"Lỗi: {TOO_LARGE_VI}" in error and f"Error: {TOO_LARGE_EN}" in error


@pytest.mark.django_db
@pytest.mark.parametrize("in_memory", [True, False], ids=["held in memory", "on disk"])
def test_an_upload_is_read_by_the_child_wherever_django_keeps_it(client, tmp_path, settings, in_memory):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = (
        10 << 20 if in_memory else 0
    )  # a large upload goes to a temporary file
    client.force_login(make_user())
    upload = SimpleUploadedFile("so-dang-ky.xlsx", write(tmp_path / "good.xlsx", good_sheets()).read_bytes())
    response = client.post(reverse("people:import"), {"file": upload})
    assert response.status_code == 200 and Official.objects.count() == 3


@pytest.mark.django_db
def test_while_other_files_take_every_reader_an_import_is_told_to_come_back(tmp_path, monkeypatch, limits):
    from cadre import confined

    path = write(tmp_path / "so.xlsx", good_sheets())
    monkeypatch.setattr(confined, "_slots", lambda at_once: __import__("threading").Semaphore(0))
    refused = refusal(path)
    assert (
        "Máy chủ đang đọc nhiều tệp khác" in refused.message_vi
        and "Không có gì được ghi" in refused.message_vi
    )
    assert "The server is busy reading other files" in refused.message_en
    assert not Official.objects.exists()
