"""Entry of a PTK record (A01/A05), with the duplicate check."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from accounts.models import Institution, User

from ..models import (
    CONTACT_FIELDS,
    MASTER_FIELDS,
    STAFFING_FIELDS,
    Ptk,
    PtkChange,
    PtkSchool,
)
from ..selectors import ptk_find_duplicates
from .identifiers import pegid_candidate, pegid_generate
from .versioning import Diff, _display, _field_label, _record

ENTRY_FIELDS = MASTER_FIELDS + CONTACT_FIELDS + STAFFING_FIELDS + ("nuptk",)


# --- entry (A01/A05) --------------------------------------------------------------------------


def _lock_identity(name: str, birth_date) -> None:
    """Serialise entries of the same person (same normalised name and birth date) until commit, so
    two operators typing the same A05 at once cannot both pass the duplicate check. The NIK rule is
    also guarded by its unique index; this covers the name + birth date + mother's name rule."""
    if connection.vendor != "postgresql":
        return  # SQLite serialises writers already
    key = f"{' '.join((name or '').lower().split())}|{birth_date}".encode()
    lock_id = int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big", signed=True)
    with connection.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", [lock_id])


def _duplicate_error(dupes) -> ValidationError:
    d = dupes[0]
    return ValidationError(
        _(
            "PTK ini sudah terdaftar: %(name)s (lahir %(birth)s) di %(school)s (NPSN %(npsn)s). "
            "Entri dihentikan agar tidak ada data ganda. Bila PTK ini pindah ke sekolah Anda, "
            "ajukan mutasi; bila datanya salah, ajukan perbaikan data."
        )
        % {
            "name": d.name,
            "birth": d.birth_date.strftime("%d-%m-%Y"),
            "school": d.school.name,
            "npsn": d.school.npsn or "-",
        },
        code="duplicate",
    )


@transaction.atomic
def ptk_enter(
    *,
    school: Institution,
    actor: User | None,
    role,
    form: str = "A05",
    pegid_source=pegid_candidate,
    **fields,
) -> Ptk:
    """The school operator enters a PTK from form A05 (new PTK, no NUPTK: gets a PegID) or A01
    (an NUPTK holder). Stops on a duplicate (same NIK; same name + birth date + mother's name).
    A06: the Dinas enters a new school supervisor (pengawas), who belongs to the Dinas, not to a
    school: the Dinas is the record's home and its scope key (nuptk/kinds/pengawas.py)."""
    unknown = set(fields) - set(ENTRY_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    from accounts.coverage import parent_for
    from accounts.policy import DINAS_KINDS

    supervisor = form == "A06" and school.kind in DINAS_KINDS
    if not school.is_school and not supervisor:
        raise ValidationError(_("PTK hanya dapat dientri oleh sekolah."))
    if supervisor:
        qa = parent_for(school)
        dinas_id, qa_office_id = school.pk, (qa.pk if qa else None)
    else:
        dinas_id, qa_office_id = school.dinas_id, school.qa_office_id
    fields = {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()}
    for k in ("nik", "nuptk"):
        if not fields.get(k):
            fields[k] = None
    _lock_identity(fields.get("name", ""), fields.get("birth_date"))
    dupes = ptk_find_duplicates(
        nik=fields.get("nik"),
        nuptk=fields.get("nuptk"),
        name=fields.get("name", ""),
        birth_date=fields.get("birth_date"),
        mother_name=fields.get("mother_name", ""),
    )
    if dupes:
        raise _duplicate_error(dupes)
    ptk = Ptk(
        **fields,
        school=school,
        dinas_id=dinas_id,
        qa_office_id=qa_office_id,
        entry_form="A01" if fields.get("nuptk") else form,
        entered_by=actor,
    )
    for attempt in range(5):
        if not ptk.nuptk:
            ptk.pegid = pegid_generate(candidate=pegid_source)
        # A PegID we generated is guarded by its unique constraint: another entry may take the same
        # candidate between the check and the save, and the save below then retries with a new one
        # (full_clean's own unique check would refuse the operator with "PegID telah ada" instead).
        ptk.full_clean(exclude=None if ptk.nuptk else ["pegid"])
        try:
            with transaction.atomic():
                ptk.save()
            break
        except IntegrityError:
            dupes = ptk_find_duplicates(
                nik=ptk.nik,
                nuptk=ptk.nuptk,
                name=ptk.name,
                birth_date=ptk.birth_date,
                mother_name=ptk.mother_name,
            )
            if dupes:
                raise _duplicate_error(dupes) from None
            if attempt == 4:
                raise
            ptk.pk = None
    PtkSchool.objects.create(
        ptk=ptk, school=school, dinas_id=dinas_id, qa_office_id=qa_office_id, is_home=True
    )
    fields_done = [f for f in ENTRY_FIELDS + ("pegid",) if _display(ptk, f)]
    _record(
        ptk=ptk,
        table="ptk",
        action=PtkChange.Action.CREATE,
        diffs=[Diff(f, _field_label(Ptk, f), "", _display(ptk, f)) for f in fields_done],
        actor=actor,
        role=role,
        row=ptk,
    )
    return ptk
