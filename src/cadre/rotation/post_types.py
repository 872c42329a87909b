"""The post types a rotation plan places (the problem's `posts[].type`): the commune Party secretary (Bí thư Đảng
ủy) and, since Kết luận 210-KL/TW (2025) extended non-local placement to them, the commune People's Committee
chair (Chủ tịch UBND). Both are planned in one problem, since the same people are candidates for both.

A secretary post's id is the commune's code, as in every plan recorded before chairs were planned; a chair
post's id is the code with CHAIR_SUFFIX. What a post's id, type, position and floor group are is said here only.
"""

from __future__ import annotations

from cadre.core.errors import BilingualError
from cadre.core.planning.problem import CHAIR_POST, POST_TYPES, SECRETARY_POST
from cadre.core.text import Text
from cadre.people.positions import CHAIR, SECRETARY

__all__ = ["CHAIR_POST", "POST_TYPES", "SECRETARY_POST"]

POSITION = {SECRETARY_POST: SECRETARY, CHAIR_POST: CHAIR}  # post type → people.positions code
CHAIR_SUFFIX = ":chair"
# The post type in words, as the plan's pages and workbooks name it.
TITLE = {
    SECRETARY_POST: Text("Bí thư Đảng ủy", "Party Committee Secretary"),
    CHAIR_POST: Text("Chủ tịch UBND", "People's Committee Chair"),
}
# How a group of posts is named in messages (floors): "Bí thư Đảng ủy cấp xã — Tỉnh X".
_GROUP_TITLE = {
    SECRETARY_POST: Text("Bí thư Đảng ủy cấp xã", "commune Party secretaries"),
    CHAIR_POST: Text("Chủ tịch UBND cấp xã", "commune People's Committee chairs"),
}


def post_id(post_type: str, commune: str) -> str:
    return commune if post_type == SECRETARY_POST else f"{commune}{CHAIR_SUFFIX}"


def commune_of(post: str) -> str:
    """The commune code of a post id of either type."""
    return post.removesuffix(CHAIR_SUFFIX)


def type_of(post: str) -> str:
    return CHAIR_POST if post.endswith(CHAIR_SUFFIX) else SECRETARY_POST


def group(post_type: str, base: str) -> str:
    """The floor group of a type's posts: the province's (or a former district's) code for secretaries, as
    before; with CHAIR_SUFFIX for chairs, so that each type has its own floor."""
    return post_id(post_type, base)


def group_label(post_type: str, name: str, several: bool, language: str = "vi") -> str:
    """A group's name in messages; the secretaries planned alone, the place's name alone (as before). The
    chairs' group always says whose it is, also in a plan of chairs alone."""
    if not several and post_type == SECRETARY_POST:
        return name
    return f"{_GROUP_TITLE[post_type].in_language(language)} — {name}"


def post_name(post_type: str, place: str) -> str:
    """ "Chủ tịch UBND xã An": a post named by its title and its commune, as the messages of a plan of several
    post types name it (the post's `label`; its `place_label` is the commune's name alone)."""
    return f"{TITLE[post_type].vi} {place[:1].lower()}{place[1:]}"


def title(post_type: str, language: str = "vi") -> str:
    return TITLE[post_type].in_language(language)


def parse_post_types(value) -> tuple[str, ...]:
    """ "secretary,chair" (or a list) → the types in the canonical order; an unknown one is refused."""
    items = value.split(",") if isinstance(value, str) else list(value or ())
    wanted = {item.strip() for item in items if item and item.strip()}
    unknown = sorted(wanted - set(POST_TYPES))
    if unknown or not wanted:
        shown = ", ".join(unknown) or "—"
        raise BilingualError(
            f"Loại chức danh không có: {shown} (chỉ có: secretary = Bí thư, chair = Chủ tịch UBND).",
            f"Unknown post type: {shown} (only: secretary, chair).",
        )
    return tuple(t for t in POST_TYPES if t in wanted)
