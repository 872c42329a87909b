"""What the plan pages show, as plain data: a plan's rows filtered as the user asks, its before/after figures,
and what differs between two plans and why. The views only render these."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cadre.core.place_names import fold
from cadre.core.planning.diagnosis import RULE_NAMES
from cadre.core.text import Text
from cadre.geo.models import LegacyDistrict, Province

from .models import PlanRun
from .post_types import SECRETARY_POST, TITLE, commune_of, type_of
from .report import assignment_rows, weight_label, weight_text
from .shares import percent
from .targets import plan_targets, planned_types

# ?kind= on the plan page: which rows to show. "changes" (the default) is every post whose holder changes.
KINDS = {
    "changes": {"moves", "new"},
    "moves": {"moves"},
    "new": {"new"},
    "stays": {"stays"},
    "all": {"moves", "new", "stays"},
}


def _said(item: dict | None) -> Text:
    """What a `{"vi", "en"}` entry of the plan's explanation says; nothing (a false Text) where it has none."""
    return Text.from_dict(item) if isinstance(item, dict) else Text("", "")


@dataclass
class Row:
    post: str
    post_label: str
    candidate: str
    full_name: str
    kind: str
    non_local: bool | None
    km: float | None
    cost: float | None
    rules: list[Text]
    cutoff: Text
    runner_up: Text
    birth_date: str | None
    locked: str | None  # "must" / "must_not" when the run's locks name this pair
    lock_reason: str = ""  # why the pair was kept or forbidden, as the user gave it
    post_title: Text = Text("", "")  # the post type in words, in a plan of several types (else empty)


def plan_rows(run: PlanRun, *, q: str = "", kind: str = "changes", non_local: str = "") -> list[Row]:
    """The plan's rows as the filters ask: `q` part of a name or commune (no case, no diacritics), `kind` one
    of `KINDS`, `non_local` "yes" or "no"."""
    wanted = KINDS.get(kind, KINDS["changes"])
    needle = fold(q.strip()) if q.strip() else ""
    locks = {(str(lock["candidate"]), str(lock["post"])): lock for lock in run.params.get("locks", [])}
    rows = []
    for row in assignment_rows(run):
        if row["kind"] not in wanted:
            continue
        if non_local in ("yes", "no") and bool(row["non_local"]) != (non_local == "yes"):
            continue
        if needle and needle not in fold(
            f"{row['full_name']} {row['post_title_vi']} {row['post_label']} {row['post']}"
        ):
            continue
        why = row["explanation"]
        rows.append(
            Row(
                post=row["post"],
                post_label=row["post_label"],
                candidate=str(row["candidate"]),
                full_name=row["full_name"] or "",
                kind=row["kind"],
                non_local=row["non_local"],
                km=row["km"],
                cost=row["cost"],
                rules=[_said(rule) for rule in why.get("rules", [])],
                cutoff=_said(why.get("cutoff")),
                runner_up=_said(why.get("runner_up")),
                birth_date=row["birth_date"],
                locked=(locks.get((str(row["candidate"]), row["post"])) or {}).get("kind"),
                lock_reason=(locks.get((str(row["candidate"]), row["post"])) or {}).get("reason", ""),
                post_title=Text(row["post_title_vi"], row["post_title_en"]),
            )
        )
    return rows


def figures(run: PlanRun) -> dict:
    """The before/after figures: per group, the non-local share before and after against the target; the
    number of moves and their distance; the objective and its bound."""
    metrics = run.plan.get("metrics") or {}
    groups = [
        {
            **group,
            "before_pct": percent(group.get("share_before")),
            "after_pct": percent(group.get("share_after")),
            "target_pct": percent(group.get("target")),
        }
        for group in metrics.get("groups", [])
    ]
    if not groups:  # no plan: the "before" figures still say where the province stands
        before = run.plan.get("before") or {}
        # Each group's own floor (the chairs' differs from the secretaries'); a plan without floors: the target.
        floors = {
            floor["group"]: floor.get("min_non_local_share")
            for floor in (run.problem or {}).get("floors", [])
        }
        groups = [
            {
                "group": code,
                "posts": figure["posts"],
                "non_local_before": figure["non_local"],
                "before_pct": percent(figure["share"]),
                "after_pct": "—",
                "non_local_after": "—",
                "target_pct": percent(floors.get(code, before.get("target"))),
                "target": floors.get(code, before.get("target")),
                "met": False,
            }
            for code, figure in (before.get("groups") or {}).items()
        ]
    return {
        "groups": groups,
        "moves": metrics.get("moves"),
        "stays": metrics.get("stays"),
        "longest_chain": metrics.get("longest_chain"),
        "distance": metrics.get("distance_km") or {},
        "quality": metrics.get("quality") or {},
        "excluded": len(run.plan.get("excluded", [])),
        "not_moved": (run.plan.get("explanation") or {}).get("not_moved_total"),
    }


PARAMETERS = {
    "target": gettext_lazy("Target"),
    "post_types": gettext_lazy("Posts planned"),
    "targets": gettext_lazy("Target of each post"),
    "date": gettext_lazy("Rotation date"),
    "district_floors": gettext_lazy("Also meet the target in each former district"),
    "weights": gettext_lazy("Cost weights set for this run"),
    "locks": gettext_lazy("Locked moves"),
}


# What a parameter is when a plan stored before it existed does not have it.
DEFAULTS = {"weights": {}, "locks": [], "district_floors": False}


def _param(run: PlanRun, key: str):
    if key == "post_types":  # a plan of the secretaries alone records none
        return list(planned_types(run))
    if key == "targets":
        return {t.kind: t.share for t in plan_targets(run)}
    value = run.params.get(key)
    return DEFAULTS.get(key) if value is None and key in DEFAULTS else value


def is_pair(run: PlanRun, candidate: str, post: str) -> bool:
    """May the candidate hold the post in this run's problem (is the pair eligible)?"""
    pairs = run.problem.get("pairs") or {}
    if isinstance(pairs, dict):
        return any(
            str(c) == candidate and str(p) == post
            for c, p in zip(pairs.get("candidate", []), pairs.get("post", []), strict=False)
        )
    return any(str(pair.get("candidate")) == candidate and str(pair.get("post")) == post for pair in pairs)


def describe_locks(run: PlanRun) -> list[str]:
    """The run's locks as sentences, each with its reason: "keep Nguyễn Văn A at Xã B (reason: …)" /
    "forbid …"."""
    people = run.plan.get("people", {})
    labels = {post["id"]: post.get("label", post["id"]) for post in run.problem.get("posts", [])}
    described = []
    for lock in run.params.get("locks", []):
        name = (people.get(str(lock["candidate"])) or {}).get("label", lock["candidate"])
        where = labels.get(str(lock["post"]), lock["post"])
        if lock["kind"] == "must":
            said = _("keep %(name)s at %(post)s") % {"name": name, "post": where}
        else:
            said = _("forbid %(name)s at %(post)s") % {"name": name, "post": where}
        if lock.get("reason"):
            said += " " + _("(reason: %(reason)s)") % {"reason": lock["reason"]}
        described.append(said)
    return described


def _describe(key: str, run: PlanRun) -> str:
    value = _param(run, key)
    if key == "target":
        return f"≥ {run.target * 100:g}%"
    if key == "post_types":
        return ", ".join(str(TITLE[kind]) for kind in value)
    if key == "targets":
        return "; ".join(f"{TITLE[kind]} ≥ {share * 100:g}%" for kind, share in value.items())
    if key == "date":
        return run.rotation_date.strftime("%d/%m/%Y")
    if key == "district_floors":
        return str(_("yes") if value else _("no"))
    if key == "weights":
        return (
            "; ".join(f"{weight_label(k)}: {weight_text(k, number)}" for k, number in (value or {}).items())
            or "—"
        )
    if key == "locks":
        return "; ".join(describe_locks(run)) or "—"
    return str(value)


def _post_named(row: Row) -> str:
    """A post in the comparison: its commune, and its title in a plan of several post types ("Chủ tịch UBND —
    Xã An")."""
    title = str(row.post_title)
    return f"{title} — {row.post_label}" if title else row.post_label


def _group_rows(left: list[dict], right: list[dict]) -> list[tuple[str, str, str]]:
    """(group's name, share after in A, share after in B) for every group either plan has."""
    a = {g["group"]: g["after_pct"] for g in left}
    b = {g["group"]: g["after_pct"] for g in right}
    names = group_names(set(a) | set(b))
    return [(names[group], a.get(group, "—"), b.get(group, "—")) for group in sorted(set(a) | set(b))]


def group_names(codes, titled: bool = True) -> dict[str, str]:
    """Each floor's group (a province's code, or a former district's) by its name; a People's Committee
    chairs' group says so ("Chủ tịch UBND — Hải Phòng") unless `titled` is false (the caller says it)."""
    codes = list(codes)
    bases = {commune_of(code) for code in codes}
    names = dict(LegacyDistrict.objects.filter(code__in=bases).values_list("code", "name"))
    names.update(Province.objects.filter(code__in=bases).values_list("code", "name"))
    result = {}
    for code in codes:
        name = names.get(commune_of(code), commune_of(code))
        kind = type_of(code)
        result[code] = f"{TITLE[kind]} — {name}" if titled and kind != SECRETARY_POST else name
    return result


def compare(a: PlanRun, b: PlanRun) -> dict:
    """Two plans side by side: the parameters that differ, the headline figures, and each post whose holder
    differs, with what each plan says about its holder and which lock (if any) explains the change."""
    differences = [
        (str(label), _describe(key, a), _describe(key, b))
        for key, label in PARAMETERS.items()
        if _param(a, key) != _param(b, key)
    ]
    if a.params.get("policy") != b.params.get("policy"):
        differences.append(
            (
                str(_("Policy values in force")),
                _("see plan #%(id)s") % {"id": a.pk},
                _("see plan #%(id)s") % {"id": b.pk},
            )
        )
    solved = all(run.has_solution for run in (a, b))
    rows_a = {row.post: row for row in plan_rows(a, kind="all")} if solved else {}
    rows_b = {row.post: row for row in plan_rows(b, kind="all")} if solved else {}
    locks_a = {(str(x["candidate"]), str(x["post"])): x["kind"] for x in _param(a, "locks")}
    locks_b = {(str(x["candidate"]), str(x["post"])): x["kind"] for x in _param(b, "locks")}
    changed = []
    for post in sorted(set(rows_a) | set(rows_b), key=lambda p: (rows_a.get(p) or rows_b.get(p)).post_label):
        left, right = rows_a.get(post), rows_b.get(post)
        if left and right and left.candidate == right.candidate:
            continue
        cause = []
        for side, locks, rows in ((a.pk, locks_a, (left, right)), (b.pk, locks_b, (left, right))):
            for row in rows:
                if row and (row.candidate, post) in locks:
                    cause.append((side, locks[(row.candidate, post)], row.full_name))
        if cause:
            why = ""
        elif differences:
            why = _("a knock-on effect of the changed parameters above")
        elif a.problem_sha256 != b.problem_sha256:
            why = _("the registry changed between the two runs")
        else:
            why = _("an equally good alternative (same problem, same cost)")
        changed.append(
            {
                "post": post,
                "label": _post_named(left or right),
                "a": left,
                "b": right,
                "locks": cause,
                "why": why,
            }
        )
    return {
        "same_problem": a.problem_sha256 == b.problem_sha256,
        "solved": solved,
        "parameters": differences,
        "figures": (left := figures(a), right := figures(b)),
        "groups": _group_rows(left["groups"], right["groups"]),
        "changed": changed,
        "objective_delta": None if a.objective is None or b.objective is None else b.objective - a.objective,
    }


# The rules that keep a person out of a plan, with the short names the diagnoses use (one list of names).
KEPT_OUT_RULES: dict[str, Text] = {
    rule: Text(name.vi[:1].upper() + name.vi[1:], name.en[:1].upper() + name.en[1:])
    for rule, name in RULE_NAMES.items()
}
OTHER_REASON = Text("Lý do khác", "Other reasons")


@dataclass
class KeptOutGroup:
    """One reason people were kept out of a plan, and each of them with what the rule found for them."""

    rule: str
    label: Text
    people: list[dict]  # {"candidate", "label", "said": Text, "others": int}

    @property
    def count(self) -> int:
        return len(self.people)


def kept_out_groups(excluded: list[dict]) -> list[KeptOutGroup]:
    """The plan's `excluded` people grouped by reason, the reason keeping out the most people first (then in the
    order of `KEPT_OUT_RULES`). A person kept out for several reasons is counted under each of them, so the
    counts add up to more than the people; `others` says how many more reasons keep the same person out."""
    groups: dict[str, KeptOutGroup] = {}
    for entry in excluded:
        reasons = entry.get("reasons") or []
        for reason in reasons:
            rule = reason.get("rule", "") if isinstance(reason, dict) else ""
            key = rule if rule in KEPT_OUT_RULES else ""
            group = groups.setdefault(key, KeptOutGroup(key, KEPT_OUT_RULES.get(key, OTHER_REASON), []))
            group.people.append(
                {
                    "candidate": entry.get("candidate"),
                    "label": entry.get("label", ""),
                    "said": _said(reason),
                    "others": len(reasons) - 1,
                }
            )
    order = {rule: index for index, rule in enumerate(KEPT_OUT_RULES)}
    return sorted(groups.values(), key=lambda g: (-g.count, order.get(g.rule, len(order))))
