"""A trigram index for name search across a large scope (PDSPK, LPMP) on PostgreSQL.

``name__icontains`` becomes ``UPPER(name::text) LIKE UPPER('%...%')``; without this index a rare
name over 3 million rows is a full scan (seconds). PostgreSQL only, built CONCURRENTLY (no write
lock on the table); skipped with a notice when pg_trgm cannot be created (no privilege): search by
NIK/NUPTK/PegID stays indexed either way."""

from django.db import migrations


def forwards(apps, schema_editor):
    conn = schema_editor.connection
    if conn.vendor != "postgresql":
        return
    with conn.cursor() as cur:
        try:
            cur.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception as e:  # noqa: BLE001 - the index is an optimisation
            print(f"\n  ptk: pg_trgm not available ({e}); name search stays unindexed")
            return
        cur.execute(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS ptk_name_trgm ON ptk_ptk USING gin (upper(name::text) gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX CONCURRENTLY IF EXISTS ptk_name_trgm")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("ptk", "0002_registry_history_documents")]

    operations = [migrations.RunPython(forwards, backwards)]
