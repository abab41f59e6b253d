"""The schools a PTK serves at besides the home school."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
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
    if PtkSchool.objects.filter(ptk=ptk, school=school, until__isnull=True).exists():
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
    link = (
        PtkSchool.objects.select_related("school")
        .filter(pk=link_id, ptk=ptk, is_home=False, until__isnull=True)
        .first()
    )
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
def ptk_home_school_move(*, ptk: Ptk, school: Institution, on, actor: User, role, note: str = "") -> Ptk:
    """Move the PTK's home school (the effect of an approved mutasi, nuptk/kinds/mutasi.py).

    - the old home link ends on ``on`` (kept: the old school keeps the PTK's past, and no longer
      lists the PTK); a current "other school" link to the new school ends too (it becomes home);
    - the PTK row takes the new school's scope keys at once (the new Dinas sees the PTK, the old
      one no longer does);
    - the current rombel rows at the old school end on ``on``; ``has_rombel`` follows;
    - the PTK's other schools stay as they are (a mutasi moves the home school only);
    - every change is versioned in the PTK's history."""
    if not school.is_school:
        raise ValidationError(_("Sekolah tujuan bukan sekolah."))
    ptk = Ptk.objects.select_for_update(of=("self",)).select_related("school").get(pk=ptk.pk)
    old = ptk.school
    if old.pk == school.pk:
        raise ValidationError(_("Sekolah tujuan sama dengan sekolah induk sekarang."))
    from ..models import PtkRombel

    old_label, new_label = f"{old.name} ({old.npsn or '-'})", f"{school.name} ({school.npsn or '-'})"
    ended = list(
        PtkSchool.objects.select_for_update()
        .filter(ptk=ptk, until__isnull=True)
        .filter(Q(is_home=True) | Q(school=school))
    )
    for link in ended:
        link.until = on
        link.save(update_fields=["until"])
    home = PtkSchool.objects.create(
        ptk=ptk,
        school=school,
        dinas_id=school.dinas_id,
        qa_office_id=school.qa_office_id,
        is_home=True,
        since=on,
    )
    ptk.school, ptk.dinas_id, ptk.qa_office_id = school, school.dinas_id, school.qa_office_id
    rombels = PtkRombel.objects.filter(ptk=ptk, school=old, ended_on__isnull=True)
    n_rombel = rombels.update(ended_on=on)
    had_rombel = ptk.has_rombel
    ptk.has_rombel = PtkRombel.objects.filter(ptk=ptk, ended_on__isnull=True).exists()
    ptk.save(update_fields=["school", "dinas", "qa_office", "has_rombel", "updated_at"])
    diffs = [Diff("school", _("sekolah induk"), old_label, new_label)]
    if n_rombel:
        diffs.append(
            Diff(
                "rombel",
                _("rombel di sekolah lama"),
                _("%(n)s rombel aktif") % {"n": n_rombel},
                _("berakhir %(d)s") % {"d": on.strftime("%d-%m-%Y")},
            )
        )
    if had_rombel != ptk.has_rombel:
        diffs.append(
            Diff(
                "has_rombel",
                _("memiliki rombel"),
                _("ya") if had_rombel else _("tidak"),
                _("ya") if ptk.has_rombel else _("tidak"),
            )
        )
    if note:
        diffs.append(Diff("mutasi", _("dasar mutasi"), "", note[:200]))
    _record(
        ptk=ptk,
        table="sekolah",
        action=PtkChange.Action.UPDATE,
        diffs=diffs,
        actor=actor,
        role=role,
        row=home,
    )
    return ptk


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
