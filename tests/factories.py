"""Plain rows for tests. Workflow states are reached through the real services."""

import itertools
from dataclasses import dataclass, field

from accounts.middleware import SESSION_KEY
from accounts.models import (
    District,
    Institution,
    InstitutionKind,
    Jenjang,
    Province,
    Regency,
    Role,
    RoleAssignment,
    User,
)
from accounts.services import institution_create, institution_group

_npsn = itertools.count(20400001)
_user = itertools.count(1)

DEMO_PASSWORD = "rahasia-uji-123"


def region(
    prov="34", reg="34.71", dist="34.71.01", names=("DI Yogyakarta", "Kota Yogyakarta", "Mantrijeron")
):
    p, _c = Province.objects.get_or_create(code=prov, defaults={"name": names[0]})
    r, _c = Regency.objects.get_or_create(code=reg, defaults={"name": names[1], "province": p})
    d, _c = District.objects.get_or_create(code=dist, defaults={"name": names[2], "regency": r})
    return p, r, d


def office(kind, name=None, **fields) -> Institution:
    return institution_create(kind=kind, name=name or f"{InstitutionKind(kind).label} uji", **fields)


def school(
    *, jenjang=Jenjang.SD, status="negeri", district: District, name=None, npsn=None, **fields
) -> Institution:
    npsn = npsn or str(next(_npsn))
    return institution_create(
        kind=InstitutionKind.SEKOLAH,
        name=name or f"{jenjang} Uji {npsn}",
        npsn=npsn,
        jenjang=jenjang,
        status=status,
        district=district,
        regency=district.regency,
        province=district.regency.province,
        **fields,
    )


def user(username=None, **fields) -> User:
    u = User(
        username=username or f"pengguna{next(_user)}",
        full_name=fields.pop("full_name", "Pengguna Uji"),
        **fields,
    )
    u.set_password(DEMO_PASSWORD)
    u.save()
    return u


def assign(u: User, role: str, institution: Institution | None = None) -> RoleAssignment:
    a = RoleAssignment.objects.create(user=u, role=role, institution=institution)
    if institution is not None and role != Role.PTK:
        institution_group(institution).user_set.add(u)
    return a


def login_as(client, assignment: RoleAssignment, on_behalf_of: Institution | None = None):
    """Log the client in as the assignment's user with that role active."""
    client.force_login(assignment.user)
    s = client.session
    s[SESSION_KEY] = f"{assignment.pk}:{on_behalf_of.pk}" if on_behalf_of else str(assignment.pk)
    s.save()
    return client


@dataclass
class World:
    """Two kab/kota in one province, one abroad, every office, schools of several jenjang and
    one operator (and admin) per institution. ``roles[name]`` is the RoleAssignment."""

    inst: dict = field(default_factory=dict)
    roles: dict = field(default_factory=dict)


def build_world() -> World:
    w = World()
    p, kota, d1 = region()
    _p, sleman, d2 = region("34", "34.04", "34.04.01", ("DI Yogyakarta", "Kabupaten Sleman", "Gamping"))
    p2, bdg, d3 = region("32", "32.73", "32.73.01", ("Jawa Barat", "Kota Bandung", "Sukasari"))
    i = w.inst
    i["pdspk"] = office(InstitutionKind.PDSPK, "PDSPK")
    i["lpmp"] = office(InstitutionKind.LPMP, "LPMP DIY", province=p)
    i["lpmp_jabar"] = office(InstitutionKind.LPMP, "LPMP Jawa Barat", province=p2)
    i["bppaud"] = office(InstitutionKind.BPPAUD, "BP-PAUD dan Dikmas DIY", province=p)
    i["bpkln"] = office(InstitutionKind.BPKLN, "BPKLN")
    i["atdikbud"] = office(InstitutionKind.ATDIKBUD, "Atdikbud Kuala Lumpur", country="Malaysia")
    i["dinas_prov"] = office(InstitutionKind.DINAS_PROV, "Dinas Pendidikan DIY", province=p)
    i["dinas_kota"] = office(
        InstitutionKind.DINAS_KAB, "Dinas Pendidikan Kota Yogyakarta", province=p, regency=kota
    )
    i["dinas_sleman"] = office(
        InstitutionKind.DINAS_KAB, "Dinas Pendidikan Sleman", province=p, regency=sleman
    )
    i["dinas_bdg"] = office(
        InstitutionKind.DINAS_KAB, "Dinas Pendidikan Kota Bandung", province=p2, regency=bdg
    )
    i["kec"] = office(InstitutionKind.KECAMATAN, "UPTD Mantrijeron", province=p, regency=kota, district=d1)
    i["sd"] = school(jenjang=Jenjang.SD, district=d1, name="SD Negeri 1 Uji")
    i["smp"] = school(jenjang=Jenjang.SMP, district=d1, name="SMP Negeri 2 Uji")
    i["sma"] = school(jenjang=Jenjang.SMA, district=d1, name="SMA Negeri 3 Uji")
    i["kb"] = school(jenjang=Jenjang.KB, status="swasta", yayasan="Yayasan Uji", district=d1, name="KB Uji")
    i["sd_sleman"] = school(jenjang=Jenjang.SD, district=d2, name="SD Negeri Sleman Uji")
    i["sd_bdg"] = school(jenjang=Jenjang.SD, district=d3, name="SD Negeri Bandung Uji")
    i["siln"] = institution_create(
        kind=InstitutionKind.SEKOLAH,
        name="Sekolah Indonesia Kuala Lumpur",
        npsn="69900001",
        jenjang=Jenjang.SD,
        status="negeri",
        is_abroad=True,
        country="Malaysia",
    )
    for key, inst in i.items():
        w.roles[f"{key}_op"] = assign(user(f"{key}.op"), Role.OPERATOR, inst)
        w.roles[f"{key}_admin"] = assign(user(f"{key}.admin"), Role.ADMIN, inst)
    return w
