"""Fast inserts of many rows: PostgreSQL COPY (no SQL text to build, no parameters to convert), or
bulk_create elsewhere. Field values are prepared as Django prepares them (``pre_save`` fills
auto_now fields, ``get_db_prep_save`` adapts values); with ``set_pks`` the objects get their
primary keys first from the table's sequence, so related rows can point at them."""

import operator

from django.db import connections, router


def _converters(fields, conn):
    """Per field: how to turn the attribute into a COPY value. An attribute name: read as is
    (psycopg adapts plain Python values, str, int, bool, date, aware datetime, None, itself); JSON
    needs its wrapper; auto_now fields are filled by ``pre_save``; anything else goes through
    Django's ``get_db_prep_save``."""
    from django.db import models
    from psycopg.types.json import Jsonb

    plain = (
        models.DateField,
        models.CharField,
        models.TextField,
        models.IntegerField,
        models.BooleanField,
        models.ForeignKey,
        models.GenericIPAddressField,
    )
    out = []
    for f in fields:
        if isinstance(f, models.JSONField):
            out.append(lambda o, f=f: Jsonb(getattr(o, f.attname)))
        elif isinstance(f, models.DateField) and (f.auto_now or getattr(f, "auto_now_add", False)):
            out.append(lambda o, f=f: f.pre_save(o, True))
        elif isinstance(f, plain):
            out.append(f.attname)  # read as is
        else:
            out.append(lambda o, f=f: f.get_db_prep_save(f.pre_save(o, True), conn))
    return out


def copy_insert(model, objs, *, set_pks: bool = False, batch_size: int = 2000) -> None:
    objs = list(objs)
    if not objs:
        return
    conn = connections[router.db_for_write(model)]
    if conn.vendor != "postgresql":
        model.objects.bulk_create(objs, batch_size=batch_size)
        return
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    qn = conn.ops.quote_name
    with conn.cursor() as cur:
        if set_pks:
            cur.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(objs)],
            )
            for o, (pk,) in zip(objs, cur.fetchall(), strict=True):
                o.pk = pk
            fields = [meta.pk, *fields]
        conv = _converters(fields, conn)
        # The plain attributes of a row are read in one C call (their columns first), the others
        # (JSON, auto_now, conversions) one by one.
        plain = [(f, c) for f, c in zip(fields, conv, strict=True) if isinstance(c, str)]
        special = [(f, c) for f, c in zip(fields, conv, strict=True) if not isinstance(c, str)]
        cols = ", ".join(qn(f.column) for f, _c in plain + special)
        get = operator.attrgetter(*(c for _f, c in plain)) if len(plain) > 1 else None
        one = plain[0][1] if len(plain) == 1 else None
        fns = [c for _f, c in special]
        with cur.cursor.copy(f"COPY {qn(meta.db_table)} ({cols}) FROM STDIN") as copy:
            for o in objs:
                if get is not None:
                    row = [*get(o), *(c(o) for c in fns)]
                elif one is not None:
                    row = [getattr(o, one), *(c(o) for c in fns)]
                else:
                    row = [c(o) for c in fns]
                copy.write_row(row)
    for o in objs:
        o._state.adding = False
        o._state.db = conn.alias


def copy_update(model, objs, fields, *, batch_size: int = 1000) -> None:
    """Save ``fields`` of many objects: on PostgreSQL COPY into a temporary table and one
    ``UPDATE ... FROM`` (bulk_update's CASE per row grows with the square of the batch)."""
    objs = list(objs)
    if not objs:
        return
    conn = connections[router.db_for_write(model)]
    if conn.vendor != "postgresql":
        model.objects.bulk_update(objs, fields, batch_size=batch_size)
        return
    meta = model._meta
    cols = [meta.pk, *[meta.get_field(f) for f in fields]]
    qn = conn.ops.quote_name
    names = ", ".join(qn(f.column) for f in cols)
    tmp = qn(f"_upd_{meta.db_table}")
    with conn.cursor() as cur:
        cur.execute(f"CREATE TEMPORARY TABLE {tmp} AS SELECT {names} FROM {qn(meta.db_table)} WITH NO DATA")
        try:
            with cur.cursor.copy(f"COPY {tmp} ({names}) FROM STDIN") as copy:
                for o in objs:
                    copy.write_row([f.get_db_prep_save(f.pre_save(o, False), conn) for f in cols])
            sets = ", ".join(f"{qn(f.column)} = u.{qn(f.column)}" for f in cols[1:])
            cur.execute(
                f"UPDATE {qn(meta.db_table)} AS t SET {sets} FROM {tmp} AS u WHERE t.{qn(meta.pk.column)} = u.{qn(meta.pk.column)}"
            )
        finally:
            cur.execute(f"DROP TABLE IF EXISTS {tmp}")


def copy_values(model, fields, rows, *, batch_size: int = 2000) -> int:
    """Insert rows given as tuples of ``fields`` (attribute names: ``job_id`` for a foreign key),
    without a model instance per row (at 100,000 rows building the instances costs more than the
    COPY). The fields a row leaves out get their model default, computed once for all rows
    (``auto_now_add``: the same moment for every row). Returns the number of rows."""
    from django.db import models
    from django.utils import timezone
    from psycopg.types.json import Jsonb

    rows = list(rows)
    if not rows:
        return 0
    meta = model._meta
    by_attname = {f.attname: f for f in meta.concrete_fields}
    given = [by_attname[a] for a in fields]
    now = timezone.now()
    rest = []
    for f in meta.concrete_fields:
        if f.primary_key or f.attname in fields:
            continue
        if isinstance(f, models.DateField) and (f.auto_now or getattr(f, "auto_now_add", False)):
            default = now if isinstance(f, models.DateTimeField) else timezone.localdate(now)
        else:
            default = f.get_default()
        rest.append((f, default))
    conn = connections[router.db_for_write(model)]
    if conn.vendor != "postgresql":
        extra = {f.attname: d for f, d in rest}
        objs = [model(**dict(zip(fields, r, strict=True)), **extra) for r in rows]
        model.objects.bulk_create(objs, batch_size=batch_size)
        return len(objs)
    plain = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.ForeignKey)
    conv = []
    for i, f in enumerate(given):
        if isinstance(f, models.JSONField):
            conv.append(lambda r, i=i: Jsonb(r[i]))
        elif isinstance(f, plain) or isinstance(f, models.DateField):
            conv.append(None)
        else:
            conv.append(lambda r, i=i, f=f: f.get_db_prep_save(r[i], conn))
    fixed = [
        f.get_db_prep_save(d, conn) if not isinstance(f, models.JSONField) else Jsonb(d) for f, d in rest
    ]
    qn = conn.ops.quote_name
    cols = ", ".join(qn(f.column) for f in [*given, *(f for f, _d in rest)])
    simple = all(c is None for c in conv)
    with conn.cursor() as cur:
        with cur.cursor.copy(f"COPY {qn(meta.db_table)} ({cols}) FROM STDIN") as copy:
            for r in rows:
                if simple:
                    copy.write_row((*r, *fixed))
                else:
                    copy.write_row([r[i] if c is None else c(r) for i, c in enumerate(conv)] + fixed)
    return len(rows)
