"""Each post's group under the Law on Cadres and Civil Servants 2025 and the text it comes from; the commune
posts follow the Ministry's list of job positions (policy file, `commune_job_positions`). Codes are kept: the
postings, quotas and succession plans recorded under them keep working, under the list's names."""

from django.db import migrations, models


def load_positions(apps, schema_editor):
    from cadre.people.positions import upsert_positions

    upsert_positions(apps.get_model("people", "Position"))


class Migration(migrations.Migration):
    dependencies = [("people", "0004_discipline")]
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
