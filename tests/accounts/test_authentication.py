"""Authentication and sessions (issue 9): the second factor for a real password login, enrolment and
recovery codes, lost devices, own password change, session lifetimes, log out everywhere, key
rotation, lockout on the username+IP pair, the IP throttle, and security headers."""

import re
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.middleware import LOGIN_AT_KEY, SEEN_AT_KEY, SESSION_KEY
from accounts.models import AccountEvent, Role
from tests.factories import DEMO_PASSWORD, assign, login_as, login_user, otp_device, totp_now, user

pytestmark = pytest.mark.django_db


def password_login(client, username, password=DEMO_PASSWORD, ip="10.0.0.1"):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


# --- MFA -------------------------------------------------------------------------------------------


def test_admin_password_login_must_enrol_before_anything(client, world):
    r = password_login(client, "sd.admin")
    assert r.status_code == 302
    for url in (reverse("accounts:home"), reverse("accounts:users"), reverse("ptk:list")):
        r = client.get(url)
        assert r.status_code == 302 and r.url.startswith(reverse("accounts:mfa_enrol")), url
    page = client.get(reverse("accounts:mfa_enrol"))
    html = page.content.decode()
    assert "<svg" in html and "otpauth" not in html.split("<svg")[0][-50:]
    device = TOTPDevice.objects.get(user__username="sd.admin", confirmed=False)
    token = f"{TOTP(device.bin_key).token():06d}"
    r = client.post(reverse("accounts:mfa_enrol"), {"token": "000000" if token != "000000" else "111111"})
    assert "Kode tidak cocok" in r.content.decode()
    r = client.post(reverse("accounts:mfa_enrol"), {"token": token, "next": "/"})
    codes = r.context["codes"]
    assert len(codes) == 10 and all(c in r.content.decode() for c in codes)
    assert client.get(reverse("accounts:users")).status_code == 200
    assert AccountEvent.objects.filter(action="mfa_enrolled", target__username="sd.admin").exists()
    # recovery codes are shown once: stored as tokens, never again on a page
    assert codes[0] not in client.get(reverse("accounts:security")).content.decode()


def test_reviewer_with_a_device_must_verify_after_the_password(client, world):
    u = world.roles["dinas_kota_op"].user
    otp_device(u)
    password_login(client, u.username)
    r = client.get(reverse("nuptk:queue"))
    assert r.status_code == 302 and r.url.startswith(reverse("accounts:mfa_verify"))
    page = client.get(reverse("accounts:mfa_verify")).content.decode()
    assert 'class="mainnav"' not in page and "Keamanan akun" not in page, "only the step and Keluar"
    r = client.post(reverse("accounts:mfa_verify"), {"token": "123456"})
    assert "Kode tidak cocok" in r.content.decode()
    assert client.get(reverse("nuptk:queue")).status_code == 302
    key_before = client.session.session_key
    r = client.post(reverse("accounts:mfa_verify"), {"token": totp_now(u), "next": reverse("nuptk:queue")})
    assert r.status_code == 302 and r.url == reverse("nuptk:queue")
    assert client.session.session_key != key_before, "a new session key after the second factor"
    assert client.get(reverse("nuptk:queue")).status_code == 200


def test_recovery_code_works_once(client, world):
    u = world.roles["pdspk_admin"].user
    login_user(client, u)
    r = client.post(reverse("accounts:mfa_recovery"))
    code = r.context["codes"][0]
    client.logout()
    password_login(client, u.username)
    r = client.post(reverse("accounts:mfa_verify"), {"token": code, "next": "/"})
    assert r.status_code == 302
    assert client.get(reverse("accounts:home")).status_code == 200
    client.logout()
    password_login(client, u.username)
    r = client.post(reverse("accounts:mfa_verify"), {"token": code})
    assert r.status_code == 200 and "Kode tidak cocok" in r.content.decode()
    assert StaticToken.objects.filter(device__user=u).count() == 9


def test_mfa_verify_locks_after_repeated_wrong_codes(client, world):
    u = world.roles["lpmp_op"].user
    otp_device(u)
    password_login(client, u.username)
    for _i in range(5):
        client.post(reverse("accounts:mfa_verify"), {"token": "000001"})
    r = client.post(reverse("accounts:mfa_verify"), {"token": totp_now(u)})
    assert "Terlalu banyak kode yang salah" in r.content.decode()


def test_school_operator_and_ptk_need_no_second_factor(client, world):
    assert password_login(client, "sd.op").status_code == 302
    assert client.get(reverse("accounts:home")).status_code == 200
    html = client.get(reverse("accounts:security")).content.decode()
    assert "Tidak wajib untuk peran Anda" in html


def test_lost_device_is_reset_by_the_admin_above_and_audited(client, world):
    target = world.roles["dinas_kota_op"]
    otp_device(target.user)
    other = login_as(client.__class__(), target)  # a live session of the target
    login_as(client, world.roles["dinas_sleman_admin"])
    assert client.post(reverse("accounts:user_mfa_reset", args=[target.pk])).status_code == 403
    assert TOTPDevice.objects.filter(user=target.user).exists()
    login_as(client, world.roles["dinas_kota_admin"])
    client.post(reverse("accounts:user_mfa_reset", args=[target.pk]))
    assert not TOTPDevice.objects.filter(user=target.user).exists()
    assert AccountEvent.objects.filter(action="mfa_reset", target=target.user).exists()
    r = other.get(reverse("accounts:home"))
    assert r.status_code == 302 and r.url.startswith(reverse("accounts:login")), "the person's sessions end"


# --- passwords --------------------------------------------------------------------------------------


def change(client, old, new):
    return client.post(
        reverse("accounts:password_change"),
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


def test_password_change_rules_and_other_sessions_end(client, world):
    a = world.roles["sd_op"]
    other = login_as(client.__class__(), a)
    login_as(client, a)
    assert 'href="/akun/keamanan/"' in client.get(reverse("accounts:home")).content.decode()
    r = change(client, "salah-sekali-123", "Kata-Sandi-Baru-2026")
    assert "Kata sandi sekarang salah" in r.content.decode()
    r = change(client, DEMO_PASSWORD, "Pendek-12")
    assert "12" in r.content.decode() and r.status_code == 200
    r = change(client, DEMO_PASSWORD, "password12345")
    assert r.status_code == 200 and "umum" in r.content.decode()  # common password
    r = change(client, DEMO_PASSWORD, "PenggunaUji1")
    assert r.status_code == 200 and "mirip" in r.content.decode()  # too like the full name
    r = change(client, DEMO_PASSWORD, "Kata-Sandi-Baru-2026")
    assert r.status_code == 302
    assert client.get(reverse("accounts:home")).status_code == 200, "this session stays"
    r = other.get(reverse("accounts:home"))
    assert r.status_code == 302 and r.url.startswith(reverse("accounts:login"))
    assert AccountEvent.objects.filter(action="password_changed", target=a.user).exists()


def test_login_page_explains_who_resets_a_forgotten_password(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert "Lupa kata sandi?" in html and "sekolah induknya" in html


# --- sessions ----------------------------------------------------------------------------------------


def age_session(client, *, idle=None, since_login=None):
    s = client.session
    now = time.time()
    if idle is not None:
        s[SEEN_AT_KEY] = now - idle.total_seconds()
    if since_login is not None:
        s[LOGIN_AT_KEY] = now - since_login.total_seconds()
    s.save()


def test_idle_timeout_is_30_minutes_for_reviewers_and_admins(client, world):
    login_as(client, world.roles["dinas_kota_op"])
    age_session(client, idle=timedelta(minutes=29))
    assert client.get(reverse("accounts:home")).status_code == 200
    age_session(client, idle=timedelta(minutes=31))
    r = client.get(reverse("accounts:home"))
    assert r.status_code == 302 and r.url.startswith(reverse("accounts:login"))
    r = client.get(r.url)
    assert "tidak ada aktivitas selama 30 menit" in r.content.decode()


def test_idle_timeout_is_two_hours_for_school_operators(client, world):
    login_as(client, world.roles["sd_op"])
    age_session(client, idle=timedelta(minutes=90))
    assert client.get(reverse("accounts:home")).status_code == 200
    age_session(client, idle=timedelta(hours=2, minutes=1))
    assert client.get(reverse("accounts:home")).status_code == 302


def test_absolute_lifetime_ends_an_active_session(client, world):
    login_as(client, world.roles["sd_op"])
    age_session(client, idle=timedelta(minutes=1), since_login=timedelta(hours=12, minutes=1))
    r = client.get(reverse("accounts:home"))
    assert r.status_code == 302 and r.url.startswith(reverse("accounts:login"))


def test_log_out_everywhere_ends_every_session(client, world):
    a = world.roles["sd_op"]
    phone = login_as(client.__class__(), a)
    login_as(client, a)
    r = client.post(reverse("accounts:logout_everywhere"))
    assert r.status_code == 302
    for c in (client, phone):
        r = c.get(reverse("accounts:home"))
        assert r.status_code == 302 and r.url.startswith(reverse("accounts:login"))
    assert AccountEvent.objects.filter(action="sessions_ended", target=a.user).exists()
    assert password_login(client, "sd.op").status_code == 302, "a new login works"


def test_session_key_rotates_at_login_and_at_role_switch(client, world):
    u = world.roles["sd_op"].user
    smp = assign(u, Role.OPERATOR, world.inst["smp"])
    client.get(reverse("accounts:login"))
    s = client.session
    s["x"] = 1
    s.save()
    anon_key = client.session.session_key
    password_login(client, "sd.op")
    logged_key = client.session.session_key
    assert logged_key != anon_key
    client.post(reverse("accounts:choose_role"), {"role": str(smp.pk)})
    assert client.session.session_key != logged_key
    assert client.session[SESSION_KEY] == str(smp.pk)


# --- lockout and throttle ------------------------------------------------------------------------------


def failures(username, ip):
    return sum(a.failures_since_start for a in AccessAttempt.objects.filter(username=username, ip_address=ip))


def test_success_of_another_user_does_not_reset_the_failure_counter(client, world):
    user("korban.a")
    for _i in range(4):
        password_login(client, "korban.a", "salah-salah-salah", ip="10.1.1.1")
    assert failures("korban.a", "10.1.1.1") == 4
    assert password_login(client, "sd.op", ip="10.1.1.1").status_code == 302
    client.logout()
    assert failures("korban.a", "10.1.1.1") == 4, "B's success left A's counter alone"
    password_login(client, "korban.a", "salah-salah-salah", ip="10.1.1.1")
    r = password_login(client, "korban.a", ip="10.1.1.1")
    assert r.status_code == 429, "the fifth failure locked A from this address"


def test_locking_a_user_from_one_address_does_not_lock_it_from_another(client, world):
    user("korban.b")
    for _i in range(5):
        password_login(client, "korban.b", "salah-salah-salah", ip="10.2.2.2")
    assert password_login(client, "korban.b", ip="10.2.2.2").status_code == 429
    assert password_login(client, "korban.b", ip="10.3.3.3").status_code == 302


def test_ip_throttle_stops_password_spraying_but_not_other_addresses(client, world, settings):
    settings.LOGIN_IP_FAILURE_LIMIT = 12
    for i in range(12):  # one try per username stays under every pair lockout
        password_login(client, f"orang{i}", "Musim-Hujan-2026", ip="10.9.9.9")
    r = password_login(client, "sd.op", ip="10.9.9.9")
    assert r.status_code == 429 and "alamat jaringan Anda" in r.content.decode()
    assert password_login(client, "sd.op", ip="10.9.9.8").status_code == 302


# --- headers --------------------------------------------------------------------------------------------


def test_csp_permissions_policy_and_no_store_on_pages(client, world):
    r = client.get(reverse("accounts:login"))
    csp = r["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "object-src 'none'" in csp
    assert "camera=()" in r["Permissions-Policy"]
    login_as(client, world.roles["sd_op"])
    r = client.get(reverse("accounts:home"))
    assert "Content-Security-Policy" in r and "no-store" in r["Cache-Control"]
    assert "no-store" in client.get(reverse("ptk:list"))["Cache-Control"]


def test_no_template_has_inline_script_or_handler():
    from pathlib import Path

    from django.conf import settings

    roots = [Path(settings.BASE_DIR) / d for d in ("templates", "accounts", "documents", "ptk", "nuptk")]
    bad = []
    for root in roots:
        for p in root.rglob("*.html"):
            if "/pdf/" in str(p):
                continue  # letters are rendered to PDF by WeasyPrint, never served as pages
            text = p.read_text()
            if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text, re.I):
                bad.append(f"{p}: inline <script>")
            if re.search(r"\son[a-z]+\s*=", text, re.I):
                bad.append(f"{p}: inline event handler")
            if re.search(r"javascript:", text, re.I):
                bad.append(f"{p}: javascript: URL")
            if re.search(r"\sstyle\s*=", text, re.I):
                bad.append(f"{p}: inline style")
    assert not bad, "\n".join(bad)


def test_production_cookies_use_host_prefix(monkeypatch):
    import importlib

    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    prod = importlib.import_module("padamu.settings.production")
    importlib.reload(prod)
    assert prod.SESSION_COOKIE_NAME.startswith("__Host-") and prod.CSRF_COOKIE_NAME.startswith("__Host-")
    assert prod.SESSION_COOKIE_SECURE and prod.CSRF_COOKIE_SECURE
    assert prod.SESSION_COOKIE_PATH == "/" and prod.SESSION_COOKIE_DOMAIN is None
