"""Each post's group under the Law on Cadres and Civil Servants 2025 and the text it comes from; the commune
posts follow the Ministry's list of job positions (policy file, `commune_job_positions`). Codes are kept: the
postings, quotas and succession plans recorded under them keep working, under the list's names.

The list this migration writes is frozen below (copied from the policy file's list in force from 01/07/2025), so
its result does not depend on the day it runs. A province's own edits in the admin are kept: an existing post's
name, kind, level and "head" are only changed where they still hold Cadre's former default; its order never.
Quotas on posts that are no longer job positions (the military commander is now a leadership post) are deleted,
each with a history row giving the reason; quotas and postings on the posts whose field the list narrowed get a
history row asking for a review (docs/staffing.md, "Old position codes")."""

from django.db import migrations, models
from django.utils import timezone

LIST_SOURCE = (
    "Công văn 7415/BNV-CCVC năm 2025 của Bộ Nội vụ (định hướng danh mục vị trí việc làm công chức cấp xã: 08 vị "
    "trí lãnh đạo, quản lý và các vị trí chuyên môn, nghiệp vụ theo lĩnh vực); chưa đọc được văn bản gốc, theo "
    "Dân trí 13/8/2025, 20/8/2025, 07/9/2025 và Thanh Niên 20/8/2025; nhóm vị trí theo Luật Cán bộ, công chức "
    "80/2025/QH15. Áp dụng từ 01/07/2025 (chính quyền địa phương 2 cấp) theo cách hiểu của Cadre: ngày ký của "
    "Công văn 7415 chưa xác định"
)
CADRE_SOURCE = (
    "Danh mục tham chiếu của Cadre (chức danh cán bộ, cơ quan Đảng, Mặt trận, cấp huyện cũ, cấp tỉnh); "
    "không thuộc danh mục vị trí việc làm cấp xã của Bộ Nội vụ"
)
L, J = "leadership", "job"
# The Ministry's list as of 01/07/2025: code, name, English name, group, kind, level, head of the body.
MINISTRY = [
    ("chanh_van_phong", "Chánh Văn phòng HĐND và UBND", "Head of the Office", L, L, 4, True),
    ("pho_chanh_van_phong", "Phó Chánh Văn phòng HĐND và UBND", "Deputy Head of the Office", L, L, 5, False),
    (
        "truong_phong_kinh_te",
        "Trưởng phòng Kinh tế (phường: Kinh tế, Hạ tầng và Đô thị)",
        "Head of the Economic Department",
        L,
        L,
        4,
        True,
    ),
    (
        "pho_phong_kinh_te",
        "Phó Trưởng phòng Kinh tế",
        "Deputy Head of the Economic Department",
        L,
        L,
        5,
        False,
    ),
    (
        "truong_phong_vhxh",
        "Trưởng phòng Văn hóa - Xã hội",
        "Head of the Culture–Social Department",
        L,
        L,
        4,
        True,
    ),
    (
        "pho_phong_vhxh",
        "Phó Trưởng phòng Văn hóa - Xã hội",
        "Deputy Head of the Culture–Social Department",
        L,
        L,
        5,
        False,
    ),
    (
        "giam_doc_tthcc",
        "Giám đốc Trung tâm Phục vụ hành chính công",
        "Director of the Public Administration Service Centre",
        L,
        L,
        4,
        True,
    ),
    (
        "pho_giam_doc_tthcc",
        "Phó Giám đốc Trung tâm Phục vụ hành chính công",
        "Deputy Director of the Public Administration Service Centre",
        L,
        L,
        5,
        False,
    ),
    (
        "cv_quan_su",
        "Chỉ huy trưởng Ban Chỉ huy quân sự cấp xã",
        "Commander of the Commune Military Command",
        L,
        L,
        4,
        True,
    ),
    (
        "pho_chi_huy_truong_qs",
        "Phó Chỉ huy trưởng Ban Chỉ huy quân sự cấp xã",
        "Deputy Commander of the Commune Military Command",
        L,
        L,
        5,
        False,
    ),
    (
        "cv_van_phong",
        "Chuyên viên lĩnh vực văn phòng",
        "Officer for office affairs",
        "professional",
        J,
        6,
        False,
    ),
    ("cv_tu_phap", "Chuyên viên lĩnh vực tư pháp", "Officer for justice", "professional", J, 6, False),
    (
        "cv_doi_ngoai",
        "Chuyên viên lĩnh vực đối ngoại",
        "Officer for foreign affairs",
        "professional",
        J,
        6,
        False,
    ),
    ("cv_tai_chinh", "Chuyên viên lĩnh vực tài chính", "Officer for finance", "professional", J, 6, False),
    ("cv_ke_hoach", "Chuyên viên lĩnh vực kế hoạch", "Officer for planning", "professional", J, 6, False),
    ("cv_xay_dung", "Chuyên viên lĩnh vực xây dựng", "Officer for construction", "professional", J, 6, False),
    (
        "cv_giao_thong",
        "Chuyên viên lĩnh vực giao thông",
        "Officer for transport",
        "professional",
        J,
        6,
        False,
    ),
    (
        "cv_cong_thuong",
        "Chuyên viên lĩnh vực công thương",
        "Officer for industry and trade",
        "professional",
        J,
        6,
        False,
    ),
    (
        "cv_nong_nghiep",
        "Chuyên viên lĩnh vực nông nghiệp",
        "Officer for agriculture",
        "professional",
        J,
        6,
        False,
    ),
    (
        "cv_dia_chinh",
        "Chuyên viên lĩnh vực tài nguyên và môi trường",
        "Officer for natural resources and environment",
        "professional",
        J,
        6,
        False,
    ),
    ("cv_noi_vu", "Chuyên viên lĩnh vực nội vụ", "Officer for home affairs", "professional", J, 6, False),
    ("cv_dan_toc", "Chuyên viên lĩnh vực dân tộc", "Officer for ethnic affairs", "professional", J, 6, False),
    ("cv_lao_dong", "Chuyên viên lĩnh vực lao động", "Officer for labour", "professional", J, 6, False),
    (
        "cv_giao_duc_y_te",
        "Chuyên viên lĩnh vực giáo dục và đào tạo",
        "Officer for education and training",
        "professional",
        J,
        6,
        False,
    ),
    ("cv_van_hoa", "Chuyên viên lĩnh vực văn hóa", "Officer for culture", "professional", J, 6, False),
    ("cv_cntt", "Chuyên viên lĩnh vực khoa học", "Officer for science", "professional", J, 6, False),
    (
        "cv_thong_tin",
        "Chuyên viên lĩnh vực thông tin",
        "Officer for information",
        "professional",
        J,
        6,
        False,
    ),
    ("cv_y_te", "Chuyên viên lĩnh vực y tế", "Officer for health", "professional", J, 6, False),
    (
        "cv_mot_cua",
        "Chuyên viên lĩnh vực phục vụ hành chính công",
        "Officer for public administration services",
        "professional",
        J,
        6,
        False,
    ),
    (
        "tro_ly_quan_su",
        "Trợ lý Ban Chỉ huy quân sự",
        "Assistant of the Commune Military Command",
        "professional",
        J,
        6,
        False,
    ),
]
# Cadre's defaults before the list (migration 0002) for the codes whose name or rank the list changed: name,
# English name, kind, level, head of the body.
FORMER = {
    "cv_van_phong": ("Văn phòng - tổng hợp", "Office and general affairs"),
    "cv_tu_phap": ("Tư pháp - hộ tịch", "Justice and civil status"),
    "cv_tai_chinh": ("Tài chính - kế toán", "Finance and accounting"),
    "cv_dia_chinh": ("Địa chính - quản lý đất đai", "Land administration"),
    "cv_xay_dung": ("Xây dựng - đô thị - môi trường", "Construction, urban affairs and environment"),
    "cv_nong_nghiep": ("Nông nghiệp - môi trường", "Agriculture and environment"),
    "cv_cntt": ("Công nghệ thông tin, chuyển đổi số", "IT and digital transformation"),
    "cv_van_hoa": ("Văn hóa - xã hội", "Culture and social affairs"),
    "cv_giao_duc_y_te": ("Giáo dục - y tế", "Education and health"),
    "cv_lao_dong": ("Lao động - người có công - bảo trợ xã hội", "Labour, veterans and social protection"),
    "cv_mot_cua": ("Tiếp nhận và trả kết quả (một cửa)", "One-stop service desk"),
    "cv_quan_su": ("Chỉ huy trưởng Quân sự", "Military commander"),
}
FORMER_RANK = (J, 6, False)  # every code of FORMER was a job position at level 6, not a head
# Codes whose field the list narrowed: their quotas and postings are to be reviewed.
NARROWED = {
    "cv_giao_duc_y_te": (
        "Vị trí “Giáo dục - y tế” nay là “Chuyên viên lĩnh vực giáo dục và đào tạo”; y tế là vị trí riêng "
        "(Chuyên viên lĩnh vực y tế): cần rà soát người giữ vị trí và định mức. / “Education and health” is now "
        "“Officer for education and training”; health is a position of its own: review holders and quota."
    ),
    "cv_cntt": (
        "Vị trí “Công nghệ thông tin, chuyển đổi số” nay là “Chuyên viên lĩnh vực khoa học”; thông tin là vị trí "
        "riêng (Chuyên viên lĩnh vực thông tin): cần rà soát người giữ vị trí và định mức. / “IT and digital "
        "transformation” is now “Officer for science”; information is a position of its own: review holders and "
        "quota."
    ),
}
DROPPED_QUOTA = (
    "Danh mục vị trí việc làm cấp xã của Bộ Nội vụ (Công văn 7415/BNV-CCVC): “{name}” nay là vị trí lãnh đạo, "
    "quản lý, không phải vị trí việc làm chuyên môn nên không có định mức; định mức {quota} người được xóa. / "
    "The Ministry's list makes “{name}” a leadership post, not a job position: its quota of {quota} was removed."
)

NOT_A_JOB = (
    "“{name}” không phải vị trí việc làm chuyên môn của xã nên không có định mức; định mức {quota} người được "
    "xóa. / “{name}” is not a commune job position, so it takes no quota: its quota of {quota} was removed."
)


def _history(apps, app, model_name, rows, kind, reason, now):
    """One history row per row of `rows` (as they are now), of type `kind`, with `reason`."""
    history = apps.get_model(app, f"Historical{model_name}")
    fields = [
        f.attname
        for f in history._meta.concrete_fields
        if not f.attname.startswith("history_") and f.attname != "history_user_id"
    ]
    history.objects.bulk_create(
        history(
            **{name: getattr(row, name) for name in fields if hasattr(row, name)},
            history_date=now,
            history_type=kind,
            history_change_reason=reason,
        )
        for row in rows
    )


def load_positions(apps, schema_editor):
    Position = apps.get_model("people", "Position")
    existing = {p.code: p for p in Position.objects.all()}
    order = max((p.order for p in existing.values()), default=-1)
    listed = set()
    for code, name, name_en, group, kind, level, head in MINISTRY:
        listed.add(code)
        post = existing.get(code)
        if post is None:
            order += 1
            Position.objects.create(
                code=code,
                name=name,
                name_en=name_en,
                unit_level="commune",
                track="government",
                kind=kind,
                level=level,
                is_head=head,
                group=group,
                source=LIST_SOURCE,
                order=order,
            )
            continue
        post.group, post.source = group, LIST_SOURCE
        former_name, former_en = FORMER.get(code, (name, name_en))
        if post.name == former_name:
            post.name = name
        if post.name_en == former_en:
            post.name_en = name_en
        if code in FORMER and (post.kind, post.level, post.is_head) == FORMER_RANK:
            post.kind, post.level, post.is_head = kind, level, head
        else:
            # Whether a post is a job position is the Ministry's list's to say (the commander is a leadership
            # post now) even where a province changed its rank: the rank a province set stays.
            post.kind = kind
        post.save()
    for post in existing.values():
        if post.code not in listed:
            post.group = "leadership" if post.kind == L else "professional"
            post.source = CADRE_SOURCE
            post.save(update_fields=["group", "source"])
    _review_quotas(apps)


def _review_quotas(apps):
    Quota = apps.get_model("staffing", "PositionQuota")
    Position = apps.get_model("people", "Position")
    now = timezone.now()
    # The posts that take a quota (cadre.people.models.Position.objects.taking_quota(), as of this migration).
    not_jobs = Position.objects.exclude(kind=J, unit_level="commune", track="government")
    names = dict(not_jobs.values_list("code", "name"))
    leaders = {code for code, *_rest, kind, _level, _head in MINISTRY if kind == L}
    for quota in Quota.objects.filter(position_id__in=list(names)):
        said = DROPPED_QUOTA if quota.position_id in leaders else NOT_A_JOB
        reason = said.format(name=names[quota.position_id], quota=quota.quota)
        _history(apps, "staffing", "PositionQuota", [quota], "-", reason, now)
        quota.delete()
    Posting = apps.get_model("people", "Posting")
    for code, reason in NARROWED.items():
        _history(apps, "staffing", "PositionQuota", Quota.objects.filter(position_id=code), "~", reason, now)
        postings = Posting.objects.filter(position__code=code, end__isnull=True)
        _history(apps, "people", "Posting", postings, "~", reason, now)


class Migration(migrations.Migration):
    dependencies = [("people", "0004_discipline"), ("staffing", "0001_initial")]
    operations = [
        migrations.AddField(
            model_name="position",
            name="group",
            field=models.CharField(
                blank=True,
                choices=[
                    ("leadership", "Leadership and management (lãnh đạo, quản lý)"),
                    ("professional", "Professional (chuyên môn, nghiệp vụ)"),
                    ("support", "Support and service (hỗ trợ, phục vụ)"),
                ],
                max_length=12,
                verbose_name="group (nhóm vị trí việc làm)",
            ),
        ),
        migrations.AddField(
            model_name="position",
            name="source",
            field=models.CharField(blank=True, max_length=600, verbose_name="source (căn cứ)"),
        ),
        migrations.RunPython(load_positions, migrations.RunPython.noop),
    ]
