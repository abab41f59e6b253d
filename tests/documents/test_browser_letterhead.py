"""Real Chromium: a Dinas admin records its head and letterhead on the kop page (confirming the
appointment), and anyone verifies a letter by typing its code on /v/."""

import pytest
from playwright.sync_api import expect

from tests.browser import screenshot
from tests.factories import browser_session

from .conftest import issue_sample

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dinas_admin_records_head_and_letterhead(page, world):
    browser_session(page, world.roles["dinas_kota_admin"].user.username)  # the login form: tests/accounts
    page.goto(page.base + f"/dokumen/lembaga/{world.inst['dinas_kota'].pk}/kop/")
    expect(page.get_by_text("belum tercatat")).to_be_visible()
    page.fill("input[name=address]", "Jl. Hayam Wuruk No. 11, Yogyakarta 55211")
    page.fill("input[name=city]", "Yogyakarta")
    page.fill("input[name=phone]", "(0274) 512956")
    page.fill("input[name=email]", "pendidikan@jogjakota.go.id")
    page.click("[data-testid=letterhead-submit]")
    expect(page.locator("[data-testid=letterhead-now]")).to_contain_text("Jl. Hayam Wuruk No. 11")
    page.fill("input[name=name]", "Drs. Heru Prasetyo Nugroho, M.Pd.")
    page.fill("input[name=nip]", "196902141994031006")
    page.fill("input[name=rank]", "Pembina Utama Muda (IV/c)")
    page.fill("input[name=start]", "2024-01-08")
    page.once("dialog", lambda d: d.accept())
    page.click("[data-testid=appoint-submit]")
    expect(page.locator("[data-testid=letterhead-signer]")).to_contain_text(
        "Drs. Heru Prasetyo Nugroho, M.Pd."
    )
    expect(page.locator("[data-testid=officials]")).to_contain_text("19690214 199403 1 006")
    screenshot(page, path="/tmp/padamu-letterhead.png", full_page=True)


def test_verify_by_typing_the_code(page, world):
    letter = issue_sample(world, "S11").letter
    page.goto(page.base + "/v/")
    page.fill("input[name=kode]", letter.token.upper())
    page.click("[data-testid=verify-form] button")
    expect(page.locator("[data-testid=verify-number]")).to_have_text(letter.number)
    expect(page.locator("[data-testid=verify-fact]").first).to_contain_text(letter.data["request"]["nuptk"])
    page.click("text=English")
    expect(page.locator("[data-testid=verify-result]")).to_contain_text("REGISTERED")
    screenshot(page, path="/tmp/padamu-verify.png", full_page=True)
