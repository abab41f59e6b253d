"""Effects of a request's final approval, by name (``KindSpec.effect``). Each runs inside the
approving transaction, after the row lock, and returns what the approval records (e.g. the NUPTK).
They write through the ptk app's services when those exist, else through the minimal fallbacks
below (noted in docs/workflow-nuptk.md)."""

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ptk.models import NuptkStatus, Ptk

from .models import NuptkNumber


def _random_nuptk() -> str:
    return str(10**15 + secrets.randbelow(9 * 10**15))


def nuptk_allocate(*, ptk: Ptk, submission=None, source: str = "issued", number: str | None = None) -> str:
    """Reserve a never-used NUPTK. The registry's primary key serialises concurrent issuers: a second
    transaction inserting the same number waits for the first and then fails, and we draw again."""
    for _attempt in range(50):
        n = number or _random_nuptk()
        try:
            with transaction.atomic():
                NuptkNumber.objects.create(number=n, ptk=ptk, source=source, submission=submission)
        except IntegrityError:
            if number:
                raise ValidationError(_("NUPTK %(n)s sudah tercatat untuk PTK lain.") % {"n": n}) from None
            continue
        if number is None and Ptk.objects.filter(nuptk=n).exclude(pk=ptk.pk).exists():
            continue  # an old number held outside the registry: keep it reserved, draw again
        return n
    raise ValidationError(_("Gagal membuat NUPTK baru; coba lagi."))


def _lock_ptk(sub) -> Ptk:
    return Ptk.objects.select_for_update().get(pk=sub.ptk_id)


def _set_nuptk(ptk: Ptk, *, nuptk, status, actor, role) -> None:
    """Through ptk.services.ptk_set_nuptk (versioned in the PTK history) when it exists."""
    try:
        from ptk.services import ptk_set_nuptk
    except ImportError:
        ptk_set_nuptk = None
    if ptk_set_nuptk is not None:
        ptk_set_nuptk(ptk=ptk, nuptk=nuptk, status=status, actor=actor, role=role)
        ptk.refresh_from_db()
        return
    ptk.nuptk, ptk.nuptk_status = nuptk, status
    ptk.save(update_fields=["nuptk", "nuptk_status", "updated_at"])


def issue_nuptk(sub, *, actor, role) -> dict:
    ptk = _lock_ptk(sub)
    if ptk.nuptk:
        raise ValidationError(_("PTK ini sudah memiliki NUPTK %(n)s.") % {"n": ptk.nuptk})
    n = nuptk_allocate(ptk=ptk, submission=sub)
    _set_nuptk(ptk, nuptk=n, status=NuptkStatus.PERMANEN_AKTIF, actor=actor, role=role)
    return {"nuptk": n}


def deactivate(sub, *, actor, role) -> dict:
    ptk = _lock_ptk(sub)
    _set_nuptk(ptk, nuptk=ptk.nuptk, status=NuptkStatus.NONAKTIF, actor=actor, role=role)
    return {}


def reactivate(sub, *, actor, role) -> dict:
    ptk = _lock_ptk(sub)
    _set_nuptk(ptk, nuptk=ptk.nuptk, status=NuptkStatus.PERMANEN_AKTIF, actor=actor, role=role)
    return {}


def claim_nuptk(sub, *, actor, role) -> dict:
    n = (sub.payload.get("claimed_nuptk") or "").strip()
    ptk = _lock_ptk(sub)
    holder = Ptk.objects.select_for_update().filter(nuptk=n).exclude(pk=ptk.pk).first()
    if holder is not None:
        raise ValidationError(_("NUPTK %(n)s masih tercatat pada PTK lain; klaim tidak dapat disetujui.") % {"n": n})
    prev = NuptkNumber.objects.select_for_update().filter(number=n).first()
    if prev is None:
        nuptk_allocate(ptk=ptk, submission=sub, source="claimed", number=n)
    else:
        prev.ptk = ptk
        prev.save(update_fields=["ptk"])
    status = NuptkStatus.PERMANEN_AKTIF if ptk.nuptk_status == NuptkStatus.NONE else ptk.nuptk_status
    _set_nuptk(ptk, nuptk=n, status=status, actor=actor, role=role)
    return {"nuptk": n}


def archive_verified(sub, *, actor, role) -> dict:
    return {}


MASTER_FIELDS = ("name", "nik", "birth_place", "birth_date", "sex", "mother_name")


def update_master(sub, *, actor, role) -> dict:
    changes = {c["field"]: c["new"] for c in sub.payload.get("changes", []) if c.get("field") in MASTER_FIELDS}
    ptk = _lock_ptk(sub)
    try:
        from ptk.services import ptk_update_master
    except ImportError:
        ptk_update_master = None
    if ptk_update_master is not None:
        ptk_update_master(ptk=ptk, changes=changes, actor=actor, role=role)
    else:  # minimal fallback until ptk offers its versioned service; the log keeps old/new
        for f, v in changes.items():
            setattr(ptk, f, v)
        ptk.full_clean()
        ptk.save(update_fields=[*changes, "updated_at"])
    if "name" in changes:
        from .models import Submission

        Submission.objects.filter(ptk_id=ptk.pk).update(ptk_name=changes["name"])  # not a state change
    return {}


def replace_photo(sub, *, actor, role) -> dict:
    doc = sub.documents.filter(is_current=True, requirement="foto").first()
    try:
        from ptk.services import ptk_photo_replace
    except ImportError:
        ptk_photo_replace = None
    if ptk_photo_replace is not None and doc is not None and doc.stored_file_id:
        from documents.models import StoredFile

        ptk_photo_replace(
            ptk=_lock_ptk(sub), stored_file=StoredFile.objects.get(pk=doc.stored_file_id), actor=actor, role=role
        )
    return {}


def apply(sub, *, actor, role) -> dict:
    from .routes import spec

    return globals()[spec(sub.kind).effect](sub, actor=actor, role=role)
