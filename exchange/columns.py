"""The columns of a Dapodik PTK file (docs/dapodik.md): the header our exports write, the header
variants an import accepts, and how a cell becomes a value."""

import re
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _

from ptk.models import EmploymentStatus, PtkType, Qualification

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def header_key(text) -> str:
    """'Tanggal Lahir', 'tgl_lahir', ' TANGGAL-LAHIR ' -> 'tanggal lahir' / 'tgl lahir'."""
    return " ".join(_NON_ALNUM.sub(" ", str(text or "").lower()).split())


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # what our export writes (Dapodik's own wording)
    synonyms: tuple = ()
    required: bool = False

    @property
    def accepted(self) -> set:
        return {header_key(self.header), header_key(self.key), *(header_key(s) for s in self.synonyms)}


COLUMNS = (
    Column("nama", "Nama", ("nama lengkap", "nama ptk", "nama gtk", "nama guru", "nama tanpa gelar"), True),
    Column("nik", "NIK", ("no ktp", "nomor ktp", "nomor induk kependudukan", "nik no passport")),
    Column("nuptk", "NUPTK", ("no nuptk", "nomor nuptk")),
    Column("nip", "NIP", ("nip baru", "no nip", "nomor induk pegawai")),
    Column("jenis_kelamin", "Jenis Kelamin", ("jk", "l p", "kelamin", "gender"), True),
    Column("tempat_lahir", "Tempat Lahir", ("tmp lahir", "tempat")),
    Column(
        "tanggal_lahir",
        "Tanggal Lahir",
        ("tgl lahir", "tgl_lahir", "tanggal_lahir", "tanggal lahir ptk"),
        True,
    ),
    Column("nama_ibu_kandung", "Nama Ibu Kandung", ("ibu kandung", "nama ibu", "nama_ibu")),
    Column(
        "status_kepegawaian",
        "Status Kepegawaian",
        ("status kepegawaian id", "status pegawai", "status_kepegawaian_id"),
    ),
    Column("jenis_ptk", "Jenis PTK", ("jenis ptk id", "jenis gtk", "jenis_ptk_id")),
    Column(
        "pendidikan_terakhir",
        "Pendidikan Terakhir",
        ("pendidikan", "kualifikasi", "jenjang pendidikan", "ijazah terakhir", "pendidikan_terakhir"),
        True,
    ),
    Column("npsn", "NPSN", ("npsn sekolah", "npsn_sekolah"), True),
    Column("ptk_induk", "PTK Induk", ("sekolah induk", "induk", "ptk_induk", "status induk")),
    Column("tahun_ajaran", "Tahun Ajaran", ("tahun pelajaran", "tahun ajaran id", "tahun_ajaran_id")),
    Column("semester", "Semester", ("semester id", "semester_id")),
    Column("rombel", "Rombel", ("nama rombel", "rombongan belajar", "kelas", "rombel diampu"), True),
    Column("mapel", "Mata Pelajaran", ("mapel", "nama mapel", "mata pelajaran diampu")),
    Column("jam", "Jam Per Minggu", ("jam", "jjm", "jam mengajar", "jumlah jam", "jam mengajar per minggu")),
)
BY_KEY = {c.key: c for c in COLUMNS}
EXPORT_HEADER = [c.header for c in COLUMNS]


def map_header(cells) -> tuple[dict, list, list]:
    """(column key -> cell index, ignored headers, missing required columns)."""
    lookup = {}
    for c in COLUMNS:
        for h in c.accepted:
            lookup[h] = c.key
    index, ignored = {}, []
    for i, cell in enumerate(cells):
        k = lookup.get(header_key(cell))
        if k and k not in index:
            index[k] = i
        elif str(cell or "").strip():
            ignored.append(str(cell).strip()[:60])
    missing = [BY_KEY[k].header for k in (c.key for c in COLUMNS if c.required) if k not in index]
    return index, ignored, missing


# --- cell values ---------------------------------------------------------------------------------

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "pebruari": 2, "maret": 3, "mar": 3, "april": 4,
    "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "agustus": 8, "agu": 8, "agt": 8,
    "aug": 8, "september": 9, "sep": 9, "oktober": 10, "okt": 10, "oct": 10, "november": 11, "nov": 11,
    "nop": 11, "desember": 12, "des": 12, "dec": 12, "may": 5,
}  # fmt: skip


def parse_date(value) -> date | None:
    """ISO (2025-01-31), Indonesian order (31-01-2025, 31/01/2025, 31.01.2025), '31 Januari 2025',
    or a spreadsheet date cell. None when it is none of these."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    s = str(value or "").strip()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?", s)
    try:
        if m:
            return date(int(m[1]), int(m[2]), int(m[3]))
        m = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", s)
        if m:
            return date(int(m[3]), int(m[2]), int(m[1]))
        m = re.fullmatch(r"(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})", s)
        if m and m[2].lower() in MONTHS:
            return date(int(m[3]), MONTHS[m[2].lower()], int(m[1]))
    except ValueError:
        return None
    return None


def parse_sex(value: str) -> str | None:
    if value in ("L", "P"):
        return value
    v = header_key(value)
    if v in ("l", "laki laki", "laki", "pria", "1", "male", "m"):
        return "L"
    if v in ("p", "perempuan", "wanita", "2", "female", "f"):
        return "P"
    return None


def _lookup(choices) -> dict:
    """Dapodik id (as text) or label (any case/spacing) -> value."""
    out = {str(int(v)): int(v) for v in choices.values}
    out.update({header_key(label): int(v) for v, label in choices.choices})
    return out


_EMPLOYMENT = _lookup(EmploymentStatus)
_QUALIFICATIONS = frozenset(Qualification.values)
_PTK_TYPE = _lookup(PtkType)


def _choice(value: str, table: dict) -> int | None:
    v = str(value or "").strip()
    found = table.get(v)
    return found if found is not None else table.get(header_key(v))


def parse_employment(value: str) -> int | None:
    return _choice(value, _EMPLOYMENT)


def parse_ptk_type(value: str) -> int | None:
    return _choice(value, _PTK_TYPE)


QUALIFICATION_ALIASES = {
    "sd": "SD", "sd sederajat": "SD", "smp": "SMP", "smp sederajat": "SMP", "sltp": "SMP",
    "sma": "SMA", "sma sederajat": "SMA", "slta": "SMA", "smk": "SMA", "ma": "SMA",
    "d1": "D1", "d i": "D1", "d 1": "D1", "d2": "D2", "d ii": "D2", "d 2": "D2",
    "d3": "D3", "d iii": "D3", "d 3": "D3", "d4": "D4", "d iv": "D4", "d 4": "D4",
    "s1": "S1", "s 1": "S1", "sarjana": "S1", "s2": "S2", "s 2": "S2", "magister": "S2",
    "s3": "S3", "s 3": "S3", "doktor": "S3",
}  # fmt: skip


def parse_qualification(value: str) -> str | None:
    """'' for an empty cell (Dapodik records none), a Qualification value, or None (not understood)."""
    if value in _QUALIFICATIONS:
        return value
    key = header_key(value)
    if not key:
        return ""
    q = QUALIFICATION_ALIASES.get(key)
    if q is None:
        for val, label in Qualification.choices:
            if header_key(label) == key:
                q = val
    return q


def parse_induk(value: str) -> bool | None:
    if value in ("1", "0"):
        return value == "1"
    v = header_key(value)
    if v in ("", "1", "ya", "y", "true", "induk"):
        return True
    if v in ("0", "tidak", "t", "bukan", "false", "non induk"):
        return False
    return None


def parse_semester(year_cell: str, semester_cell: str, today: date) -> tuple[str, int] | None:
    """(school year 'YYYY/YYYY', 1|2) from Dapodik's 'tahun ajaran' ('2025/2026' or '2025') and
    'semester' ('20251', '1', '2', 'ganjil', 'genap'); empty cells mean the semester of ``today``."""
    y, s = str(year_cell or "").strip(), header_key(semester_cell)
    sem = None
    m = re.fullmatch(r"(\d{4})([12])", s)
    if m:
        y, sem = y or m[1], int(m[2])
    elif s in ("1", "ganjil"):
        sem = 1
    elif s in ("2", "genap"):
        sem = 2
    elif s:
        return None
    if not y:
        start = today.year if today.month >= 7 else today.year - 1
        y = f"{start}/{start + 1}"
        sem = sem or (1 if today.month >= 7 else 2)
    elif re.fullmatch(r"\d{4}", y):
        y = f"{y}/{int(y) + 1}"
    elif not re.fullmatch(r"\d{4}/\d{4}", y) or int(y[5:]) != int(y[:4]) + 1:
        return None
    return y, sem or 1


def bad_choice_message(column: str, value) -> str:
    return _("Nilai kolom %(c)s tidak dikenal: %(v)s.") % {"c": BY_KEY[column].header, "v": str(value)[:40]}
