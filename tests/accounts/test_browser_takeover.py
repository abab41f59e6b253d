"""Real Chromium, as an attacker would click: register `admin` as an operator, reset a multi-role
account from one school and reach for its other school's role, activate a PTK account on /aktivasi/
without the birth date. Each attempt is refused on the page."""

import io
import re

import pytest
from playwright.sync_api import expect

from accounts.models import Role, RoleAssignment, User
from tests.browser import screenshot
from tests.factories import ANSWER_CONFIRM, DEMO_PASSWORD, assign, browser_login
from tests.ptk.conftest import activate, enter, issue_s02

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def code_from_s02(page) -> str:
    from pypdf import PdfReader

    with page.expect_download() as dl:
        page.click("[data-testid=s02-download]")
    pdf = open(dl.value.path(), "rb").read()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace(" ", "")
    return re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", text).group(0)


def test_takeover_attempts_are_refused_in_the_browser(page, world):
    page.set_default_timeout(60000)
    page.add_init_script(ANSWER_CONFIRM)  # the confirmation before irreversible steps: "OK"
    User.objects.create_superuser("admin", "", DEMO_PASSWORD, full_name="Superuser Padamu")
    victim = enter(world.inst["sd"], world.roles["sd_op"], name="Sri Wahyuni")
    _r, code = issue_s02(victim, world.roles["sd_op"])
    activate(victim, code, password="Sandi-Asli-Sri-2026")
    victim.refresh_from_db()
    smp_role = assign(victim.user, Role.OPERATOR, world.inst["smp"])

    # 1. A school admin "registers" the superuser's username as its operator.
    browser_login(page, "sd.admin")
    page.goto(page.base + "/pengguna/daftar/")
    page.select_option("#id_institution", str(world.inst["sd"].pk))
    page.select_option("#id_role", "operator")
    page.fill("#id_username", "admin")
    page.fill("#id_full_name", "Operator Palsu")
    page.click("main form button[type=submit]")
    expect(page.locator("body")).to_contain_text("Nama pengguna ini tidak dapat dipakai; pilih yang lain.")
    html = page.content()
    assert "Nama pengguna ini tidak dapat dipakai; pilih yang lain." in html
    assert "Superuser Padamu" not in html and not page.is_visible("[data-testid=activation-code]")
    assert not RoleAssignment.objects.filter(user__username="admin").exists()
    screenshot(page, path="/tmp/padamu-takeover-register.png", full_page=True)

    # 2. The school resets the multi-role account (S02) and activates it itself on /aktivasi/ ...
    page.context.clear_cookies()
    browser_login(page, "sd.op")
    page.goto(page.base + f"/ptk/{victim.pk}/")
    page.click("[data-testid=s02-button]")
    page.wait_for_selector("[data-testid=s02-download]")
    code = code_from_s02(page)
    page.context.clear_cookies()
    page.goto(page.base + "/aktivasi/")
    page.fill("#id_username", victim.user.username)
    page.fill("#id_code", code)
    page.fill("#id_password1", "Sandi-Penyerang-2026")
    page.fill("#id_password2", "Sandi-Penyerang-2026")
    page.click("main form button[type=submit]")
    expect(page.locator("body")).to_contain_text("Akun PTK diaktifkan di halaman Aktivasi akun PTK")
    assert page.is_visible("[data-testid=ptk-activate-link]")
    screenshot(page, path="/tmp/padamu-takeover-aktivasi.png", full_page=True)
    victim.user.refresh_from_db()
    assert not victim.user.has_usable_password()

    # ... then on /ptk/aktivasi/ with the birth date it knows: it gets the PTK role, never the SMP role.
    page.click("[data-testid=ptk-activate-link]")
    page.fill("#id_username", victim.identifier)
    page.fill("#id_code", code)
    page.fill("#id_birth_date", victim.birth_date.isoformat())
    page.fill("#id_password1", "Sandi-Penyerang-2026")
    page.fill("#id_password2", "Sandi-Penyerang-2026")
    page.click("[data-testid=activate]")
    page.wait_for_url("**/masuk/")
    browser_login(page, victim.user.username, "Sandi-Penyerang-2026")
    page.goto(page.base + "/peran/")
    assert page.locator(f"[data-testid='role-{smp_role.pk}']").count() == 0
    assert "SMP Negeri 2 Uji" in page.inner_text("[data-testid=suspended-roles]")
    assert "ditangguhkan" in page.inner_text("[data-testid=suspended-roles]")
    screenshot(page, path="/tmp/padamu-takeover-roles.png", full_page=True)
    # a forged form post with the SMP role's key is refused too
    with page.expect_navigation():
        page.evaluate(
        """key => { const f = document.querySelector('main form[method=post]');
                    const b = document.createElement('button'); b.name = 'role'; b.value = key; f.appendChild(b); b.click(); }""",
        str(smp_role.pk),
        )
    page.wait_for_selector(".msg-error")
    expect(page.locator("body")).to_contain_text("Peran itu tidak tersedia untuk akun Anda.")
    assert "SMP Negeri 2 Uji" not in page.inner_text("[data-testid=acting-as]")
