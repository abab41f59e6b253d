"""Real Chromium: the school operator enters an A05 and prints S02; the PTK activates with the
code from the PDF, edits their data and sees the change history."""

import io
import re
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser import screenshot
from tests.factories import DEMO_PASSWORD, browser_login

from .conftest import nik_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, username, password):
    browser_login(page, username, password)


def test_a05_entry_s02_activation_self_service_history(page, world):
    op = world.roles["sd_op"].user
    login(page, op.username, DEMO_PASSWORD)
    page.wait_for_selector("[data-testid=home-title]")
    page.click("nav.mainnav >> text=PTK")
    page.click("[data-testid=enter-ptk]")
    birth = date(1994, 7, 21)
    page.fill("#id_name", "Rina Kusumawati")
    page.fill("#id_nik", nik_for(birth, "P", seq=77))
    page.fill("#id_birth_place", "Bantul")
    page.fill("#id_birth_date", birth.isoformat())
    page.select_option("#id_sex", "P")
    page.fill("#id_mother_name", "Sri Lestari")
    page.select_option("#id_employment_status", "8")
    page.select_option("#id_ptk_type", "4")
    page.click("[data-testid=save-entry]")
    page.wait_for_selector("[data-testid=s02-download]")
    expect(page.locator("body")).to_contain_text("RAHASIA")
    pegid = page.inner_text("[data-testid=ptk-pegid]").strip()
    assert re.fullmatch(r"00\d{14}", pegid)
    with page.expect_download() as dl:
        page.click("[data-testid=s02-download]")
    pdf = open(dl.value.path(), "rb").read()
    assert pdf[:4] == b"%PDF"
    screenshot(page, path="/tmp/padamu-ptk-s02.png", full_page=True)
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    code = re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", text.replace(" ", "")).group(0)
    assert pegid in text.replace(" ", "")
    # Reloading the page issues no new letter; "Sudah dicetak" ends the download.
    number = page.inner_text("[data-testid=s02-number]")
    page.reload()
    expect(page.locator("[data-testid=s02-number]")).to_have_text(number)
    page.once("dialog", lambda d: d.accept())
    page.click("[data-testid=s02-printed]")
    expect(page.locator(".msg-success")).to_contain_text("sudah dicetak")

    # The PTK activates: wrong birth date first, then right.
    page.context.clear_cookies()
    page.goto(page.base + "/ptk/aktivasi/")
    page.fill("#id_username", pegid)
    page.fill("#id_code", code)
    page.fill("#id_birth_date", "1994-07-22")
    page.fill("#id_password1", "Rina-Sandi-2026")
    page.fill("#id_password2", "Rina-Sandi-2026")
    page.click("[data-testid=activate]")
    expect(page.locator("body")).to_contain_text("tidak cocok")
    page.fill("#id_birth_date", birth.isoformat())
    page.fill("#id_password1", "Rina-Sandi-2026")
    page.fill("#id_password2", "Rina-Sandi-2026")
    page.click("[data-testid=activate]")
    page.wait_for_url("**/masuk/")
    login(page, pegid, "Rina-Sandi-2026")
    page.wait_for_selector("[data-testid=home-title]")
    page.click("nav.mainnav >> text=Data saya")
    page.wait_for_selector("[data-testid=confidential]")
    assert "RAHASIA" in page.inner_text("[data-testid=confidential]")
    assert page.is_visible("[data-testid=master-help]")

    page.click("[data-testid=edit-contacts]")
    page.fill("#id_phone", "081328889999")
    page.fill("#id_address", "Jl. Kaliurang km 5")
    page.click("[data-testid=save]")
    page.wait_for_selector("[data-testid=ptk-phone]")
    assert page.inner_text("[data-testid=ptk-phone]") == "081328889999"

    page.click("[data-testid=add-pendidikan]")
    page.select_option("#id_level", "S1")
    page.fill("#id_institution_name", "Universitas Negeri Yogyakarta")
    page.fill("#id_year_out", "2016")
    page.fill("#id_diploma_number", "UNY-2016-0042")
    page.click("[data-testid=save]")
    page.wait_for_selector("[data-testid=history-pendidikan]")

    page.click("[data-testid=changes-link]")
    table = page.inner_text("[data-testid=changes-table]")
    assert "081328889999" in table and "Universitas Negeri Yogyakarta" in table
    assert "Operator SD Negeri 1 Uji" in table  # the entry by the school is in the history too
    screenshot(page, path="/tmp/padamu-ptk-changes.png", full_page=True)
