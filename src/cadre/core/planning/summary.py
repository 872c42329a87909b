"""A plan's short summary for the terminal, in Vietnamese and English."""

from __future__ import annotations


def summary_lines(document: dict) -> list[str]:
    status = document["status"]
    words = {"optimal": "tối ưu (đã chứng minh)", "feasible": "khả thi (chưa chứng minh tối ưu)"}
    if status in ("infeasible", "unknown"):
        diagnosis = document.get("diagnosis") or {}
        word = "vô nghiệm" if status == "infeasible" else "chưa có lời giải (hết thời gian)"
        return [
            f"Trạng thái / status: {word} / {status}",
            f"Lý do: {diagnosis.get('message_vi', '')}",
            f"Reason: {diagnosis.get('message_en', '')}",
        ]
    lines = [
        f"Trạng thái / status: {words.get(status, status)} / {status}",
        f"Tổng chi phí / objective: {document['objective']:.3f}   cận dưới / bound: {document['bound']:.3f}",
        f"Số vị trí / posts: {len(document['assignments'])}   thời gian giải / solve: "
        f"{document['solve_seconds']:.2f} s",
    ]
    lines += closest_lines(document)
    metrics = document.get("metrics") or {}
    for group in metrics.get("groups", []):
        before = group.get("share_before")
        before_text = "—" if before is None else f"{before:.1%}"
        target = group.get("target")
        target_text = "" if target is None else f", chỉ tiêu / target ≥ {_percent(target)}"
        lines.append(
            f"  {group.get('label') or group['group']}: không phải người địa phương / non-local {before_text} → "
            f"{group['share_after']:.1%} ({group['non_local_after']}/{group['posts']}{target_text})"
        )
    if "moves" in metrics:
        lines.append(f"Số người điều động / moves: {metrics['moves']}")
    return lines


def _percent(share: float) -> str:
    """30% rather than 30.0%, but 30.5% stays 30.5%: a target is shown as it was set."""
    return f"{share * 100:.2f}".rstrip("0").rstrip(".") + "%"


def closest_lines(document: dict) -> list[str]:
    """The label of a plan that does not meet every requirement, why no plan does, and its open posts."""
    closest = document.get("closest")
    if not closest:
        return []
    lines = [
        f"*** {closest['label_vi'].upper()} ***",
        f"*** {closest['label_en'].upper()} ***",
        closest["message_vi"],
        closest["message_en"],
    ]
    for why in closest.get("strict_diagnosis", []):
        lines.append(f"Vì sao không có phương án đủ mọi yêu cầu: {why.get('message_vi', '')}")
        lines.append(f"Why no plan meets every requirement: {why.get('message_en', '')}")
    for post in closest.get("open_posts", []):
        lines.append(f"  - {post['vi']}")
        lines.append(f"    {post['en']}")
    return lines
