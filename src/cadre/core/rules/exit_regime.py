"""Which exit regime applies to a person on given dates, and why, in plain words.

Decree 178/2024 (as amended by Decree 67/2025) covers exits decided and taken before it closed; Decree 154/2025
covers those leaving from 16/06/2025 to 31/12/2030; Decree 170/2025 Art. 58 covers ordinary voluntary
resignation. Each scheme says itself whether it covers a case (`exit_benefits.exit_options`); a person who
qualifies under several receives one only, the most favourable (`exit_most_favourable`). Early retirement comes
with the pension at once, which no lump sum measures, so it comes first when it is open; among the options of
one kind, the most favourable is the one with the highest total. `exit_regime` returns that option, every
option considered, and the reason.
"""

from __future__ import annotations

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
    applies and why, `reason` adds why each other option is closed (a person's page shows that on each)."""

    chosen: ExitOption | None
    options: tuple[ExitOption, ...]
    summary: Text
    reason: Text

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


def most_favourable(options) -> ExitOption | None:
    """The applicable early retirement with the highest total, or else the applicable way to quit with the
    highest total (the first of equal ones), or None."""
    applicable = [o for o in options if o.benefit is not None]
    early = [o for o in applicable if o.kind == "early_retirement"]
    return max(early or applicable, key=lambda o: o.total, default=None)


def exit_regime(
    facts: PersonFacts, kind: str | None = None, scheme: str | None = None, policy: Policy | None = None
) -> Regime:
    """The regime that applies to `facts` on its dates, among the options of `kind` and `scheme` (every one
    when None)."""
    policy = policy or national_policy()
    options = tuple(
        o
        for o in exit_options(facts, policy)
        if (kind is None or o.kind == kind) and (scheme is None or o.scheme == scheme)
    )
    chosen = most_favourable(options)
    summary = regime_summary(facts, options, chosen, policy)
    closed = [o for o in options if o.benefit is None]
    if not closed:
        return Regime(chosen, options, summary, summary)
    others_vi = " ".join(f"{_name(o).vi}: {o.reason_vi}" for o in closed)
    others_en = " ".join(f"{_name(o).en}: {o.reason_en}" for o in closed)
    reason = Text(f"{summary.vi} Không áp dụng: {others_vi}", f"{summary.en} Not open: {others_en}")
    return Regime(chosen, options, summary, reason)


def regime_summary(facts: PersonFacts, options, chosen: ExitOption | None, policy: Policy) -> Text:
    """Why `chosen` applies on the leave date: the only one, or the most favourable of several."""
    leave = f"{facts.leave_date:%d/%m/%Y}"
    open_ = [o for o in options if o.benefit is not None]
    applicable = [o for o in open_ if chosen is None or o.kind == chosen.kind]
    if chosen is None:
        head = Text(
            f"Không chế độ nào áp dụng được cho ngày nghỉ {leave}.",
            f"No regime applies to leaving on {leave}.",
        )
    elif len(open_) == 1:
        name = _name(chosen)
        head = Text(
            f"Áp dụng {name.vi}: chế độ duy nhất áp dụng được cho ngày nghỉ {leave}.",
            f"{name.en} applies: the only regime open to someone leaving on {leave}.",
        )
    elif len(applicable) == 1:
        name = _name(chosen)
        head = Text(
            f"Áp dụng {name.vi}: chế độ nghỉ hưu trước tuổi duy nhất áp dụng được cho ngày nghỉ {leave}.",
            f"{name.en} applies: the only early retirement open to someone leaving on {leave}.",
        )
    else:
        name = _name(chosen)
        listed_vi = "; ".join(f"{_name(o).vi}: {vnd_text(o.total).vi}" for o in applicable)
        listed_en = "; ".join(f"{_name(o).en}: {vnd_text(o.total).en}" for o in applicable)
        rule = _rule_source(facts, policy)
        head = Text(
            f"Áp dụng {name.vi}: có lợi nhất trong các chế độ áp dụng được cho ngày nghỉ {leave} ({listed_vi}); "
            f"người thuộc nhiều chế độ chỉ được hưởng một chế độ cao nhất{rule.vi}.",
            f"{name.en} applies: the most favourable of the regimes open to someone leaving on {leave} "
            f"({listed_en}); a person eligible under several receives only the most favourable{rule.en}.",
        )
    if chosen is not None and len(applicable) < len(open_):
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


def _rule_source(facts: PersonFacts, policy: Policy) -> Text:
    """' (Nghị định 154/2025, Điều 3)' when the most-favourable rule is in force on the leave date."""
    try:
        policy.entry("exit_most_favourable", facts.leave_date)
    except PolicyError:
        return Text("", "")
    return Text(" (Nghị định 154/2025/NĐ-CP, Điều 3)", " (Decree 154/2025, Art. 3)")
