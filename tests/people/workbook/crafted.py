"""Workbooks made to hurt the reader, built small by the tests themselves: a real workbook from
`tests.people.workbooks`, with one XML part of it rewritten the way an attacker would."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from tests.people.workbooks import good_sheets, write

OFFICIALS_PART = "xl/worksheets/sheet1.xml"  # openpyxl writes the first sheet, "Cán bộ", here


def rewritten(path: Path, part: str, change) -> Path:
    """`path` with `part` replaced by change(its bytes), written anew (a zip cannot be edited in place)."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    parts[part] = change(parts[part])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


def far_cell(tmp_path: Path) -> Path:
    """7 KB that declares itself A1:XFD1048576 and has one cell at XFD1048576: a reader that lays the sheet out
    as a grid asks for 17 billion cells."""
    path = write(tmp_path / "far.xlsx", good_sheets())

    def change(xml: bytes) -> bytes:
        xml = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml)
        far = b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row>'
        return xml.replace(b"</sheetData>", far + b"</sheetData>")

    return rewritten(path, OFFICIALS_PART, change)


def dense_grid(tmp_path: Path) -> Path:
    """8 KB whose sheet spans A1:T1000000, just within the guard's 20 million cells: the reader lays out its grid
    in 640 MB before it reads a row, so only the memory the reader is given stops it."""
    path = write(tmp_path / "dense.xlsx", good_sheets())

    def change(xml: bytes) -> bytes:
        xml = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:T1000000"/>', xml)
        last = b'<row r="1000000"><c r="T1000000" t="n"><v>1</v></c></row>'
        return xml.replace(b"</sheetData>", last + b"</sheetData>")

    return rewritten(path, OFFICIALS_PART, change)


def long_cell(tmp_path: Path, characters: int) -> Path:
    """One cell holding `characters` letters; it compresses to almost nothing, as a 300 MB one would."""
    path = write(tmp_path / "long.xlsx", good_sheets())
    text = b"A" * characters

    def change(xml: bytes) -> bytes:
        cell = b'<row r="900"><c r="B900" t="inlineStr"><is><t>' + text + b"</t></is></c></row>"
        return xml.replace(b"</sheetData>", cell + b"</sheetData>")

    return rewritten(path, OFFICIALS_PART, change)


def hidden_sheet(path: Path) -> Path:
    """`path` with its first sheet stored under a name that does not end in .xml: the workbook's index still
    points the reader at it."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    parts["xl/data/cadre.bin"] = parts.pop(OFFICIALS_PART)
    parts["xl/_rels/workbook.xml.rels"] = (
        parts["xl/_rels/workbook.xml.rels"]
        .replace(b"/xl/worksheets/sheet1.xml", b"/xl/data/cadre.bin")
        .replace(b"worksheets/sheet1.xml", b"data/cadre.bin")
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path
