"""The request list and the review queue export what they show (search and filters), as CSV and real XLSX."""

import csv
import io

import pytest
from django.urls import reverse

from tests.factories import login_as

from .test_views import submitted

pytestmark = pytest.mark.django_db


def csv_rows(r):
    return list(csv.reader(io.StringIO(b"".join(r.streaming_content).decode("utf-8-sig"))))


def test_request_list_export_honours_the_search_and_is_real_xlsx(client, world):
    from openpyxl import load_workbook

    a = submitted(world, name="Ani Lestari")
    b = submitted(world, name="Budi Santoso")
    login_as(client, world.roles["sd_op"])
    html = client.get(reverse("nuptk:list"), {"q": "Budi"}).content.decode()
    assert 'href="/ajuan/ekspor/?q=Budi&amp;format=csv"' in html
    rows = csv_rows(client.get(reverse("nuptk:export"), {"q": "Budi", "format": "csv"}))
    assert rows[0][0] == "Kode" and [r[0] for r in rows[1:]] == [b.code]
    r = client.get(reverse("nuptk:export"), {"format": "xlsx"})
    assert r["Content-Disposition"].endswith('.xlsx"')
    ws = load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    codes = {row[0] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert codes == {a.code, b.code}
    # another school exports none of them
    login_as(client, world.roles["smp_op"])
    assert len(csv_rows(client.get(reverse("nuptk:export"), {"format": "csv"}))) == 1


def test_queue_export_follows_the_queue_filters_and_refuses_schools(client, world):
    a = submitted(world, name="Ani Lestari")
    submitted(world, school="smp", name="Citra Dewi")
    login_as(client, world.roles["dinas_kota_op"])
    rows = csv_rows(client.get(reverse("nuptk:queue_export"), {"npsn": world.inst["sd"].npsn}))
    assert [r[0] for r in rows[1:]] == [a.code]
    login_as(client, world.roles["sd_op"])
    assert client.get(reverse("nuptk:queue_export")).status_code == 403
