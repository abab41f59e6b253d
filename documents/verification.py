"""What the public verification page (/v/) shows about a letter: the facts the letter certifies
(never secrets or personal data beyond them), its issuer, signer and date, and whether it was
voided or superseded by a later letter of the same kind about the same subject."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import Letter

# code -> (label, dotted path into the letter's data). Only what the letter exists to certify; a
# confidential letter (S01, S02) certifies nothing here: its content is secret.
CERTIFIES = {
    "S06": ((_("Kode ajuan"), "request.code"),),
    "S09": ((_("Kode ajuan"), "request.code"),),
    "S10": ((_("Kode ajuan"), "items.*.code"),),  # one code, or every code of a batch pengantar
    "S11": ((_("NUPTK yang diterbitkan"), "request.nuptk"), (_("Kode ajuan"), "request.code"),
            (_("Tanggal terbit NUPTK"), "approved_at")),
    "S12": ((_("Kode ajuan"), "request.code"),),
    "S13": ((_("Kode ajuan"), "request.code"), (_("Tanggal persetujuan"), "approved_at"),
            (_("Data yang diubah"), "request.changes")),
    "S08": ((_("Status"), "status"), (_("Berlaku untuk"), "semester")),
    "S18": ((_("Sekolah yang dipimpin"), "appointment.school_name"),),
    "S19": ((_("Wilayah binaan"), "supervisor.area"),),
    "SM03": ((_("Sekolah induk tujuan"), "mutation.to_school"),),
}  # fmt: skip


def _get(data, path: str):
    head, star, tail = path.partition(".*.")
    if star:  # every element of a list: "items.*.code"
        return [v for v in (_get(x, tail) for x in (_get(data, head) or [])) if v]
    for part in path.split("."):
        if isinstance(data, list):
            data = data[int(part)] if part.isdigit() and int(part) < len(data) else None
        elif isinstance(data, dict):
            data = data.get(part)
        else:
            return None
    return data


def _shown(path: str, value) -> str:
    from .templatetags.letters import change_label, tanggal_bahasa

    if path == "request.changes":
        return ", ".join(str(change_label(c)) for c in value or [])
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if path.endswith("_at") or path.endswith("_on"):
        return tanggal_bahasa(value)  # the page's language: /v/ is read in English too
    return str(value or "")


def certified_facts(letter: Letter) -> list[tuple[str, str]]:
    if letter.confidential:
        return []
    out = []
    for label, path in CERTIFIES.get(letter.code, ()):
        value = _shown(path, _get(letter.data, path))
        if value:
            out.append((label, value))
    return out


@dataclass
class LetterStatus:
    voided: bool
    superseded_by: Letter | None


def letter_status(letter: Letter) -> LetterStatus:
    """Voided by its issuer, or superseded: a later letter of the same code about the same subject
    from the same institution (a new activation code, a new print of a changed form, a new round)."""
    later = None
    if letter.subject_id:
        later = (
            Letter.objects.filter(
                code=letter.code,
                institution_id=letter.institution_id,
                subject_type=letter.subject_type,
                subject_id=letter.subject_id,
                issued_at__gt=letter.issued_at,
                voided_at__isnull=True,
            )
            .only("number", "issued_at")
            .order_by("issued_at", "pk")
            .first()
        )
    return LetterStatus(voided=letter.voided_at is not None, superseded_by=later)
