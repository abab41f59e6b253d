"""Real Chromium: a Dinas admin orders a batch print, the progress page polls while a worker
builds it, then offers the download; and an admin downloads the S01 of a new operator."""

import pytest
from playwright.sync_api import expect

from accounts.models import Role, User
from documents import services
from documents.models import BatchPrint, Letter
from tests.browser import screenshot, switch_to
from tests.factories import assign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_batch_print_progress_page_polls_until_download(page, world, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # a real queue
    for key in ("sd", "smp"):
        u = User(username=f"adm-{key}", full_name=f"Admin {key}")
        u.set_unusable_password()
        u.save()
        assign(u, Role.ADMIN, world.inst[key])
    switch_to(page, world.roles["dinas_kota_admin"].user.username)
    page.click("text=Cetak massal S01")
    assert "2 sekolah" in page.inner_text("[data-testid=batch-count]")
    page.once("dialog", lambda d: d.accept())
    page.click("[data-testid=batch-start]")
    page.wait_for_selector("progress")
    assert "Menunggu giliran" in page.inner_text("[data-testid=batch-state]")  # the request did not wait
    screenshot(page, path="/tmp/padamu-batch-queued.png", full_page=True)
    job = BatchPrint.objects.get()
    services.batch_part_build(job_id=job.pk, part=0)  # what `manage.py db_worker` does
    page.wait_for_selector("[data-testid=batch-download]", state="visible")
    assert "Selesai" in page.inner_text("[data-testid=batch-state]")
    screenshot(page, path="/tmp/padamu-batch-done.png", full_page=True)
    with page.expect_download() as dl:
        page.click("[data-testid=batch-download]")
    path = dl.value.path()
    with open(path, "rb") as fh:
        assert fh.read(5) == b"%PDF-"
    job.refresh_from_db()
    assert job.status == "delivered"


def test_admin_downloads_s01_of_a_new_operator(page, world):
    switch_to(page, world.roles["dinas_kota_admin"].user.username)
    page.goto(page.base + "/pengguna/daftar/")
    page.select_option("select[name=institution]", str(world.inst["sd"].pk))
    page.select_option("select[name=role]", "operator")
    page.fill("input[name=username]", "operator.sd.baru")
    page.fill("input[name=full_name]", "Rina Operator")
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-testid=code-letter]")
    code = page.inner_text("[data-testid=activation-code]").strip()
    screenshot(page, path="/tmp/padamu-code-issued.png", full_page=True)
    with page.expect_download() as dl:
        page.click("[data-testid=code-letter]")
    assert dl.value.suggested_filename == "S01-operator.sd.baru.pdf"
    from .conftest import pdf_text

    with open(dl.value.path(), "rb") as fh:
        assert code in pdf_text(fh.read())
    # reloading the code page issues nothing new; the S01 can be downloaded again until printed
    number = page.inner_text("[data-testid=s01-number]")
    page.reload()
    expect(page.locator("[data-testid=s01-number]")).to_have_text(number)
    expect(page.locator("[data-testid=activation-code]")).to_have_text(code)
    with page.expect_download() as dl:
        page.click("[data-testid=code-letter]")
    with open(dl.value.path(), "rb") as fh:
        assert code in pdf_text(fh.read())
    assert Letter.objects.filter(code="S01").count() == 1
    page.once("dialog", lambda d: d.accept())
    page.click("[data-testid=code-printed]")
    expect(page.locator(".msg-success")).to_contain_text("sudah dicetak")
    assert page.url.endswith("/pengguna/")
