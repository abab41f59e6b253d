"""Reaktivasi NUPTK: an inactive NUPTK becomes active again (seed 003: papers in PDF only).
Route Dinas -> LPMP/BPKLN/BP-PAUD -> PDSPK."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ptk.models import NuptkStatus

from .. import levels
from ..effects import lock_ptk, set_nuptk
from ..requirements import STATUS_CHANGE, Check, same_for_all
from . import Kind, register


def inactive(f) -> list[Check]:
    ok = f.nuptk_status == NuptkStatus.NONAKTIF
    return [
        Check("is_inactive", _("NUPTK sedang nonaktif"), ok, "" if ok else _("NUPTK tidak sedang nonaktif."))
    ]


def reactivate(sub, *, actor, role) -> dict:
    ptk = lock_ptk(sub)
    set_nuptk(ptk, nuptk=ptk.nuptk, status=NuptkStatus.PERMANEN_AKTIF, actor=actor, role=role)
    return {}


KIND = register(
    Kind(
        code="reaktivasi",
        label=_l("Reaktivasi NUPTK"),
        offered=lambda ptk: ptk.nuptk_status == NuptkStatus.NONAKTIF,
        order=30,
        route=levels.FULL,
        requirements=same_for_all(STATUS_CHANGE),
        checks=(inactive,),
        effect=reactivate,
        needs_nuptk=True,
    )
)
