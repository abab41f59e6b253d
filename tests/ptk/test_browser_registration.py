"""Real Chromium: a PTK walks from the A05 entry to Bintang 4. The school enters the A05 (S02), the
PTK activates, fills the EDS and prints S03, the school checks the papers item by item (S05) and
prints the pakta (S07), the Dinas receives it (S08); the PTK sees Bintang 4 and Permanen Aktif, and
the public verification of the S08 shows the status."""

import io
import re
from datetime import date

import pytest
from playwright.sync_api import expect

from accounts.services import official_appoint
from tests.browser import screenshot, switch_to
from tests.factories import ANSWER_CONFIRM, DEMO_PASSWORD, browser_login

from .conftest import nik_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pdf_text(path) -> str:
    from pypdf import PdfReader

    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(open(path, "rb").read())).pages)


def test_ptk_from_a05_entry_to_bintang_4(page, world):
    official_appoint(
        institution=world.inst["sd"], name="Drs. Kepala Peramban", start=date(2020, 1, 1), actor=None
    )
    page.add_init_script(ANSWER_CONFIRM)  # the confirmation before irreversible steps: "OK"
    op = world.roles["sd_op"].user
    browser_login(page, op.username, DEMO_PASSWORD)
    page.goto(page.base + "/ptk/entri/")
    birth = date(1995, 3, 15)
    page.fill("#id_name", "Andi Pratama")
    page.fill("#id_nik", nik_for(birth, "L", seq=88))
    page.fill("#id_birth_place", "Sleman")
    page.fill("#id_birth_date", birth.isoformat())
    page.select_option("#id_sex", "L")
    page.fill("#id_mother_name", "Sri Lestari")
    page.select_option("#id_employment_status", "8")
    page.select_option("#id_ptk_type", "4")
    page.click("[data-testid=save-entry]")
    expect(page.locator("[data-testid=s02-download]")).to_be_visible()
    pegid = page.inner_text("[data-testid=ptk-pegid]").strip()
    with page.expect_download() as dl:
        page.click("[data-testid=s02-download]")
    code = re.search(
        r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", pdf_text(dl.value.path()).replace(" ", "")
    ).group(0)

    # The PTK activates and hands in level-2 data (S03).
    page.context.clear_cookies()
    page.goto(page.base + "/ptk/aktivasi/")
    page.fill("#id_username", pegid)
    page.fill("#id_code", code)
    page.fill("#id_birth_date", birth.isoformat())
    page.fill("#id_password1", "Andi-Sandi-2026")
    page.fill("#id_password2", "Andi-Sandi-2026")
    page.click("[data-testid=activate]")
    page.wait_for_url("**/masuk/")
    browser_login(page, pegid, "Andi-Sandi-2026")
    expect(page.locator("[data-testid=home-star]")).to_contain_text("Bintang 1")
    page.goto(page.base + "/ptk/saya/eds/")
    for i in range(1, 9):
        page.check(f"input[name=q{i}][value='3']")
    page.click("[data-testid=save-eds]")
    expect(page.locator("[data-testid=print-s03]")).to_be_visible()
    with page.expect_download() as dl:
        page.click("[data-testid=print-s03]")
    assert "Andi Pratama" in pdf_text(dl.value.path())
    page.goto(page.base + "/ptk/saya/")
    expect(page.locator("[data-testid=ptk-star]")).to_have_text("Bintang 2")
    expect(page.locator("[data-testid=reg-next]")).to_contain_text("menunggu pemeriksaan berkas")

    # The school refuses one item with a note, the PTK prints S03 again, the school accepts.
    switch_to(page, op.username)
    page.goto(page.base + "/ptk/?q=Andi+Pratama")
    page.click("text=Andi Pratama")
    page.click("[data-testid=reg-check]")
    page.check("input[name=r_sk][value=tidak_sesuai]")
    page.fill("#id_n_sk", "SK pengangkatan belum dilegalisir")
    page.click("[data-testid=check-submit]")
    expect(page.locator("[data-testid=reg-note]")).to_contain_text("SK pengangkatan belum dilegalisir")
    switch_to(page, pegid)
    page.goto(page.base + "/ptk/saya/")
    expect(page.locator("[data-testid=reg-note]")).to_contain_text("belum dilegalisir")
    page.goto(page.base + "/ptk/saya/eds/")
    with page.expect_download():
        page.click("[data-testid=print-s03]")
    switch_to(page, op.username)
    page.goto(page.base + "/ptk/?q=Andi+Pratama")
    page.click("text=Andi Pratama")
    page.click("[data-testid=reg-check]")
    page.click("[data-testid=check-submit]")
    expect(page.locator("[data-testid=reg-letter-S05]")).to_be_visible()
    page.click("[data-testid=reg-pact]")
    expect(page.locator("[data-testid=reg-letter-S07]")).to_be_visible()
    expect(page.locator("[data-testid=ptk-star]")).to_have_text("Bintang 3")

    # The Dinas receives the pact: S08, Bintang 4.
    switch_to(page, world.roles["dinas_kota_op"].user.username)
    page.goto(page.base + "/ptk/pakta-masuk/")
    page.check("[data-testid=select-all]")
    page.click("[data-testid=reg-batch-submit]")
    expect(page.locator("[data-testid=batch-state]")).to_have_text("Selesai")
    page.goto(page.base + "/ptk/?star=4")
    expect(page.locator("[data-testid=ptk-table]")).to_contain_text("Andi Pratama")
    page.click("text=Andi Pratama")
    expect(page.locator("[data-testid=ptk-active-status]")).to_have_text("Permanen Aktif")
    s08_href = page.get_attribute("[data-testid=reg-letter-S08]", "href")
    assert s08_href

    # The PTK sees Bintang 4; the public verification of the S08 shows it.
    switch_to(page, pegid)
    expect(page.locator("[data-testid=home-star]")).to_contain_text("Bintang 4 · Permanen Aktif")
    from documents.models import Letter

    s08 = Letter.objects.get(code="S08", subject_name="Andi Pratama")
    page.context.clear_cookies()
    page.goto(page.base + f"/v/{s08.token}/")
    expect(page.locator("[data-testid=verify-certifies]")).to_have_text("Permanen Aktif (Bintang 4)")
    screenshot(page, path="/tmp/padamu-reg-verify.png", full_page=True)
