"""The Vietnamese catalogue is complete and current: every message translated, none left fuzzy or stale."""

import re
import subprocess
from pathlib import Path

import cadre
from tests.users import make_user

LOCALE = Path(cadre.__file__).parent / "locale"


def _entries(po: str):
    for block in po.split("\n\n")[1:]:  # the first block is the header
        msgid = "".join(re.findall(r'^(?:msgid|msgid_plural)? ?"(.*)"$', block.split("msgstr")[0], re.M))
        msgstr = "".join(re.findall(r'^[^"#]*"(.*)"$', block.split("msgstr", 1)[1], re.M))
        yield block, msgid, msgstr


def test_every_vietnamese_message_is_translated_and_none_is_fuzzy():
    po = (LOCALE / "vi/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    problems = [
        msgid for block, msgid, msgstr in _entries(po) if not msgstr or "#, fuzzy" in block or "#|" in block
    ]
    assert problems == []


def test_compiled_catalogue_matches_its_source(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", compiled, LOCALE / "vi/LC_MESSAGES/django.po"], check=True)
    assert compiled.read_bytes() == (LOCALE / "vi/LC_MESSAGES/django.mo").read_bytes()


def test_the_two_count_columns_have_different_vietnamese_headers(client, django_user_model, geography):
    client.force_login(make_user("x", "y-long-password"))
    provinces = client.get("/geo/").content.decode()
    communes = client.get("/geo/communes/").content.decode()
    assert "Số xã, phường" in provinces and "Số xã cũ hợp thành" in communes


def test_a_bare_yes_or_no_answers_only_the_question_it_was_written_for():
    """The plan page's column "Không là người địa phương" once showed "Có" for the local secretaries, and its
    filter "Có" gave the locals: the people list's answer "Local" → "Có" (to "Người địa phương?") was the same
    message as the plan page's label "Local". A Vietnamese "Có" or "Không" now only translates "Yes", "No" or
    "None", or a message whose context names the question it answers."""
    po = (LOCALE / "vi/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    bare = [
        msgid
        for block, msgid, msgstr in _entries(po)
        if msgstr in ("Có", "Không")
        and msgid not in ("Yes", "No", "None")
        and "\nmsgctxt " not in f"\n{block}"
    ]
    assert bare == []
