"""Why a problem has no plan, in words a Standing Committee can act on (Vietnamese and English).

Messages name places and people (the problem's `label`s and `group_labels`), never ids: an id appears only where
the document gives no name (a hand-written problem file). Each message says who was kept out and by which rules
(from `posts[].kept_out`, when the compiler supplied it) and what would change the answer. The ids themselves
stay in the diagnosis's fields, for tools.
"""

from __future__ import annotations

import math

from cadre.core.text import Text

LISTED = 12  # names listed in a message; the diagnosis itself carries every id

# Short names of the eligibility rules (cadre.core.rules.eligibility), for counts of who a rule kept out.
RULE_NAMES = {
    "service_left": Text("chưa đủ thời gian công tác còn lại", "too little service left"),
    "health": Text("sức khỏe", "health"),
    "serving_rotation": Text(
        "đang luân chuyển, chưa đủ thời gian luân chuyển", "serving a rotation not yet over"
    ),
    "lower_post": Text("vị trí thấp hơn chức vụ hiện tại", "the post is lower"),
    "higher_post": Text("vị trí cao hơn, chưa đạt xếp loại cần thiết", "a higher post without the rating"),
    "rating": Text("xếp loại gần đây chưa đạt", "recent ratings too low"),
    "not_planned": Text("không trong quy hoạch", "not in a succession plan"),
    "local": Text("là người địa phương", "a local person"),
    "relative": Text("người thân giữ chức danh chủ chốt", "a relative in a key post"),
    "no_post": Text("không giữ chức vụ", "holds no post"),
    "due_for_rotation": Text("đến hạn luân chuyển", "due for rotation"),
    "discipline": Text(
        "bị kỷ luật, chưa đủ thời gian để bố trí chức vụ cao hơn",
        "disciplined, too recently for a higher post",
    ),
}


def _listed(names: list[str], more_vi: str = "khác", more_en: str = "more") -> tuple[str, str]:
    shown = ", ".join(names[:LISTED])
    extra = len(names) - LISTED
    if extra <= 0:
        return shown, shown
    return f"{shown} và {extra} {more_vi}", f"{shown} and {extra} {more_en}"


def _label(items: list[dict], ids: list[str], index: int) -> str:
    label = items[index].get("label") if items else None
    return label if isinstance(label, str) and label.strip() else ids[index]


def post_name(problem, post: int) -> str:
    return _label(problem.posts, problem.post_ids, int(post))


def person_name(problem, candidate: int) -> str:
    return _label(problem.candidates, problem.candidate_ids, int(candidate))


def group_name(problem, group: str, language: str = "vi") -> str:
    """A group's name in messages of `language` (the English one where the problem gives it)."""
    english = problem.group_labels_en.get(group) if language == "en" else None
    return english or problem.group_labels.get(group) or group


def places(problem, posts) -> tuple[str, str]:
    """'Xã A, Xã B (Hải Phòng)': the posts' names, then the names of their main groups."""
    posts = [int(p) for p in posts]
    vi, en = _listed([post_name(problem, p) for p in posts], "vị trí khác", "other posts")
    groups = list(dict.fromkeys(problem.post_group[p] for p in posts))
    named = [g for g in groups if g in problem.group_labels]
    if named:
        vi = f"{vi} ({', '.join(group_name(problem, g) for g in named)})"
        en = f"{en} ({', '.join(group_name(problem, g, 'en') for g in named)})"
    return vi, en


def kept_out(problem, posts) -> list[dict]:
    """Per rule, how many times it kept someone out of these posts (a person kept out of two posts counts twice),
    most first, from `posts[].kept_out`."""
    counts: dict[str, int] = {}
    for p in posts:
        block = problem.posts[int(p)].get("kept_out") if problem.posts else None
        for item in (block or {}).get("rules", []) if isinstance(block, dict) else []:
            if isinstance(item, dict) and isinstance(item.get("people"), int):
                counts[str(item.get("rule"))] = counts.get(str(item.get("rule")), 0) + item["people"]
    return [{"rule": rule, "times": n} for rule, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def _kept_out_words(rows: list[dict], posts: int) -> tuple[str, str]:
    if not rows:
        return "", ""
    names = [(RULE_NAMES.get(r["rule"], Text(r["rule"], r["rule"])), r["times"]) for r in rows]
    vi = "; ".join(f"{t.vi} {n} lượt" for t, n in names)
    en = "; ".join(f"{t.en} {n} time{'s' if n != 1 else ''}" for t, n in names)
    where_vi = "vị trí này" if posts == 1 else "các vị trí này"
    where_en = "this post" if posts == 1 else "these posts"
    return (
        f" Số lượt người bị loại khỏi {where_vi}, theo điều kiện: {vi}.",
        f" Kept out of {where_en}, by rule: {en}.",
    )


def nearest(problem, post: int) -> list[dict]:
    """The people a rule keeps out of the post, fewest rules first (`posts[].kept_out.nearest`)."""
    block = problem.posts[int(post)].get("kept_out") if problem.posts else None
    found = (block or {}).get("nearest", []) if isinstance(block, dict) else []
    return [n for n in found if isinstance(n, dict) and isinstance(n.get("reasons"), list)]


def relax_words(person: dict) -> tuple[str, str]:
    """'Nguyễn Văn A — nếu bỏ điều kiện: …': who could take the post, and which rules stand in the way."""
    rules = [r for r in person.get("reasons", []) if isinstance(r, dict)]
    vi = "; ".join(str(r.get("vi", "")).rstrip(".") for r in rules)
    en = "; ".join(str(r.get("en", "")).rstrip(".") for r in rules)
    name = str(person.get("label") or person.get("candidate"))
    condition_vi = "điều kiện" if len(rules) == 1 else f"{len(rules)} điều kiện"
    condition_en = "the rule" if len(rules) == 1 else f"{len(rules)} rules"
    return f"{name} — nếu bỏ {condition_vi}: {vi}", f"{name} — if {condition_en} were lifted: {en}"


def no_candidate(problem, posts) -> dict:
    ids = [problem.post_ids[p] for p in posts]
    where_vi, where_en = places(problem, posts)
    why_vi, why_en = _kept_out_words(kept_out(problem, posts), len(ids))
    return {
        "cause": "no_candidate",
        "proven": True,
        "posts": ids,
        "kept_out": kept_out(problem, posts),
        "message_vi": (
            f"{len(ids)} vị trí không có ai đủ điều kiện đảm nhiệm: {where_vi}.{why_vi} "
            "Cách gỡ: bổ sung người vào quy hoạch cho các vị trí này, xem lại điều kiện đã loại họ hoặc chọn "
            "ngày luân chuyển khác; hoặc nhận phương án gần nhất, chưa bố trí người cho các vị trí này."
        ),
        "message_en": (
            f"{len(ids)} post(s) that nobody may hold: {where_en}.{why_en} "
            "To change this: add people to the succession plan for these posts, review the rules that kept them "
            "out, or choose another rotation date; or take the closest plan, which leaves these posts unfilled."
        ),
    }


def hall(problem, component, posts, candidates, missing: int = 0) -> dict:
    """The first set of posts with too few eligible people between them (a Hall violator); `missing`, how many
    posts of the component no plan can fill in all (a maximum matching's shortfall), when there are more."""
    post_index = component.posts[posts]
    candidate_index = component.candidates[candidates]
    post_ids = [problem.post_ids[p] for p in post_index]
    candidate_ids = [problem.candidate_ids[c] for c in candidate_index]
    short = len(post_ids) - len(candidate_ids)
    where_vi, where_en = places(problem, post_index)
    who_vi, who_en = _listed([person_name(problem, c) for c in candidate_index], "người khác", "others")
    why_vi, why_en = _kept_out_words(kept_out(problem, post_index), len(post_ids))
    if missing > short:
        total = len(component.posts)
        groups = list(dict.fromkeys(problem.post_group[p] for p in component.posts))
        named = ", ".join(group_name(problem, g) for g in groups)
        named_en = ", ".join(group_name(problem, g, "en") for g in groups)
        why_vi += f" Tính cả {named}, nhiều nhất {total - missing} trong {total} vị trí có thể có người (thiếu {missing})."
        why_en += (
            f" Across {named_en}, at most {total - missing} of {total} posts can be filled ({missing} short)."
        )
    return {
        "cause": "too_few_candidates",
        "unfillable": max(missing, short),
        "proven": True,
        "posts": post_ids,
        "candidates": candidate_ids,
        "kept_out": kept_out(problem, post_index),
        "message_vi": (
            f"{len(post_ids)} vị trí chỉ có chung {len(candidate_ids)} người đủ điều kiện, thiếu {short} người. "
            f"Vị trí: {where_vi}. Người đủ điều kiện: {who_vi or 'không có'}.{why_vi} "
            f"Cách gỡ: bổ sung ít nhất {short} người vào quy hoạch cho các vị trí này, xem lại điều kiện đã loại "
            f"họ hoặc chọn ngày luân chuyển khác; hoặc nhận phương án gần nhất, chưa bố trí người cho {max(missing, short)} vị trí."
        ),
        "message_en": (
            f"{len(post_ids)} posts have only {len(candidate_ids)} eligible people between them, {short} short. "
            f"Posts: {where_en}. Eligible: {who_en or 'none'}.{why_en} "
            f"To change this: add at least {short} people to the succession plan for these posts, review the "
            f"rules that kept them out, or choose another rotation date; or take the closest plan, which leaves "
            f"{max(missing, short)} post(s) open."
        ),
    }


def _percent(share: float) -> str:
    return f"{share * 100:.1f}".rstrip("0").rstrip(".").replace(".", ",") + "%"


def _percent_en(share: float) -> str:
    return f"{share * 100:.1f}".rstrip("0").rstrip(".") + "%"


def floors(problem, component, reachable: list[int], short: list[int]) -> dict:
    items = []
    for f in short:
        group, mask, required = component.floors[f]
        posts = int(mask.sum())
        items.append(
            {
                "group": group,
                "label": group_name(problem, group),
                "posts": posts,
                "required": int(required),
                "reachable": int(reachable[f]),
                "short_by": int(required - reachable[f]),
                # The highest target the group can meet: ⌈share × posts⌉ ≤ reachable. Rounded down to 0.1%.
                "highest_share": math.floor(1000 * reachable[f] / posts) / 1000 if posts else 0.0,
            }
        )
    vi = "; ".join(
        f"{i['label']} cần ít nhất {i['required']} trong {i['posts']} vị trí do người không phải người địa "
        f"phương đảm nhiệm, nhiều nhất chỉ đạt {i['reachable']} (thiếu {i['short_by']}); chỉ tiêu cao nhất có "
        f"thể đạt là {_percent(i['highest_share'])}"
        for i in items
    )
    en = "; ".join(
        f"{group_name(problem, i['group'], 'en')} needs at least {i['required']} of {i['posts']} posts held by non-local people, at most "
        f"{i['reachable']} can be reached ({i['short_by']} short); the highest target it can meet is "
        f"{_percent_en(i['highest_share'])}"
        for i in items
    )
    return {
        "cause": "floor_unreachable",
        "proven": True,
        "floors": items,
        "message_vi": (
            f"Không thể đạt chỉ tiêu: {vi}. Cách gỡ: hạ chỉ tiêu, bổ sung người không phải người địa phương vào "
            "quy hoạch, hoặc nhận phương án gần nhất với chỉ tiêu."
        ),
        "message_en": (
            f"A floor cannot be met: {en}. To change this: lower the target, add non-local people to the "
            "succession plan, or take the plan closest to the target."
        ),
    }


def joint_floors(problem, component, proven: bool) -> dict:
    groups = [group for group, _, _ in component.floors]
    named = ", ".join(group_name(problem, g) for g in groups)
    named_en = ", ".join(group_name(problem, g, "en") for g in groups)
    if proven:
        vi = (
            f"Từng chỉ tiêu đạt được riêng rẽ nhưng không thể đạt cùng lúc: {named}. Cách gỡ: hạ một trong các "
            "chỉ tiêu, hoặc nhận phương án gần nhất với các chỉ tiêu."
        )
        en = (
            f"Each floor can be met alone but not all at once: {named_en}. To change this: lower one of the "
            "targets, or take the plan closest to them."
        )
    else:
        vi = (
            f"Chưa tìm được phương án trong thời gian cho phép, cũng chưa khẳng định được là không có phương án: "
            f"{named}. Cách gỡ: hạ chỉ tiêu, hoặc nhờ quản trị hệ thống giải lại với thời gian dài hơn."
        )
        en = (
            f"No plan found within the time limit, and it is not proven that none exists: {named_en}. To change "
            "this: lower a target, or ask the administrator to solve it again with more time."
        )
    return {
        "cause": "floors_jointly_unreachable" if proven else "time_limit",
        "proven": proven,
        "groups": groups,
        "message_vi": vi,
        "message_en": en,
    }
