"""Which exit regime applies to a person on given dates, and why, in plain words.

Decree 178/2024 (as amended by Decree 67/2025) covers exits decided and taken before it closed; Decree 154/2025
covers those leaving from 16/06/2025 to 31/12/2030; Decree 170/2025 Art. 58 covers ordinary voluntary
resignation. Each scheme says itself whether it covers a case (`exit_benefits.exit_options`); a person who
qualifies under several receives one only, the most favourable (`exit_most_favourable`). Early retirement comes
with the pension at once, which no lump sum measures, so it comes first when it is open; among the options of
one kind, the most favourable is the one with the highest total, and of equal totals the one without a
condition (no refund). That reading is the policy's (`exit_most_favourable`'s `rule`); `exit_regime` returns the
option it picks, every option considered, and the reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cadre.core.policy import Policy, PolicyError, national_policy
from cadre.core.rules.exit_benefits import exit_options
from cadre.core.rules.exit_case import ExitOption, NotCovered, PersonFacts, vnd_text
from cadre.core.text import Text

OPTION_NAMES: dict[tuple[str, str], Text] = {
    ("decree-178", "early_retirement"): Text(
        "Nghỉ hưu trước tuổi (Nghị định 178)", "Early retirement (Decree 178)"
    ),
    ("decree-178", "quit"): Text("Thôi việc (Nghị định 178)", "Quitting (Decree 178)"),
    ("decree-154", "early_retirement"): Text(
        "Nghỉ hưu trước tuổi (Nghị định 154)", "Early retirement (Decree 154)"
    ),
    ("decree-154", "quit"): Text("Thôi việc ngay (Nghị định 154)", "Quitting at once (Decree 154)"),
    ("decree-170-art-58", "quit"): Text(
        "Tự nguyện thôi việc (Nghị định 170, Điều 58)", "Voluntary resignation (Decree 170 Art. 58)"
    ),
}


@dataclass(frozen=True)
class Regime:
    """The option that applies (None when none does), every option considered, and why: `summary` says which
    applies and why, `reason` adds why each other option is closed (a person's page shows that on each).
    `highest` is true when the option that applies pays at least as much as every other open one."""

    chosen: ExitOption | None
    options: tuple[ExitOption, ...]
    summary: Text
    reason: Text
    highest: bool = False

    def as_dict(self) -> dict:
        chosen = self.chosen
        return {
            "scheme": chosen.scheme if chosen else None,
            "kind": chosen.kind if chosen else None,
            "reason_vi": self.reason.vi,
            "reason_en": self.reason.en,
            "options": [
                {
                    "scheme": o.scheme,
                    "kind": o.kind,
                    "total": o.total,
                    "reason_vi": o.reason_vi,
                    "reason_en": o.reason_en,
                }
                for o in self.options
            ],
        }


def _early_retirement_first_then_highest_total(applicable: list[ExitOption]) -> ExitOption:
    """An early retirement when one is open, then the highest total; of equal totals the one without a condition
    (a refund), then the first (in the order Decree 178, Decree 154, Decree 170)."""
    early = [o for o in applicable if o.kind == "early_retirement"]
    return max(early or applicable, key=lambda o: (o.total, not o.benefit.conditions))


# The readings of `exit_most_favourable` Cadre knows, by the policy's `rule`.
RULES = {"early_retirement_first_then_highest_total": _early_retirement_first_then_highest_total}


def most_favourable(options, on: dt.date, policy: Policy | None = None) -> ExitOption | None:
    """The option that applies among `options` on the leave date `on`, by the policy's reading of "the most
    favourable" (`exit_most_favourable`), or None when none is open. Raises PolicyError for a reading Cadre does
    not know, or when several are open and the policy has no reading for that day."""
    applicable = [o for o in options if o.benefit is not None]
    if len(applicable) <= 1:
        return applicable[0] if applicable else None
    rule = (policy or national_policy()).value("exit_most_favourable", on)["rule"]
    if rule not in RULES:
        raise PolicyError(f"unknown exit_most_favourable rule {rule!r}")
    return RULES[rule](applicable)


def exit_regime(
    facts: PersonFacts, kind: str | None = None, scheme: str | None = None, policy: Policy | None = None
) -> Regime:
    """The regime that applies to `facts` on its dates, among the options of `kind` and `scheme` (every one
    when None). Refused (no option chosen) when Decree 178 may apply but its restructuring decision date is not
    given: the regime cannot be told without it."""
    policy = policy or national_policy()
    options = tuple(
        o
        for o in exit_options(facts, policy)
        if (kind is None or o.kind == kind) and (scheme is None or o.scheme == scheme)
    )
    if any(o.needs_decision for o in options):
        summary = Text(
            f"Nghị định 178 có thể áp dụng cho ngày nghỉ {facts.leave_date:%d/%m/%Y}: cần ngày quyết định sắp "
            "xếp tổ chức bộ máy của cấp có thẩm quyền để xác định chế độ áp dụng.",
            f"Decree 178 may apply to leaving on {facts.leave_date:%d/%m/%Y}: give the restructuring decision "
            "date to tell which regime applies.",
        )
        return Regime(None, options, summary, summary)
    chosen = most_favourable(options, facts.leave_date, policy)
    open_ = [o for o in options if o.benefit is not None]
    highest = chosen is not None and all(chosen.total >= o.total for o in open_)
    summary = regime_summary(facts, options, chosen, highest, policy)
    closed = [o for o in options if o.benefit is None]
    if not closed:
        return Regime(chosen, options, summary, summary, highest)
    others_vi = " ".join(f"{_name(o).vi}: {o.reason_vi}" for o in closed)
    others_en = " ".join(f"{_name(o).en}: {o.reason_en}" for o in closed)
    reason = Text(f"{summary.vi} Không áp dụng: {others_vi}", f"{summary.en} Not open: {others_en}")
    return Regime(chosen, options, summary, reason, highest)


def regime_summary(
    facts: PersonFacts, options, chosen: ExitOption | None, highest: bool, policy: Policy
) -> Text:
    """Why `chosen` applies on the leave date: the only one, the most favourable of several (with any equal
    total said), or the early retirement preferred to a way to quit that pays more."""
    leave = f"{facts.leave_date:%d/%m/%Y}"
    open_ = [o for o in options if o.benefit is not None]
    if chosen is None:
        return Text(
            f"Không chế độ nào áp dụng được cho ngày nghỉ {leave}.",
            f"No regime applies to leaving on {leave}.",
        )
    name = _name(chosen)
    if len(open_) == 1:
        return Text(
            f"Áp dụng {name.vi}: chế độ duy nhất áp dụng được cho ngày nghỉ {leave}.",
            f"{name.en} applies: the only regime open to someone leaving on {leave}.",
        )
    listed_vi = "; ".join(f"{_name(o).vi}: {vnd_text(o.total).vi}" for o in open_)
    listed_en = "; ".join(f"{_name(o).en}: {vnd_text(o.total).en}" for o in open_)
    rule = _rule_citation(facts, policy)
    one = Text(
        f"người thuộc nhiều chế độ chỉ được hưởng một chế độ cao nhất{rule.vi}",
        f"a person eligible under several receives only the most favourable{rule.en}",
    )
    if highest:
        head = Text(
            f"Áp dụng {name.vi}: có lợi nhất trong các chế độ áp dụng được cho ngày nghỉ {leave} ({listed_vi}); "
            f"{one.vi}.",
            f"{name.en} applies: the most favourable of the regimes open to someone leaving on {leave} "
            f"({listed_en}); {one.en}.",
        )
    else:
        head = Text(
            f"Áp dụng {name.vi} cho ngày nghỉ {leave} ({listed_vi}): {one.vi}, và theo cách hiểu của Cadre nghỉ "
            "hưu trước tuổi được ưu tiên vì được hưởng lương hưu ngay, dù một chế độ thôi việc có tổng trợ cấp "
            "cao hơn.",
            f"{name.en} applies to leaving on {leave} ({listed_en}): {one.en}, and by Cadre's reading early "
            "retirement comes first because it pays the pension at once, though a way to quit pays a higher "
            "total.",
        )
    equal = [o for o in open_ if o is not chosen and o.total == chosen.total]
    if equal:
        others_vi = ", ".join(_name(o).vi for o in equal)
        others_en = ", ".join(_name(o).en for o in equal)
        why = (
            Text(" (không kèm điều kiện hoàn trả)", " (it carries no refund condition)")
            if not chosen.benefit.conditions and any(o.benefit.conditions for o in equal)
            else Text("", "")
        )
        head = Text(
            f"{head.vi} Tổng trợ cấp bằng nhau với {others_vi}; chọn {name.vi}{why.vi}.",
            f"{head.en} The total equals that of {others_en}; {name.en} is chosen{why.en}.",
        )
    elif highest and chosen.kind == "early_retirement" and any(o.kind == "quit" for o in open_):
        head = Text(
            f"{head.vi} Nghỉ hưu trước tuổi được xét trước thôi việc vì được hưởng lương hưu ngay.",
            f"{head.en} Early retirement comes before quitting: it pays the pension at once.",
        )
    return head


def refused(regime: Regime) -> NotCovered:
    """The error for a regime with no applicable option."""
    return NotCovered(regime.reason.vi, regime.reason.en)


def _name(option: ExitOption) -> Text:
    return OPTION_NAMES[option.scheme, option.kind]


def _rule_citation(facts: PersonFacts, policy: Policy) -> Text:
    """' (Nghị định 154/2025/NĐ-CP, Điều 3)': the text of the most-favourable rule in force on the leave date, as
    the policy file cites it."""
    try:
        value = policy.value("exit_most_favourable", facts.leave_date)
    except PolicyError:
        return Text("", "")
    return Text(f" ({value['citation_vi']})", f" ({value['citation_en']})")
