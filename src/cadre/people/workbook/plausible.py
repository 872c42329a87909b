"""Dates a registry row cannot mean: a birth before any serving official's, or a posting taken up before the
person was old enough to hold one. Excel turns a blank or a slip into such dates without a word (its day 0 is
00/01/1900, its day 60 the 29/02/1900 that never was), so the import refuses them with the cell named. The two
bounds are dated values of the policy file: `registry_earliest_birth_year`, `official_min_age_years`."""

from __future__ import annotations

import datetime as dt

from cadre.core.dates import PartialDate
from cadre.core.policy import national_policy
from cadre.core.text import Text

from ..models import Official
from ..postings import PostingFact


def birth_problem(birth: PartialDate, on: dt.date) -> Text | None:
    """Why a birth date cannot be right, or None."""
    earliest = national_policy().value("registry_earliest_birth_year", on)
    if birth.year >= earliest:
        return None
    return Text(
        f"Năm sinh {birth.year} không thể đúng với một cán bộ đang công tác (sổ nhận người sinh từ năm "
        f"{earliest}): hãy kiểm tra lại ô này, Excel có thể đã tự đổi ngày.",
        f"Born in {birth.year} cannot be right for a serving official (the registry takes births from "
        f"{earliest}): check this cell, Excel may have changed the date itself.",
    )


def birth_dates(records: dict[str, dict], recorded: set[str]) -> dict[str, dt.date]:
    """Birth dates by citizen ID: the workbook's `records` first, then the registry's for the `recorded` IDs
    the workbook does not give one."""
    births = {cid: record["birth_date"] for cid, record in records.items() if "birth_date" in record}
    wanted = recorded - set(births)
    births.update(Official.objects.filter(citizen_id__in=wanted).values_list("citizen_id", "birth_date"))
    return births


def too_young(postings: list[PostingFact], births: dict[str, dt.date], on: dt.date):
    """(posting, reason) for each posting its official took up before `official_min_age_years`; `births`
    maps citizen IDs to birth dates (the first day of what is known, so a doubt is resolved in their favour)."""
    age = national_policy().value("official_min_age_years", on)
    for posting in postings:
        born = births.get(posting.official)
        if born is None:
            continue
        # A birth known only to its year or month counts from its first possible day: only a sure case is refused.
        years = (
            posting.start.year
            - born.year
            - ((posting.start.month, posting.start.day) < (born.month, born.day))
        )
        if years < age:
            yield (
                posting,
                Text(
                    f"Quá trình này bắt đầu ngày {posting.start:%d/%m/%Y}, khi cán bộ mới {max(years, 0)} tuổi "
                    f"(sinh {born:%d/%m/%Y}): chưa đủ {age} tuổi để giữ chức vụ. Hãy kiểm tra lại ngày.",
                    f"This posting starts on {posting.start:%d/%m/%Y}, when the official was {max(years, 0)} "
                    f"(born {born:%d/%m/%Y}): under the age of {age} at which a post may be held. Check the date.",
                ),
            )
