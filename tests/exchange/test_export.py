"""Dapodik export: scoped like the lists, built in the background, downloadable once by its
requester, formula-safe, and importable again unchanged (round trip)."""

import csv
import io

import pytest
from django.urls import reverse

from exchange.models import DapodikExport
from ptk.models import Ptk
from tests.factories import login_as

from .conftest import person

pytestmark = pytest.mark.django_db


def start(client, role, capture, **data):
    login_as(client, role)
    form = {"level": "sekolah", "npsn": "", "regency": "", "province": "", "fmt": "csv"}
    form.update(data)
    with capture(execute=True):
        return client.post(reverse("exchange:export_index"), form)


def download(client, job):
    r = client.post(reverse("exchange:export_download", args=[job.pk]))
    assert r.status_code == 200, r.content[:500]
    data = b"".join(r.streaming_content)
    return data


@pytest.fixture
def imported(world, imp):
    """Two PTK of the SD (one with two rombel, one teaching also at the SMP), one of Sleman."""
    from .conftest import csv_bytes

    sd, smp = world.inst["sd"].npsn, world.inst["smp"].npsn
    a = person(sd)
    rows = [
        a,
        dict(a, Rombel="Kelas 5B", **{"Mata Pelajaran": "Matematika", "Jam Per Minggu": "6"}),
        dict(
            a,
            NPSN=smp,
            **{"PTK Induk": "0", "Rombel": "VII-A", "Mata Pelajaran": "IPA", "Jam Per Minggu": "4"},
        ),
        person(sd, Rombel="", **{"Mata Pelajaran": "", "Jam Per Minggu": "", "Jenis PTK": "Laboran"}),
    ]
    imp.confirm(imp.upload(world.roles["dinas_kota_op"], csv_bytes(rows)))
    imp.confirm(imp.upload(world.roles["sd_sleman_op"], csv_bytes([person(world.inst["sd_sleman"].npsn)])))
    assert Ptk.objects.count() == 3
    return rows


def test_school_exports_its_ptk_and_the_file_imports_back_unchanged(
    client, world, imported, imp, django_capture_on_commit_callbacks
):
    r = start(client, world.roles["sd_op"], django_capture_on_commit_callbacks, npsn=world.inst["sd"].npsn)
    job = DapodikExport.objects.get()
    assert r["Location"] == reverse("exchange:export_detail", args=[job.pk])
    page = client.get(r["Location"]).content.decode()
    assert "Selesai" in page and 'data-testid="export-download"' in page
    data = download(client, job)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Nama", "NIK", "NUPTK"]
    names = {r[0] for r in rows[1:]}
    assert names == {imported[0]["Nama"], imported[3]["Nama"]}  # the Sleman PTK is not there
    assert len(rows) == 1 + 3  # two rombel of A at the SD, one row for the Laboran
    assert all(r[11] == world.inst["sd"].npsn for r in rows[1:])

    again = imp.upload(world.roles["sd_op"], data, name=job.filename)
    assert (again.added, again.changed, again.refused, again.unchanged) == (0, 0, 0, 2)

    # Once only: the file is gone after the download.
    job.refresh_from_db()
    assert job.status == "delivered" and not job.path
    r = client.post(reverse("exchange:export_download", args=[job.pk]), follow=True)
    assert "tidak tersedia lagi" in r.content.decode()


def test_dinas_exports_its_kab_kota_as_xlsx_and_reimports_it(
    client, world, imported, imp, django_capture_on_commit_callbacks
):
    from openpyxl import load_workbook

    start(
        client,
        world.roles["dinas_kota_op"],
        django_capture_on_commit_callbacks,
        level="kabkota",
        regency="34.71",
        fmt="xlsx",
    )
    job = DapodikExport.objects.get()
    data = download(client, job)
    ws = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert len(rows) == 1 + 4  # A: two rombel at the SD + one at the SMP; the Laboran
    assert {r[11] for r in rows[1:]} == {world.inst["sd"].npsn, world.inst["smp"].npsn}
    assert all(isinstance(r[1], str) for r in rows[1:])  # NIK stays text
    again = imp.upload(world.roles["dinas_kota_op"], data, name=job.filename)
    assert (again.added, again.changed, again.refused, again.unchanged) == (0, 0, 0, 2)


@pytest.mark.parametrize(
    "role_key, data",
    [
        ("sd_op", {"npsn": "20400011"}),  # another school
        ("dinas_kota_op", {"level": "kabkota", "regency": "34.04"}),  # Sleman: another Dinas
        ("dinas_kota_op", {"level": "provinsi", "province": "32"}),  # another province
        ("dinas_sleman_op", {"npsn": "20400007"}),
    ],
)
def test_export_outside_the_scope_is_refused(
    client, world, role_key, data, django_capture_on_commit_callbacks
):
    r = start(client, world.roles[role_key], django_capture_on_commit_callbacks, **data)
    assert r.status_code == 200 and not DapodikExport.objects.exists()
    errors = r.context["form"].errors
    assert errors and ("wilayah Anda" in str(errors) or "regency" in errors or "province" in errors)


def test_only_the_requester_sees_and_downloads_an_export(
    client, world, imported, django_capture_on_commit_callbacks
):
    start(client, world.roles["sd_op"], django_capture_on_commit_callbacks, npsn=world.inst["sd"].npsn)
    job = DapodikExport.objects.get()
    login_as(client, world.roles["sd_admin"])
    assert client.get(reverse("exchange:export_detail", args=[job.pk])).status_code == 404
    assert client.post(reverse("exchange:export_download", args=[job.pk])).status_code == 404
    from accounts.models import Role
    from tests.factories import assign, user

    login_as(client, assign(user("guru.e"), Role.PTK))
    assert client.get(reverse("exchange:export_index")).status_code == 403


def test_unfetched_exports_expire(client, world, imported, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.core.files.storage import default_storage
    from django.utils import timezone

    from exchange.services import export_purge_expired

    start(client, world.roles["sd_op"], django_capture_on_commit_callbacks, npsn=world.inst["sd"].npsn)
    job = DapodikExport.objects.get()
    path = job.path
    assert default_storage.exists(path)
    assert export_purge_expired(now=timezone.now() + timedelta(hours=25)) == 1
    job.refresh_from_db()
    assert job.status == "expired" and not default_storage.exists(path)


def test_exports_escape_formula_cells(client, world, imported, django_capture_on_commit_callbacks):
    p = Ptk.objects.get(name=imported[0]["Nama"])
    Ptk.objects.filter(pk=p.pk).update(
        name="=cmd|' /C calc'!A0", birth_place="@SUM(1)", mother_name="+62 ibu"
    )
    start(client, world.roles["sd_op"], django_capture_on_commit_callbacks, npsn=world.inst["sd"].npsn)
    data = download(client, DapodikExport.objects.get())
    text = data.decode("utf-8-sig")
    assert "'=cmd|' /C calc'!A0" in text and "'@SUM(1)" in text and "'+62 ibu" in text
    assert "\n=cmd" not in text and ";=cmd" not in text


def test_ptk_list_export_escapes_formula_cells(client, world, imported):
    from openpyxl import load_workbook

    p = Ptk.objects.get(name=imported[0]["Nama"])
    Ptk.objects.filter(pk=p.pk).update(name='=HYPERLINK("http://x")', birth_place="-1+2")
    login_as(client, world.roles["sd_op"])
    r = client.get(reverse("ptk:export") + "?format=csv")
    text = b"".join(r.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'-1+2" in text
    r = client.get(reverse("ptk:export") + "?format=xlsx")
    cells = [
        c
        for row in load_workbook(io.BytesIO(b"".join(r.streaming_content))).active.iter_rows(values_only=True)
        for c in row
    ]
    assert '\'=HYPERLINK("http://x")' in cells and not any(
        isinstance(c, str) and c.startswith("=") for c in cells
    )


def test_export_list_uses_a_constant_number_of_queries(
    client, world, imported, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    for _i in range(3):
        start(client, world.roles["sd_op"], django_capture_on_commit_callbacks, npsn=world.inst["sd"].npsn)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("exchange:export_index"))
    assert (
        page.content.decode().count(
            reverse("exchange:export_detail", args=[DapodikExport.objects.first().pk])
        )
        == 1
    )
