"""Bad input never half-imports: unreadable files are refused whole with a clear Indonesian
message; a bad cell refuses its row; formulas are refused; an oversized upload is refused before
it is read."""

import io
import os

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from exchange.models import DapodikImport, ImportEntry
from ptk.models import Ptk
from tests.factories import login_as

from .conftest import HEADER, csv_bytes, person

pytestmark = pytest.mark.django_db


def stored_files():
    root = settings.PRIVATE_STORAGE_ROOT
    d = os.path.join(root, "exchange", "imports")
    return sorted(os.listdir(d)) if os.path.isdir(d) else []


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "Berkas kosong"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "Excel lama"),
        (b"PK\x03\x04garbage that is no zip", "XLSX rusak"),
        ("Nama,NIK\nBudi,1\n".encode("utf-16"), "bukan CSV teks biasa"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "bukan CSV teks biasa"),
        (b"just one column\nno separator\n", "pemisah kolom"),
        (b"Nama;NIK\nBudi;3471010101900001\n", "Kolom wajib tidak ditemukan: Jenis Kelamin, Tanggal Lahir"),
        (b'Nama,"NIK\nBudi,1\n', "CSV rusak"),
    ],
)
def test_unreadable_files_are_refused_whole(client, world, data, message, django_capture_on_commit_callbacks):
    login_as(client, world.roles["sd_op"])
    before = stored_files()
    f = SimpleUploadedFile("ptk.csv", data, content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("exchange:import_index"), {"file": f})
    if data == b"":
        assert r.status_code == 200  # the form itself refuses an empty file
        return
    job = DapodikImport.objects.get()
    assert job.status == "failed" and message in job.error, job.error
    assert not job.path and stored_files() == before  # the file does not stay on the server
    page = client.get(reverse("exchange:import_detail", args=[job.pk])).content.decode()
    assert message in page and "Tidak ada data yang berubah" in page
    assert not Ptk.objects.exists()


def test_windows_1252_semicolon_csv_with_header_variants(world, imp):
    header = [
        "NAMA LENGKAP",
        "nik",
        "jk",
        "tgl_lahir",
        "Tempat_Lahir",
        "nama ibu",
        "pendidikan",
        "npsn_sekolah",
        "kelas",
    ]
    row = person(world.inst["sd"].npsn, **{"Nama": "Stéphanie Ñaomi"})
    birth = row["Tanggal Lahir"]
    y, m, d = birth.split("-")
    line = [row["Nama"], row["NIK"], "Perempuan" if row["Jenis Kelamin"] == "P" else "Laki-laki", f"{d}-{m}-{y}",
            "Bantul", "Ibu", "S-1", row["NPSN"], ""]  # fmt: skip
    data = csv_bytes([line], header=header, delimiter=";", encoding="cp1252")
    job = imp.upload(world.roles["sd_op"], data)
    assert (job.added, job.refused) == (1, 0), [e.messages for e in ImportEntry.objects.filter(job=job)]
    imp.confirm(job)
    p = Ptk.objects.get()
    assert (p.name, p.qualification, p.in_dapodik, p.has_rombel) == ("Stéphanie Ñaomi", "S1", True, False)


def test_utf8_with_bom(world, imp):
    job = imp.upload(world.roles["sd_op"], csv_bytes([person(world.inst["sd"].npsn)], bom=True))
    assert (job.added, job.refused) == (1, 0)


@pytest.mark.parametrize("cell", ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"])
def test_formula_cells_are_refused_with_a_clear_message(world, imp, cell):
    job = imp.upload(world.roles["sd_op"], csv_bytes([person(world.inst["sd"].npsn, Nama=cell)]))
    e = ImportEntry.objects.get(job=job)
    assert e.status == "refuse" and "rumus spreadsheet" in e.messages[0]
    assert job.added == 0


def _xlsx(rows, header=HEADER, numeric_nik=False) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        vals = [r.get(h, "") for h in header]
        if numeric_nik:
            vals[header.index("NIK")] = int(r["NIK"])
        ws.append(vals)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_xlsx_import_and_numeric_nik_refused(world, imp):
    sd = world.inst["sd"].npsn
    job = imp.upload(world.roles["sd_op"], _xlsx([person(sd), person(sd)]), name="ptk.xlsx")
    assert (job.added, job.refused, job.columns["format"]) == (2, 0, "xlsx")
    job = imp.upload(world.roles["sd_op"], _xlsx([person(sd)], numeric_nik=True), name="ptk.xlsx")
    e = ImportEntry.objects.get(job=job)
    assert e.status == "refuse" and "sebagai Teks" in " ".join(e.messages)


def test_xlsx_formula_cell_is_refused(world, imp):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    r = person(world.inst["sd"].npsn)
    vals = [r[h] for h in HEADER]
    vals[0] = '=HYPERLINK("http://evil.example","klik")'
    ws.append(vals)
    buf = io.BytesIO()
    wb.save(buf)
    job = imp.upload(world.roles["sd_op"], buf.getvalue(), name="ptk.xlsx")
    assert "rumus spreadsheet" in ImportEntry.objects.get(job=job).messages[0]


def test_a_200_mb_upload_is_refused_before_it_is_read(client, world):
    login_as(client, world.roles["sd_op"])
    before = stored_files()
    body = (
        b'--x\r\nContent-Disposition: form-data; name="file"; filename="besar.csv"\r\n\r\nNama\r\n--x--\r\n'
    )
    r = client.generic(
        "POST",
        reverse("exchange:import_index"),
        data=body,
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(200 * 1024 * 1024),
    )
    assert r.status_code == 413
    assert "terlalu besar" in r.content.decode()
    assert not DapodikImport.objects.exists() and stored_files() == before


@override_settings(EXCHANGE_IMPORT_MAX_BYTES=2000)
def test_an_upload_over_the_cap_stops_being_read_at_the_cap(client, world):
    """Without a truthful Content-Length the upload handler stops at the cap: nothing is stored."""
    from django.test import RequestFactory

    from exchange.uploads import CappedUploadHandler, install_cap

    request = RequestFactory().post("/", {"file": SimpleUploadedFile("a.csv", b"x" * 5000)})
    handler = install_cap(request, 2000)
    assert isinstance(handler, CappedUploadHandler)
    assert "file" not in request.FILES and handler.exceeded
    login_as(client, world.roles["sd_op"])
    r = client.post(reverse("exchange:import_index"), {"file": SimpleUploadedFile("a.csv", b"x" * 3000)})
    assert r.status_code == 413 and not DapodikImport.objects.exists()


@override_settings(EXCHANGE_IMPORT_MAX_ROWS=3)
def test_too_many_rows_refused(world, imp):
    job = imp.upload(world.roles["sd_op"], csv_bytes([person(world.inst["sd"].npsn) for _i in range(5)]))
    assert job.status == "failed" and "lebih dari 3 baris" in job.error


def test_bad_cells_refuse_only_their_row(world, imp):
    sd = world.inst["sd"].npsn
    rows = [
        person(sd),
        person(sd, **{"Tanggal Lahir": "31-02-1990"}),
        person(sd, **{"Jenis Kelamin": "X"}),
        person(sd, **{"Status Kepegawaian": "Raja"}),
        person(sd, **{"Jam Per Minggu": "99"}),
        person(sd, NIK="", NUPTK="", **{"Nama Ibu Kandung": ""}),
    ]
    job = imp.upload(world.roles["sd_op"], csv_bytes(rows))
    reasons = {
        e.first_line: " ".join(e.messages) for e in ImportEntry.objects.filter(job=job, status="refuse")
    }
    assert (job.added, job.refused) == (1, 5)
    assert "Tanggal lahir tidak terbaca" in reasons[3]
    assert "Jenis kelamin harus L atau P" in reasons[4]
    assert "Status Kepegawaian tidak dikenal" in reasons[5]
    assert "Jam per minggu" in reasons[6]
    assert "tidak dapat dikenali" in reasons[7]
