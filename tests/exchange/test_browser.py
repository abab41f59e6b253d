"""Real Chromium: a school operator imports a Dapodik file through the menu (upload, progress while
a worker checks it, preview, confirm, progress while it is saved, result), exports it again, and
an admin makes an API key. Screenshots go to /tmp for the reviewer of the pages."""

import pytest

from exchange import services
from exchange.models import DapodikExport, DapodikImport
from ptk.models import Ptk
from tests.browser import screenshot, switch_to

from .conftest import csv_bytes, person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_import_through_the_pages_with_progress(page, world, settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # a real queue
    sd = world.inst["sd"].npsn
    rows = [person(sd), person(sd, NIK="347101"), person(world.inst["sd_sleman"].npsn)]
    rows.append(dict(rows[0], Rombel="Kelas 6A", **{"Mata Pelajaran": "Matematika", "Jam Per Minggu": "4"}))
    f = tmp_path / "dapodik-ptk.csv"
    f.write_bytes(csv_bytes(rows, delimiter=";", bom=True))
    switch_to(page, world.roles["sd_op"].user.username)
    page.click("nav.mainnav >> text=Impor Dapodik")
    page.set_input_files("input[name=file]", str(f))
    page.click("[data-testid=upload]")
    page.wait_for_selector("[data-testid=progress]")
    assert "Menunggu giliran" in page.inner_text("[data-testid=progress-state]")  # the request did not wait
    screenshot(page, path="/tmp/padamu-import-queued.png", full_page=True)
    job = DapodikImport.objects.get()
    services.import_analyse_run(job_id=job.pk)  # what `manage.py db_worker` does
    page.wait_for_selector("[data-testid=confirm]")  # progress.js reloaded the page
    assert page.inner_text("[data-testid=count-add]") == "1"
    assert page.inner_text("[data-testid=count-refuse]") == "2"
    text = page.inner_text("[data-testid=entries]")
    assert "NIK harus terdiri dari tepat 16 angka" in text and "di luar kewenangan Anda" in text
    assert "Kelas 6A" in text
    screenshot(page, path="/tmp/padamu-import-preview.png", full_page=True)
    assert not Ptk.objects.exists()
    page.click("[data-testid=confirm]")
    page.wait_for_selector("[data-testid=progress]")
    services.import_apply_run(job_id=job.pk)
    page.wait_for_selector("[data-testid=import-result]")
    assert "Dapodik" in page.inner_text("[data-testid=import-result]")
    screenshot(page, path="/tmp/padamu-import-done.png", full_page=True)
    p = Ptk.objects.get()
    assert p.facts_source == "dapodik" and p.has_rombel

    page.click("text=Kembali ke daftar impor")
    assert "dapodik-ptk.csv" in page.inner_text("[data-testid=import-table]")
    screenshot(page, path="/tmp/padamu-import-index.png", full_page=True)
    page.click("nav.mainnav >> text=Ekspor Dapodik")
    page.wait_for_selector("input[name=npsn]")  # the export page, before it is pictured
    screenshot(page, path="/tmp/padamu-export-index.png", full_page=True)
    page.fill("input[name=npsn]", sd)
    page.click("[data-testid=export-start]")
    page.wait_for_selector("[data-testid=progress]")
    services.export_build_run(job_id=DapodikExport.objects.get().pk)
    page.wait_for_selector("[data-testid=export-download]")
    screenshot(page, path="/tmp/padamu-export-done.png", full_page=True)
    with page.expect_download() as dl:
        page.click("[data-testid=export-download]")
    with open(dl.value.path(), "rb") as fh:
        assert rows[0]["Nama"] in fh.read().decode("utf-8-sig")


def test_admin_creates_an_api_key(page, world):
    switch_to(page, world.roles["dinas_kota_admin"].user.username)
    page.click("nav.mainnav >> text=Klien API")
    page.fill("input[name=name]", "SIMPEG Kota Yogyakarta")
    page.click("[data-testid=client-create]")
    key = page.inner_text("[data-testid=api-key]").strip()
    assert key.startswith("pdm_")
    screenshot(page, path="/tmp/padamu-api-key.png", full_page=True)
    r = page.request.get(page.base + "/api/v1/ptk/", headers={"Authorization": f"Bearer {key}"})
    assert r.status == 200 and r.json()["results"] == []
    page.goto(page.base + "/pertukaran/klien-api/")
    screenshot(page, path="/tmp/padamu-api-clients.png", full_page=True)
    page.click("text=SIMPEG Kota Yogyakarta")
    assert "/api/v1/ptk/" in page.inner_text("[data-testid=call-table]")
    screenshot(page, path="/tmp/padamu-api-client.png", full_page=True)
    page.goto(page.base + "/api/v1/docs/")
    page.wait_for_selector(".swagger-ui .info")
    screenshot(page, path="/tmp/padamu-api-docs.png")
