import csv
import io
import itertools
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import login_as
from tests.ptk.conftest import nik_for

HEADER = [
    "Nama", "NIK", "NUPTK", "NIP", "Jenis Kelamin", "Tempat Lahir", "Tanggal Lahir", "Nama Ibu Kandung",
    "Status Kepegawaian", "Jenis PTK", "Pendidikan Terakhir", "NPSN", "PTK Induk", "Tahun Ajaran", "Semester",
    "Rombel", "Mata Pelajaran", "Jam Per Minggu",
]  # fmt: skip
_seq = itertools.count(500)


def person(npsn, **over) -> dict:
    n = next(_seq)
    birth = over.pop("birth", date(1988, 3, (n % 27) + 1))
    sex = over.pop("sex", "L" if n % 2 else "P")
    d = {
        "Nama": f"Guru Dapodik {n}",
        "NIK": nik_for(birth, sex, seq=n),
        "NUPTK": "",
        "NIP": "",
        "Jenis Kelamin": sex,
        "Tempat Lahir": "Sleman",
        "Tanggal Lahir": birth.isoformat(),
        "Nama Ibu Kandung": f"Ibu {n}",
        "Status Kepegawaian": "Guru Honor Sekolah",
        "Jenis PTK": "Guru Kelas",
        "Pendidikan Terakhir": "S1",
        "NPSN": npsn,
        "PTK Induk": "1",
        "Tahun Ajaran": "2025/2026",
        "Semester": "1",
        "Rombel": "Kelas 4A",
        "Mata Pelajaran": "Guru Kelas",
        "Jam Per Minggu": "24",
    }
    d.update(over)
    return d


def csv_bytes(rows, *, header=HEADER, delimiter=",", encoding="utf-8", bom=False) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter)
    w.writerow(header)
    for r in rows:
        w.writerow([r.get(h, "") for h in HEADER] if isinstance(r, dict) else r)
    data = buf.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def upload(client, role, data: bytes, *, name="ptk.csv", capture=None, npsn=""):
    """Log in as ``role``, upload and return the import job (checked by the immediate task backend)."""
    from exchange.models import DapodikImport

    login_as(client, role)
    f = SimpleUploadedFile(name, data, content_type="text/csv")
    with capture(execute=True):
        r = client.post(reverse("exchange:import_index"), {"file": f, "npsn": npsn})
    assert r.status_code == 302, r.content.decode()[:2000]
    return DapodikImport.objects.get(pk=int(r["Location"].rstrip("/").split("/")[-1]))


def confirm(client, job, *, capture):
    with capture(execute=True):
        r = client.post(reverse("exchange:import_confirm", args=[job.pk]))
    assert r.status_code == 302
    job.refresh_from_db()
    return job


@pytest.fixture
def imp(client, django_capture_on_commit_callbacks):
    class Imp:
        def upload(self, role, data, **kw):
            return upload(client, role, data, capture=django_capture_on_commit_callbacks, **kw)

        def confirm(self, job):
            return confirm(client, job, capture=django_capture_on_commit_callbacks)

    return Imp()
