"""Requirements as data (seed 003/004, juklak Verval PTK 2019), and the automatic eligibility checks.

- ``DOC_KINDS``: every kind of paper a request may carry, with its file rule.
- Building blocks of the requirements (``DIPLOMAS``, ``SK_PENUGASAN_2Y``, ``STATUS_CHANGE``, ...): each
  request kind (nuptk/kinds/) declares its own ``requirements[category]`` from them.
- ``run_checks(facts)``: pure checks computed before submit, each with an Indonesian reason; stored on
  the request so every reviewer sees what the school saw. The engine runs the checks of the kind's
  flags, the kind's own checks, the paper checks, then the kind's checks on the papers.
- ``REVIEWER_CHECKS``: what only a person can judge (legalisation stamp, readable scan, ...).

The checks read plain values (``Facts``), never the database, so they are unit-testable and the
same function serves the school's checklist and the submit guard.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

# --- kinds of paper ---------------------------------------------------------------------------

PDF = frozenset({"pdf"})
IMAGE = frozenset({"jpeg", "png"})
ANY = PDF | IMAGE


@dataclass(frozen=True)
class DocKind:
    code: str
    label: str
    types: frozenset = ANY
    max_bytes: int = 2 * 1024 * 1024
    is_sk: bool = False  # replaceable after a PDSPK "tolak SK"
    has_validity: bool = False  # carries valid_from/valid_to, judged at the request date
    per_school_year: bool = False  # one per school year (SK penugasan)
    rule_name: str = ""  # documents.files.RULES entry for an upload (default: from the types)

    @property
    def rule(self):
        """The upload check of this paper (documents.files.RULES)."""
        from documents.files import RULES

        if self.rule_name:
            return RULES[self.rule_name]
        if self.types == PDF:
            return RULES["scan_pdf"]
        if self.types == IMAGE:
            return RULES["scan_image"]
        return RULES["scan_any"]


DOC_KINDS: dict[str, DocKind] = {
    d.code: d
    for d in [
        DocKind("ktp", _l("KTP (scan asli berwarna)")),
        DocKind("kk", _l("Kartu Keluarga"), IMAGE),
        DocKind("akta_lahir", _l("Akta kelahiran"), IMAGE),
        DocKind("buku_nikah", _l("Buku nikah"), IMAGE),
        DocKind("ktp_gambar", _l("KTP (gambar)"), IMAGE),
        DocKind("ijazah_gambar", _l("Ijazah (gambar)"), IMAGE),
        DocKind("ijazah_sd", _l("Ijazah SD/sederajat")),
        DocKind("ijazah_smp", _l("Ijazah SMP/sederajat")),
        DocKind("ijazah_sma", _l("Ijazah SMA/SMK/sederajat")),
        DocKind("ijazah_s1", _l("Ijazah S1/D-IV (terakhir)")),
        DocKind("sk_cpns_pns", _l("SK pengangkatan CPNS/PNS"), is_sk=True, has_validity=True),
        DocKind("sk_penugasan_dinas", _l("SK penugasan dari Dinas Pendidikan"), is_sk=True),
        DocKind("sk_pengangkatan", _l("SK pengangkatan (terbaru)"), is_sk=True, has_validity=True),
        DocKind("sk_pengangkatan_yayasan", _l("SK pengangkatan dari ketua yayasan"), is_sk=True, has_validity=True),
        DocKind(
            "sk_penugasan",
            _l("SK penugasan/pembagian tugas mengajar per tahun pelajaran"),
            is_sk=True,
            per_school_year=True,
        ),
        DocKind("sk_kepala_sekolah", _l("SK pengangkatan kepala sekolah (terbaru)"), is_sk=True, has_validity=True),
        DocKind("sk_penempatan", _l("SK penempatan/mutasi pada sekolah tujuan"), is_sk=True),
        DocKind("sk_bupati_walikota", _l("SK pengangkatan dari Bupati/Wali Kota"), is_sk=True),
        DocKind("sk_pengawas", _l("SK pengangkatan sebagai pengawas sekolah"), is_sk=True, has_validity=True),
        DocKind("pernyataan_bermaterai", _l("Surat pernyataan bermaterai"), PDF),
        DocKind("persetujuan_kepsek", _l("Surat persetujuan kepala satuan pendidikan"), PDF),
        DocKind("persetujuan_dinas", _l("Surat persetujuan kepala Dinas Pendidikan"), PDF),
        DocKind("surat_penugasan", _l("Surat penugasan (Dinas untuk negeri, yayasan untuk swasta)")),
        DocKind("foto", _l("Pas foto (JPG/PNG, maks. 200 KB)"), IMAGE, max_bytes=200 * 1024, rule_name="photo"),
    ]
}

# Which kinds of the PTK's berkas (ptk.models.DocumentKind) may fill each paper.
PTK_DOC_KINDS: dict[str, frozenset] = {
    "ktp": frozenset({"ktp"}),
    "ktp_gambar": frozenset({"ktp"}),
    "kk": frozenset({"kk"}),
    "akta_lahir": frozenset({"akta"}),
    "buku_nikah": frozenset({"buku_nikah"}),
    "ijazah_gambar": frozenset({"ijazah"}),
    "ijazah_sd": frozenset({"ijazah"}),
    "ijazah_smp": frozenset({"ijazah"}),
    "ijazah_sma": frozenset({"ijazah"}),
    "ijazah_s1": frozenset({"ijazah"}),
    "sk_cpns_pns": frozenset({"sk_pengangkatan"}),
    "sk_pengangkatan": frozenset({"sk_pengangkatan"}),
    "sk_pengangkatan_yayasan": frozenset({"sk_pengangkatan"}),
    "sk_kepala_sekolah": frozenset({"sk_pengangkatan"}),
    "sk_penugasan_dinas": frozenset({"sk_penugasan"}),
    "sk_penugasan": frozenset({"sk_penugasan"}),
    "surat_penugasan": frozenset({"sk_penugasan"}),
    "sk_penempatan": frozenset({"sk_penugasan", "sk_pengangkatan"}),
    "sk_bupati_walikota": frozenset({"sk_pengangkatan"}),
    "sk_pengawas": frozenset({"sk_pengangkatan"}),
    "pernyataan_bermaterai": frozenset({"pernyataan"}),
    "persetujuan_kepsek": frozenset({"pernyataan", "lainnya"}),
    "persetujuan_dinas": frozenset({"pernyataan", "lainnya"}),
    "foto": frozenset(),
}

# --- PTK categories ---------------------------------------------------------------------------

PNS_STATUSES = frozenset({1, 2, 3, 10})  # PNS, PNS diperbantukan, PNS Depag, CPNS
GOVERNMENT_NON_PNS = frozenset({5, 6, 7})  # honor daerah TK I/II, guru bantu pusat
HEAD_TYPES = frozenset({20})
STAFF_TYPES = frozenset({11, 30, 40, 41, 42, 43, 44})  # tenaga kependidikan
HIGHER_QUALIFICATIONS = frozenset({"D4", "D-IV", "S1", "S2", "S3"})


class Category:
    PNS = "pns"
    NON_PNS_NEGERI = "non_pns_negeri"
    NON_PNS_SWASTA_PEMERINTAH = "non_pns_swasta_pemerintah"
    NON_PNS_SWASTA_YAYASAN = "non_pns_swasta_yayasan"
    KEPALA_SEKOLAH = "kepala_sekolah"
    TENDIK = "tendik"


CATEGORY_LABEL = {
    Category.PNS: _l("PNS/CPNS"),
    Category.NON_PNS_NEGERI: _l("Non-PNS di sekolah negeri"),
    Category.NON_PNS_SWASTA_PEMERINTAH: _l("Non-PNS diangkat pemerintah di sekolah swasta"),
    Category.NON_PNS_SWASTA_YAYASAN: _l("Non-PNS diangkat yayasan di sekolah swasta"),
    Category.KEPALA_SEKOLAH: _l("Kepala sekolah"),
    Category.TENDIK: _l("Tenaga kependidikan"),
}


def category_of(*, employment_status: int | None, ptk_type: int | None, school_status: str) -> str:
    if ptk_type in HEAD_TYPES:
        return Category.KEPALA_SEKOLAH
    if employment_status in PNS_STATUSES:
        return Category.PNS
    if ptk_type in STAFF_TYPES:
        return Category.TENDIK
    if school_status == "negeri":
        return Category.NON_PNS_NEGERI
    if employment_status in GOVERNMENT_NON_PNS:
        return Category.NON_PNS_SWASTA_PEMERINTAH
    return Category.NON_PNS_SWASTA_YAYASAN


# --- requirements: building blocks of the kinds ------------------------------------------------------


@dataclass(frozen=True)
class Requirement:
    code: str
    label: str
    accepts: tuple[str, ...]  # doc kinds that fulfil it (one of)
    optional: bool = False
    help: str = ""


def req(code, *accepts, label=None, optional=False, help=""):
    return Requirement(code, label or DOC_KINDS[accepts[0]].label, tuple(accepts), optional, help)


DIPLOMAS = (
    req("ktp", "ktp"),
    req("ijazah_sd", "ijazah_sd"),
    req("ijazah_smp", "ijazah_smp"),
    req("ijazah_sma", "ijazah_sma"),
    req("ijazah_s1", "ijazah_s1"),
)
SK_PENUGASAN_2Y = req(
    "sk_penugasan",
    "sk_penugasan",
    help=_l("Minimal 2 tahun terakhir terus-menerus: mis. diangkat 2010/11, mengajukan 2018/19 -> 2016/17, 2017/18, 2018/19."),
)

STATUS_CHANGE = (
    req("pernyataan_bermaterai", "pernyataan_bermaterai"),
    req("persetujuan_kepsek", "persetujuan_kepsek"),
    req("persetujuan_dinas", "persetujuan_dinas"),
)

EVERY_CATEGORY = tuple(CATEGORY_LABEL)


def same_for_all(reqs) -> dict:
    """The same papers for every PTK category."""
    return dict.fromkeys(EVERY_CATEGORY, reqs)


def requirements_for(kind: str, category: str) -> tuple[Requirement, ...]:
    from .kinds import get

    return get(kind).requirements[category]


def requirement_by_code(kind: str, category: str, code: str) -> Requirement | None:
    return next((r for r in requirements_for(kind, category) if r.code == code), None)


# What only a person can judge: the reviewer's checklist (shown on the review page).
REVIEWER_CHECKS = (
    _l("Dokumen hasil scan dokumen asli; fotokopi dilegalisir cap basah oleh instansi terkait"),
    _l("Scan terbaca jelas (nama, nomor, tanggal, tanda tangan, cap)"),
    _l("KTP discan berwarna dari dokumen asli"),
    _l("SK kolektif dilegalisir Dinas dan nama PTK ditandai"),
    _l("Masa berlaku SK sesuai bunyi redaksinya (tanggal, tahun anggaran atau tahun pelajaran)"),
    _l("Ijazah hilang diganti surat keterangan kepala sekolah yang diketahui Dinas"),
)

# --- school years ------------------------------------------------------------------------------


def school_year_of(d: date) -> int:
    """The school year (by its first calendar year) a date falls in; a school year starts in July."""
    return d.year if d.month >= 7 else d.year - 1


def school_year_label(start: int) -> str:
    return f"{start}/{start + 1}"


def parse_school_year(text: str) -> int | None:
    text = (text or "").strip()
    try:
        a, b = text.split("/")
        a = int(a)
        b = int(b)
    except ValueError:
        return None
    if b in (a + 1, (a + 1) % 100):
        return a
    return None


def required_assignment_years(request_date: date) -> list[int]:
    """SK penugasan years needed for 2 years' continuous service up to the request's school year.
    Applying in 2018/19 needs 2016/17, 2017/18 and 2018/19 (juklak example)."""
    y = school_year_of(request_date)
    return [y - 2, y - 1, y]


# --- facts and checks ------------------------------------------------------------------------


@dataclass
class DocFact:
    requirement: str
    doc_kind: str
    file_type: str = ""  # "pdf" / "jpeg" / "png" / "" (no file)
    size: int = 0
    valid_from: date | None = None
    valid_to: date | None = None
    school_year: int | None = None


@dataclass
class Facts:
    kind: str
    category: str
    request_date: date
    in_dapodik: bool
    has_rombel: bool
    nuptk: str
    nuptk_status: str
    school_npsn: str
    school_is_formal: bool
    school_status: str
    qualification: str
    docs: list[DocFact] = field(default_factory=list)
    payload: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)  # what a kind's ``facts(submission)`` adds


@dataclass
class Check:
    code: str
    label: str
    ok: bool
    reason: str = ""

    def as_dict(self):
        return {"code": self.code, "label": str(self.label), "ok": self.ok, "reason": str(self.reason)}


def sk_valid_on(doc: DocFact, on: date) -> bool:
    """An SK is valid on a date when the date falls in its period; no end date means valid until a
    newer SK appears (the caller passes only the newest SK)."""
    if doc.valid_from and doc.valid_from > on:
        return False
    return not (doc.valid_to and doc.valid_to < on)


def _doc_checks(f: Facts) -> list[Check]:
    out = []
    by_req: dict[str, list[DocFact]] = {}
    for d in f.docs:
        by_req.setdefault(d.requirement, []).append(d)
    for req in requirements_for(f.kind, f.category):
        docs = by_req.get(req.code, [])
        label = _("Dokumen: %(doc)s") % {"doc": req.label}
        if not docs:
            if req.optional:
                continue
            out.append(Check(f"doc:{req.code}", label, False, _("Belum dilampirkan.")))
            continue
        bad = [d for d in docs if d.doc_kind not in req.accepts]
        wrong_type = [d for d in docs if d.file_type and d.file_type not in DOC_KINDS[d.doc_kind].types]
        too_big = [d for d in docs if d.size > DOC_KINDS[d.doc_kind].max_bytes]
        no_file = [d for d in docs if not d.file_type]
        if bad:
            out.append(Check(f"doc:{req.code}", label, False, _("Jenis dokumen tidak sesuai persyaratan.")))
        elif no_file:
            out.append(Check(f"doc:{req.code}", label, False, _("Berkas belum diunggah.")))
        elif wrong_type:
            allowed = ", ".join(sorted(t.upper() for t in DOC_KINDS[wrong_type[0].doc_kind].types))
            out.append(
                Check(f"doc:{req.code}", label, False, _("Jenis berkas harus %(types)s.") % {"types": allowed})
            )
        elif too_big:
            kb = DOC_KINDS[too_big[0].doc_kind].max_bytes // 1024
            out.append(Check(f"doc:{req.code}", label, False, _("Ukuran berkas maksimal %(kb)s KB.") % {"kb": kb}))
        else:
            out.append(Check(f"doc:{req.code}", label, True))
    return out


def _sk_validity_checks(f: Facts) -> list[Check]:
    out = []
    newest: dict[str, DocFact] = {}
    for d in f.docs:
        if DOC_KINDS[d.doc_kind].has_validity:
            cur = newest.get(d.doc_kind)
            if cur is None or (d.valid_from or date.min) >= (cur.valid_from or date.min):
                newest[d.doc_kind] = d
    for kind, d in newest.items():
        ok = sk_valid_on(d, f.request_date)
        reason = (
            ""
            if ok
            else _("SK tidak berlaku pada tanggal pengajuan %(d)s (berlaku %(a)s s.d. %(b)s).")
            % {
                "d": f.request_date.strftime("%d-%m-%Y"),
                "a": d.valid_from.strftime("%d-%m-%Y") if d.valid_from else "-",
                "b": d.valid_to.strftime("%d-%m-%Y") if d.valid_to else _("tanpa batas"),
            }
        )
        out.append(
            Check(f"sk_valid:{kind}", _("%(doc)s berlaku pada tanggal pengajuan") % {"doc": DOC_KINDS[kind].label}, ok, reason)
        )
    return out


def assignment_check(*, years: set[int], request_date: date) -> Check:
    needed = required_assignment_years(request_date)
    missing = [y for y in needed if y not in years]
    label = _("SK penugasan 2 tahun terakhir terus-menerus (%(years)s)") % {
        "years": ", ".join(school_year_label(y) for y in needed)
    }
    if missing:
        return Check(
            "sk_penugasan_2y",
            label,
            False,
            _("SK penugasan tahun pelajaran %(m)s belum ada.") % {"m": ", ".join(school_year_label(y) for y in missing)},
        )
    return Check("sk_penugasan_2y", label, True)


def dapodik_check(f: Facts) -> Check:
    """In Dapodik, and (educators) with a teaching group: the ``needs_dapodik`` flag."""
    needs_rombel = f.category != Category.TENDIK
    ok = f.in_dapodik and (f.has_rombel or not needs_rombel)
    if ok:
        reason = ""
    elif not f.in_dapodik:
        reason = _("PTK belum terdata di Dapodik.")
    else:
        reason = _("PTK belum memiliki rombongan belajar di Dapodik.")
    label = _("Terdata di Dapodik dan memiliki rombel") if needs_rombel else _("Terdata di Dapodik")
    return Check("dapodik", label, ok, reason)


def has_nuptk_check(f: Facts) -> Check:
    """The ``needs_nuptk`` flag."""
    return Check("has_nuptk", _("Memiliki NUPTK"), bool(f.nuptk), "" if f.nuptk else _("PTK belum memiliki NUPTK."))


def no_nuptk_check(f: Facts, hint: str = "") -> Check:
    """The ``needs_no_nuptk`` flag."""
    if not f.nuptk:
        return Check("no_nuptk", _("Belum memiliki NUPTK"), True)
    if hint:
        reason = _("PTK sudah memiliki NUPTK %(n)s; %(hint)s.") % {"n": f.nuptk, "hint": hint}
    else:
        reason = _("PTK sudah memiliki NUPTK %(n)s.") % {"n": f.nuptk}
    return Check("no_nuptk", _("Belum memiliki NUPTK"), False, reason)


def paper_checks(f: Facts) -> list[Check]:
    """Every required paper attached, of an accepted kind, file type and size."""
    return _doc_checks(f)


def sk_checks(f: Facts) -> list[Check]:
    """SK validity at the request date and, where SK penugasan is required, two continuous years."""
    out = _sk_validity_checks(f)
    if any(r.code == "sk_penugasan" for r in requirements_for(f.kind, f.category)):
        years = {d.school_year for d in f.docs if d.doc_kind == "sk_penugasan" and d.school_year is not None}
        out.append(assignment_check(years=years, request_date=f.request_date))
    return out


def run_checks(f: Facts) -> list[Check]:
    """Every automatic check for a request, in the order the school reads them: the kind's flags,
    the kind's own checks, the papers, then the kind's checks on the papers."""
    from .kinds import get

    kind = get(f.kind)
    out: list[Check] = []
    if kind.needs_dapodik:
        out.append(dapodik_check(f))
    if kind.needs_nuptk:
        out.append(has_nuptk_check(f))
    if kind.needs_no_nuptk:
        out.append(no_nuptk_check(f, kind.needs_no_nuptk_hint))
    for check in kind.checks:
        out.extend(check(f))
    out.extend(paper_checks(f))
    for check in kind.paper_checks:
        out.extend(check(f))
    return out


def all_ok(checks) -> bool:
    return all(c.ok if isinstance(c, Check) else c["ok"] for c in checks)
