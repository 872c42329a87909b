"""The Ministry's list of a commune's job positions (vị trí việc làm cấp xã), read from the policy file
(`commune_job_positions`, docs/staffing.md) and checked: each position's official name, its group under the Law
on Cadres and Civil Servants 80/2025/QH15, the body that holds it and the text the list comes from.

The list is data, not code: a changed list is a new dated value in `policy/vn.toml`. A malformed one is refused
with `PolicyError`, naming the parameter and the position, so the application does not start on a list that
cannot be right.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from cadre.core.policy import Policy, PolicyError
from cadre.core.text import Text

PARAMETER = "commune_job_positions"
CENTRE_PARAMETER = "service_centre_leadership"
# The three groups of job positions of the Law on Cadres and Civil Servants 2025, in the Law's order.
GROUPS = {
    "leadership": Text("Lãnh đạo, quản lý", "Leadership and management"),
    "professional": Text("Chuyên môn, nghiệp vụ", "Professional"),
    "support": Text("Hỗ trợ, phục vụ", "Support and service"),
}
CENTRE_DIRECTOR = "giam_doc_tthcc"
CENTRE_DEPUTY = "pho_giam_doc_tthcc"
# The posts of a commune People's Committee a centre's leader may rank with (`director_rank`, `deputy_rank`).
RANKS = {
    "truong_phong": Text("Trưởng phòng", "a department head"),
    "pho_truong_phong": Text("Phó Trưởng phòng", "a deputy department head"),
}
_CODE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


@dataclass(frozen=True)
class Body:
    key: str
    name: str
    name_en: str


@dataclass(frozen=True)
class JobPosition:
    code: str
    name: str
    name_en: str
    group: str
    body: Body
    official: str  # the position of the Ministry's list this post is (its own name unless a department's)
    former: str  # the name Cadre used before for this code, if it changed
    former_en: str  # its English name then
    source: str
    effective_from: dt.date
    unverified: bool

    @property
    def label(self) -> Text:
        return Text(self.name, self.name_en)

    @property
    def group_label(self) -> Text:
        return GROUPS[self.group]


@dataclass(frozen=True)
class CentreRule:
    director_is_vice_chair: bool
    director_rank: str  # a key of RANKS, or "" when the rule does not rank the director
    deputy_rank: str  # a key of RANKS
    deputy_count: int | None  # how many deputy directors; None: the People's Committee decides
    source: str
    effective_from: dt.date
    unverified: bool

    @property
    def sentences(self) -> tuple[Text, ...]:
        """The rule in plain words, for the staffing page."""
        said = []
        if self.director_is_vice_chair:
            said.append(
                Text(
                    "Giám đốc là một Phó Chủ tịch UBND cấp xã kiêm nhiệm.",
                    "The director is one of the People's Committee's vice-chairs, concurrently.",
                )
            )
        else:
            said.append(
                Text(
                    "Giám đốc là chức danh riêng, không do Phó Chủ tịch UBND kiêm nhiệm.",
                    "The director is a post of its own: a vice-chair of the People's Committee does not hold "
                    "it concurrently.",
                )
            )
        if self.director_rank:
            rank = RANKS[self.director_rank]
            said.append(Text(f"Giám đốc tương đương {rank.vi}.", f"The director ranks with {rank.en}."))
        rank = RANKS[self.deputy_rank]
        said.append(
            Text(f"Phó Giám đốc tương đương {rank.vi}.", f"The deputy director ranks with {rank.en}.")
        )
        if self.deputy_count is None:
            said.append(
                Text(
                    "Số Phó Giám đốc do UBND cấp xã quyết định.",
                    "The People's Committee decides how many deputy directors there are.",
                )
            )
        else:
            said.append(
                Text(
                    f"Trung tâm có {self.deputy_count} Phó Giám đốc.",
                    f"The centre has {self.deputy_count} deputy director"
                    f"{'' if self.deputy_count == 1 else 's'}.",
                )
            )
        return tuple(said)


def commune_positions(policy: Policy, on: dt.date | None = None) -> tuple[JobPosition, ...]:
    """The list in force on `on` (today without), in the file's order; refused with `PolicyError` if malformed."""
    entry = policy.entry(PARAMETER, on)
    value = entry.value

    def refuse(what: str) -> PolicyError:
        return PolicyError(f"policy parameter {PARAMETER!r} (from {entry.effective_from:%d/%m/%Y}): {what}")

    if not isinstance(value, dict) or not isinstance(value.get("positions"), list):
        raise refuse("the value needs a list of `positions` and a list of `bodies`")
    bodies = {}
    for item in value.get("bodies") or []:
        if not isinstance(item, dict) or not all(_text(item.get(k)) for k in ("key", "name", "name_en")):
            raise refuse(f"a body needs a key, a name and an English name: {item!r}")
        bodies[item["key"]] = Body(item["key"], item["name"].strip(), item["name_en"].strip())
    positions, seen = [], set()
    for item in value["positions"]:
        if not isinstance(item, dict):
            raise refuse(f"a position must be a table: {item!r}")
        code = item.get("code")
        if not isinstance(code, str) or not _CODE.match(code):
            raise refuse(f"position code {code!r} is not lower-case letters, digits and _ (2 to 40)")
        if code in seen:
            raise refuse(f"position {code!r} is listed twice")
        seen.add(code)
        for key in ("name", "name_en"):
            if not _text(item.get(key)):
                raise refuse(f"position {code!r} has no {key}")
        if item.get("group") not in GROUPS:
            raise refuse(
                f"position {code!r} has group {item.get('group')!r}; it must be one of {', '.join(GROUPS)}"
            )
        if item.get("body") not in bodies:
            raise refuse(f"position {code!r} is in body {item.get('body')!r}, which `bodies` does not list")
        positions.append(
            JobPosition(
                code=code,
                name=item["name"].strip(),
                name_en=item["name_en"].strip(),
                group=item["group"],
                body=bodies[item["body"]],
                official=(item.get("official") or item["name"]).strip(),
                former=(item.get("former") or "").strip(),
                former_en=(item.get("former_en") or "").strip(),
                source=entry.source,
                effective_from=entry.effective_from,
                unverified=entry.unverified,
            )
        )
    if not positions:
        raise refuse("the list has no positions")
    return tuple(positions)


def centre_rule(policy: Policy, on: dt.date | None = None) -> CentreRule:
    """Who leads a commune's public administration service centre on `on`."""
    entry = policy.entry(CENTRE_PARAMETER, on)
    value = entry.value
    count = value.get("deputy_count") if isinstance(value, dict) else None
    if (
        not isinstance(value, dict)
        or not isinstance(value.get("director_is_vice_chair"), bool)
        or value.get("director_rank", "") not in {"", *RANKS}
        or value.get("deputy_rank") not in RANKS
        or not (count is None or (isinstance(count, int) and not isinstance(count, bool) and count > 0))
    ):
        raise PolicyError(
            f"policy parameter {CENTRE_PARAMETER!r} (from {entry.effective_from:%d/%m/%Y}) needs "
            f"director_is_vice_chair (true or false), deputy_rank (one of {', '.join(sorted(RANKS))}), "
            "optionally director_rank (the same) and deputy_count (a whole number above 0)"
        )
    return CentreRule(
        value["director_is_vice_chair"],
        value.get("director_rank", ""),
        value["deputy_rank"],
        count,
        entry.source,
        entry.effective_from,
        entry.unverified,
    )


def _text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())
