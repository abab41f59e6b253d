"""Name search (issue 16, docs/adr/0100-name-search.md): the PtkNameWord table and, on PostgreSQL,
the trigger that maintains it, its backfill and its indexes."""

import django.db.models.deletion
from django.db import migrations, models


# --- PostgreSQL: the trigger that keeps PtkNameWord in step with ptk_ptk, the backfill, the indexes.
# Non-atomic and in this order so that a live registry keeps taking writes: the trigger first (every
# write from then on maintains its own rows), then the backfill in batches (skipping PTK that already
# have rows), then the indexes CONCURRENTLY. ~3 minutes at 3 million PTK.

WORDS = "regexp_split_to_table(upper({name}::text), '[^[:alnum:]]+')"

TRIGGER = f"""
CREATE OR REPLACE FUNCTION ptk_name_words_sync() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM ptk_ptknameword WHERE ptk_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO ptk_ptknameword (ptk_id, word, dinas_id, qa_office_id)
        SELECT DISTINCT NEW.id, w, NEW.dinas_id, NEW.qa_office_id
        FROM {WORDS.format(name="NEW.name")} AS w WHERE w <> '';
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS ptk_name_words_ins_del ON ptk_ptk;
DROP TRIGGER IF EXISTS ptk_name_words_upd ON ptk_ptk;
CREATE TRIGGER ptk_name_words_ins_del AFTER INSERT OR DELETE ON ptk_ptk
    FOR EACH ROW EXECUTE FUNCTION ptk_name_words_sync();
CREATE TRIGGER ptk_name_words_upd AFTER UPDATE OF name, dinas_id, qa_office_id ON ptk_ptk
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.dinas_id IS DISTINCT FROM NEW.dinas_id
                       OR OLD.qa_office_id IS DISTINCT FROM NEW.qa_office_id)
    EXECUTE FUNCTION ptk_name_words_sync();
"""

BACKFILL = f"""
INSERT INTO ptk_ptknameword (ptk_id, word, dinas_id, qa_office_id)
SELECT DISTINCT p.id, w, p.dinas_id, p.qa_office_id
FROM ptk_ptk p, {WORDS.format(name="p.name")} AS w
WHERE p.id >= %s AND p.id < %s AND w <> ''
  AND NOT EXISTS (SELECT 1 FROM ptk_ptknameword x WHERE x.ptk_id = p.id)
"""

INDEXES = [
    # word prefix (LIKE 'ABC%'), nationally, per Dinas, per LPMP/BP-PAUD/BPKLN; ptk_id for the
    # other words of a multi-word search and for the trigger's deletes.
    "ptk_word ON ptk_ptknameword (word varchar_pattern_ops, ptk_id)",
    "ptk_word_dinas ON ptk_ptknameword (dinas_id, word varchar_pattern_ops, ptk_id)",
    "ptk_word_qa ON ptk_ptknameword (qa_office_id, word varchar_pattern_ops, ptk_id)",
]
BATCH = 200_000


def forwards(apps, schema_editor):
    conn = schema_editor.connection
    if conn.vendor != "postgresql":
        return
    with conn.cursor() as cur:
        # The per-PTK index first (empty table): the trigger's deletes and the backfill's check use it.
        cur.execute("CREATE INDEX IF NOT EXISTS ptk_word_ptk ON ptk_ptknameword (ptk_id, word varchar_pattern_ops)")
        cur.execute(TRIGGER)
        cur.execute("SELECT coalesce(min(id), 0), coalesce(max(id), 0) FROM ptk_ptk")
        lo, hi = cur.fetchone()
        for start in range(lo, hi + 1, BATCH):
            cur.execute(BACKFILL, [start, start + BATCH])
        for spec in INDEXES:
            cur.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {spec}")
        cur.execute("ANALYZE ptk_ptknameword")
        # The substring search's trigram index (0003) has no reader any more.
        cur.execute("DROP INDEX CONCURRENTLY IF EXISTS ptk_name_trgm")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if cur.fetchone():  # back to 0003's substring search and its index
            cur.execute(
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS ptk_name_trgm ON ptk_ptk USING gin (upper(name::text) gin_trgm_ops)"
            )
        cur.execute("DROP INDEX IF EXISTS ptk_word_ptk")
        cur.execute("DROP TRIGGER IF EXISTS ptk_name_words_ins_del ON ptk_ptk")
        cur.execute("DROP TRIGGER IF EXISTS ptk_name_words_upd ON ptk_ptk")
        cur.execute("DROP FUNCTION IF EXISTS ptk_name_words_sync()")




class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ('ptk', '0003_ptk_name_trigram'),
    ]

    operations = [
        migrations.CreateModel(
            name='PtkNameWord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('word', models.CharField(max_length=150)),
                ('dinas_id', models.BigIntegerField(null=True)),
                ('qa_office_id', models.BigIntegerField(null=True)),
                ('ptk', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='ptk.ptk')),
            ],
            options={
                'verbose_name': 'kata nama PTK',
                'default_permissions': (),
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
