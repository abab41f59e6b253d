"""The ``world`` fixture, built once per test worker and then replayed.

``build_world()`` goes through the real services (institution_create, role assignment, groups and
permissions) and costs about a quarter of a second; some 600 tests ask for it. The first test of a
worker builds it for real and this module remembers the rows it wrote (every table, by primary key
range). Later tests get the same rows back by the INSERTs ``bulk_create`` would run, compiled once
per worker: the same primary keys, values and relations, without the services' queries. The
``World`` is then read back from the database, so each test still owns its objects.

The replay is refused, and the world built for real again, whenever it could differ from a real
build: the build deleted a row, a table already holds a row at one of the remembered keys (or, for
integer keys, above the lowest), or an insert fails (a unique value taken by the test's own rows).
"""

import functools

from django.apps import apps
from django.db import IntegrityError, connection, models, transaction

from tests.factories import World, build_world

_captured = None  # [(model, [instances])], inst keys -> pk, role keys -> pk
_refused = False


def _models():
    for m in apps.get_models(include_auto_created=True):
        if m._meta.managed and not m._meta.proxy and m._meta.db_table in _tables():
            yield m


@functools.cache
def _tables() -> frozenset:
    return frozenset(connection.introspection.table_names())


def _int_pk(model) -> bool:
    return isinstance(model._meta.pk, models.AutoField | models.BigAutoField | models.SmallAutoField)


def _high_water() -> dict:
    """Per model: the highest key (integer keys) or the set of keys (other keys, e.g. region codes)."""
    marks = {}
    for m in _models():
        qs = m._base_manager.using("default")
        if _int_pk(m):
            marks[m] = qs.aggregate(top=models.Max("pk"))["top"] or 0
        else:
            marks[m] = frozenset(qs.values_list("pk", flat=True))
    return marks


def _capture() -> World:
    global _captured, _refused
    before = _high_water()
    w = build_world()
    after = _high_water()
    rows = []
    for m, mark in before.items():
        if after[m] == mark:
            continue
        qs = m._base_manager.using("default")
        if isinstance(mark, frozenset):
            if not mark <= after[m]:  # a row went away: not a plain insert
                _refused = True
            rows.append((m, list(qs.filter(pk__in=after[m] - mark).order_by("pk"))))
        else:
            rows.append((m, list(qs.filter(pk__gt=mark).order_by("pk"))))
    if not _refused:
        _captured = (
            [(m, [o.pk for o in objs], _inserts(m, objs)) for m, objs in rows],
            {k: v.pk for k, v in w.inst.items()},
            {k: v.pk for k, v in w.roles.items()},
        )
    return w


def _inserts(model, objs) -> list[tuple[str, tuple]]:
    """The INSERT statements ``bulk_create(objs)`` would run (same batches, same prepared values),
    compiled once: a replay only executes them."""
    from django.db.models.sql import InsertQuery

    fields = model._meta.concrete_fields
    size = connection.ops.bulk_batch_size(fields, objs) or len(objs)
    out = []
    for i in range(0, len(objs), size):
        q = InsertQuery(model)
        q.insert_values(fields, objs[i : i + size])
        out.extend((sql, tuple(params)) for sql, params in q.get_compiler(using="default").as_sql())
    return out


def _replay() -> World | None:
    rows, inst_keys, role_keys = _captured
    for m, pks, _sql in rows:
        qs = m._base_manager.using("default")
        taken = qs.filter(pk__in=pks) if not _int_pk(m) else qs.filter(pk__gte=pks[0])
        if taken.exists():
            return None
    try:
        with transaction.atomic(), connection.cursor() as cur:
            for _m, _pks, inserts in rows:
                for sql, params in inserts:
                    cur.execute(sql, params)
    except IntegrityError:
        return None
    from accounts.models import Institution, RoleAssignment

    insts = Institution.objects.in_bulk(list(inst_keys.values()))
    roles = RoleAssignment.objects.select_related("user", "institution").in_bulk(list(role_keys.values()))
    w = World()
    w.inst = {k: insts[pk] for k, pk in inst_keys.items()}
    w.roles = {k: roles[pk] for k, pk in role_keys.items()}
    by_pk = {i.pk: i for i in w.inst.values()}
    for a in w.roles.values():  # as built: a role's institution is the world's own object
        if a.institution_id is not None:
            a.institution = by_pk[a.institution_id]
    return w


def world() -> World:
    if _captured is None and not _refused:
        return _capture()
    if _refused:
        return build_world()
    return _replay() or build_world()
