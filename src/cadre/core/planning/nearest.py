"""What a closest plan says about itself (`Plan.closest`): that it does not meet every requirement, how far it
falls short and the proof that no plan comes closer, and each post it leaves open, by name, with who could fill it
and under which relaxed rule.

Words name places and people (`label`s, `group_labels`), never ids; ids stay in the fields, for tools.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from cadre.core.planning import diagnosis as diag

LABEL_VI = "Phương án gần nhất — không đáp ứng đủ mọi yêu cầu"
LABEL_EN = "The closest plan — does not meet every requirement"
LISTED_PEOPLE = 3  # per open post: people eligible but placed elsewhere, and people a rule keeps out


def describe(problem, holder: np.ndarray, found: list[dict]) -> dict[str, Any]:
    """`found`: per component without a strict plan, {"component", "result" (closest.Closest), "diagnosis"}."""
    open_posts = [int(p) for item in found for p in item["component"].posts[item["result"].pairs < 0]]
    floors = []
    for item in found:
        component, result = item["component"], item["result"]
        for (group, mask, required), reached in zip(component.floors, result.reached, strict=True):
            floors.append(
                {
                    "group": group,
                    "label": diag.group_name(problem, group),
                    "posts": int(mask.sum()),
                    "required": int(required),
                    "reached": int(reached),
                    "short_by": max(0, int(required) - int(reached)),
                }
            )
    filled = sum(item["result"].filled for item in found)
    cover = sum(item["result"].cover for item in found)
    shortfall = sum(item["result"].shortfall for item in found)
    shortfall_bound = sum(item["result"].shortfall_bound for item in found)
    posts = sum(len(item["component"].posts) for item in found)
    proof = {
        "filled": filled,
        "posts": posts,
        # König: a set of `vertex_cover` posts and people that every eligible pair touches; no plan fills more.
        "vertex_cover": cover,
        "filled_proven": cover == filled,
        "shortfall": shortfall,
        "shortfall_bound": shortfall_bound,
        "shortfall_proven": shortfall_bound == shortfall,
        "cost_proven": all(item["result"].proven for item in found),
    }
    allowed = problem.allowed_pairs()
    by_post = allowed[np.isin(problem.pair_post[allowed], open_posts)]
    entries = [_open_post(problem, holder, p, by_post[problem.pair_post[by_post] == p]) for p in open_posts]
    vi, en = _summary(problem, posts, filled, open_posts, entries, floors, proof)
    return {
        "requirements_met": False,
        "label_vi": LABEL_VI,
        "label_en": LABEL_EN,
        "open_posts": entries,
        "floors": floors,
        "proof": proof,
        "strict_diagnosis": [item["diagnosis"] for item in found],
        "message_vi": vi,
        "message_en": en,
    }


def _summary(problem, posts, filled, open_posts, entries, floors, proof) -> tuple[str, str]:
    vi = [f"{LABEL_VI}."]
    en = [f"{LABEL_EN}."]
    if entries:
        names_vi, names_en = diag.places(problem, open_posts)
        vi.append(
            f"Giao được {filled} trong {posts} vị trí; chưa bố trí được người cho {len(entries)} vị trí: "
            f"{names_vi}."
        )
        en.append(f"{filled} of {posts} posts filled; {len(entries)} left open: {names_en}.")
        if proof["filled_proven"]:
            vi.append(f"Không phương án nào giao được nhiều hơn {filled} vị trí (đã chứng minh).")
            en.append(f"No plan fills more than {filled} (proven).")
    for floor in floors:
        if floor["short_by"]:
            vi.append(
                f"{floor['label']}: {floor['reached']} trong {floor['posts']} vị trí do người không phải người địa "
                f"phương đảm nhiệm, cần {floor['required']} (thiếu {floor['short_by']})."
            )
            named_en = diag.group_name(problem, floor["group"], "en")
            en.append(
                f"{named_en}: {floor['reached']} of {floor['posts']} posts held by non-local people, "
                f"{floor['required']} needed ({floor['short_by']} short)."
            )
    if proof["shortfall"] and proof["shortfall_proven"]:
        vi.append("Không phương án nào giao nhiều vị trí như vậy mà gần chỉ tiêu hơn (đã chứng minh).")
        en.append("No plan filling as many posts comes closer to the targets (proven).")
    return " ".join(vi), " ".join(en)


def _open_post(problem, holder: np.ndarray, post: int, mine: np.ndarray) -> dict[str, Any]:
    """A post left open: its name, the eligible people placed elsewhere (`mine`: its pairs the locks leave), and
    who a relaxed rule would let in."""
    mine = mine[np.argsort(problem.pair_cost[mine], kind="stable")]
    held_post = np.full(problem.n_candidates, -1, dtype=np.int64)
    filled = np.flatnonzero(holder >= 0)
    held_post[holder[filled]] = filled
    elsewhere = []
    for pair in mine[:LISTED_PEOPLE]:
        person = int(problem.pair_candidate[pair])
        other = int(held_post[person])
        elsewhere.append(
            {
                "candidate": problem.candidate_ids[person],
                "label": diag.person_name(problem, person),
                "holds": problem.post_ids[other] if other >= 0 else None,
                "holds_label": diag.post_name(problem, other) if other >= 0 else None,
            }
        )
    relaxed = []
    for person in diag.nearest(problem, post)[:LISTED_PEOPLE]:
        vi, en = diag.relax_words(person)
        relaxed.append(
            {"candidate": person.get("candidate"), "label": person.get("label"), "vi": vi, "en": en}
        )
    name = diag.post_name(problem, post)
    code = problem.post_group[post]
    named = code in problem.group_labels
    where = f"{name} ({diag.group_name(problem, code)})" if named else name
    where_en = f"{name} ({diag.group_name(problem, code, 'en')})" if named else name
    incumbent = problem.incumbent_ids[post]
    sitting = incumbent is not None and (
        problem.incumbent[post] < 0 or held_post[problem.incumbent[post]] < 0
    )  # the incumbent takes no other post in the plan
    incumbent_name = (
        str(problem.posts[post].get("incumbent_label") or incumbent) if problem.posts else incumbent
    )
    if sitting:
        vi = [f"{where}: chưa bố trí được người đảm nhiệm; {incumbent_name} (đương nhiệm) chưa được thay."]
        en = [f"{where_en}: nobody can be assigned; {incumbent_name} (the incumbent) is not replaced."]
    else:
        vi = [f"{where}: để trống, chưa bố trí được người đảm nhiệm."]
        en = [f"{where_en}: left open, nobody can be assigned."]
    if elsewhere:
        others_vi = "; ".join(
            f"{e['label']} (đã được giao {e['holds_label']})" for e in elsewhere if e["holds"]
        )
        others_en = "; ".join(f"{e['label']} (placed at {e['holds_label']})" for e in elsewhere if e["holds"])
        if others_vi:
            vi.append(f"Người đủ điều kiện đều đã được giao vị trí khác: {others_vi}.")
            en.append(f"Its eligible people are placed elsewhere: {others_en}.")
    else:
        vi.append("Không có ai đủ điều kiện.")
        en.append("Nobody is eligible.")
    if relaxed:
        vi.append("Có thể đảm nhiệm nếu nới điều kiện: " + "; ".join(r["vi"] for r in relaxed) + ".")
        en.append("Could hold it if a rule were relaxed: " + "; ".join(r["en"] for r in relaxed) + ".")
    return {
        "post": problem.post_ids[post],
        "label": name,
        "group": problem.post_group[post],
        "group_label": diag.group_name(problem, code),
        "incumbent": incumbent,
        "incumbent_label": incumbent_name,
        "incumbent_stays": bool(sitting),
        "eligible_elsewhere": elsewhere,
        "if_relaxed": relaxed,
        "vi": " ".join(vi),
        "en": " ".join(en),
    }
