"""The words of Vietnamese addresses: the unit types (full and abbreviated), how a name is folded for matching,
and how one comma-separated part of an address is read. `places.Gazetteer` puts the parts together."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

PROVINCE, DISTRICT, COMMUNE = "province", "district", "commune"

# Folded type words (full and abbreviated) and the unit kinds each may introduce.
KIND_WORDS: dict[str, frozenset[str]] = {
    "tinh": frozenset({"tinh"}),
    "t": frozenset({"tinh"}),
    "thanh pho": frozenset({"thanh_pho"}),
    "tp": frozenset({"thanh_pho"}),
    "quan": frozenset({"quan"}),
    "q": frozenset({"quan"}),
    "huyen": frozenset({"huyen"}),
    "h": frozenset({"huyen"}),
    "thi xa": frozenset({"thi_xa"}),
    "tx": frozenset({"thi_xa"}),
    "thi tran": frozenset({"thi_tran"}),
    "tt": frozenset({"thi_tran"}),
    "xa": frozenset({"xa"}),
    "x": frozenset({"xa"}),
    "phuong": frozenset({"phuong"}),
    "p": frozenset({"phuong"}),
    "dac khu": frozenset({"dac_khu"}),
    "dk": frozenset({"dac_khu"}),
}
# The kinds each level can have. A type word from another level is never overlooked ("Tỉnh X" is no commune).
LEVEL_KINDS = {
    PROVINCE: frozenset({"tinh", "thanh_pho"}),
    DISTRICT: frozenset({"quan", "huyen", "thi_xa", "thanh_pho"}),
    COMMUNE: frozenset({"xa", "phuong", "thi_tran", "dac_khu"}),
}
# Full type words that begin official names, longest first, e.g. "Thành phố" before "Thị xã".
NAME_PREFIXES = ("thanh pho", "thi xa", "thi tran", "dac khu", "tinh", "quan", "huyen", "xa", "phuong")
COUNTRY_WORDS = frozenset({"viet nam", "vietnam", "vn", "nuoc chxhcn viet nam"})
SEPARATORS = re.compile(r"[,;|\n()\[\]]+")
# " - " also separates parts ("P. Thanh Bình - TP Hải Dương"), but sits inside "Bà Rịa - Vũng Tàu": it is
# only tried as a separator when the address cannot be read without it.
DASHES = re.compile(r"\s[-–—]\s")
GLUED_NUMBER = re.compile(r"^(q|p|quan|phuong)(\d+)$")


def fold(text: str) -> str:
    """Lower-case ASCII with single spaces: 'Thành phố Hải Dương' -> 'thanh pho hai duong'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def name_key(folded: str) -> str:
    """The matching key of a folded name: no spaces, i and y alike ('ly son' and 'li son' -> 'lison')."""
    return folded.replace(" ", "").replace("y", "i")


@dataclass(frozen=True)
class Part:
    """One comma-separated part of an address: possible kinds (None when untyped) and name key."""

    text: str
    readings: tuple[tuple[frozenset[str] | None, str], ...]
    lower: str = ""  # the text in lower case with its diacritics, to prefer the exact spelling in a tie


def parse_part(text: str) -> Part | None:
    folded = fold(text)
    if not folded:
        return None
    readings: list[tuple[frozenset[str] | None, str]] = []
    glued = GLUED_NUMBER.match(folded)
    if glued:  # "Q1", "P12"
        readings.append((KIND_WORDS[glued.group(1)], glued.group(2)))
    tokens = folded.split()
    for width in (2, 1):
        head = " ".join(tokens[:width])
        if head in KIND_WORDS and len(tokens) > width:
            readings.append((KIND_WORDS[head], name_key(" ".join(tokens[width:]))))
            break
    if len(tokens) == 1:  # "TPHCM", "TPHaiDuong": a type glued to the name
        for word, kinds in KIND_WORDS.items():
            if " " not in word and len(word) > 1 and folded.startswith(word) and len(folded) > len(word) + 1:
                readings.append((kinds, name_key(folded[len(word) :])))
    readings.append((None, name_key(folded)))
    lower = " ".join(unicodedata.normalize("NFC", text).lower().split())
    return Part(text=text.strip(), readings=tuple(dict.fromkeys(readings)), lower=lower)
