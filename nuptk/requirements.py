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

from collections.abc import Callable
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
    is_sk: bool = False  # replaceable after a PDSPK "tolak SK"
    has_validity: bool = False  # carries valid_from/valid_to, judged at the request date
    per_school_year: bool = False  # one per school year (SK penugasan)
    sk_family: str = ""  # SKs of one family supersede each other (the newest by the SK's date holds)
    # The requirement that becomes due when this SK does not name the PTK's school (seed 003: an SK
    # pengangkatan CPNS/PNS naming the school is enough; else an SK penugasan from the Dinas).
    unless_names_school: str = ""
    colour: bool = False  # must be a colour scan (KTP): a grey-scale scan is flagged
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

    @property
    def max_bytes(self) -> int:
        """The size cap is the upload rule's: one constant, checked before anything is stored."""
        return self.rule.max_bytes

    @property
    def size_label(self) -> str:
        return self.rule.size_label


APPOINTMENT = "pengangkatan"  # the SK pengangkatan family (sk_family)

DOC_KINDS: dict[str, DocKind] = {
    d.code: d
    for d in [
        DocKind("ktp", _l("KTP (scan asli berwarna)"), colour=True),
        DocKind("kk", _l("Kartu Keluarga"), IMAGE),
        DocKind("akta_lahir", _l("Akta kelahiran"), IMAGE),
        DocKind("buku_nikah", _l("Buku nikah"), IMAGE),
        DocKind("ktp_gambar", _l("KTP (gambar)"), IMAGE, colour=True),
        DocKind("ijazah_gambar", _l("Ijazah (gambar)"), IMAGE),
        DocKind("ijazah_sd", _l("Ijazah SD/sederajat")),
        DocKind("ijazah_smp", _l("Ijazah SMP/sederajat")),
        DocKind("ijazah_sma", _l("Ijazah SMA/SMK/sederajat")),
        DocKind("ijazah_s1", _l("Ijazah S1/D-IV (terakhir)")),
        DocKind(
            "sk_cpns_pns",
            _l("SK pengangkatan CPNS/PNS"),
            is_sk=True,
            has_validity=True,
            sk_family=APPOINTMENT,
            unless_names_school="sk_penugasan_dinas",
        ),
        DocKind("sk_penugasan_dinas", _l("SK penugasan dari Dinas Pendidikan"), is_sk=True),
        DocKind(
            "sk_pengangkatan",
            _l("SK pengangkatan (terbaru)"),
            is_sk=True,
            has_validity=True,
            sk_family=APPOINTMENT,
        ),
        DocKind(
            "sk_pengangkatan_yayasan",
            _l("SK pengangkatan dari ketua yayasan"),
            is_sk=True,
            has_validity=True,
            sk_family=APPOINTMENT,
        ),
        DocKind(
            "sk_penugasan",
            _l("SK penugasan/pembagian tugas mengajar per tahun pelajaran"),
            is_sk=True,
            per_school_year=True,
        ),
        DocKind(
            "sk_kepala_sekolah",
            _l("SK pengangkatan kepala sekolah (terbaru)"),
            is_sk=True,
            has_validity=True,
            sk_family="kepala_sekolah",
        ),
        DocKind("sk_penempatan", _l("SK penempatan/mutasi pada sekolah tujuan"), is_sk=True),
        DocKind("sk_bupati_walikota", _l("SK pengangkatan dari Bupati/Wali Kota"), is_sk=True),
        DocKind("sk_pengawas", _l("SK pengangkatan sebagai pengawas sekolah"), is_sk=True, has_validity=True),
        DocKind("pernyataan_bermaterai", _l("Surat pernyataan bermaterai"), PDF),
        DocKind("persetujuan_kepsek", _l("Surat persetujuan kepala satuan pendidikan"), PDF),
        DocKind("persetujuan_dinas", _l("Surat persetujuan kepala Dinas Pendidikan"), PDF),
        DocKind("surat_penugasan", _l("Surat penugasan (Dinas untuk negeri, yayasan untuk swasta)")),
        DocKind("foto", _l("Pas foto (JPG/PNG, maks. 200 KB)"), IMAGE, rule_name="photo"),
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


STAFF_EMPLOYMENT = frozenset({9})  # Tenaga Honor Sekolah
# The lowest qualification of each kind of education staff (their own rules, seed 004: Permendiknas
# 24/2008 tenaga administrasi sekolah, 25/2008 perpustakaan, 26/2008 laboratorium; the school's
# caretakers, guards and messengers at least SMP).
QUALIFICATION_ORDER = ("SD", "SMP", "SMA", "D1", "D2", "D3", "D4", "S1", "S2", "S3")
STAFF_MIN_QUALIFICATION = {11: "SMA", 30: "SMA", 40: "SMA", 41: "SMP", 42: "SMP", 43: "SMP", 44: "SMP"}
STAFF_DEFAULT_MIN_QUALIFICATION = "SMA"


def is_education_staff(*, ptk_type: int | None, employment_status: int | None) -> bool:
    """Tenaga kependidikan rather than pendidik: the PTK type decides first; only when the type says
    nothing (none, "Lainnya") does the employment status (Tenaga Honor Sekolah) decide."""
    if ptk_type in STAFF_TYPES:
        return True
    if ptk_type is not None and ptk_type != 99:
        return False
    return employment_status in STAFF_EMPLOYMENT


def category_of(*, employment_status: int | None, ptk_type: int | None, school_status: str) -> str:
    """The papers a PTK brings: a head of school; else by employment (PNS/CPNS whatever the PTK type);
    non-PNS education staff of a public school are their own category (same papers as non-PNS
    educators there). Whether the educator rules (D-IV/S1, rombel) apply is ``is_education_staff``."""
    if ptk_type in HEAD_TYPES:
        return Category.KEPALA_SEKOLAH
    if employment_status in PNS_STATUSES:
        return Category.PNS
    if (
        is_education_staff(ptk_type=ptk_type, employment_status=employment_status)
        and school_status == "negeri"
    ):
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
@dataclass(frozen=True)
class ReviewItem:
    """One item of the reviewer's checklist: a real field of the decision, ticked after looking at
    the papers, required for an approval. ``when(doc_kinds)``: does it concern this request's papers."""

    code: str
    label: str
    when: Callable[[set], bool] = lambda kinds: True


def _any_kind(pred) -> Callable[[set], bool]:
    return lambda kinds: any(k in DOC_KINDS and pred(DOC_KINDS[k]) for k in kinds)


REVIEWER_CHECKS = (
    ReviewItem(
        "asli", _l("Dokumen hasil scan dokumen asli; fotokopi dilegalisir cap basah oleh instansi terkait")
    ),
    ReviewItem("terbaca", _l("Scan terbaca jelas (nama, nomor, tanggal, tanda tangan, cap)")),
    ReviewItem(
        "ktp_warna", _l("KTP discan berwarna dari dokumen asli"), lambda k: bool(k & {"ktp", "ktp_gambar"})
    ),
    ReviewItem(
        "sk_kolektif",
        _l("SK kolektif dilegalisir Dinas dan nama PTK ditandai (atau SK perorangan)"),
        _any_kind(lambda d: d.is_sk),
    ),
    ReviewItem(
        "sk_berlaku",
        _l("Masa berlaku SK sesuai bunyi redaksinya (tanggal, tahun anggaran atau tahun pelajaran)"),
        _any_kind(lambda d: d.has_validity),
    ),
    ReviewItem(
        "sk_sekolah",
        _l("SK pengangkatan menyebut nama PTK dan sekolahnya, atau SK penugasan Dinas dilampirkan"),
        _any_kind(lambda d: bool(d.unless_names_school)),
    ),
    ReviewItem(
        "ijazah",
        _l(
            "Ijazah asli atau dilegalisir; ijazah hilang diganti surat keterangan kepala sekolah yang diketahui Dinas"
        ),
        lambda k: any(x.startswith("ijazah") for x in k),
    ),
)
REVIEW_ITEM = {i.code: i for i in REVIEWER_CHECKS}


def reviewer_items(doc_kinds) -> list[ReviewItem]:
    """The checklist items that concern a request carrying papers of these kinds."""
    kinds = set(doc_kinds)
    return [i for i in REVIEWER_CHECKS if i.when(kinds)]


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
    issued_on: date | None = None
    number: str = ""
    issuer: str = ""  # for an SK penugasan: the yayasan it was issued under
    names_school: bool | None = None  # an SK pengangkatan names the PTK's school (None: not said)
    greyscale: bool | None = None  # a scan that must be in colour measured grey (None: not measured)
    legalised: bool = False  # a legalised photocopy (may be grey)


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
    ptk_type: int | None = None
    educator: bool | None = None  # None: from the category (education staff are not educators)
    school_yayasan: str = ""  # the yayasan running the PTK's school (private schools)
    facts_synced: date | None = None  # the Dapodik import that last confirmed them
    facts_source: str = "sekolah"  # where in_dapodik/has_rombel/qualification come from (ptk FactsSource)

    @property
    def is_educator(self) -> bool:
        return self.educator if self.educator is not None else self.category != Category.TENDIK


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
            dk = DOC_KINDS[too_big[0].doc_kind]
            reason = _("Ukuran berkas maksimal %(max)s; unggah ulang scan yang lebih kecil.") % {
                "max": dk.size_label
            }
            out.append(Check(f"doc:{req.code}", label, False, reason))
        else:
            out.append(Check(f"doc:{req.code}", label, True))
    return out


def _fmt(d: date | None) -> str:
    return d.strftime("%d-%m-%Y") if d else "-"


def sk_period(doc: DocFact) -> tuple[date | None, date | None]:
    """The period an SK states: its own dates, else its school year (July to June), else from its
    date of issue with no end. (None, None) when the SK states nothing to judge it by."""
    start, end = doc.valid_from, doc.valid_to
    if doc.school_year is not None:
        start = start or date(doc.school_year, 7, 1)
        end = end or date(doc.school_year + 1, 6, 30)
    start = start or doc.issued_on
    return start, end


def sk_date(doc: DocFact) -> date | None:
    """Which SK is newer: the SK's own date (issued, else the start of its period), never the upload."""
    return doc.issued_on or sk_period(doc)[0]


def _sk_validity_checks(f: Facts) -> list[Check]:
    """Each SK paper with a validity (seed 004 "masa berlaku SK"): judged by its own wording at the
    request date; an SK with no date at all cannot pass automatically; an SK without an end date
    holds until a newer SK of the same PTK (the request's papers and the PTK's berkas), the newest
    by the SK's date, whatever was uploaded first."""
    out = []
    for d in f.docs:
        dk = DOC_KINDS.get(d.doc_kind)
        if dk is None or not dk.has_validity or d.requirement.startswith("_"):
            continue
        label = _("%(doc)s berlaku pada tanggal pengajuan") % {"doc": dk.label}
        code = f"sk_valid:{d.doc_kind}"
        start, end = sk_period(d)
        if start is None and end is None:
            reason = _(
                "%(doc)s belum memuat tanggal apa pun; isi tanggal SK, masa berlaku, tahun anggaran atau tahun "
                "pelajaran sesuai bunyi SK."
            ) % {"doc": dk.label}
            out.append(Check(code, label, False, reason))
            continue
        mine = sk_date(d)
        newer = [
            o
            for o in f.docs
            if o is not d
            and DOC_KINDS.get(o.doc_kind) is not None
            and DOC_KINDS[o.doc_kind].sk_family == dk.sk_family
            and (o.number != d.number or not o.number)
            and sk_date(o) is not None
            and mine is not None
            and mine < sk_date(o) <= f.request_date
        ]
        if newer:
            o = max(newer, key=sk_date)
            reason = _("%(doc)s ini sudah digantikan SK %(n)s tanggal %(t)s; lampirkan SK terbaru itu.") % {
                "doc": dk.label,
                "n": o.number or "-",
                "t": _fmt(sk_date(o)),
            }
            out.append(Check(code, label, False, reason))
            continue
        ok = not (start and start > f.request_date) and not (end and end < f.request_date)
        reason = (
            ""
            if ok
            else _(
                "%(doc)s tidak berlaku pada tanggal pengajuan %(d)s (berlaku %(a)s s.d. %(b)s); lampirkan SK yang "
                "berlaku pada tanggal itu."
            )
            % {
                "doc": dk.label,
                "d": _fmt(f.request_date),
                "a": _fmt(start),
                "b": _fmt(end) if end else _("tanpa batas"),
            }
        )
        out.append(Check(code, label, ok, reason))
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


def facts_source_label(f: Facts) -> str:
    """Where the Dapodik facts come from, as the reviewer reads it beside each check that uses them."""
    if f.facts_source == "dapodik":
        if f.facts_synced:
            return _("dari impor Dapodik %(d)s") % {"d": _fmt(f.facts_synced)}
        return _("dari impor Dapodik")
    return _("dinyatakan sekolah, belum dari impor Dapodik")


def dapodik_check(f: Facts) -> Check:
    """In Dapodik, and (educators) with a teaching group: the ``needs_dapodik`` flag."""
    needs_rombel = f.is_educator
    ok = f.in_dapodik and (f.has_rombel or not needs_rombel)
    if ok:
        reason = ""
    elif not f.in_dapodik:
        reason = _("PTK belum terdata di Dapodik.")
    else:
        reason = _("PTK belum memiliki rombongan belajar di Dapodik.")
    label = _("Terdata di Dapodik dan memiliki rombel") if needs_rombel else _("Terdata di Dapodik")
    return Check("dapodik", f"{label} ({facts_source_label(f)})", ok, reason)


def has_nuptk_check(f: Facts) -> Check:
    """The ``needs_nuptk`` flag."""
    return Check(
        "has_nuptk",
        _("Memiliki NUPTK"),
        bool(f.nuptk),
        "" if f.nuptk else _("PTK belum memiliki NUPTK; ajukan penerbitan atau klaim NUPTK lebih dulu."),
    )


def no_nuptk_check(f: Facts, hint: str = "") -> Check:
    """The ``needs_no_nuptk`` flag."""
    if not f.nuptk:
        return Check("no_nuptk", _("Belum memiliki NUPTK"), True)
    if hint:
        reason = _("PTK sudah memiliki NUPTK %(n)s; %(hint)s.") % {"n": f.nuptk, "hint": hint}
    else:
        reason = _("PTK sudah memiliki NUPTK %(n)s.") % {"n": f.nuptk}
    return Check("no_nuptk", _("Belum memiliki NUPTK"), False, reason)


def _school_named_checks(f: Facts) -> list[Check]:
    """An SK that does not name the PTK's school (or is not said to) makes its companion paper due."""
    out = []
    reqs = {r.code: r for r in requirements_for(f.kind, f.category)}
    attached = {d.requirement for d in f.docs}
    for d in f.docs:
        dk = DOC_KINDS.get(d.doc_kind)
        due = dk.unless_names_school if dk is not None and not d.requirement.startswith("_") else ""
        if not due or due not in reqs or d.names_school is True or due in attached:
            continue
        r = reqs[due]
        reason = _(
            "%(sk)s tidak (atau belum dinyatakan) menyebut sekolah PTK; lampirkan %(doc)s, atau tandai SK "
            "menyebut sekolah bila memang demikian."
        ) % {"sk": dk.label, "doc": r.label}
        out.append(Check(f"doc:{due}", _("Dokumen: %(doc)s") % {"doc": r.label}, False, reason))
    return out


def _colour_checks(f: Facts) -> list[Check]:
    """A paper that must be a colour scan (KTP) and measured grey-scale is flagged, unless it is a
    legalised photocopy (seed 004: a photocopy legalised by Dukcapil is accepted)."""
    out = []
    for d in f.docs:
        dk = DOC_KINDS.get(d.doc_kind)
        if (
            dk is None
            or not dk.colour
            or d.requirement.startswith("_")
            or d.greyscale is not True
            or d.legalised
        ):
            continue
        reason = _("%(doc)s terdeteksi hitam-putih; unggah scan berwarna dari dokumen asli.") % {
            "doc": dk.label
        }
        out.append(Check(f"colour:{d.requirement}", _("%(doc)s berwarna") % {"doc": dk.label}, False, reason))
    return out


def paper_checks(f: Facts) -> list[Check]:
    """Every required paper attached, of an accepted kind, file type and size; a paper an SK makes
    due (it does not name the school)."""
    return _doc_checks(f) + _school_named_checks(f) + _colour_checks(f)


def _same_body(a: str, b: str) -> bool:
    def norm(x):
        return " ".join((x or "").lower().replace(".", " ").split())

    return bool(norm(a)) and norm(a) == norm(b)


def assignment_checks(f: Facts) -> list[Check]:
    """Seed 003/004 for non-PNS at a private school: SK penugasan for the last 2 years without a
    gap (5 semesters in the same yayasan, even across levels), from the papers attached to the
    request, each naming its yayasan; and 2 years' service since the appointment (the earliest SK
    pengangkatan of the PTK)."""
    papers = [d for d in f.docs if d.doc_kind == "sk_penugasan" and d.school_year is not None and d.file_type]
    yayasan = f.school_yayasan or next(
        (d.issuer for d in sorted(papers, key=lambda d: -d.school_year) if d.issuer), ""
    )
    years = {d.school_year for d in papers if _same_body(d.issuer, yayasan)}
    out = []
    check = assignment_check(years=years, request_date=f.request_date)
    if not check.ok:
        other = sorted({d.school_year for d in papers} - years)
        if other:
            check.reason = _(
                "SK penugasan tahun pelajaran %(m)s tidak dari yayasan %(y)s (atau nama yayasannya belum diisi); "
                "lampirkan SK penugasan dari yayasan yang sama, walaupun beda jenjang."
            ) % {"m": ", ".join(school_year_label(y) for y in other), "y": yayasan or "-"}
    out.append(check)
    starts = [
        sk_date(d)
        for d in f.docs
        if DOC_KINDS.get(d.doc_kind) is not None
        and DOC_KINDS[d.doc_kind].sk_family == APPOINTMENT
        and sk_date(d)
    ]
    appointed = min(starts) if starts else None
    label = _("Masa tugas minimal 2 tahun sejak pengangkatan")
    if appointed is None:
        out.append(
            Check(
                "service_2y",
                label,
                False,
                _("Tanggal SK pengangkatan belum diisi; isi tanggal SK pengangkatan pertama."),
            )
        )
    else:
        try:
            two_years = appointed.replace(year=appointed.year + 2)
        except ValueError:  # 29 February
            two_years = date(appointed.year + 2, 3, 1)
        ok = two_years <= f.request_date
        reason = (
            ""
            if ok
            else _(
                "Diangkat %(d)s, jadi pada tanggal pengajuan %(r)s belum bertugas 2 tahun; ajukan setelah %(t)s."
            )
            % {"d": _fmt(appointed), "r": _fmt(f.request_date), "t": _fmt(two_years)}
        )
        out.append(Check("service_2y", label, ok, reason))
    return out


def sk_checks(f: Facts) -> list[Check]:
    """SK validity at the request date and, where SK penugasan is required, two continuous years in
    the same yayasan and two years since the appointment."""
    out = _sk_validity_checks(f)
    if any(r.code == "sk_penugasan" for r in requirements_for(f.kind, f.category)):
        out.extend(assignment_checks(f))
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
