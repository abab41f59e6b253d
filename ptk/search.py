"""Name search for the PTK list and the request queues (docs/adr/0100-name-search.md).

A name matches when every word typed is a word of the name, in any case and order, the last one
typed possibly unfinished (the start of a word): "hen", "Hendra", "kurni", "hendra kurni",
"kurniawan hendra" all find "Hendra Kurniawan"; "hen kurniawan" does not ("hen" is not a whole
word). That is what people type, and unlike a substring it can be answered from an ordered index at
any size.

- PostgreSQL, large scopes (a Dinas, an LPMP/BP-PAUD/BPKLN, PDSPK): the word index ``PtkNameWord``
  (one row per word of each name, kept by a trigger, migration ptk 0004) answers "PTK of this office
  with a word starting with HEN" with one btree range scan. A search reads at most ``SCAN`` rows of
  its rarest word's range and keeps at most ``cap`` PTK (then sorts that handful by name): the work
  is bounded whatever the registry's size or the words' frequency. When more may match (the cap is
  reached, or the rarest word alone has more than SCAN rows in scope), ``is_capped`` says so and the
  page asks for a more precise name. Exports read every match.
- Small scopes (a school, a kecamatan, a PTK) and SQLite: a word-start regular expression over the
  few rows in scope.
"""

import re

from django.db import connections
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

LIST_CAP = 500  # PTK (or requests) a list search returns at most
SCAN = 2000  # rows of the word index one search reads at most (its rarest word's range)
_TOKEN = re.compile(r"[^\W_]+")
_WORDS = "ptk_ptknameword"
_SUB_WORDS = "nuptk_submissionnameword"  # the queues' word index (nuptk 0010)


def search_words(term: str) -> list[str]:
    """The words of a search, upper case, split as the trigger splits names (non-alphanumerics)."""
    return [w.upper() for w in _TOKEN.findall(term or "")][:8]


def word_start_q(field: str, words: list[str], vendor: str) -> Q:
    """The same rule as the word index, as a regular expression (small scopes, SQLite)."""
    sep = "[^[:alnum:]]" if vendor == "postgresql" else r"[\W_]"  # PostgreSQL / Python regex
    q = Q()
    for w, prefix in _terms(words):  # alphanumeric only: nothing to escape
        q &= Q(**{f"{field}__iregex": f"(^|{sep}){w}" + ("" if prefix else f"($|{sep})")})
    return q


def scope_keys(scope) -> dict | None:
    """The office key of a large scope ({} for national, {"dinas_id": 7}, {"qa_office_id": 9}), or
    None for a small one. Read from accounts.scope's own rule (Scope.rows), never recomputed here."""
    q = scope.rows()
    if q.negated:
        return None
    if not q.children:
        return {} if scope.active is not None and not scope.active.is_ptk else None
    if len(q.children) == 1 and isinstance(q.children[0], tuple):
        key, value = q.children[0]
        if key in ("dinas_id", "qa_office_id"):
            return {key: value}
    return None


def _terms(words: list[str]) -> list[tuple[str, bool]]:
    """(word, is_prefix): the last word typed may be unfinished, the ones before it are whole words."""
    return [(w, i == len(words) - 1) for i, w in enumerate(words)]


def _cond(alias: str, term: tuple[str, bool]) -> tuple[str, str]:
    word, prefix = term
    return (f"{alias}.word LIKE %s", word + "%") if prefix else (f"{alias}.word = %s", word)


def _word_sql(
    terms,
    keys: dict,
    *,
    limit: int | None,
    driving: int = 0,
    scan: int | None = None,
    table=_WORDS,
    id_col="ptk_id",
):
    """SQL for the PTK ids whose name has every term. ``driving`` leads (a range scan of the word
    index, at most ``scan`` rows of it), the other terms are checked per PTK (ptk_word_ptk).
    ``table``/``id_col``: another word index of the same shape (the queues', keyed by request)."""
    order = [terms[driving]] + [t for i, t in enumerate(terms) if i != driving]
    where, params = [], []
    for key, value in keys.items():
        where.append(f"w.{key} = %s")
        params.append(value)
    cond, param = _cond("w", order[0])
    where.append(cond)
    params.append(param)
    sql = f"SELECT w.{id_col} FROM {table} w WHERE {' AND '.join(where)}"
    if scan is not None:
        sql += " LIMIT %s"
        params.append(scan)
    checks = []
    for i, term in enumerate(order[1:], 1):
        cond, param = _cond(f"w{i}", term)
        checks.append(f"EXISTS (SELECT 1 FROM {table} w{i} WHERE w{i}.{id_col} = w0.{id_col} AND {cond})")
        params.append(param)
    sql = f"SELECT w0.{id_col} FROM ({sql}) w0" + (f" WHERE {' AND '.join(checks)}" if checks else "")
    if limit is not None:
        sql += " LIMIT %s"
        params.append(limit)
    return sql, params


def _counts(cur, terms, keys: dict, upto: int, **index) -> list[int]:
    """Rows of each term in scope, counted up to ``upto`` (an index-only range scan each)."""
    out = []
    for term in terms:
        sql, params = _word_sql([term], keys, limit=None, scan=upto, **index)
        cur.execute(f"SELECT count(*) FROM ({sql}) t", params)
        out.append(cur.fetchone()[0])
    return out


def _probe(cur, terms, keys: dict, cap: int, **index) -> tuple[list[int], bool]:
    """At most cap + 1 matching PTK ids, reading at most SCAN rows of the rarest term's range, and
    whether the answer is complete (False: more may match, the caller says "perjelas")."""
    counts = _counts(cur, terms, keys, SCAN + 1, **index)
    driving = min(range(len(terms)), key=lambda i: (counts[i], terms[i][1], -len(terms[i][0])))
    sql, params = _word_sql(terms, keys, limit=cap + 1, driving=driving, scan=SCAN, **index)
    cur.execute(sql, params)
    ids = list(dict.fromkeys(r[0] for r in cur.fetchall()))
    complete = len(ids) <= cap and counts[driving] <= SCAN
    return ids[:cap], complete


def ptk_name_search(qs, term: str, *, scope, cap: int | None = LIST_CAP, small: bool = False):
    """``qs`` (PTK rows in ``scope``) narrowed to the names that match ``term``. ``small``: ``qs`` is
    already narrowed to a few rows (one school), so the names are filtered directly. ``cap=None``
    (exports): every match, however long the scan."""
    words = search_words(term)
    if not words:
        return qs.none()
    keys = None if small else scope_keys(scope)
    conn = connections[qs.db]
    if conn.vendor != "postgresql" or keys is None:
        return qs.filter(word_start_q("name", words, conn.vendor))
    terms = _terms(words)
    if cap is None:
        with conn.cursor() as cur:
            counts = _counts(cur, terms, keys, SCAN + 1)
        driving = min(range(len(terms)), key=lambda i: (counts[i], terms[i][1]))
        sql, params = _word_sql(terms, keys, limit=None, driving=driving)
        return qs.filter(pk__in=RawSQL(sql, params))
    with conn.cursor() as cur:
        ids, complete = _probe(cur, terms, keys, cap)
    out = _among(qs, qs.model._meta.pk.column, ids)
    out._padamu_search_capped = not complete
    return out


def submission_name_search(
    qs, term: str, *, waiting_at: int | None = None, name_field: str = "ptk_name", cap: int = LIST_CAP
):
    """Requests whose PTK's name matches ``term``. Elsewhere than PostgreSQL: the word-start
    expression on the request's copy of the name.

    A queue (``waiting_at``: the institution the requests wait at, ``qs`` already narrowed to it):
    the queues' own word index (``nuptk_submissionnameword``, one row per word of each request's
    ``ptk_name`` with the queue it waits in). Count each term's range in this queue up to SCAN + 1.
    The rarest term's range, its rows checked for the other terms per request, gives the matches;
    when every term has more than SCAN rows here (a first and a family name both common), the
    intersection of their ranges (index-only scans, hashed) does. At most SCAN matches are looked
    up by primary key and ordered by the queue (a few thousand rows at most, whatever the
    registry's size). More are dense in this queue, and a per-row check during the queue's own
    ordered walk finds a page of them after a few rows. The work grows with the rarest term's rows in this one queue, never with the
    registry or the other queues.

    Other request lists: through the PTK word index. A name that few PTK in the registry have (the
    probe is complete) becomes a list of PTK ids looked up in the requests' ptk index; a common one
    becomes a per-row check (EXISTS on the word index) during the list's own ordered walk."""
    words = search_words(term)
    if not words:
        return qs.none()
    conn = connections[qs.db]
    if conn.vendor != "postgresql":
        return qs.filter(word_start_q(name_field, words, conn.vendor))
    terms = _terms(words)
    table = qs.model._meta.db_table
    if waiting_at is not None:
        index = {"table": _SUB_WORDS, "id_col": "submission_id"}
        keys = {"waiting_at_id": waiting_at}
        with conn.cursor() as cur:
            counts = _counts(cur, terms, keys, SCAN + 1, **index)
            driving = min(range(len(terms)), key=lambda i: (counts[i], terms[i][1], -len(terms[i][0])))
            if counts[driving] <= SCAN:  # the rarest term's range, the others checked per request
                sql, params = _word_sql(terms, keys, limit=None, driving=driving, **index)
            elif len(terms) > 1:  # each term common here, maybe not together: intersect the ranges
                sql, params = _intersect_sql(terms, keys, **index)
            else:
                sql = None
            if sql:
                cur.execute(sql, params)
                ids = sorted({r[0] for r in cur.fetchall()})
                if len(ids) <= SCAN:
                    return _among(qs, qs.model._meta.pk.column, ids)
        # So many matches in this queue that the queue's own walk meets a page of them in a few rows.
        return _each_row(qs, terms, _SUB_WORDS, "submission_id", f"{table}.{qs.model._meta.pk.column}")
    with conn.cursor() as cur:
        ids, complete = _probe(cur, terms, {}, cap)
    if complete:
        return _among(qs, qs.model._meta.get_field("ptk").column, ids)
    return _each_row(qs, terms, _WORDS, "ptk_id", f"{table}.{qs.model._meta.get_field('ptk').column}")


def _intersect_sql(terms, keys: dict, *, table: str, id_col: str):
    """The first SCAN + 1 ids having every term, by intersecting the terms' ranges (index-only
    scans, hashed). The whole words are intersected; when there are two or more, the unfinished last
    word (its range may be huge: "8" starts every number) is checked per match instead."""
    whole = [t for t in terms if not t[1]]
    ranged = whole if len(whole) >= 2 else terms
    parts = [_word_sql([t], keys, limit=None, table=table, id_col=id_col) for t in ranged]
    sql = " INTERSECT ".join(p[0] for p in parts)
    params = [x for p in parts for x in p[1]]
    checks = []
    for i, term in enumerate(t for t in terms if t not in ranged):
        cond, param = _cond(f"c{i}", term)
        checks.append(f"EXISTS (SELECT 1 FROM {table} c{i} WHERE c{i}.{id_col} = i.{id_col} AND {cond})")
        params.append(param)
    sql = (
        f"SELECT i.{id_col} FROM ({sql}) i"
        + (f" WHERE {' AND '.join(checks)}" if checks else "")
        + " LIMIT %s"
    )
    return sql, params + [SCAN + 1]


def _each_row(qs, terms, words_table: str, id_col: str, outer_col: str):
    """``qs`` with one EXISTS per term on the word index, checked per row of the list's own walk."""
    for i, term in enumerate(terms):
        cond, param = _cond(f"x{i}", term)
        exists = f"EXISTS (SELECT 1 FROM {words_table} x{i} WHERE x{i}.{id_col} = {outer_col} AND {cond})"
        qs = qs.filter(RawSQL(exists, [param], output_field=BooleanField()))
    return qs


def _among(qs, column: str, ids):
    """``qs`` narrowed to rows whose ``column`` is one of ``ids`` (PostgreSQL), the ids sent as one
    array parameter: ``pk__in`` with up to 2,000 ids made the ORM build and bind 2,000 parameters,
    about 10 ms of CPU for a common first + family name in a big queue."""
    table = qs.model._meta.db_table
    cond = f'"{table}"."{column}" = ANY(%s)'
    return qs.filter(RawSQL(cond, [list(ids)], output_field=BooleanField()))


def is_capped(qs) -> bool:
    """True when a capped name search found more PTK than it returns (ask for a more precise name)."""
    return bool(getattr(qs, "_padamu_search_capped", False))
