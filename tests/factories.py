"""Plain rows for tests. Workflow states are reached through the real services."""

import itertools
import time
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


# A fixed TOTP key for test accounts (hex, 20 bytes), so a browser test can compute the code.
TEST_TOTP_KEY = "3132333435363738393031323334353637383930"


def otp_device(u: User):
    """The user's confirmed TOTP device (created with TEST_TOTP_KEY when missing)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=u, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=u, name="uji", key=TEST_TOTP_KEY, confirmed=True)
    return device


def totp_now(u: User) -> str:
    """The current TOTP code of the user's device (what their phone would show)."""
    from django_otp.oath import TOTP

    device = otp_device(u)
    t = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{t.token():0{device.digits}d}"


def login_user(client, u: User):
    """Log the client in as ``u``, with the second factor already verified when the account
    needs one (or has a device), as after a real password + TOTP login."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.mfa import HAS_DEVICE_KEY, PRIVILEGED_KEY, VERIFIED_KEY, mfa_required
    from accounts.middleware import LOGIN_AT_KEY, SEEN_AT_KEY

    client.force_login(u)
    s = client.session
    s[LOGIN_AT_KEY] = s[SEEN_AT_KEY] = time.time()
    s[PRIVILEGED_KEY] = needs = mfa_required(u)
    s[HAS_DEVICE_KEY] = False
    if needs or TOTPDevice.objects.filter(user=u, confirmed=True).exists():
        s[DEVICE_ID_SESSION_KEY] = otp_device(u).persistent_id
        s[VERIFIED_KEY] = True
        s[HAS_DEVICE_KEY] = True
    s.save()
    return client


def login_as(client, assignment: RoleAssignment, on_behalf_of: Institution | None = None):
    """Log the client in as the assignment's user with that role active (second factor verified
    where the account needs one)."""
    login_user(client, assignment.user)
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


# Answers every confirm() "OK" inside the page and records its question in sessionStorage, for the
# long flows: a native dialog there was once dismissed before Playwright could accept it (CI, loaded
# machine, inline papers still loading), and the step's navigation never came.
# tests/ui/test_mutasi_browser.py still answers a real dialog.
ANSWER_CONFIRM = """window.confirm = function (m) {
  var a = JSON.parse(sessionStorage.getItem("padamu-confirmed") || "[]");
  a.push(String(m)); sessionStorage.setItem("padamu-confirmed", JSON.stringify(a)); return true;
};"""


def confirmations(page) -> list[str]:
    """The questions the page asked (confirm()) in this tab since ANSWER_CONFIRM was installed."""
    return page.evaluate('JSON.parse(sessionStorage.getItem("padamu-confirmed") || "[]")')


def browser_session(page, username: str, base: str | None = None, assignment: RoleAssignment | None = None):
    """Open the home page in Chromium already logged in as ``username`` (password and second factor
    verified, as ``login_user`` does for the test client), with ``assignment`` as the active role if
    given, and return the page. For tests whose subject is a page, not the login: a form login costs
    four page loads and Chromium's work for each. The login form itself, its second factor and the
    role choice are walked in Chromium by tests/accounts/test_browser*.py and tests/ptk/test_browser*.py."""
    from django.conf import settings
    from django.test import Client

    base = base or page.base
    client = login_user(Client(), User.objects.get(username=username))
    if assignment is not None:
        s = client.session
        s[SESSION_KEY] = str(assignment.pk)
        s.save()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base, "httpOnly": True}])
    page.goto(base + "/")
    return page


def browser_login(page, username: str, password: str = DEMO_PASSWORD, base: str | None = None):
    """Log in through the real form in Chromium, typing the TOTP code (computed from the test key)
    when the account has a second factor, as its owner would from the phone."""
    u = User.objects.get(username=username)
    from accounts.mfa import mfa_required

    if mfa_required(u):
        device = otp_device(u)
        device.last_t = -1  # a new login within the same 30 s: as if the next code had come
        device.save(update_fields=["last_t"])
    page.goto((base or page.base) + "/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    if "/akun/verifikasi/" in page.url:
        page.fill("input[name=token]", totp_now(u))
        page.click("[data-testid=mfa-submit]")
        page.wait_for_load_state()
    return page
