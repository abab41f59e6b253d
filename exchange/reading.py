"""Reading a Dapodik file (CSV or XLSX) into checked rows. A file that cannot be read at all raises
``FileRefused`` with an Indonesian message and nothing is imported; a row that cannot be used gets
its reasons and is refused alone.

CSV: UTF-8 with or without BOM, else Windows-1252 (Latin-1 for the bytes it leaves undefined);
comma, semicolon or tab separated (read from the header line). XLSX: the first sheet, read-only
(openpyxl), formulas read as their text so they are refused rather than run."""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from padamu.csvsafe import looks_like_formula, unescape_cell
from ptk.validators import validate_nik, validate_nip, validate_nuptk

from . import columns as C

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls
TEXT_FIELDS = ("nama", "tempat_lahir", "nama_ibu_kandung", "rombel", "mapel")
ID_FIELDS = ("nik", "nuptk", "nip", "npsn")


_ID_JUNK = re.compile(r"[\s.'-]")
_NPSN = re.compile(r"\d{8}|[KP]\d{7}|\d{6}")


class FileRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    index: dict  # column key -> cell position
    ignored: list
    rows: list  # [(line number, [cells])]
    fmt: str


@dataclass
class ParsedRow:
    line: int
    values: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)


def max_rows() -> int:
    return getattr(settings, "EXCHANGE_IMPORT_MAX_ROWS", 150_000)


def read_table(data: bytes, *, name: str = "") -> Table:
    if not data.strip():
        raise FileRefused(_("Berkas kosong."))
    if data[:4] == OLE_MAGIC:
        raise FileRefused(
            _("Berkas .xls (Excel lama) tidak didukung. Simpan sebagai .xlsx atau CSV, lalu unggah lagi.")
        )
    if data[:4] == XLSX_MAGIC:
        header, rows = _read_xlsx(data)
        fmt = "xlsx"
    else:
        header, rows = _read_csv(data)
        fmt = "csv"
    index, ignored, missing = C.map_header(header)
    if missing:
        raise FileRefused(
            _(
                "Kolom wajib tidak ditemukan: %(m)s. Baris pertama berkas harus berisi judul kolom "
                "Dapodik (lihat panduan format)."
            )
            % {"m": ", ".join(missing)}
        )
    return Table(index=index, ignored=ignored, rows=rows, fmt=fmt)


def _decode(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise FileRefused(
            _(
                "Berkas bukan CSV teks biasa (mungkin UTF-16 atau berkas biner). Simpan sebagai CSV UTF-8 atau XLSX."
            )
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _read_csv(data: bytes):
    text = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    if first.count(delimiter) == 0:
        raise FileRefused(
            _(
                "Berkas tidak terbaca sebagai CSV: baris judul tidak memuat pemisah kolom (koma atau titik koma)."
            )
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
        rows = []
        limit = max_rows()
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            rows.append((reader.line_num, cells))
            if len(rows) > limit:
                raise FileRefused(_too_many(limit))
    except csv.Error as e:
        raise FileRefused(_("CSV rusak di baris %(n)s: %(e)s") % {"n": reader.line_num, "e": e}) from None
    return header, rows


def _read_xlsx(data: bytes):
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        ws = wb.worksheets[0]
        it = ws.iter_rows(values_only=True)
        header = None
        rows = []
        limit = max_rows()
        for n, cells in enumerate(it, start=1):
            if header is None:
                if any(c not in (None, "") for c in cells):
                    header = list(cells)
                continue
            if not any(c not in (None, "") for c in cells):
                continue
            rows.append((n, list(cells)))
            if len(rows) > limit:
                raise FileRefused(_too_many(limit))
        wb.close()
    except FileRefused:
        raise
    except (zipfile.BadZipFile, InvalidFileException, KeyError, IndexError, ValueError, TypeError, OSError):
        raise FileRefused(
            _("Berkas XLSX rusak atau bukan XLSX. Buka di Excel/LibreOffice, simpan ulang, lalu unggah lagi.")
        ) from None
    if header is None:
        raise FileRefused(_("Lembar pertama berkas XLSX kosong."))
    return header, rows


def _too_many(limit: int) -> str:
    return _(
        "Berkas memuat lebih dari %(n)s baris. Pecah per sekolah atau per kecamatan, lalu impor satu per satu."
    ) % {"n": f"{limit:,}".replace(",", ".")}


# --- rows ----------------------------------------------------------------------------------------


class NikChecker:
    """validate_nik with the region lookup done once per province + kab/kota code (a file of
    100,000 PTK has a few hundred), so checking a file costs a few hundred queries, not 200,000."""

    def __init__(self):
        self.ok_regions: set[str] = set()

    def __call__(self, nik: str, *, birth_date, sex) -> None:
        known = nik[:4] in self.ok_regions
        validate_nik(nik, birth_date=birth_date, sex=sex, regions=not known)
        self.ok_regions.add(nik[:4])


def _cell(cells, index, key):
    i = index.get(key)
    if i is None or i >= len(cells):
        return None
    return cells[i]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    s = " ".join(str(value).split())
    return unescape_cell(s) if s.startswith("'") else s


FORMULA_KEYS = (
    TEXT_FIELDS
    + ID_FIELDS
    + ("jenis_kelamin", "status_kepegawaian", "jenis_ptk", "pendidikan_terakhir", "jam")
)


def _is_formula(value) -> bool:
    """``looks_like_formula(unescape_cell(value.strip()))`` for a str cell, with the common case (a
    cell that starts with a letter or digit) answered without the calls."""
    if not isinstance(value, str):
        return False
    s = value.strip()
    if not s or s[0] not in "=+-@'":
        return False
    return looks_like_formula(unescape_cell(s))


def _id(value) -> str:
    """An identifier cell without blanks, dots, apostrophes and dashes (a plain digit string as is)."""
    if isinstance(value, str) and value.isdigit():
        return value
    return _ID_JUNK.sub("", _text(value))


def _place(value) -> str:
    return _text(value)[:100]


class RowParser:
    """Checks the rows of one file. The cells of the low-variety columns (sex, status, jenis PTK,
    education, NPSN, induk, rombel/semester/hours, birth place, birth date) are parsed once per
    distinct value: a file of 100,000 PTK has a few hundred of each, so most of a row's checks are
    dictionary look-ups. Same values and the same messages in the same order as checking each cell."""

    def __init__(self, index: dict, *, today: date, check_nik: NikChecker):
        self.index = index
        self.items = list(index.items())
        self.today = today
        self.check_nik = check_nik
        self.formula_cols = [k for k in FORMULA_KEYS if k in index]
        self.number_cols = [k for k in ("nik", "nuptk", "nip") if k in index]
        self.id_cols = [k for k in ("nik", "nuptk", "nip") if k in index]
        self.has_staff = ("status_kepegawaian" in index, "jenis_ptk" in index)
        self.memo: dict = {}

    def _memo(self, what: str, raw, fn):
        """``fn(raw)``, remembered. Text cells are keys as they are; other cells by type and repr
        (1, 1.0 and True are equal keys in a dict but do not give the same message)."""
        if isinstance(raw, tuple):
            key = (what, tuple(x if x.__class__ is str else (x.__class__, repr(x)) for x in raw))
        else:
            key = (what, raw if raw.__class__ is str else (raw.__class__, repr(raw)))
        try:
            return self.memo[key]
        except KeyError:
            out = self.memo[key] = fn(raw)
            return out

    def _sex(self, raw):
        return C.parse_sex(_text(raw))

    def _birth(self, raw):
        birth = C.parse_date(raw)
        if birth is None:
            return None, _("Tanggal lahir tidak terbaca (tulis TTTT-BB-HH atau HH-BB-TTTT).")
        if not (date(1900, 1, 1) < birth < self.today):
            return None, _("Tanggal lahir tidak masuk akal: %(d)s.") % {"d": birth.strftime("%d-%m-%Y")}
        return birth, None

    def _staff(self, raws):
        """(values, errors) of status kepegawaian, jenis PTK, education, NPSN and induk."""
        status, ptk_type, education, npsn_raw, induk_raw = raws
        has = self.has_staff
        v, errors = {}, []
        if has[0] and _text(status):
            v["employment_status"] = C.parse_employment(_text(status))
            if v["employment_status"] is None:
                errors.append(C.bad_choice_message("status_kepegawaian", status))
        if has[1] and _text(ptk_type):
            v["ptk_type"] = C.parse_ptk_type(_text(ptk_type))
            if v["ptk_type"] is None:
                errors.append(C.bad_choice_message("jenis_ptk", ptk_type))
        q = C.parse_qualification(_text(education))
        if q is None:
            errors.append(C.bad_choice_message("pendidikan_terakhir", education))
        v["qualification"] = q or ""
        v["npsn"] = re.sub(r"\s", "", _text(npsn_raw)).upper()
        if not _NPSN.fullmatch(v["npsn"]):
            errors.append(_("NPSN tidak valid: %(n)s.") % {"n": v["npsn"][:12] or "-"})
        induk = C.parse_induk(_text(induk_raw))
        if induk is None:
            errors.append(C.bad_choice_message("ptk_induk", induk_raw))
        v["induk"] = induk if induk is not None else True
        return v, errors

    def _rombel(self, raws):
        """(values, errors) of rombel, mapel, hours, school year and semester."""
        rombel_raw, mapel_raw, jam_raw, year_raw, sem_raw = raws
        v, errors = {}, []
        rombel = _text(rombel_raw)[:100]
        subject = _text(mapel_raw)[:150]
        hours_text = _text(jam_raw)
        if rombel:
            sem = C.parse_semester(_text(year_raw), _text(sem_raw), self.today)
            if sem is None:
                errors.append(
                    _("Tahun ajaran/semester tidak terbaca (contoh: 2025/2026 dan 1, atau semester 20251).")
                )
            hours = int(hours_text) if hours_text.isdigit() else (0 if not hours_text else None)
            if hours is None or hours > 60:
                errors.append(_("Jam per minggu harus angka 0 sampai 60."))
            v["rombel"] = (sem, rombel, subject, hours or 0) if sem else None
        elif subject or hours_text not in ("", "0"):
            errors.append(_("Mata pelajaran atau jam diisi tetapi nama rombel kosong."))
        return v, errors

    def __call__(self, line: int, cells) -> ParsedRow:
        row = ParsedRow(line=line)
        errors = row.errors
        err = errors.append
        v = row.values
        n = len(cells)
        raw = {k: (cells[i] if i < n else None) for k, i in self.items}
        for k in self.formula_cols:
            if _is_formula(raw[k]):
                err(
                    _(
                        "Kolom %(c)s berisi rumus spreadsheet (diawali =, +, -, @): tidak diterima. Tulis isinya sebagai teks biasa."
                    )
                    % {"c": C.BY_KEY[k].header}
                )
                return row
        for k in self.number_cols:
            if isinstance(raw[k], int | float) and raw[k] not in (None, ""):
                err(
                    _(
                        "%(c)s tersimpan sebagai angka di Excel (angka terakhir bisa berubah). Format kolom %(c)s sebagai Teks."
                    )
                    % {"c": C.BY_KEY[k].header}
                )
        name = _text(raw.get("nama"))
        if not name:
            err(_("Nama kosong."))
        elif len(name) > 150:
            err(_("Nama terlalu panjang (lebih dari 150 huruf)."))
        v["name"] = name
        memo = self._memo
        sex = memo("sex", raw.get("jenis_kelamin"), self._sex)
        if sex is None:
            err(_("Jenis kelamin harus L atau P."))
        v["sex"] = sex
        birth, why = memo("birth", raw.get("tanggal_lahir"), self._birth)
        if why:
            err(why)
        v["birth_date"] = birth
        if "tempat_lahir" in raw:
            v["birth_place"] = memo("place", raw["tempat_lahir"], _place)
        if "nama_ibu_kandung" in raw:
            v["mother_name"] = _text(raw["nama_ibu_kandung"])[:150]
        ids = {k: _id(raw[k]) for k in self.id_cols}
        if ids.get("nik"):
            try:
                self.check_nik(ids["nik"], birth_date=birth, sex=sex)
            except ValidationError as e:
                errors.extend(e.messages)
        if ids.get("nuptk"):
            try:
                validate_nuptk(ids["nuptk"])
            except ValidationError as e:
                errors.extend(e.messages)
        if ids.get("nip"):
            try:
                validate_nip(ids["nip"], birth_date=birth, sex=sex)
            except ValidationError as e:
                errors.extend(e.messages)
        for k in self.id_cols:
            v[k] = ids[k] or ("" if k == "nip" else None)
        get = raw.get
        staff = (
            get("status_kepegawaian"),
            get("jenis_ptk"),
            get("pendidikan_terakhir"),
            get("npsn"),
            get("ptk_induk"),
        )
        values, why = memo("staff", staff, self._staff)
        v.update(values)
        errors.extend(why)
        rombel = (get("rombel"), get("mapel"), get("jam"), get("tahun_ajaran"), get("semester"))
        values, why = memo("rombel", rombel, self._rombel)
        v.update(values)
        errors.extend(why)
        if not (v.get("nik") or v.get("nuptk") or (name and birth and v.get("mother_name"))):
            err(_("Baris tidak dapat dikenali: isi NIK, NUPTK, atau nama ibu kandung."))
        return row


def parse_row(line: int, cells, index: dict, *, today: date, check_nik: NikChecker) -> ParsedRow:
    """One row checked on its own (``RowParser`` checks the rows of a file)."""
    return RowParser(index, today=today, check_nik=check_nik)(line, cells)
