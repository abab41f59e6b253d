"""Name search for the PTK list and the request queues (docs/adr/0100-name-search.md).

A name matches when every word typed is the start of a word of the name, in any case and order:
"hen", "Hendra", "kurni", "hendra kurniawan" all find "Hendra Kurniawan". That is what people type,
and unlike a substring it can be answered from an ordered index at any size.

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

LIST_CAP = 1000
_TOKEN = re.compile(r"[^\W_]+")
_WORDS = "ptk_ptknameword"


def search_words(term: str) -> list[str]:
    """The words of a search, upper case, split as the trigger splits names (non-alphanumerics)."""
    return [w.upper() for w in _TOKEN.findall(term or "")][:8]


def word_start_q(field: str, words: list[str]) -> Q:
    q = Q()
    for w in words:  # alphanumeric only: nothing to escape
        q &= Q(**{f"{field}__iregex": r"(^|\W)" + w})
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


def _word_sql(words: list[str], keys: dict, *, limit: int | None, driving: int = 0) -> tuple[str, list]:
    """PTK ids whose name has a word starting with each of ``words`` (``driving`` leads the scan)."""
    order = [words[driving]] + [w for i, w in enumerate(words) if i != driving]
    where, params = ["w0.word LIKE %s"], [order[0] + "%"]
    for key, value in keys.items():
        where.insert(0, f"w0.{key} = %s")
        params.insert(0, value)
    for i, w in enumerate(order[1:], 1):
        where.append(f"EXISTS (SELECT 1 FROM {_WORDS} w{i} WHERE w{i}.ptk_id = w0.ptk_id AND w{i}.word LIKE %s)")
        params.append(w + "%")
    sql = f"SELECT w0.ptk_id FROM {_WORDS} w0 WHERE {' AND '.join(where)}"
    if limit is not None:
        sql += " LIMIT %s"
        params.append(limit)
    return sql, params


def _rarest(cur, words: list[str], keys: dict, cap: int) -> int:
    """Index of the word with the fewest matches in scope (counted up to cap + 1): it leads the scan."""
    if len(words) == 1:
        return 0
    counts = []
    for w in words:
        sql, params = _word_sql([w], keys, limit=cap + 1)
        cur.execute(f"SELECT count(*) FROM ({sql}) t", params)
        counts.append(cur.fetchone()[0])
    return min(range(len(words)), key=lambda i: (counts[i], -len(words[i])))


def ptk_name_search(qs, term: str, *, scope, cap: int | None = LIST_CAP, small: bool = False):
    """``qs`` (PTK rows in ``scope``) narrowed to the names that match ``term``. ``small``: ``qs`` is
    already narrowed to a few rows (one school), so the names are filtered directly."""
    words = search_words(term)
    if not words:
        return qs.none()
    keys = None if small else scope_keys(scope)
    conn = connections[qs.db]
    if conn.vendor != "postgresql" or keys is None:
        return qs.filter(word_start_q("name", words))
    if cap is None:  # exports: every match
        sql, params = _word_sql(words, keys, limit=None)
        return qs.filter(pk__in=RawSQL(sql, params))
    with conn.cursor() as cur:
        sql, params = _word_sql(words, keys, limit=cap + 1, driving=_rarest(cur, words, keys, cap))
        cur.execute(sql, params)
        ids = list(dict.fromkeys(r[0] for r in cur.fetchall()))
    out = qs.filter(pk__in=ids[:cap])
    out._padamu_search_capped = len(ids) > cap
    return out


def submission_name_search(qs, term: str, *, name_field: str = "ptk_name"):
    """Requests (a queue) whose PTK's name matches ``term``. PostgreSQL: through the word index of the
    PTK (a semi-join on ptk_id); elsewhere the word-start expression on the request's copy of the name."""
    words = search_words(term)
    if not words:
        return qs.none()
    if connections[qs.db].vendor != "postgresql":
        return qs.filter(word_start_q(name_field, words))
    sql, params = _word_sql(words, {}, limit=None)
    return qs.filter(ptk_id__in=RawSQL(sql, params))


def is_capped(qs) -> bool:
    """True when a capped name search found more PTK than it returns (ask for a more precise name)."""
    return bool(getattr(qs, "_padamu_search_capped", False))
