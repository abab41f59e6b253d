"""The queue of every institution is what waits at it (``waiting_at``), whatever the level: one
partial index replaces the three per-level ones (docs/adr/0006-review-levels-and-queues.md). The kind
choices come from the registry of kinds (a callable: adding a kind needs no migration). Drops the
old id columns of SubmissionDocument (copied into foreign keys by 0004)."""

from django.db import migrations, models

import nuptk.kinds

WAITING = ("at_dinas", "at_qa", "at_pdspk")


class Migration(migrations.Migration):
    dependencies = [
        ("nuptk", "0004_submissiondocument_foreign_keys"),
    ]

    operations = [
        migrations.RemoveField("submissiondocument", "ptk_document_ref"),
        migrations.RemoveField("submissiondocument", "stored_file_ref"),
        migrations.AlterField(
            model_name="submission",
            name="kind",
            field=models.CharField(choices=nuptk.kinds.choices, max_length=20, verbose_name="jenis ajuan"),
        ),
        migrations.AddIndex(
            model_name="submission",
            index=models.Index(
                condition=models.Q(("state__in", WAITING)), fields=["waiting_at", "waiting_since", "id"], name="sub_queue"
            ),
        ),
        migrations.AddIndex(
            model_name="submission",
            index=models.Index(
                condition=models.Q(("state__in", WAITING)),
                fields=["waiting_at", "kind", "waiting_since", "id"],
                name="sub_queue_kind",
            ),
        ),
        migrations.RemoveIndex(model_name="submission", name="sub_q_dinas"),
        migrations.RemoveIndex(model_name="submission", name="sub_q_qa"),
        migrations.RemoveIndex(model_name="submission", name="sub_q_pdspk"),
        migrations.RemoveIndex(model_name="submission", name="sub_q_pdspk_kind"),
    ]
