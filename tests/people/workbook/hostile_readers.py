"""Readers that a file has defeated, put in the place of `cells.read_cells` to show that what happens to the reader
ends in its child process. They take what the readers take (the path, and the sheets to read). The child imports
this module by name without Django, so it imports nothing of it."""

from __future__ import annotations

import ctypes
import os
import time
from collections.abc import Iterator

from python_calamine import CalamineWorkbook


def unguarded(path: str, *sheets) -> Iterator[tuple]:
    """calamine itself on a file the guard would have refused, as if a file got past the guard: on a sheet that
    reaches XFD1048576 it asks for 512 GiB, and aborts the process when it cannot have them."""
    book = CalamineWorkbook.from_path(path)
    yield ("titles", list(book.sheet_names))
    for title in book.sheet_names:
        yield ("sheet", title, 0, list(enumerate(book.get_sheet_by_name(title).iter_rows(), start=1)))


def hoarding(path: str, *sheets) -> tuple:
    """A reader that keeps every block it asks for, as one that lays out a huge grid does (the blocks are
    zeroed by the system as they are touched, so asking costs no time)."""
    blocks = []
    while True:
        blocks.append(bytes(256 << 20))


def aborting(path: str, *sheets) -> tuple:
    os.abort()


def crashing(path: str, *sheets) -> tuple:
    ctypes.string_at(0)  # reads address 0: a segmentation fault, as a reader's own bug would give


def endless(path: str, *sheets) -> tuple:
    time.sleep(3600)


def spinning(path: str, *sheets) -> tuple:
    while True:
        pass
