"""Querysets compiled to SQL once per process, for the few queries every page runs.

Building a queryset and compiling it to SQL costs 0.3-1 ms of CPU; running the same SQL on an indexed
row costs a tenth of that. Every page looks up the session's user, the active role with its
institution, and the unread-notice count, so that compile work was about a tenth of a list page's CPU
(docs/deploy.md section 10). A ``Prepared`` builds its queryset once with stand-in values, keeps the
compiled SQL and Django's compiler (column list, converters, select_related populators), and on each
call runs that SQL with the real values. The rows come back as the ORM would give them: the same
converters (booleans and aware datetimes on SQLite) and the same related objects.

    role_by_pk = Prepared(
        lambda pk, user_id: RoleAssignment.objects.filter(pk=pk, user_id=user_id)
        .select_related("institution"),
        pk=int, user_id=int,
    )
    role_by_pk.first(pk=3, user_id=7)      # -> RoleAssignment or None, institution cached
    Prepared(lambda user_id: Notification.objects.filter(user_id=user_id).values_list("pk")[:100],
             user_id=int).rows(user_id=7)  # -> list of tuples

Only equality-style values are supported: each named value must reach the SQL as exactly one
parameter, unchanged (ints and strings do). The compile fails loudly otherwise.
"""

from django.db import connections, router
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators

_SENTINEL_INT = -987_654_321_000


class Prepared:
    def __init__(self, build, **kinds):
        """``build(**values)`` returns the queryset; ``kinds`` gives each value's type (int or str)."""
        self._build = build
        self._kinds = kinds
        self._compiled = {}  # database alias -> compiled form
        self._model = None

    def _sentinels(self) -> dict:
        out = {}
        for i, (name, kind) in enumerate(self._kinds.items()):
            if kind is int:
                out[name] = _SENTINEL_INT - i
            elif kind is str:
                out[name] = f"\x00prepared:{name}"
            else:
                raise TypeError(f"Prepared value {name!r}: only int and str are supported")
        return out

    def _compile(self):
        if self._model is not None:
            db = router.db_for_read(self._model)
            hit = self._compiled.get(db)
            if hit is not None:
                return db, hit
        sentinels = self._sentinels()
        qs = self._build(**sentinels)
        self._model = qs.model
        db = router.db_for_read(qs.model)
        if qs.db != db:
            raise ValueError("Prepared querysets must use the model's default database")
        compiler = qs.query.get_compiler(using=db)
        sql, params = compiler.as_sql()
        if compiler.has_extra_select:
            raise ValueError("Prepared does not support extra select columns")
        slots = []
        for name, value in sentinels.items():
            found = [i for i, p in enumerate(params) if p == value]
            if len(found) != 1:
                raise ValueError(f"Prepared value {name!r} reached the SQL {len(found)} times, expected once")
            slots.append((found[0], name))
        fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
        plan = {
            "sql": sql,
            "params": list(params),
            "slots": slots,
            "compiler": compiler,
            # the ORM's converters of these columns for this database (booleans, aware datetimes)
            "converters": compiler.get_converters(fields),
            "model": None,
        }
        if qs._iterable_class is ModelIterable:
            klass_info = compiler.klass_info
            select_fields = klass_info["select_fields"]
            start, end = select_fields[0], select_fields[-1] + 1
            plan.update(
                model=klass_info["model"],
                start=start,
                end=end,
                init_list=[f[0].target.attname for f in compiler.select[start:end]],
                populators=get_related_populators(klass_info, compiler.select, db),
            )
        elif qs._iterable_class is not ValuesListIterable or qs._fields is None:
            raise ValueError("Prepared supports model rows and values_list() rows")
        self._compiled[db] = plan
        return db, plan

    def _rows(self, db, plan, values):
        params = list(plan["params"])
        for i, name in plan["slots"]:
            params[i] = values[name]
        with connections[db].cursor() as cursor:
            cursor.execute(plan["sql"], params)
            raw = cursor.fetchall()
        converters = plan["converters"]
        return plan["compiler"].apply_converters(raw, converters) if converters else raw

    def rows(self, **values) -> list:
        """The rows as tuples (converted as the ORM converts them)."""
        db, plan = self._compile()
        return [tuple(r) for r in self._rows(db, plan, values)]

    def all(self, **values) -> list:
        """The model instances, with select_related objects attached."""
        db, plan = self._compile()
        if plan["model"] is None:
            raise ValueError("all()/first() need a model queryset; use rows()")
        model, start, end, init_list = plan["model"], plan["start"], plan["end"], plan["init_list"]
        out = []
        for row in self._rows(db, plan, values):
            obj = model.from_db(db, init_list, row[start:end])
            for populator in plan["populators"]:
                populator.populate(row, obj)
            out.append(obj)
        return out

    def first(self, **values):
        """The first instance or None. The queryset should be ordered or filtered to one row."""
        return next(iter(self.all(**values)), None)
