"""From the checked rows of a Dapodik file to what importing it would do, per person: which rows
are refused and why (row errors, unknown NPSN, NPSN outside the importer's scope, duplicate rows,
conflicting identifiers), and for the others the plan of ``ptk.dapodik`` (added, changed, same)."""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from accounts.models import Institution, InstitutionKind
from ptk.dapodik import DapodikPerson, RombelData, match_people, norm, plan_people

from .models import EntryStatus
from .reading import NikChecker, RowParser, Table

IDENTITY = ("name", "birth_date", "sex", "mother_name", "nik", "nuptk", "birth_place")
HOME_FIELDS = ("nip", "employment_status", "ptk_type", "qualification")
LABELS = {
    "name": "Nama",
    "birth_date": "Tanggal Lahir",
    "sex": "Jenis Kelamin",
    "mother_name": "Nama Ibu Kandung",
    "nik": "NIK",
    "nuptk": "NUPTK",
    "birth_place": "Tempat Lahir",
    "nip": "NIP",
    "employment_status": "Status Kepegawaian",
    "ptk_type": "Jenis PTK",
    "qualification": "Pendidikan Terakhir",
}


@dataclass
class Entry:
    lines: list
    status: str
    name: str = ""
    identifier: str = ""
    npsn: str = ""
    ptk_id: int | None = None
    messages: list = field(default_factory=list)
    changes: list = field(default_factory=list)

    @property
    def first_line(self) -> int:
        return min(self.lines)

    @property
    def lines_text(self) -> str:
        text = ", ".join(str(n) for n in sorted(self.lines))
        return text if len(text) <= 255 else text[:250] + " ..."


@dataclass
class Analysis:
    entries: list
    plans: list
    total_rows: int
    counts: dict
    digest: str


class SchoolResolver:
    """NPSN -> school, and whether the importer may import it (its scope; ``only`` one school)."""

    def __init__(self, npsns, *, scope=None, only: Institution | None = None):
        known = Institution.objects.filter(kind=InstitutionKind.SEKOLAH, npsn__in=list(npsns))
        self.by_npsn = {s.npsn: s for s in known}
        self.by_pk = {s.pk: s for s in known}
        ids = [s.pk for s in self.by_npsn.values()]
        self.in_scope = (
            set(scope.schools().filter(pk__in=ids).values_list("pk", flat=True))
            if scope is not None
            else set(ids)
        )
        self.allowed = self.in_scope & {only.pk} if only is not None else self.in_scope
        self.only = only

    def refusal(self, npsn: str) -> str:
        school = self.by_npsn.get(npsn)
        if school is None:
            return _("NPSN %(n)s tidak terdaftar di Padamu.") % {"n": npsn}
        if school.pk in self.allowed:
            return ""
        if school.pk not in self.in_scope:
            return _("Sekolah %(s)s (NPSN %(n)s) di luar kewenangan Anda.") % {"s": school.name, "n": npsn}
        return _("Impor ini hanya untuk NPSN %(o)s; baris sekolah %(s)s (NPSN %(n)s) ditolak.") % {
            "o": self.only.npsn,
            "s": school.name,
            "n": npsn,
        }


def analyse(table: Table, *, today, now, scope=None, only=None, lock=False, progress=None) -> Analysis:
    parse = RowParser(table.index, today=today, check_nik=NikChecker())
    refused: list[Entry] = []
    rows = []
    for i, (line, cells) in enumerate(table.rows, start=1):
        r = parse(line, cells)
        rows.append(r)
        if progress and i % 2000 == 0:
            progress(i)
    schools = SchoolResolver(
        {r.values.get("npsn") for r in rows if r.values.get("npsn")}, scope=scope, only=only
    )
    good = []
    for r in rows:
        reasons = list(r.errors)
        if not reasons:
            why = schools.refusal(r.values["npsn"])
            if why:
                reasons.append(why)
        if reasons:
            refused.append(_refused_entry([r], reasons))
        else:
            good.append(r)
    groups = defaultdict(list)
    for r in good:
        groups[_key(r.values)].append(r)
    people, person_rows = [], []
    by_nuptk = defaultdict(list)
    for rs in groups.values():
        person, dupes, why = _person(rs, schools)
        for d, first in dupes:
            refused.append(_refused_entry([d], [_("Baris ganda: sama dengan baris %(n)s.") % {"n": first}]))
        dupe_lines = {d.line for d, _f in dupes}
        rs = [r for r in rs if r.line not in dupe_lines]
        if why:
            refused.append(_refused_entry(rs, [why]))
            continue
        people.append(person)
        person_rows.append(rs)
        if person.fields.get("nuptk"):
            by_nuptk[person.fields["nuptk"]].append(len(people) - 1)
    bad = set()
    for idxs in by_nuptk.values():
        if len(idxs) > 1:
            lines = sorted(r.line for i in idxs for r in person_rows[i])
            for i in idxs:
                bad.add(i)
                refused.append(
                    _refused_entry(
                        person_rows[i],
                        [
                            _("NUPTK yang sama dipakai oleh PTK berbeda di berkas ini (baris %(l)s).")
                            % {"l": _lines(lines)}
                        ],
                    )
                )
    keep = [i for i in range(len(people)) if i not in bad]
    people = [people[i] for i in keep]
    person_rows = [person_rows[i] for i in keep]
    matches = match_people(people, lock=lock)
    same_ptk = defaultdict(list)
    for i, m in enumerate(matches):
        if m.ptk is not None:
            same_ptk[m.ptk.pk].append(i)
    for idxs in same_ptk.values():
        if len(idxs) > 1:
            lines = sorted(r.line for i in idxs for r in person_rows[i])
            for i in idxs:
                matches[i].conflict = _("Baris %(l)s menunjuk PTK yang sama dengan identitas berbeda.") % {
                    "l": _lines(lines)
                }
    plans = plan_people(people, matches, now=now, schools={s.pk: s for s in schools.by_npsn.values()})
    entries = refused + [_plan_entry(p, rs, schools) for p, rs in zip(plans, person_rows, strict=True)]
    entries.sort(key=lambda e: e.first_line)
    counts = {s: 0 for s in EntryStatus.values}
    for e in entries:
        counts[e.status] += 1
    if progress:
        progress(len(table.rows))
    return Analysis(
        entries=entries, plans=plans, total_rows=len(table.rows), counts=counts, digest=_digest(entries)
    )


def _lines(lines) -> str:
    return ", ".join(str(n) for n in lines[:10]) + (" ..." if len(lines) > 10 else "")


def _key(v: dict) -> tuple:
    if v.get("nik"):
        return ("nik", v["nik"])
    if v.get("nuptk"):
        return ("nuptk", v["nuptk"])
    return ("orang", norm(v["name"]), v["birth_date"], norm(v.get("mother_name")))


def _comparable(f, value):
    return norm(value) if isinstance(value, str) else value


def _person(rows, schools: SchoolResolver):
    """(DapodikPerson, duplicate rows [(row, first line)], refusal) of the rows of one PTK."""
    first = rows[0]
    for r in rows[1:]:
        for f in IDENTITY:
            if f in first.values and _comparable(f, r.values.get(f)) != _comparable(f, first.values.get(f)):
                return (
                    None,
                    [],
                    _("Data PTK berbeda antara baris %(a)s dan %(b)s (kolom %(c)s).")
                    % {
                        "a": first.line,
                        "b": r.line,
                        "c": LABELS[f],
                    },
                )
    home = [r for r in rows if r.values["induk"]]
    if len({r.values["npsn"] for r in home}) > 1:
        return (
            None,
            [],
            _("Baris %(l)s menyebut dua sekolah induk berbeda untuk PTK yang sama.")
            % {"l": _lines([r.line for r in home])},
        )
    for r in home[1:]:
        for f in HOME_FIELDS:
            if r.values.get(f) != home[0].values.get(f):
                return (
                    None,
                    [],
                    _("Data PTK berbeda antara baris %(a)s dan %(b)s (kolom %(c)s).")
                    % {
                        "a": home[0].line,
                        "b": r.line,
                        "c": LABELS[f],
                    },
                )
    seen, dupes, rombels = {}, [], []
    for r in rows:
        school = schools.by_npsn[r.values["npsn"]]
        rb = r.values.get("rombel")
        if rb is not None:
            (year, sem), name, subject, hours = rb
            data = RombelData(school.pk, year, sem, name, subject, hours)
            key = data.key
        else:
            data, key = None, (school.pk, None)
        if key in seen:
            dupes.append((r, seen[key]))
            continue
        seen[key] = r.line
        if data is not None:
            rombels.append(data)
    src = home[0].values if home else first.values
    fields = {f: src[f] for f in IDENTITY if f in src}
    if home:
        fields.update({f: src[f] for f in HOME_FIELDS if f in src})
    person = DapodikPerson(
        ref=rows,
        fields=fields,
        home_school_id=schools.by_npsn[home[0].values["npsn"]].pk if home else None,
        school_ids={schools.by_npsn[r.values["npsn"]].pk for r in rows},
        rombels=rombels,
    )
    return person, dupes, ""


def _refused_entry(rows, reasons) -> Entry:
    v = rows[0].values
    return Entry(
        lines=[r.line for r in rows],
        status=EntryStatus.REFUSE.value,
        name=(v.get("name") or "")[:150],
        identifier=(v.get("nik") or v.get("nuptk") or "")[:40],
        npsn=(v.get("npsn") or "")[:8],
        messages=[str(m) for m in dict.fromkeys(reasons)],
    )


STATUS_OF = {
    "create": EntryStatus.ADD.value,
    "update": EntryStatus.CHANGE.value,
    "same": EntryStatus.SAME.value,
}


def _plan_entry(plan, rows, schools: SchoolResolver) -> Entry:
    f = plan.person.fields
    e = Entry(
        lines=[r.line for r in rows],
        status=EntryStatus.SAME.value,
        name=(f.get("name") or "")[:150],
        identifier=(f.get("nik") or f.get("nuptk") or "")[:40],
        npsn=rows[0].values["npsn"],
        ptk_id=plan.ptk.pk if plan.ptk is not None else None,
    )
    if plan.refusal:
        e.status, e.messages = EntryStatus.REFUSE.value, [plan.refusal]
        return e
    e.status = STATUS_OF[plan.action]
    e.messages = list(plan.warnings)
    by_pk = schools.by_pk
    e.changes = [c.as_dict() for c in plan.all_changes]
    e.changes += [
        {
            "field": "school",
            "label": _("sekolah tempat tugas lain"),
            "old": "",
            "new": f"{by_pk[s].name} ({by_pk[s].npsn})",
        }
        for s in plan.links_add
    ]
    return e


def _digest(entries) -> str:
    """What the user saw in the preview, less the import time (``dapodik_synced_at``)."""
    h = hashlib.sha256()
    for e in entries:
        changes = [c for c in e.changes if c["field"] != "dapodik_synced_at"]
        h.update(
            json.dumps(
                [e.first_line, e.status, e.ptk_id, e.messages, changes], default=str, sort_keys=True
            ).encode()
        )
    return h.hexdigest()
