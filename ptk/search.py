"""Name search for the PTK list and the request queues (docs/adr/0100-name-search.md).

A name matches when every word typed is a word of the name, in any case and order, the last one
typed possibly unfinished (the start of a word): "hen", "Hendra", "kurni", "hendra kurni",
"kurniawan hendra" all find "Hendra Kurniawan"; "hen kurniawan" does not ("hen" is not a whole
word). That is what people type, and unlike a substring it can be answered from an ordered index at
any size.

- PostgreSQL, large scopes (a Dinas, an LPMP/BP-PAUD/BPKLN, PDSPK): the word index ``PtkNameWord``
  (one row per word of each name, kept by a trigger, migration ptk 0004) answers "PTK of this office
  with a word starting with HEN" with one btree range scan. The list takes at most ``cap`` such PTK
  (then sorts that handful by name): the work is bounded whatever the registry's size or the
  word's frequency. More matches than ``cap``: the first ``cap`` are shown and ``is_capped`` says so.
- Small scopes (a school, a kecamatan, a PTK) and SQLite: a word-start regular expression over the
  few rows in scope.
"""

import re

from django.db import connections
from django.db.models import Q
from django.db.models.expressions import RawSQL

LIST_CAP = 500
_TOKEN = re.compile(r"[^\W_]+")
_WORDS = "ptk_ptknameword"


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


def _word_sql(terms, keys: dict, *, limit: int | None, driving: int = 0) -> tuple[str, list]:
    """PTK ids whose name has every term (``driving`` leads the scan, the others are checked)."""
    order = [terms[driving]] + [t for i, t in enumerate(terms) if i != driving]
    where, params = [], []
    for key, value in keys.items():
        where.append(f"w0.{key} = %s")
        params.append(value)
    cond, param = _cond("w0", order[0])
    where.append(cond)
    params.append(param)
    for i, term in enumerate(order[1:], 1):
        cond, param = _cond(f"w{i}", term)
        where.append(f"EXISTS (SELECT 1 FROM {_WORDS} w{i} WHERE w{i}.ptk_id = w0.ptk_id AND {cond})")
        params.append(param)
    sql = f"SELECT w0.ptk_id FROM {_WORDS} w0 WHERE {' AND '.join(where)}"
    if limit is not None:
        sql += " LIMIT %s"
        params.append(limit)
    return sql, params


def _rarest(cur, terms, keys: dict, cap: int) -> int:
    """Index of the term with the fewest rows in scope (counted up to cap + 1): it leads the scan."""
    if len(terms) == 1:
        return 0
    counts = []
    for term in terms:
        sql, params = _word_sql([term], keys, limit=cap + 1)
        cur.execute(f"SELECT count(*) FROM ({sql}) t", params)
        counts.append(cur.fetchone()[0])
    return min(range(len(terms)), key=lambda i: (counts[i], terms[i][1], -len(terms[i][0])))


def ptk_name_search(qs, term: str, *, scope, cap: int | None = LIST_CAP, small: bool = False):
    """``qs`` (PTK rows in ``scope``) narrowed to the names that match ``term``. ``small``: ``qs`` is
    already narrowed to a few rows (one school), so the names are filtered directly."""
    words = search_words(term)
    if not words:
        return qs.none()
    keys = None if small else scope_keys(scope)
    conn = connections[qs.db]
    if conn.vendor != "postgresql" or keys is None:
        return qs.filter(word_start_q("name", words, conn.vendor))
    terms = _terms(words)
    with conn.cursor() as cur:
        driving = _rarest(cur, terms, keys, cap or LIST_CAP)
        if cap is None:  # exports: every match
            sql, params = _word_sql(terms, keys, limit=None, driving=driving)
            return qs.filter(pk__in=RawSQL(sql, params))
        sql, params = _word_sql(terms, keys, limit=cap + 1, driving=driving)
        cur.execute(sql, params)
        ids = list(dict.fromkeys(r[0] for r in cur.fetchall()))
    out = qs.filter(pk__in=ids[:cap])
    out._padamu_search_capped = len(ids) > cap
    return out


def submission_name_search(qs, term: str, *, name_field: str = "ptk_name", cap: int = LIST_CAP):
    """Requests (a queue) whose PTK's name matches ``term``. PostgreSQL: through the PTK word index.
    A rare name (at most ``cap`` PTK in the whole registry) becomes a list of PTK ids, looked up in
    the requests' ptk index; a common one stays a semi-join that the queue's own ordered walk checks
    row by row, which finds a page of matches after a few rows. Elsewhere: the word-start expression
    on the request's copy of the name."""
    words = search_words(term)
    if not words:
        return qs.none()
    conn = connections[qs.db]
    if conn.vendor != "postgresql":
        return qs.filter(word_start_q(name_field, words, conn.vendor))
    terms = _terms(words)
    with conn.cursor() as cur:
        driving = _rarest(cur, terms, {}, cap)
        sql, params = _word_sql(terms, {}, limit=cap + 1, driving=driving)
        cur.execute(sql, params)
        ptk_ids = list(dict.fromkeys(r[0] for r in cur.fetchall()))
    if len(ptk_ids) <= cap:
        return qs.filter(ptk_id__in=ptk_ids)
    sql, params = _word_sql(terms, {}, limit=None, driving=driving)
    return qs.filter(ptk_id__in=RawSQL(sql, params))


def is_capped(qs) -> bool:
    """True when a capped name search found more PTK than it returns (ask for a more precise name)."""
    return bool(getattr(qs, "_padamu_search_capped", False))
