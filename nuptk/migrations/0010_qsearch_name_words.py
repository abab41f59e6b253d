"""The queues' name search (issue 16, docs/adr/0100-name-search.md): the SubmissionNameWord table
and, on PostgreSQL, the trigger that maintains it, its backfill and its indexes."""

import django.db.models.deletion
from django.db import migrations, models

# Non-atomic and in this order so that a live system keeps taking writes (as ptk 0004): the
# per-request index (the trigger's deletes and the backfill's check use it), the trigger (every
# write from then on keeps its own rows), the backfill in batches, then the queue index CONCURRENTLY.

WAITING = "('at_dinas', 'at_qa', 'at_pdspk')"  # nuptk.levels.WAITING_STATES when this was written
WORDS = "regexp_split_to_table(upper({name}::text), '[^[:alnum:]]+')"
AT = "CASE WHEN {s}.state IN " + WAITING + " THEN {s}.waiting_at_id END"

TRIGGER = f"""
CREATE OR REPLACE FUNCTION nuptk_sub_name_words_sync() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.ptk_name IS NOT DISTINCT FROM NEW.ptk_name THEN
        -- a move between levels (or out of the queues): same words, another queue
        UPDATE nuptk_submissionnameword SET waiting_at_id = {AT.format(s="NEW")} WHERE submission_id = NEW.id;
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM nuptk_submissionnameword WHERE submission_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO nuptk_submissionnameword (submission_id, word, waiting_at_id)
        SELECT DISTINCT NEW.id, w, {AT.format(s="NEW")}
        FROM {WORDS.format(name="NEW.ptk_name")} AS w WHERE w <> '';
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS nuptk_sub_name_words_ins_del ON nuptk_submission;
DROP TRIGGER IF EXISTS nuptk_sub_name_words_upd ON nuptk_submission;
CREATE TRIGGER nuptk_sub_name_words_ins_del AFTER INSERT OR DELETE ON nuptk_submission
    FOR EACH ROW EXECUTE FUNCTION nuptk_sub_name_words_sync();
CREATE TRIGGER nuptk_sub_name_words_upd AFTER UPDATE OF ptk_name, state, waiting_at_id ON nuptk_submission
    FOR EACH ROW WHEN (OLD.ptk_name IS DISTINCT FROM NEW.ptk_name OR OLD.state IS DISTINCT FROM NEW.state
                       OR OLD.waiting_at_id IS DISTINCT FROM NEW.waiting_at_id)
    EXECUTE FUNCTION nuptk_sub_name_words_sync();
"""

BACKFILL = f"""
INSERT INTO nuptk_submissionnameword (submission_id, word, waiting_at_id)
SELECT DISTINCT s.id, w, {AT.format(s="s")}
FROM nuptk_submission s, {WORDS.format(name="s.ptk_name")} AS w
WHERE s.id >= %s AND s.id < %s AND w <> ''
  AND NOT EXISTS (SELECT 1 FROM nuptk_submissionnameword x WHERE x.submission_id = s.id)
"""
BATCH = 200_000


def forwards(apps, schema_editor):
    conn = schema_editor.connection
    if conn.vendor != "postgresql":
        return
    with conn.cursor() as cur:
        cur.execute(
            "CREATE INDEX IF NOT EXISTS sub_word_sub ON nuptk_submissionnameword (submission_id, word varchar_pattern_ops)"
        )
        cur.execute(TRIGGER)
        cur.execute("SELECT coalesce(min(id), 0), coalesce(max(id), 0) FROM nuptk_submission")
        lo, hi = cur.fetchone()
        for start in range(lo, hi + 1, BATCH):
            cur.execute(BACKFILL, [start, start + BATCH])
        # a queue's words (LIKE 'ABC%'): only the rows that wait somewhere
        cur.execute(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS sub_word_queue ON nuptk_submissionnameword"
            " (waiting_at_id, word varchar_pattern_ops, submission_id) WHERE waiting_at_id IS NOT NULL"
        )
        cur.execute("ANALYZE nuptk_submissionnameword")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cur:
        cur.execute("DROP TRIGGER IF EXISTS nuptk_sub_name_words_ins_del ON nuptk_submission")
        cur.execute("DROP TRIGGER IF EXISTS nuptk_sub_name_words_upd ON nuptk_submission")
        cur.execute("DROP FUNCTION IF EXISTS nuptk_sub_name_words_sync()")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("nuptk", "0009_rules_evidence"),
    ]

    operations = [
        migrations.CreateModel(
            name="SubmissionNameWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("word", models.CharField(max_length=150)),
                ("waiting_at_id", models.BigIntegerField(null=True)),
                (
                    "submission",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="nuptk.submission",
                    ),
                ),
            ],
            options={
                "verbose_name": "kata nama ajuan",
                "default_permissions": (),
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
