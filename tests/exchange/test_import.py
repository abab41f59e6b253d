"""Dapodik import through the pages a school operator uses: upload, preview, confirm, result."""

import pytest
from django.urls import reverse

from exchange.models import ImportEntry
from ptk.models import Ptk, PtkChange, PtkRombel

from .conftest import csv_bytes, person

pytestmark = pytest.mark.django_db


def test_school_imports_new_ptk_then_same_file_changes_nothing(client, world, imp):
    sd = world.inst["sd"]
    a = person(sd.npsn)
    b = person(sd.npsn, **{"Rombel": "", "Mata Pelajaran": "", "Jam Per Minggu": "", "Jenis PTK": "Tenaga Administrasi Sekolah"})
    a2 = dict(a, **{"Rombel": "Kelas 5B", "Mata Pelajaran": "Matematika", "Jam Per Minggu": "6"})
    data = csv_bytes([a, b, a2])
    job = imp.upload(world.roles["sd_op"], data)
    assert job.status == "preview", job.error
    assert (job.added, job.changed, job.unchanged, job.refused) == (2, 0, 0, 0)
    assert not Ptk.objects.exists()  # nothing written before the confirmation
    page = client.get(reverse("exchange:import_detail", args=[job.pk])).content.decode()
    assert a["Nama"] in page and "Ditambahkan" in page and "Kelas 5B" in page

    job = imp.confirm(job)
    assert job.status == "done", job.error
    p = Ptk.objects.get(nik=a["NIK"])
    assert (p.in_dapodik, p.has_rombel, p.qualification, p.facts_source) == (True, True, "S1", "dapodik")
    assert p.dapodik_synced_at is not None and p.school == sd and p.pegid
    assert PtkRombel.objects.filter(ptk=p, ended_on__isnull=True).count() == 2
    q = Ptk.objects.get(nik=b["NIK"])
    assert (q.in_dapodik, q.has_rombel) == (True, False)
    changes = PtkChange.objects.filter(ptk=p)
    assert changes.exists() and set(changes.values_list("role", flat=True)) == {"Dapodik"}
    assert set(changes.values_list("actor", flat=True)) == {world.roles["sd_op"].user_id}

    before = PtkChange.objects.count()
    again = imp.upload(world.roles["sd_op"], data)
    assert (again.added, again.changed, again.unchanged, again.refused) == (0, 0, 2, 0)
    page = client.get(reverse("exchange:import_detail", args=[again.pk])).content.decode()
    assert "Tidak ada yang perlu diubah" in page
    again = imp.confirm(again)
    assert again.status == "done" and "Tidak ada perubahan" in again.note
    assert PtkChange.objects.count() == before


def test_preview_lists_refusals_with_reasons(client, world, imp):
    sd = world.inst["sd"]
    good = person(sd.npsn)
    rows = [
        good,
        person(sd.npsn, NIK="1234"),  # bad NIK
        person(sd.npsn, NUPTK="12345"),  # bad NUPTK
        person(sd.npsn, NIP="199001012020121999"),  # NIP birth date differs
        person("99999999"),  # unknown NPSN
        person(world.inst["sd_sleman"].npsn),  # other school
        dict(good),  # duplicate row
    ]
    job = imp.upload(world.roles["sd_op"], csv_bytes(rows))
    assert (job.added, job.refused) == (1, 6), job.error
    reasons = {e.first_line: " ".join(e.messages) for e in ImportEntry.objects.filter(job=job, status="refuse")}
    assert "NIK harus terdiri dari tepat 16 angka" in reasons[3]
    assert "NUPTK harus terdiri dari tepat 16 angka" in reasons[4]
    assert "NIP tidak cocok dengan tanggal lahir" in reasons[5]
    assert "tidak terdaftar di Padamu" in reasons[6]
    assert "di luar kewenangan Anda" in reasons[7]
    assert "Baris ganda" in reasons[8]
    page = client.get(reverse("exchange:import_detail", args=[job.pk]) + "?status=refuse").content.decode()
    assert "di luar kewenangan Anda" in page and "badge badge-green" not in page
