"""Keyset pagination: pages cost the same at row 10 and at row 3,000,000.

A page is asked for with ``?setelah=<cursor>``; the cursor encodes the ordering values of the last
row shown. The ordering must end with a unique column (the primary key)."""

import base64
import json
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import F, Q, QuerySet
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan

PAGE_SIZE = 25


def _enc(values) -> str:
    def conv(v):
        if isinstance(v, datetime | date):
            return {"__dt__": v.isoformat()}
        return v

    raw = json.dumps([conv(v) for v in values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


MAX_CURSOR_CHARS = 2000


def _dec(token: str):
    """The cursor's values, or None for anything that is not a cursor this module wrote (a forged
    or damaged ``?setelah=`` is treated as the first page, never an error)."""
    if not isinstance(token, str) or len(token) > MAX_CURSOR_CHARS:
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        vals = json.loads(raw)
    except (ValueError, TypeError, RecursionError):
        return None
    if not isinstance(vals, list):
        return None
    out = []
    for v in vals:
        if isinstance(v, dict):
            if set(v) != {"__dt__"} or not isinstance(v["__dt__"], str):
                return None
            s = v["__dt__"]
            try:
                v = datetime.fromisoformat(s) if "T" in s else date.fromisoformat(s)
            except ValueError:
                return None
        elif isinstance(v, bool) or not isinstance(v, str | int | float) or v is None:
            return None
        elif isinstance(v, str):
            try:
                v.encode("utf-8")  # a lone surrogate would fail in the database driver
            except UnicodeEncodeError:
                return None
            if "\x00" in v:
                return None
        out.append(v)
    return out


def _field(model, path: str):
    """The model field at the end of ``path`` ("institution__name"), or None."""
    field = None
    for part in path.split("__"):
        try:
            field = model._meta.pk if part == "pk" else model._meta.get_field(part)
        except Exception:
            return None
        if field.is_relation and field.related_model is not None:
            model = field.related_model
    if field is not None and field.is_relation:
        field = field.target_field
    return field


def _typed(model, order: tuple[str, ...], values: list):
    """The cursor values converted to the ordering columns' types, or None when any does not fit
    (wrong type, out of the column's range, a naive or impossible date)."""
    from django.core.exceptions import ValidationError
    from django.db import connection, models
    from django.utils import timezone

    out = []
    for name, v in zip(order, values, strict=True):
        field = _field(model, name.lstrip("-"))
        if field is None:
            return None
        try:
            if isinstance(field, models.DateTimeField):
                if not isinstance(v, datetime) or timezone.is_naive(v):
                    return None
            elif isinstance(field, models.DateField):
                if isinstance(v, datetime) or not isinstance(v, date):
                    return None
            elif isinstance(field, models.IntegerField | models.AutoField):
                if not isinstance(v, int):
                    return None
                lo, hi = connection.ops.integer_field_range(field.get_internal_type())
                if (lo is not None and v < lo) or (hi is not None and v > hi):
                    return None
            elif isinstance(field, models.CharField | models.TextField):
                if not isinstance(v, str):
                    return None
            elif isinstance(field, models.FloatField | models.DecimalField):
                if not isinstance(v, int | float) or v != v or v in (float("inf"), float("-inf")):
                    return None
            else:
                v = field.to_python(v)
        except (ValidationError, ValueError, TypeError, OverflowError):
            return None
        out.append(v)
    return out


@dataclass
class KeysetPage:
    items: list
    next_cursor: str | None
    is_first: bool
    size: int
    extra: dict = field(default_factory=dict)

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None


def _after_q(order: tuple[str, ...], values: list) -> Q:
    """Rows strictly after ``values`` in ``order`` (each name may start with '-' for descending)."""
    q = Q(pk__in=[])
    for i, name in enumerate(order):
        desc = name.startswith("-")
        col = name.lstrip("-")
        cond = Q(**{f"{col}__lt" if desc else f"{col}__gt": values[i]})
        for j in range(i):
            cond &= Q(**{order[j].lstrip("-"): values[j]})
        q |= cond
    return q


def _after(order: tuple[str, ...], values: list):
    """Rows after the cursor. With one direction for every column this is a row-value comparison
    ``(a, b) > (x, y)``, which PostgreSQL answers with one index range; the OR form of
    :func:`_after_q` (mixed directions) makes it filter its way to the cursor."""
    desc = {n.startswith("-") for n in order}
    if len(desc) == 1:
        lookup = TupleLessThan if desc.pop() else TupleGreaterThan
        return lookup(Tuple(*[F(n.lstrip("-")) for n in order]), tuple(values))
    return _after_q(order, values)


def keyset_page(
    qs: QuerySet, *, order: tuple[str, ...], cursor: str | None, size: int = PAGE_SIZE, two_step: bool = False
) -> KeysetPage:
    """One page of ``qs`` in ``order`` after ``cursor``. ``two_step``: pick the page's ids on the list's
    own table first, then load those rows with their related objects. For a list narrowed to a few
    hundred scattered ids (a name search in a big queue), PostgreSQL otherwise joins every match to its
    related rows before it sorts and keeps a page (one query more, a few ms less)."""
    values = _dec(cursor) if cursor else None
    if values is not None and len(values) == len(order):
        values = _typed(qs.model, order, values)
    else:
        values = None
    if values is not None:
        qs = qs.filter(_after(order, values))
    qs = qs.order_by(*[F(n.lstrip("-")).desc() if n.startswith("-") else F(n).asc() for n in order])
    if two_step:
        ids = list(qs.select_related(None).values_list("pk", flat=True)[: size + 1])
        # the chosen rows by primary key alone (the list's filters were applied in the first step),
        # with the list's related objects and columns, in the first step's order
        load = qs.model._base_manager.using(qs.db).filter(pk__in=ids)
        load.query.select_related = qs.query.select_related
        load.query.deferred_loading = qs.query.deferred_loading
        by_pk = {row.pk: row for row in load} if ids else {}
        rows = [by_pk[pk] for pk in ids if pk in by_pk]
    else:
        rows = list(qs[: size + 1])
    has_more = len(rows) > size
    rows = rows[:size]
    nxt = None
    if has_more and rows:
        last = rows[-1]
        nxt = _enc([_attr(last, n.lstrip("-")) for n in order])
    return KeysetPage(items=rows, next_cursor=nxt, is_first=values is None, size=size)


def _attr(obj, path: str):
    for part in path.split("__"):
        obj = getattr(obj, part)
        if hasattr(obj, "pk") and part != path.split("__")[-1]:
            continue
    if hasattr(obj, "pk"):
        return obj.pk
    return obj
