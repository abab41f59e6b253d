import pytest

from accounts.models import InstitutionKind, Jenjang
from tests.factories import office, region, school

pytestmark = pytest.mark.django_db


@pytest.fixture
def offices():
    p, kota, d = region()
    return {
        "d": d,
        "pdspk": office(InstitutionKind.PDSPK),
        "lpmp": office(InstitutionKind.LPMP, province=p),
        "bppaud": office(InstitutionKind.BPPAUD, province=p),
        "bpkln": office(InstitutionKind.BPKLN),
        "atdikbud": office(InstitutionKind.ATDIKBUD, country="Malaysia"),
        "dprov": office(InstitutionKind.DINAS_PROV, province=p),
        "dkab": office(InstitutionKind.DINAS_KAB, province=p, regency=kota),
    }


@pytest.mark.parametrize(
    "jenjang, dinas, qa",
    [
        (Jenjang.TK, "dkab", "lpmp"),
        (Jenjang.SD, "dkab", "lpmp"),
        (Jenjang.SMP, "dkab", "lpmp"),
        (Jenjang.SMA, "dprov", "lpmp"),
        (Jenjang.SMK, "dprov", "lpmp"),
        (Jenjang.SLB, "dprov", "lpmp"),
        (Jenjang.KB, "dkab", "bppaud"),
        (Jenjang.TPA, "dkab", "bppaud"),
        (Jenjang.SPS, "dkab", "bppaud"),
        (Jenjang.PKBM, "dkab", "bppaud"),
        (Jenjang.SKB, "dkab", "bppaud"),
        (Jenjang.LKP, "dkab", "bppaud"),
    ],
)
def test_every_jenjang_is_covered_by_the_right_offices(offices, jenjang, dinas, qa):
    s = school(jenjang=jenjang, district=offices["d"])
    assert s.dinas == offices[dinas]
    assert s.qa_office == offices[qa]
    assert s.parent == offices[dinas], "the school's admins are registered by its Dinas"


@pytest.mark.parametrize("jenjang", [Jenjang.SD, Jenjang.SMA, Jenjang.TK])
def test_school_abroad_goes_to_atdikbud_and_bpkln(offices, jenjang):
    from accounts.services import institution_create

    s = institution_create(
        kind=InstitutionKind.SEKOLAH,
        name="SILN",
        npsn="69900002",
        jenjang=jenjang,
        status="negeri",
        is_abroad=True,
        country="Malaysia",
    )
    assert (s.dinas, s.qa_office) == (offices["atdikbud"], offices["bpkln"])


def test_offices_hang_under_the_right_parent(offices):
    assert offices["lpmp"].parent == offices["pdspk"]
    assert offices["dkab"].parent == offices["lpmp"]
    assert offices["dprov"].parent == offices["lpmp"]
    assert offices["atdikbud"].parent == offices["bpkln"]


def test_npsn_format_is_enforced(offices):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        school(jenjang=Jenjang.SD, district=offices["d"], npsn="12AB")
