"""Penonaktifan NUPTK: the PTK's NUPTK becomes inactive (seed 003: papers in PDF only).
Route Dinas -> LPMP/BPKLN/BP-PAUD -> PDSPK."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ptk.models import NuptkStatus

from .. import levels
from ..effects import lock_ptk, set_nuptk
from ..requirements import STATUS_CHANGE, Check, same_for_all
from . import Kind, register


def still_active(f) -> list[Check]:
    ok = f.nuptk_status != NuptkStatus.NONAKTIF
    return [Check("is_active", _("NUPTK masih aktif"), ok, "" if ok else _("NUPTK sudah nonaktif."))]


def deactivate(sub, *, actor, role) -> dict:
    ptk = lock_ptk(sub)
    set_nuptk(ptk, nuptk=ptk.nuptk, status=NuptkStatus.NONAKTIF, actor=actor, role=role)
    return {}


KIND = register(
    Kind(
        code="penonaktifan",
        label=_l("Penonaktifan NUPTK"),
        offered=lambda ptk: ptk.nuptk_status != NuptkStatus.NONAKTIF,
        order=20,
        route=levels.FULL,
        requirements=same_for_all(STATUS_CHANGE),
        checks=(still_active,),
        effect=deactivate,
        needs_nuptk=True,
    )
)
