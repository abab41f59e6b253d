"""SubmissionDocument.ptk_document and .stored_file become real foreign keys (they were plain ids).
The old columns are kept under other names for one migration, copied over (ids whose row no longer
exists stay empty), and dropped in 0005 (a separate transaction: PostgreSQL refuses to alter a table
with pending deferred foreign-key checks)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import F


def copy_refs(apps, schema_editor):
    Doc = apps.get_model("nuptk", "SubmissionDocument")
    PtkDocument = apps.get_model("ptk", "PtkDocument")
    StoredFile = apps.get_model("documents", "StoredFile")
    Doc.objects.filter(ptk_document_ref__in=PtkDocument.objects.values("pk")).update(ptk_document_id=F("ptk_document_ref"))
    Doc.objects.filter(stored_file_ref__in=StoredFile.objects.values("pk")).update(stored_file_id=F("stored_file_ref"))


def copy_back(apps, schema_editor):
    Doc = apps.get_model("nuptk", "SubmissionDocument")
    Doc.objects.update(ptk_document_ref=F("ptk_document_id"), stored_file_ref=F("stored_file_id"))


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_letters_files_batches"),
        ("nuptk", "0003_submission_ptk_name"),
        ("ptk", "0003_ptk_name_trigram"),
    ]

    operations = [
        migrations.RenameField("submissiondocument", "ptk_document_id", "ptk_document_ref"),
        migrations.RenameField("submissiondocument", "stored_file_id", "stored_file_ref"),
        migrations.AddField(
            model_name="submissiondocument",
            name="ptk_document",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="ptk.ptkdocument"
            ),
        ),
        migrations.AddField(
            model_name="submissiondocument",
            name="stored_file",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="documents.storedfile",
            ),
        ),
        migrations.RunPython(copy_refs, copy_back),
    ]
