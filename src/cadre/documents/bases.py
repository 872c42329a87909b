"""The legal bases a document cites ("Căn cứ …"): the texts its policy values come from, read from the dated, cited
policy file (`cadre/policy/vn.toml`), never written in code."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from cadre.core.policy import PolicyError, national_policy


def cited_title(source: str) -> str:
    """The text a policy value cites, without the gloss that follows it: "Nghị định 178/2024/NĐ-CP ngày
    31/12/2024, Điều 12 (…)" gives "Nghị định 178/2024/NĐ-CP ngày 31/12/2024, Điều 12"."""
    return re.split(r"[:(;]", source, maxsplit=1)[0].strip()


def cited_texts(keys: Iterable[str], on: dt.date) -> list[str]:
    """The texts the policy values `keys` in force on `on` cite, each once, in the keys' order; a value not yet
    in force on that day is left out."""
    titles: list[str] = []
    for key in keys:
        try:
            cited = cited_title(national_policy().entry(key, on).source)
        except PolicyError:
            continue
        if cited and cited not in titles:
            titles.append(cited)
    return titles
