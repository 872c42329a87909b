from django.db import migrations


def load_positions(apps, schema_editor):
    from cadre.people.positions import add_missing_positions

    add_missing_positions(apps.get_model("people", "Position"))


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(load_positions, migrations.RunPython.noop)]
