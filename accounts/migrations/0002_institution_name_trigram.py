"""PostgreSQL only: a trigram index so that searching a school by part of its name stays fast among
439,000 schools (Django's icontains is UPPER(name) LIKE UPPER('%...%')). Other databases skip it."""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS inst_name_trgm ON accounts_institution USING gin (UPPER(name) gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS inst_name_trgm"]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(run(CREATE), run(DROP))]
