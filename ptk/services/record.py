"""Record fields: contacts, staffing, master data, NUPTK and photo, each versioned."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User

from ..models import (
    CONTACT_FIELDS,
    MASTER_FIELDS,
    STAFFING_FIELDS,
    Ptk,
    PtkChange,
)
from .versioning import Diff, _diff, _record, _snapshot

# --- record fields ----------------------------------------------------------------------------


def _apply(*, ptk: Ptk, changes: dict, allowed, actor: User, role) -> list[PtkChange]:
    bad = set(changes) - set(allowed)
    if bad:
        raise ValidationError(
            _("Kolom ini tidak dapat diubah di sini: %(f)s") % {"f": ", ".join(sorted(bad))}
        )
    ptk = Ptk.objects.select_for_update().get(pk=ptk.pk)
    fields = list(changes)
    before = _snapshot(ptk, fields)
    for k, v in changes.items():
        if k in ("nik", "nuptk") and not v:
            v = None
        if isinstance(v, str):
            v = v.strip()
        setattr(ptk, k, v)
    ptk.clean_fields(exclude=[f.name for f in Ptk._meta.fields if f.name not in changes])
    ptk.check_identifiers(touched=fields)
    ptk.validate_unique(exclude=[f.name for f in Ptk._meta.fields if f.name not in changes])
    diffs = _diff(before, ptk, fields)
    if not diffs:
        return []
    ptk.save(update_fields=[d.field for d in diffs] + ["updated_at"])
    if ptk.user_id and any(d.field in ("name", "email") for d in diffs):
        User.objects.filter(pk=ptk.user_id).update(full_name=ptk.name, email=ptk.email)
    return _record(
        ptk=ptk, table="ptk", action=PtkChange.Action.UPDATE, diffs=diffs, actor=actor, role=role, row=ptk
    )


@transaction.atomic
def ptk_update_contacts(*, ptk: Ptk, changes: dict, actor: User, role) -> list[PtkChange]:
    """Religion, address and contacts: the PTK edits these directly (so may the home school)."""
    return _apply(ptk=ptk, changes=changes, allowed=CONTACT_FIELDS, actor=actor, role=role)


@transaction.atomic
def ptk_update_staffing(*, ptk: Ptk, changes: dict, actor: User, role) -> list[PtkChange]:
    """NIP, employment status, PTK type, qualification and Dapodik facts: kept by the home school."""
    return _apply(ptk=ptk, changes=changes, allowed=STAFFING_FIELDS, actor=actor, role=role)


@transaction.atomic
def ptk_update_master(*, ptk: Ptk, changes: dict, actor: User, role) -> list[PtkChange]:
    """Master fields (name, NIK, birth place/date, sex, mother's name), changed only as the effect of
    an approved perbaikan data master (nuptk app). Versioned like every other change."""
    return _apply(ptk=ptk, changes=changes, allowed=MASTER_FIELDS, actor=actor, role=role)


@transaction.atomic
def ptk_set_nuptk(*, ptk: Ptk, nuptk: str | None, status: str, actor: User, role) -> list[PtkChange]:
    """NUPTK and its status (used by the nuptk app's effects: issue, deactivate, reactivate, claim)."""
    return _apply(
        ptk=ptk,
        changes={"nuptk": nuptk, "nuptk_status": status},
        allowed=("nuptk", "nuptk_status"),
        actor=actor,
        role=role,
    )


@transaction.atomic
def ptk_photo_replace(*, ptk: Ptk, stored_file, actor: User, role) -> list[PtkChange]:
    """Put a checked StoredFile (documents.files RULES["photo"]) as the PTK's photo; the old file
    stays stored and the change is versioned."""
    ptk = Ptk.objects.select_for_update(of=("self",)).select_related("photo").get(pk=ptk.pk)
    old = ptk.photo
    ptk.photo = stored_file
    ptk.save(update_fields=["photo", "updated_at"])

    def desc(f):
        return f"{f.original_name or 'foto'} ({f.width}x{f.height} px, {f.size} B, #{f.pk})" if f else ""

    return _record(
        ptk=ptk,
        table="ptk",
        action=PtkChange.Action.UPDATE,
        diffs=[Diff("photo", _("foto"), desc(old), desc(stored_file))],
        actor=actor,
        role=role,
        row=ptk,
    )
