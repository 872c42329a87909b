"""What a demo run made, as `cadre demo` prints it."""

from __future__ import annotations

from ..models import Official


def secretary_locality(province_codes: list[str]) -> tuple[int, int]:
    """(non-local, all) officials holding an open commune secretary posting in these provinces."""
    secretaries = Official.objects.filter(
        postings__position__code="bi_thu",
        postings__end__isnull=True,
        postings__province_id__in=province_codes,
    ).distinct()
    return secretaries.filter(is_local=False).count(), secretaries.count()


def summary_lines(counts: dict[str, int], province_codes: list[str]) -> list[str]:
    non_local, secretaries = secretary_locality(province_codes)
    share = f"{100 * non_local / secretaries:.1f}%" if secretaries else "–"
    return [
        f"Sổ cán bộ mẫu / demo registry: {len(province_codes)} tỉnh/thành / provinces "
        f"({counts['provinces']} mới tạo / created, {counts['already_present']} đã có sẵn / already present)",
        f"  Đã tạo / created: {counts['officials']:,} cán bộ / officials · "
        f"{counts['postings']:,} quá trình công tác / postings · "
        f"{counts['evaluations']:,} đánh giá / evaluations",
        f"  {counts['succession_plans']:,} quy hoạch / succession plans · "
        f"{counts['relations']:,} quan hệ gia đình / relations · "
        f"{counts['disciplines']:,} kỷ luật / disciplines",
        f"  Bí thư không là người địa phương / non-local secretaries: {non_local}/{secretaries} ({share})",
    ]
