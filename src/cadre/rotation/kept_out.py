"""Who the rules kept out of each post, for the problem document's `posts[].kept_out` (see
`cadre.core.planning.problem`): per rule, how many people it kept out, and the few people nearest to being
eligible (fewest rules against them; one per combination of rules), with those rules. A diagnosis counts them; a closest plan names, for a post
it leaves open, who could fill it if which rule were relaxed."""

from __future__ import annotations

from collections import defaultdict

from cadre.core.planning.diagnosis import RULE_NAMES

NEAREST = 3  # people named per post


class KeptOut:
    def __init__(self) -> None:
        self._people: dict[str, int] = defaultdict(int)
        self._rules: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self._nearest: dict[str, dict[tuple, tuple[int, int, dict]]] = defaultdict(dict)
        self._order = 0

    def add(self, post: str, candidate: str, label: str, reasons: list[dict]) -> None:
        """`reasons` kept `candidate` out of `post` (pair_reasons: [{"rule", "vi", "en"}])."""
        self._people[post] += 1
        rules = self._rules[post]
        for reason in reasons:
            rules[reason["rule"]] += 1
        # The first person per combination of rules: three people kept out by three different rules say more
        # than three kept out by the same one.
        signature = tuple(sorted(reason["rule"] for reason in reasons))
        near = self._nearest[post]
        if signature not in near:
            self._order += 1
            near[signature] = (
                len(reasons),
                self._order,
                {"candidate": candidate, "label": label, "reasons": list(reasons)},
            )

    def document(self, post: str) -> dict:
        """The post's `kept_out` entry (empty counts when nobody was kept out)."""
        rules = sorted(self._rules.get(post, {}).items(), key=lambda kv: (-kv[1], kv[0]))
        return {
            "people": self._people.get(post, 0),
            "rules": [
                {"rule": rule, "people": n, **RULE_NAMES[rule].to_dict()}
                if rule in RULE_NAMES
                else {"rule": rule, "people": n}
                for rule, n in rules
            ],
            "nearest": [
                entry for _, _, entry in sorted(self._nearest.get(post, {}).values(), key=lambda n: n[:2])
            ][:NEAREST],
        }
