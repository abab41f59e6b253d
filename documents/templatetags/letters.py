"""Filters for letter templates: Indonesian dates and dotted blanks for empty form fields."""

from datetime import date, datetime

from django import template
from django.utils import timezone

register = template.Library()

MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
BLANK = "." * 40


def _as_date(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return _as_date(datetime.fromisoformat(value))
        except ValueError:
            return None
    return None


@register.filter
def tanggal(value):
    """'2026-11-23' or a date/datetime -> '23 November 2026'; anything else as is."""
    d = _as_date(value)
    if d is None:
        return value or ""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


@register.filter
def tanggal_bahasa(value):
    """A date in the page's active language: '7 Desember 2026', or '7 December 2026' in English.
    For web pages (the /v/ verification page); letters stay Indonesian (``tanggal``)."""
    from django.utils.translation import get_language

    d = _as_date(value)
    if d is None:
        return value or ""
    months = MONTHS_EN if (get_language() or "").startswith("en") else MONTHS
    return f"{d.day} {months[d.month - 1]} {d.year}"


@register.filter
def jam(value):
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%H.%M")
    return ""


@register.filter
def isi(value, width=40):
    """The value, or a dotted line to fill in by hand on a blank form."""
    if value in (None, "", [], {}):
        return "." * int(width)
    return value


@register.filter
def sex_label(value):
    return {"L": "Laki-laki", "P": "Perempuan"}.get(value, value)


# Printed names of the master fields a perbaikan data master changes (older letters stored only the
# field's code; newer ones carry its label).
CHANGE_LABELS = {
    "name": "Nama lengkap",
    "nik": "NIK",
    "birth_place": "Tempat lahir",
    "birth_date": "Tanggal lahir",
    "sex": "Jenis kelamin",
    "mother_name": "Nama ibu kandung",
}


@register.filter
def change_label(change):
    label = change.get("label") if isinstance(change, dict) else ""
    field = change.get("field", "") if isinstance(change, dict) else str(change)
    return label or CHANGE_LABELS.get(field, field)


@register.filter
def change_value(value, field):
    """A changed value as a person reads it: dates in Indonesian, sex spelled out."""
    if field == "sex" or value in ("L", "P"):
        return sex_label(value)
    if field == "birth_date" or (isinstance(value, str) and len(value) == 10 and value[4:5] == "-"):
        return tanggal(value)
    return value


@register.filter
def nip(value):
    """An 18-digit NIP grouped as printed on Indonesian letters: birth date, appointment month,
    sex, sequence ('19700312 199512 2 001'); anything else as is."""
    v = str(value or "")
    if len(v) == 18 and v.isdigit():
        return f"{v[:8]} {v[8:14]} {v[14]} {v[15:]}"
    return v
