"""Identifier checks for a PTK record (domain.md section 1). Each raises ValidationError with an
Indonesian message. Format checks need no database; the NIK region check reads accounts' regions."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DIGITS16 = re.compile(r"^\d{16}$")
DIGITS18 = re.compile(r"^\d{18}$")
PPPK_MARK = "21"  # NIP of a PPPK: the appointment part is the year followed by "21"


def validate_nuptk(value: str) -> None:
    """NUPTK: exactly 16 digits. The digits are scrambled, so there is no checksum to verify."""
    if not DIGITS16.match(value or ""):
        raise ValidationError(_("NUPTK harus terdiri dari tepat 16 angka."), code="nuptk")


def _nik_date(nik: str) -> tuple[date | None, str]:
    """The birth date and sex encoded in a NIK (None when the date part is impossible)."""
    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    sex = "L"
    if day > 40:
        day, sex = day - 40, "P"
    # The century is not written down: take the latest year that is not in the future.
    this_year = date.today().year
    year = 2000 + yy if 2000 + yy <= this_year else 1900 + yy
    try:
        return date(year, month, day), sex
    except ValueError:
        return None, sex


def validate_nik(value: str, *, birth_date: date | None = None, sex: str | None = None, regions=True) -> None:
    """NIK: PP KK CC DDMMYY SSSS. Checks the digits, the province (and kab/kota when the region
    table holds that province's kab/kota), the date part (+40 for women), and that it matches the
    given birth date and sex. Kecamatan codes are not enforced: a NIK keeps the code of the
    kecamatan where it was issued, even after that kecamatan was split or renamed."""
    v = value or ""
    if not DIGITS16.match(v):
        raise ValidationError(_("NIK harus terdiri dari tepat 16 angka."), code="nik_format")
    errors = []
    if regions:
        from accounts.models import Province, Regency

        prov = v[:2]
        if not Province.objects.filter(code=prov).exists():
            errors.append(
                ValidationError(
                    _("NIK tidak valid: kode provinsi %(p)s tidak dikenal.") % {"p": prov}, code="nik_prov"
                )
            )
        else:
            reg = f"{v[:2]}.{v[2:4]}"
            if (
                Regency.objects.filter(province_id=prov).exists()
                and not Regency.objects.filter(code=reg).exists()
            ):
                errors.append(
                    ValidationError(
                        _("NIK tidak valid: kode kabupaten/kota %(k)s tidak dikenal.") % {"k": reg},
                        code="nik_regency",
                    )
                )
    nik_birth, nik_sex = _nik_date(v)
    if nik_birth is None:
        errors.append(
            ValidationError(
                _(
                    "NIK tidak valid: angka ke-7 sampai ke-12 harus tanggal lahir DDMMYY (perempuan: tanggal + 40)."
                ),
                code="nik_date",
            )
        )
    else:
        if birth_date is not None and (
            nik_birth.day != birth_date.day
            or nik_birth.month != birth_date.month
            or nik_birth.year % 100 != birth_date.year % 100
        ):
            errors.append(
                ValidationError(
                    _("NIK tidak cocok dengan tanggal lahir %(d)s.") % {"d": birth_date.strftime("%d-%m-%Y")},
                    code="nik_birth",
                )
            )
        if sex and sex != nik_sex:
            errors.append(
                ValidationError(
                    _(
                        "NIK tidak cocok dengan jenis kelamin (untuk perempuan tanggal lahir pada NIK ditambah 40)."
                    ),
                    code="nik_sex",
                )
            )
    if v[12:] == "0000":
        errors.append(ValidationError(_("NIK tidak valid: nomor urut tidak boleh 0000."), code="nik_seq"))
    if errors:
        raise ValidationError(errors)


def validate_nip(value: str, *, birth_date: date | None = None, sex: str | None = None) -> None:
    """NIP (Perka BKN 43/2007): YYYYMMDD birth date, YYYYMM first appointment (PPPK: YYYY21),
    sex digit (1 male, 2 female), 3-digit sequence."""
    v = value or ""
    if not DIGITS18.match(v):
        raise ValidationError(_("NIP harus terdiri dari tepat 18 angka."), code="nip_format")
    errors = []
    try:
        nip_birth = date(int(v[0:4]), int(v[4:6]), int(v[6:8]))
    except ValueError:
        nip_birth = None
        errors.append(
            ValidationError(
                _("NIP tidak valid: 8 angka pertama harus tanggal lahir (TTTTBBHH)."), code="nip_date"
            )
        )
    appt_year, appt_month = int(v[8:12]), v[12:14]
    if not (appt_month == PPPK_MARK or 1 <= int(appt_month) <= 12):
        errors.append(
            ValidationError(
                _(
                    "NIP tidak valid: angka ke-9 sampai ke-14 harus tahun dan bulan pengangkatan (PPPK: tahun + 21)."
                ),
                code="nip_appointment",
            )
        )
    elif nip_birth is not None and appt_year < nip_birth.year + 15:
        errors.append(
            ValidationError(
                _("NIP tidak valid: tahun pengangkatan terlalu dekat dengan tahun lahir."),
                code="nip_appointment",
            )
        )
    if v[14] not in "12":
        errors.append(
            ValidationError(
                _("NIP tidak valid: angka ke-15 harus 1 (laki-laki) atau 2 (perempuan)."), code="nip_sex"
            )
        )
    elif sex and {"1": "L", "2": "P"}[v[14]] != sex:
        errors.append(ValidationError(_("NIP tidak cocok dengan jenis kelamin."), code="nip_sex"))
    if v[15:] == "000":
        errors.append(ValidationError(_("NIP tidak valid: nomor urut tidak boleh 000."), code="nip_seq"))
    if birth_date is not None and nip_birth is not None and nip_birth != birth_date:
        errors.append(
            ValidationError(
                _("NIP tidak cocok dengan tanggal lahir %(d)s.") % {"d": birth_date.strftime("%d-%m-%Y")},
                code="nip_birth",
            )
        )
    if errors:
        raise ValidationError(errors)


def is_pppk_nip(value: str) -> bool:
    return bool(DIGITS18.match(value or "")) and value[12:14] == PPPK_MARK


PHONE_SEPARATORS = re.compile(r"[\s().-]")
PHONE = re.compile(r"^0[1-9]\d{7,12}$")
POSTAL_CODE = re.compile(r"^[1-9]\d{4}$")


def normalize_phone(value: str) -> str:
    """An Indonesian phone number as digits starting with 0: '+62 812-3456-7890' -> '081234567890'.
    Spaces, dashes, dots and brackets are dropped; +62/62 becomes 0."""
    v = PHONE_SEPARATORS.sub("", value or "")
    if v.startswith("+62"):
        v = "0" + v[3:]
    elif v.startswith("62") and len(v) > 10:
        v = "0" + v[2:]
    return v


def validate_phone(value: str) -> None:
    """A mobile or fixed-line number of Indonesia: 9 to 13 digits after normalising, starting 0."""
    if value and not PHONE.match(normalize_phone(value)):
        raise ValidationError(
            _(
                "Nomor telepon tidak dikenali. Tulis seperti 0812 3456 7890 atau +62 812 3456 7890 (9-13 angka)."
            ),
            code="phone",
        )


def validate_postal_code(value: str) -> None:
    """A kode pos: five digits, not starting with 0."""
    if value and not POSTAL_CODE.match(value.strip()):
        raise ValidationError(_("Kode pos terdiri dari 5 angka, misalnya 55281."), code="postal_code")
