"""Submission.origin: the institution that prepares a request (until now always the PTK's school)."""

import django.db.models.deletion
from django.db import migrations, models


def copy_school(apps, schema_editor):
    Submission = apps.get_model("nuptk", "Submission")
    Submission.objects.filter(origin__isnull=True).update(origin=models.F("school"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_officials"),
        ("nuptk", "0006_log_level_code_20"),
    ]

    operations = [
        migrations.AddField(
            model_name="submission",
            name="origin",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.institution",
                verbose_name="disiapkan oleh",
            ),
        ),
        migrations.RunPython(copy_school, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="submission",
            name="origin",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.institution",
                verbose_name="disiapkan oleh",
            ),
        ),
        migrations.AddIndex(
            model_name="submission",
            index=models.Index(fields=["origin", "-created_at", "id"], name="sub_origin"),
        ),
    ]
