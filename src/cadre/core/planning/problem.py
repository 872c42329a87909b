"""The rotation problem document (version 1): posts, candidates, eligible pairs, floors and options.

A problem is the boundary between the registry and the solver. `rotation.compile` builds one from the database;
`cadre plan solve FILE.json` reads one from disk. Either way it is validated here, once, into arrays.

Document (JSON):
    {"version": 1,
     "posts":      [{"id", "group", "incumbent": id | null, ...optional}],
     "candidates": [{"id", ...optional}],
     "pairs":      [{"candidate", "post", "cost", "non_local"}]   or the same as columns {"candidate": [...], ...},
     "floors":     [{"group", "min_non_local_share"}],
     "options":    {"time_limit_s", "when_infeasible": "strict" | "closest"}}

Optional fields that extend version 1 without breaking it:
    posts[].type              the post's type: "secretary" (the commune Party secretary; the default when absent)
                              or "chair" (the commune People's Committee chair). The same people may be candidates
                              for posts of both types, and one person still holds at most one post. Each type
                              has its own groups (and so its own floors): a floor counts only the posts of its
                              group, whatever their type
    posts[].groups            further groups the post counts in (e.g. its former district), besides `group`
    posts[].incumbent_non_local  whether the incumbent is non-local there (for the "before" share)
    posts[].hard              a hard or remote post (for the quality-balance metric)
    posts[].label, candidates[].label   names shown in explanations
    posts[].place_label       the post's place alone, when `label` also names the post (a problem of several
                              post types labels its posts "Chủ tịch UBND xã An")
    posts[].incumbent_label   the incumbent's name (the incumbent need not be a candidate)
    candidates[].score        a quality score (higher is better), e.g. from evaluations
    candidates[].preferences  post ids, most preferred first (for justified envy)
    candidates[].facts        the rule findings that made the candidate eligible (shown in explanations)
    pairs.km                  the burden's distance, for metrics and explanations
    locks                     [{"candidate", "post", "kind": "must" | "must_not"}]
    group_labels              {group: name}, e.g. the province's or former district's name, for messages
    group_labels_en           {group: name} in English, for the English messages (where it differs)
    posts[].kept_out          who the rules keep out of the post (for diagnoses and a post left open):
                              {"people": n, "rules": [{"rule", "people", "vi", "en"}],
                              "nearest": [{"candidate", "label", "reasons": [{"rule", "vi", "en"}]}]}
    options.when_infeasible   "strict" (default): no plan meets every rule → status infeasible with the diagnosis;
                              "closest": the closest plan instead (most posts filled, then floors as near as
                              possible, then least cost), marked as not meeting every requirement
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from cadre.core.planning.checks import (
    ProblemError,
    check_locks,
    fail,
    ids,
    list_of_objects,
    lookup,
    numbers,
    pair_columns,
    read_json,
)

__all__ = ["Problem", "ProblemError", "canonical_sha256", "load_problem", "parse_problem"]

VERSION = 1
# The post types a problem may plan (posts[].type); a post without a type is a secretary's (older files).
SECRETARY_POST, CHAIR_POST = "secretary", "chair"
POST_TYPES = (SECRETARY_POST, CHAIR_POST)
DEFAULT_TIME_LIMIT_S = 60.0
STRICT, CLOSEST = "strict", "closest"


@dataclass(frozen=True)
class Floor:
    group: str
    share: float

    def required(self, posts_in_group: int) -> int:
        """⌈share × posts⌉, computed so that 0.3 × 10 is 3 and not 4 (floating-point noise is not a post)."""
        return math.ceil(round(self.share * posts_in_group, 9))


@dataclass
class Problem:
    """A validated problem as arrays. Pair k joins candidate `pair_candidate[k]` to post `pair_post[k]`."""

    post_ids: list[str]
    post_group: list[str]
    post_groups: list[tuple[str, ...]]  # every group a post counts in, `group` first
    incumbent: np.ndarray  # candidate index per post, -1 when vacant or the incumbent is not a candidate
    incumbent_ids: list[str | None]
    candidate_ids: list[str]
    pair_candidate: np.ndarray  # int32
    pair_post: np.ndarray  # int32
    pair_cost: np.ndarray  # float64
    pair_non_local: np.ndarray  # bool
    floors: list[Floor]
    time_limit_s: float = DEFAULT_TIME_LIMIT_S
    posts: list[dict[str, Any]] = field(default_factory=list)  # the documents, for optional fields
    candidates: list[dict[str, Any]] = field(default_factory=list)
    pair_km: np.ndarray | None = None
    must: list[tuple[int, int]] = field(default_factory=list)  # (candidate, post) locks
    must_not: list[tuple[int, int]] = field(default_factory=list)
    sha256: str = ""
    when_infeasible: str = STRICT
    group_labels: dict[str, str] = field(default_factory=dict)
    group_labels_en: dict[str, str] = field(default_factory=dict)  # where the English name differs
    post_type: list[str] = field(default_factory=list)  # per post, one of POST_TYPES

    @property
    def n_posts(self) -> int:
        return len(self.post_ids)

    @property
    def n_candidates(self) -> int:
        return len(self.candidate_ids)

    @property
    def n_pairs(self) -> int:
        return len(self.pair_cost)

    def group_posts(self) -> dict[str, np.ndarray]:
        """Post indices per group, for every group any post counts in."""
        members: dict[str, list[int]] = {}
        for index, groups in enumerate(self.post_groups):
            for group in groups:
                members.setdefault(group, []).append(index)
        return {group: np.asarray(posts, dtype=np.int64) for group, posts in members.items()}

    def pair_lookup(self, candidates, posts) -> np.ndarray:
        """The pair index of each (candidate, post) asked for, or -1 where that pair is not eligible. Sorts the
        queries, not the millions of pairs."""
        width = max(self.n_posts, 1)
        wanted = np.asarray(candidates, np.int64) * width + np.asarray(posts, np.int64)
        query, inverse = np.unique(wanted, return_inverse=True)
        found = np.full(len(query), -1, dtype=np.int64)
        if len(query):
            keys = self.pair_candidate.astype(np.int64) * width + self.pair_post
            slot = np.minimum(np.searchsorted(query, keys), len(query) - 1)
            hits = np.flatnonzero(query[slot] == keys)
            found[slot[hits]] = hits
        return found[inverse.reshape(-1)]

    def allowed_pairs(self) -> np.ndarray:
        """Indices of the pairs the locks leave: a "must" pair is its post's and its candidate's only pair, a
        "must not" pair is gone. Locks act by removing pairs, never by prices."""
        keep = np.ones(self.n_pairs, dtype=bool)
        if self.must_not:
            keep[self.pair_lookup(*zip(*self.must_not, strict=True))] = False
        for c, p in self.must:
            keep &= (self.pair_post != p) & (self.pair_candidate != c)
        if self.must:
            keep[self.pair_lookup(*zip(*self.must, strict=True))] = True
        return np.flatnonzero(keep)

    def floor_requirements(self) -> list[tuple[Floor, np.ndarray, int]]:
        """Each floor with its group's posts and the number of non-local holders it requires."""
        members = self.group_posts()
        return [(f, members[f.group], f.required(len(members[f.group]))) for f in self.floors]


def canonical_sha256(document: dict[str, Any]) -> str:
    """The hash a plan cites for its problem (see `_content_sha256`)."""
    return parse_problem(document).sha256


def _content_sha256(document: dict[str, Any], arrays: list[np.ndarray]) -> str:
    """SHA-256 of the problem's content: everything but the pairs as sorted-key compact JSON, then the pairs as
    arrays in document order (candidate and post positions, costs, flags, km). Formatting, key order and the
    row or column form of the pairs do not change it; any changed value does."""
    digest = hashlib.sha256()
    head = {key: value for key, value in document.items() if key != "pairs"}
    digest.update(json.dumps(head, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
    for array in arrays:
        digest.update(b"\x00" + np.ascontiguousarray(array).tobytes())
    return digest.hexdigest()


def load_problem(path) -> Problem:
    """Read and validate a problem file."""
    return parse_problem(read_json(path))


def parse_problem(document: Any) -> Problem:
    """Validate a problem document into arrays. Every rejection names the offending item."""
    if not isinstance(document, dict):
        raise fail("Bài toán phải là một đối tượng JSON.", "The problem must be a JSON object.")
    if document.get("version") != VERSION:
        raise fail(
            f"Phiên bản bài toán không được hỗ trợ: {document.get('version')!r} (cần {VERSION}).",
            f"Unsupported problem version {document.get('version')!r} (expected {VERSION}).",
        )
    posts = list_of_objects(document, "posts")
    candidates = list_of_objects(document, "candidates")
    post_index = ids(posts, "Vị trí", "Post")
    candidate_index = ids(candidates, "Ứng viên", "Candidate")

    post_group, post_groups, incumbents, post_types = [], [], [], []
    for post in posts:
        kind = post.get("type", SECRETARY_POST)
        if kind not in POST_TYPES:
            raise fail(
                f"Loại vị trí của «{post['id']}» phải là một trong {', '.join(POST_TYPES)}, không phải {kind!r}.",
                f"Post '{post['id']}': 'type' must be one of {', '.join(POST_TYPES)}, not {kind!r}.",
            )
        post_types.append(kind)
        group = post.get("group")
        extra = post.get("groups", [])
        if not isinstance(group, str) or not group:
            raise fail(f"Vị trí «{post['id']}» không có nhóm.", f"Post '{post['id']}' has no group.")
        if not isinstance(extra, list) or not all(isinstance(g, str) and g for g in extra):
            raise fail(
                f"«groups» của vị trí «{post['id']}» phải là danh sách tên nhóm.",
                f"Post '{post['id']}': 'groups' must be a list of group names.",
            )
        incumbent = post.get("incumbent")
        if incumbent is not None and not isinstance(incumbent, str):
            raise fail(
                f"Người đương nhiệm của vị trí «{post['id']}» phải là chuỗi hoặc null.",
                f"Post '{post['id']}': 'incumbent' must be a string or null.",
            )
        post_group.append(group)
        post_groups.append(tuple(dict.fromkeys([group, *extra])))
        incumbents.append(incumbent)
    holders = [i for i in incumbents if i is not None]
    if len(holders) != len(set(holders)):
        twice = next(i for i in holders if holders.count(i) > 1)
        raise fail(
            f"«{twice}» là người đương nhiệm của hai vị trí.", f"'{twice}' is the incumbent of two posts."
        )

    columns = pair_columns(document.get("pairs"))
    pair_candidate = lookup(candidate_index, columns["candidate"], "candidate")
    pair_post = lookup(post_index, columns["post"], "post")
    pair_cost = numbers(columns["cost"], "cost")
    if not set(map(type, columns["non_local"])) <= {bool}:
        raise fail("Cột «non_local» phải là true/false.", "The 'non_local' column must be true or false.")
    pair_non_local = np.asarray(columns["non_local"], dtype=bool)
    pair_km = numbers(columns["km"], "km") if "km" in columns else None
    keys = pair_candidate.astype(np.int64) * max(len(posts), 1) + pair_post
    unique, counts = np.unique(keys, return_counts=True)
    if (counts > 1).any():
        key = int(unique[np.argmax(counts > 1)])
        c, p = divmod(key, max(len(posts), 1))
        raise fail(
            f"Cặp ({candidates[c]['id']}, {posts[p]['id']}) xuất hiện hai lần.",
            f"Duplicate pair ({candidates[c]['id']}, {posts[p]['id']}).",
        )

    groups = {g for gs in post_groups for g in gs}
    floors = []
    seen_floors = set()
    for item in list_of_objects(document, "floors") if "floors" in document else []:
        group, share = item.get("group"), item.get("min_non_local_share")
        if group not in groups:
            raise fail(
                f"Chỉ tiêu nêu nhóm không có vị trí nào: «{group}».",
                f"A floor names an unknown group: '{group}'.",
            )
        if group in seen_floors:
            raise fail(f"Nhóm «{group}» có hai chỉ tiêu.", f"Group '{group}' has two floors.")
        seen_floors.add(group)
        if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 <= share <= 1:
            raise fail(
                f"Tỷ lệ tối thiểu của nhóm «{group}» phải là số từ 0 đến 1, không phải {share!r}.",
                f"The minimum share of group '{group}' must be a number from 0 to 1, not {share!r}.",
            )
        floors.append(Floor(group, float(share)))

    options = document.get("options", {})
    if not isinstance(options, dict):
        raise fail("Mục «options» phải là một đối tượng.", "'options' must be an object.")
    time_limit = options.get("time_limit_s", DEFAULT_TIME_LIMIT_S)
    if isinstance(time_limit, bool) or not isinstance(time_limit, (int, float)) or not 0 < time_limit < 1e6:
        raise fail(
            f"Giới hạn thời gian phải là số giây dương, không phải {time_limit!r}.",
            f"time_limit_s must be a positive number of seconds, not {time_limit!r}.",
        )
    when_infeasible = options.get("when_infeasible", STRICT)
    if when_infeasible not in (STRICT, CLOSEST):
        raise fail(
            f"«when_infeasible» phải là «strict» hoặc «closest», không phải {when_infeasible!r}.",
            f"'when_infeasible' must be 'strict' or 'closest', not {when_infeasible!r}.",
        )
    group_labels = document.get("group_labels", {})
    group_labels_en = document.get("group_labels_en", {})
    for key, labels in (("group_labels", group_labels), ("group_labels_en", group_labels_en)):
        if not isinstance(labels, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in labels.items()
        ):
            raise fail(
                f"Mục «{key}» phải ánh xạ tên nhóm sang tên hiển thị.",
                f"'{key}' must map group names to display names.",
            )

    must, must_not = [], []
    pair_set = set(keys.tolist())
    for lock in list_of_objects(document, "locks") if "locks" in document else []:
        kind = lock.get("kind")
        if kind not in ("must", "must_not"):
            raise fail(
                f"Loại khóa phải là «must» hoặc «must_not», không phải {kind!r}.",
                f"A lock's kind must be 'must' or 'must_not', not {kind!r}.",
            )
        c = lookup(candidate_index, [lock.get("candidate")], "candidate")[0]
        p = lookup(post_index, [lock.get("post")], "post")[0]
        if int(c) * max(len(posts), 1) + int(p) not in pair_set:
            raise fail(
                f"Khóa nêu cặp không hợp lệ ({lock['candidate']}, {lock['post']}).",
                f"A lock names a pair that is not eligible: ({lock['candidate']}, {lock['post']}).",
            )
        (must if kind == "must" else must_not).append((int(c), int(p)))
    check_locks(must, must_not, candidates, posts)

    return Problem(
        post_ids=list(post_index),
        post_group=post_group,
        post_groups=post_groups,
        incumbent=np.asarray([candidate_index.get(i, -1) if i else -1 for i in incumbents], dtype=np.int64),
        incumbent_ids=incumbents,
        candidate_ids=list(candidate_index),
        pair_candidate=pair_candidate,
        pair_post=pair_post,
        pair_cost=pair_cost,
        pair_non_local=pair_non_local,
        floors=floors,
        time_limit_s=float(time_limit),
        posts=posts,
        candidates=candidates,
        pair_km=pair_km,
        must=must,
        must_not=must_not,
        when_infeasible=when_infeasible,
        group_labels=dict(group_labels),
        group_labels_en=dict(group_labels_en),
        post_type=post_types,
        sha256=_content_sha256(
            document,
            [pair_candidate, pair_post, pair_cost, pair_non_local] + ([] if pair_km is None else [pair_km]),
        ),
    )
