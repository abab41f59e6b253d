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


@transaction.atomic
def ptk_home_school_correct(*, ptk: Ptk, school: Institution, actor: User, role, reason: str = "") -> Ptk:
    """The Dinas corrects a wrong or missing home school (A02/A03, decided on the request engine):
    the record moves to ``school`` with its scope keys; the old home link is dropped (the PTK no
    longer serves there). Not a mutasi: no SM letters, the school was simply wrong."""
    if not school.is_school:
        raise ValidationError(_("Lembaga ini bukan sekolah."))
    ptk = Ptk.objects.select_for_update(of=("self",)).select_related("school").get(pk=ptk.pk)
    if ptk.school_id == school.pk:
        raise ValidationError(_("%(s)s sudah menjadi sekolah induk PTK ini.") % {"s": school.name})
    old = ptk.school
    PtkSchool.objects.filter(ptk=ptk, is_home=True).delete()
    PtkSchool.objects.filter(ptk=ptk, school=school).delete()
    PtkSchool.objects.create(
        ptk=ptk,
        school=school,
        dinas_id=school.dinas_id,
        qa_office_id=school.qa_office_id,
        is_home=True,
        since=timezone.localdate(),
    )
    ptk.school, ptk.dinas_id, ptk.qa_office_id = school, school.dinas_id, school.qa_office_id
    ptk.save(update_fields=["school", "dinas", "qa_office", "updated_at"])
    _record(
        ptk=ptk,
        table="ptk",
        action=PtkChange.Action.UPDATE,
        diffs=[
            Diff(
                "school",
                _("sekolah induk"),
                f"{old.name} ({old.npsn})",
                f"{school.name} ({school.npsn})" + (f" — {reason}" if reason else ""),
            )
        ],
        actor=actor,
        role=role,
        row=ptk,
    )
    return ptk
