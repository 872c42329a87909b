"""Why a problem has no plan, in words a Standing Committee can act on (Vietnamese and English)."""

from __future__ import annotations

import numpy as np

LISTED = 20  # ids listed in a message; the diagnosis itself carries them all


def _names(ids: list[str]) -> str:
    shown = ", ".join(ids[:LISTED])
    return shown + (f" (+{len(ids) - LISTED})" if len(ids) > LISTED else "")


def no_candidate(problem, posts: np.ndarray) -> dict:
    ids = [problem.post_ids[p] for p in posts]
    return {
        "cause": "no_candidate",
        "proven": True,
        "posts": ids,
        "message_vi": f"{len(ids)} vị trí không có ai đủ điều kiện đảm nhiệm: {_names(ids)}.",
        "message_en": f"{len(ids)} post(s) that nobody may hold: {_names(ids)}.",
    }


def hall(problem, component, posts: np.ndarray, candidates: np.ndarray) -> dict:
    post_ids = [problem.post_ids[p] for p in component.posts[posts]]
    candidate_ids = [problem.candidate_ids[c] for c in component.candidates[candidates]]
    return {
        "cause": "too_few_candidates",
        "proven": True,
        "posts": post_ids,
        "candidates": candidate_ids,
        "message_vi": (
            f"{len(post_ids)} vị trí chỉ có chung {len(candidate_ids)} người đủ điều kiện, "
            f"thiếu {len(post_ids) - len(candidate_ids)} người. Vị trí: {_names(post_ids)}. "
            f"Người đủ điều kiện: {_names(candidate_ids) or 'không có'}."
        ),
        "message_en": (
            f"{len(post_ids)} posts have only {len(candidate_ids)} eligible people between them, "
            f"{len(post_ids) - len(candidate_ids)} short. Posts: {_names(post_ids)}. "
            f"Eligible: {_names(candidate_ids) or 'none'}."
        ),
    }


def floors(problem, component, reachable: list[int], short: list[int]) -> dict:
    items = []
    for f in short:
        group, mask, required = component.floors[f]
        items.append(
            {
                "group": group,
                "posts": int(mask.sum()),
                "required": int(required),
                "reachable": int(reachable[f]),
                "short_by": int(required - reachable[f]),
            }
        )
    vi = "; ".join(
        f"nhóm «{i['group']}» cần ít nhất {i['required']}/{i['posts']} người không phải người địa phương, "
        f"nhiều nhất chỉ đạt {i['reachable']} (thiếu {i['short_by']})"
        for i in items
    )
    en = "; ".join(
        f"group '{i['group']}' needs at least {i['required']} of {i['posts']} non-local holders, "
        f"at most {i['reachable']} can be reached ({i['short_by']} short)"
        for i in items
    )
    return {
        "cause": "floor_unreachable",
        "proven": True,
        "floors": items,
        "message_vi": f"Không thể đạt chỉ tiêu: {vi}.",
        "message_en": f"A floor cannot be met: {en}.",
    }


def joint_floors(problem, component, proven: bool) -> dict:
    groups = [group for group, _, _ in component.floors]
    if proven:
        vi = f"Từng chỉ tiêu đạt được riêng rẽ nhưng không thể đạt cùng lúc: {', '.join(groups)}."
        en = f"Each floor can be met alone but not all at once: {', '.join(groups)}."
    else:
        vi = f"Không tìm được phương án trong thời gian cho phép (chưa chứng minh vô nghiệm): {', '.join(groups)}."
        en = f"No plan found within the time limit (infeasibility not proven): {', '.join(groups)}."
    return {
        "cause": "floors_jointly_unreachable" if proven else "time_limit",
        "proven": proven,
        "groups": groups,
        "message_vi": vi,
        "message_en": en,
    }
