"""The schools a PTK serves at besides the home school."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Institution, User

from ..models import (
    Ptk,
    PtkChange,
    PtkSchool,
)
from .versioning import Diff, _record

# --- schools ----------------------------------------------------------------------------------


@transaction.atomic
def ptk_school_add(*, ptk: Ptk, school: Institution, actor: User, role) -> PtkSchool:
    """Record another school where the PTK also teaches (the home school stays)."""
    if not school.is_school:
        raise ValidationError(_("Lembaga ini bukan sekolah."))
    if PtkSchool.objects.filter(ptk=ptk, school=school).exists():
        raise ValidationError(_("%(s)s sudah tercatat sebagai sekolah tempat tugas PTK ini.") % {"s": school})
    link = PtkSchool.objects.create(
        ptk=ptk,
        school=school,
        dinas_id=school.dinas_id,
        qa_office_id=school.qa_office_id,
        is_home=False,
        since=timezone.localdate(),
    )
    _record(
        ptk=ptk,
        table="sekolah",
        action=PtkChange.Action.CREATE,
        diffs=[Diff("school", _("sekolah tempat tugas lain"), "", f"{school.name} ({school.npsn})")],
        actor=actor,
        role=role,
        row=link,
    )
    return link


@transaction.atomic
def ptk_school_remove(*, ptk: Ptk, link_id: int, actor: User, role) -> None:
    link = PtkSchool.objects.select_related("school").filter(pk=link_id, ptk=ptk, is_home=False).first()
    if link is None:
        raise ValidationError(_("Sekolah induk tidak dapat dihapus di sini; gunakan mutasi."))
    label = f"{link.school.name} ({link.school.npsn})"
    link.delete()
    _record(
        ptk=ptk,
        table="sekolah",
        action=PtkChange.Action.DELETE,
        diffs=[Diff("school", _("sekolah tempat tugas lain"), label, "")],
        actor=actor,
        role=role,
    )
