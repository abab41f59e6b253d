"""Reads for a Dapodik import, in bulk: which records the people of a file are (the duplicate rule
of PTK entry, ``ptk.selectors.ptk_find_duplicates``: same NIK, same NUPTK, or the same name, birth
date and mother's name) and what applying the file would change. Nothing here writes; the writes
are ``ptk.services.ptk_apply_dapodik``, which takes the plans made here.

A person of the file (``DapodikPerson``) is one PTK with the rows that name them: the row of the
home school (``ptk_induk`` 1) carries the record's fields; every row may add a teaching group
(rombel) at the school of its NPSN. The current Dapodik rombel of a PTK at a school are exactly
those of the file; the others are ended (not deleted)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from django.db.models.functions import Upper
from django.utils.translation import gettext as _

from .models import (
    DAPODIK_FACTS,
    FactsSource,
    Ptk,
    PtkRombel,
    PtkSchool,
    RombelSource,
)

CHUNK = 2000
# Fields a Dapodik row may set on an existing record, besides the facts. Master fields (name, NIK,
# birth, sex, mother's name) change only through an approved perbaikan data master (nuptk), so a
# difference is reported, not applied; the NUPTK is Padamu's own (issued through requests).
STAFF_FIELDS = ("nip", "employment_status", "ptk_type")
MASTER_CHECK = ("name", "nik", "birth_place", "birth_date", "sex", "mother_name", "nuptk")
CREATE_FIELDS = (
    "name",
    "nik",
    "nuptk",
    "nip",
    "sex",
    "birth_place",
    "birth_date",
    "mother_name",
    "employment_status",
    "ptk_type",
    "qualification",
)


def norm(value: str | None) -> str:
    return " ".join((value or "").split()).upper()


def _chunks(values, size=CHUNK):
    values = list(values)
    for i in range(0, len(values), size):
        yield values[i : i + size]


@dataclass(frozen=True)
class RombelData:
    school_id: int
    school_year: str
    semester: int
    rombel: str
    subject: str
    hours: int

    @cached_property  # frozen: computed once (a file of 100,000 rows asks it several times per row)
    def key(self) -> tuple:
        return (self.school_id, self.school_year, self.semester, norm(self.rombel), norm(self.subject))

    def label(self) -> str:
        subject = f" {self.subject}" if self.subject else ""
        return f"{self.school_year}/{self.semester} {self.rombel}{subject} ({self.hours} jam)"


@dataclass
class DapodikPerson:
    """One PTK as the file describes them. ``fields`` holds the values of the home-school row for
    the columns the file has (keys of CREATE_FIELDS); ``home_school_id`` is None when the file has
    rows for this PTK only at other schools (ptk_induk 0)."""

    ref: object
    fields: dict
    home_school_id: int | None
    school_ids: set
    rombels: list = field(default_factory=list)

    @property
    def identity(self) -> tuple:
        f = self.fields
        return f.get("nik"), f.get("nuptk"), f.get("name", ""), f.get("birth_date"), f.get("mother_name", "")


@dataclass
class Match:
    ptk: Ptk | None = None
    by: str = ""
    conflict: str = ""


def match_people(people: list[DapodikPerson], *, lock: bool = False) -> list[Match]:
    """The existing record of each person (NIK first, then NUPTK, then name + birth date + mother's
    name), or a conflict message when the identifiers point at different records. A few queries per
    2,000 people; with ``lock`` the matched rows are locked (the import's transaction)."""
    base = Ptk.objects.all()  # the school is read only for the rare refusal message
    if lock:
        base = base.select_for_update(of=("self",))
    niks = {p.fields.get("nik") for p in people if p.fields.get("nik")}
    nuptks = {p.fields.get("nuptk") for p in people if p.fields.get("nuptk")}
    by_nik, by_nuptk, by_person = {}, {}, defaultdict(list)
    for chunk in _chunks(niks):
        by_nik.update({p.nik: p for p in base.filter(nik__in=chunk)})
    for chunk in _chunks(nuptks):
        by_nuptk.update({p.nuptk: p for p in base.filter(nuptk__in=chunk)})
    # The name rule decides only for people neither identifier found (a record found by NIK or
    # NUPTK wins), so only they are looked up by name: a file of known PTK asks nothing here.
    pairs = set()
    for p in people:
        f = p.fields
        nik, nuptk = f.get("nik"), f.get("nuptk")
        if (nik and nik in by_nik) or (nuptk and nuptk in by_nuptk):
            continue
        if f.get("name") and f.get("birth_date") and f.get("mother_name"):
            pairs.add((norm(f.get("name")), f.get("birth_date")))
    # By name only in SQL (the index on UPPER(name), birth_date answers a list of names with one
    # probe each; a second list of dates would make it probe every name x date pair), 500 at a
    # time (with longer lists PostgreSQL turned to the trigram index, 100 times slower).
    for chunk in _chunks(sorted({n for n, _d in pairs}), 500):
        for p in base.annotate(uname=Upper("name")).filter(uname__in=chunk):
            key = (norm(p.name), p.birth_date)
            if key in pairs:
                by_person[key].append(p)
    out = []
    for person in people:
        nik, nuptk, name, birth, mother = person.identity
        a = by_nik.get(nik) if nik else None
        b = by_nuptk.get(nuptk) if nuptk else None
        same = (
            [
                p
                for p in by_person.get((norm(name), birth), [])
                if mother and norm(p.mother_name) == norm(mother)
            ]
            if a is None and b is None and by_person
            else []
        )
        m = Match()
        if a is not None and b is not None and a.pk != b.pk:
            m.conflict = _("NIK tercatat untuk %(a)s, sedangkan NUPTK tercatat untuk %(b)s.") % {
                "a": _who(a),
                "b": _who(b),
            }
        elif a is not None:
            m.ptk, m.by = a, "nik"
            if nuptk and a.nuptk and a.nuptk != nuptk:
                m.conflict = _("NUPTK di berkas (%(f)s) berbeda dengan NUPTK tercatat untuk %(p)s.") % {
                    "f": nuptk,
                    "p": _who(a),
                }
        elif b is not None:
            m.ptk, m.by = b, "nuptk"
            if nik and b.nik and b.nik != nik:
                m.conflict = _("NIK di berkas berbeda dengan NIK tercatat untuk NUPTK %(n)s (%(p)s).") % {
                    "n": nuptk,
                    "p": _who(b),
                }
        elif same:
            m.ptk, m.by = same[0], "nama"
            if len(same) > 1:
                m.conflict = _("Ada %(n)s PTK dengan nama, tanggal lahir dan nama ibu kandung yang sama.") % {
                    "n": len(same)
                }
            elif nik and same[0].nik and same[0].nik != nik:
                m.conflict = _(
                    "Sudah ada %(p)s dengan nama, tanggal lahir dan nama ibu kandung yang sama tetapi NIK "
                    "berbeda. Periksa NIK di Dapodik atau ajukan perbaikan data."
                ) % {"p": _who(same[0])}
        out.append(m)
    return out


def _who(p: Ptk) -> str:
    npsn = p.school.npsn if p.school_id and p.school else "-"
    return f"{p.name} ({p.school.name if p.school else '-'}, NPSN {npsn})"


# --- plan ----------------------------------------------------------------------------------------


@dataclass
class Change:
    field: str
    label: str
    old: str
    new: str

    def as_dict(self) -> dict:
        return {"field": self.field, "label": self.label, "old": self.old, "new": self.new}


@dataclass
class PtkPlan:
    """What applying one person would do. ``action``: create, update or same; ``refusal`` set when
    the person cannot be applied (nothing of them is written)."""

    person: DapodikPerson
    ptk: Ptk | None
    action: str = "same"
    values: dict = field(default_factory=dict)  # field -> new value (create: every field)
    changes: list = field(default_factory=list)  # [Change] on the record
    rombel_add: list = field(default_factory=list)  # [RombelData]
    rombel_end: list = field(default_factory=list)  # [PtkRombel]
    rombel_hours: list = field(default_factory=list)  # [(PtkRombel, hours)]
    links_add: list = field(default_factory=list)  # [school_id] other schools
    warnings: list = field(default_factory=list)
    refusal: str = ""
    tx: object = None  # the _Texts of the plan (labels looked up once)

    @property
    def rombel_changes(self) -> list[Change]:
        if not (self.rombel_add or self.rombel_end or self.rombel_hours):
            return []
        tx = self.tx or _Texts()
        label = tx.rombel
        out = [Change("rombel", label, "", r.label()) for r in self.rombel_add]
        out += [Change("rombel", label, str(r), tx.rombel_ended) for r in self.rombel_end]
        out += [Change("rombel.hours", tx.hours, f"{r} ", f"{h} jam") for r, h in self.rombel_hours]
        return out

    @property
    def all_changes(self) -> list[Change]:
        return list(self.changes) + self.rombel_changes

    @property
    def has_changes(self) -> bool:
        return self.action == "create" or bool(
            self.changes or self.rombel_add or self.rombel_end or self.rombel_hours or self.links_add
        )


class _Texts:
    """Field labels and choice labels in the active language, looked up once per plan (asking
    for the language is costly when done a million times)."""

    def __init__(self):
        self.labels, self.choices = {}, {}
        for f in Ptk._meta.concrete_fields:
            self.labels[f.name] = str(f.verbose_name)
            if f.choices:
                self.choices[f.name] = {k: str(v) for k, v in f.flatchoices}
        self.yes, self.no = _("ya"), _("tidak")
        self.rombel, self.hours = _("rombel"), _("jam per minggu")
        self.rombel_ended = _("berakhir (tidak ada lagi di Dapodik)")

    def display(self, value, fieldname: str) -> str:
        """A value as the change history shows it (the same text as ptk.services._display)."""
        if value is None or value == "":
            return ""
        choices = self.choices.get(fieldname)
        if choices is not None:
            return choices.get(value, str(value))
        if isinstance(value, bool):
            return self.yes if value else self.no
        if isinstance(value, datetime):
            from django.utils import timezone

            return timezone.localtime(value).strftime("%d-%m-%Y %H:%M")
        if isinstance(value, date):
            return value.strftime("%d-%m-%Y")
        return str(value)


def plan_people(
    people: list[DapodikPerson], matches: list[Match], *, now: datetime, schools: dict
) -> list[PtkPlan]:
    """The plan of every person. ``schools``: id -> Institution of every school the file names."""
    ids = [m.ptk.pk for m in matches if m.ptk is not None]
    current = defaultdict(list)
    links = defaultdict(set)
    for chunk in _chunks(ids):
        for r in PtkRombel.objects.filter(ptk_id__in=chunk, ended_on__isnull=True):
            current[r.ptk_id].append(r)
        for ptk_id, school_id in PtkSchool.objects.filter(ptk_id__in=chunk, until__isnull=True).values_list(
            "ptk_id", "school_id"
        ):
            links[ptk_id].add(school_id)
    tx = _Texts()
    return [
        _plan_one(person, m, now=now, schools=schools, current=current, links=links, tx=tx)
        for person, m in zip(people, matches, strict=True)
    ]


def _plan_one(person, m: Match, *, now, schools, current, links, tx) -> PtkPlan:
    plan = PtkPlan(person=person, ptk=m.ptk, tx=tx)
    if m.conflict:
        plan.refusal = m.conflict
        return plan
    if m.ptk is None:
        return _plan_create(plan, person, now, tx)
    ptk = m.ptk
    if person.home_school_id is not None and person.home_school_id != ptk.school_id:
        plan.refusal = _(
            "PTK ini tercatat dengan sekolah induk %(s)s (NPSN %(n)s). Pindah sekolah induk dilakukan "
            "lewat mutasi, bukan impor."
        ) % {"s": ptk.school.name, "n": ptk.school.npsn or "-"}
        return plan
    home_row = person.home_school_id is not None
    if home_row:
        for f in MASTER_CHECK:
            if f not in person.fields:
                continue
            new, old = person.fields[f], getattr(ptk, f)
            if f in ("name", "mother_name", "birth_place"):
                differs = norm(new) != norm(old)
            else:
                differs = (new or None) != (old or None)
            if differs and (new or f not in ("nik", "nuptk")):
                plan.warnings.append(
                    _("%(f)s di Dapodik: %(new)s; tercatat: %(old)s (tidak diubah lewat impor).")
                    % {"f": tx.labels[f], "new": tx.display(new, f) or "-", "old": tx.display(old, f) or "-"}
                )
        for f in STAFF_FIELDS:
            if f in person.fields and person.fields[f] not in (None, ""):
                _set(tx, plan, ptk, f, person.fields[f])
    # Rombel at every school of the file: the current Dapodik rows there become the file's rows.
    in_file = {r.key: r for r in person.rombels}
    kept_current = []
    for r in current.get(ptk.pk, []):
        key = (r.school_id, r.school_year, r.semester, norm(r.rombel), norm(r.subject))
        if r.school_id not in person.school_ids or r.source != RombelSource.DAPODIK:
            kept_current.append(r)
        elif key in in_file:
            want = in_file.pop(key)
            kept_current.append(r)
            if want.hours != r.hours:
                plan.rombel_hours.append((r, want.hours))
        else:
            plan.rombel_end.append(r)
    plan.rombel_add = list(in_file.values())
    plan.links_add = sorted(s for s in person.school_ids - links.get(ptk.pk, set()) if s != ptk.school_id)
    has_rombel = bool(kept_current or plan.rombel_add)
    if home_row:
        _set(tx, plan, ptk, "in_dapodik", True)
        _set(tx, plan, ptk, "qualification", person.fields.get("qualification", "") or "")
        _set(tx, plan, ptk, "has_rombel", has_rombel)
    elif ptk.facts_source == FactsSource.DAPODIK:
        _set(tx, plan, ptk, "has_rombel", has_rombel)
    facts_changed = any(c.field in DAPODIK_FACTS for c in plan.changes)
    if home_row and (facts_changed or ptk.facts_source != FactsSource.DAPODIK):
        _set(tx, plan, ptk, "facts_source", FactsSource.DAPODIK)
        _set(tx, plan, ptk, "dapodik_synced_at", now)
    elif facts_changed:
        _set(tx, plan, ptk, "dapodik_synced_at", now)
    plan.action = "update" if plan.has_changes else "same"
    return plan


def _set(tx: _Texts, plan: PtkPlan, ptk: Ptk, f: str, new) -> None:
    old = getattr(ptk, f)
    if old == new:
        return
    plan.values[f] = new
    plan.changes.append(Change(f, tx.labels[f], tx.display(old, f), tx.display(new, f)))


def _plan_create(plan: PtkPlan, person: DapodikPerson, now: datetime, tx: _Texts) -> PtkPlan:
    if person.home_school_id is None:
        plan.refusal = _(
            "PTK ini belum terdaftar di Padamu dan berkas tidak memuat baris sekolah induknya "
            "(ptk induk = 1). Impor dari sekolah induk terlebih dahulu."
        )
        return plan
    values = {f: person.fields.get(f) for f in CREATE_FIELDS if f in person.fields}
    for f in ("birth_place", "mother_name", "nip", "qualification"):
        values[f] = values.get(f) or ""
    for f in ("nik", "nuptk"):
        values[f] = values.get(f) or None
    values.update(
        in_dapodik=True,
        has_rombel=bool(person.rombels),
        facts_source=FactsSource.DAPODIK,
        dapodik_synced_at=now,
    )
    plan.action = "create"
    plan.values = values
    shown = (
        (f, tx.display(v, f)) for f, v in values.items() if f not in ("facts_source", "dapodik_synced_at")
    )
    plan.changes = [Change(f, tx.labels[f], "", text) for f, text in shown if text]
    plan.rombel_add = list({r.key: r for r in person.rombels}.values())
    plan.links_add = sorted(s for s in person.school_ids if s != person.home_school_id)
    return plan


def ptk_with_current_rombels(qs):
    """PTK rows with their current rombel in ``current_rombels`` (for an export in the import's format)."""
    from django.db.models import Prefetch

    return qs.select_related("school").prefetch_related(
        Prefetch(
            "rombels",
            queryset=PtkRombel.objects.filter(ended_on__isnull=True)
            .select_related("school")
            .order_by("school_id", "school_year", "semester", "rombel", "subject", "pk"),
            to_attr="current_rombels",
        )
    )
