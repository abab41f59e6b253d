"""Verval arsip: PDSPK checks the archive of a PTK's papers (route: PDSPK). PDSPK may "tolak SK"."""

from django.utils.translation import gettext_lazy as _l

from .. import levels
from ..requirements import SK_PENUGASAN_2Y, Category, req, sk_checks
from . import Kind, register

BASE = (req("ktp", "ktp"), req("ijazah_s1", "ijazah_s1", label=_l("Ijazah terakhir")))
REQUIREMENTS = {
    Category.PNS: (*BASE, req("sk_cpns_pns", "sk_cpns_pns"), req("sk_penugasan_dinas", "sk_penugasan_dinas")),
    Category.NON_PNS_NEGERI: (*BASE, req("sk_pengangkatan", "sk_pengangkatan")),
    Category.NON_PNS_SWASTA_PEMERINTAH: (*BASE, req("sk_pengangkatan", "sk_pengangkatan"), SK_PENUGASAN_2Y),
    Category.NON_PNS_SWASTA_YAYASAN: (
        *BASE,
        req("sk_pengangkatan", "sk_pengangkatan_yayasan"),
        SK_PENUGASAN_2Y,
    ),
    Category.KEPALA_SEKOLAH: (*BASE, req("sk_kepala_sekolah", "sk_kepala_sekolah")),
    Category.TENDIK: (*BASE, req("sk_pengangkatan", "sk_pengangkatan")),
}


def archive_verified(sub, *, actor, role) -> dict:
    return {}  # the approval itself is the record


KIND = register(
    Kind(
        code="verval_arsip",
        label=_l("Verval arsip"),
        order=50,
        route=(levels.PDSPK,),
        requirements=REQUIREMENTS,
        paper_checks=(sk_checks,),
        effect=archive_verified,
        needs_dapodik=True,
        sk_rejectable=True,
    )
)
