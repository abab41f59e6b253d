"""The statistics page: server-side SVG charts, date range, kab/kota and school drill-down, CSV,
scoped like the lists, constant queries."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import login_as
from tests.nuptk.conftest import approve, reject  # noqa: F401 (claim, tick the checklist, decide)

from .conftest import scope_of
from .test_views import submitted

pytestmark = pytest.mark.django_db


def world_with_requests(world):
    a = submitted(world, name="Ani")
    b = submitted(world, name="Budi")
    c = submitted(world, school="smp", name="Citra")
    dinas = scope_of(world.roles["dinas_kota_op"])
    reject(scope=dinas, pk=a.pk, reason="unreadable", note="buram")
    approve(scope=dinas, pk=b.pk)
    return a, b, c


def test_charts_are_svg_with_titles_and_the_numbers_in_tables(client, world):
    world_with_requests(world)
    login_as(client, world.roles["dinas_kota_op"])
    html = client.get(reverse("nuptk:statistics")).content.decode()
    for chart in ("chart-kinds", "chart-levels", "chart-waits", "chart-weeks"):
        svg = html.split(f'data-testid="{chart}"')[1].split("</svg>")[0]
        assert "<title>" in svg and "<rect" in svg, chart
    assert "<script" not in html.split("<main")[1]  # readable without JavaScript
    kinds_svg = html.split('data-testid="chart-kinds"')[1].split("</svg>")[0]
    assert (
        "Penerbitan NUPTK, Dikembalikan: 1" in kinds_svg
        and "Penerbitan NUPTK, Sedang diperiksa: 2" in kinds_svg
    )
    assert 'data-testid="total">3<' in html
    assert "Scan tidak terbaca" in html


def test_kab_kota_and_school_drill_down(client, world):
    world_with_requests(world)
    login_as(client, world.roles["lpmp_op"])
    html = client.get(reverse("nuptk:statistics")).content.decode()
    regency = world.inst["sd"].regency
    area = html.split('data-testid="by-area"')[1].split("</table>")[0]
    assert regency.name in area and f"kabkota={regency.code}" in area
    html = client.get(reverse("nuptk:statistics"), {"kabkota": regency.code}).content.decode()
    area = html.split('data-testid="by-area"')[1].split("</table>")[0]
    assert world.inst["sd"].name in area and world.inst["smp"].name in area
    html = client.get(
        reverse("nuptk:statistics"), {"kabkota": regency.code, "npsn": world.inst["smp"].npsn}
    ).text
    assert 'data-testid="total">1<' in html


def test_date_range_and_an_office_elsewhere_sees_none_of_it(client, world):
    world_with_requests(world)
    login_as(client, world.roles["dinas_kota_op"])
    past = (timezone.localdate() - timedelta(days=400)).isoformat()
    earlier = (timezone.localdate() - timedelta(days=300)).isoformat()
    html = client.get(reverse("nuptk:statistics"), {"dari": past, "sampai": earlier}).content.decode()
    assert 'data-testid="total">0<' in html
    # nonsense input falls back to the defaults, never a 500
    r = client.get(reverse("nuptk:statistics"), {"dari": "kemarin", "sampai": "2020-13-45", "kabkota": "<x>"})
    assert r.status_code == 200
    login_as(client, world.roles["lpmp_jabar_op"])
    html = client.get(reverse("nuptk:statistics")).content.decode()
    assert 'data-testid="total">0<' in html and world.inst["sd"].regency.name not in html


def test_csv_export_follows_the_range_and_drill_down(client, world):
    world_with_requests(world)
    login_as(client, world.roles["dinas_kota_op"])
    r = client.get(reverse("nuptk:statistics_export"))
    assert r["Content-Type"].startswith("text/csv") and "attachment" in r["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(r.content.decode())))
    assert rows[0] == ["Bagian", "Baris", "Kolom", "Jumlah"]
    assert ["Per jenis dan status", "Penerbitan NUPTK", "Dikembalikan", "1"] in rows
    regency = world.inst["sd"].regency
    assert any(
        r[0] == "Per kab/kota" and regency.name in r[1] and r[2] == "semua" and r[3] == "3" for r in rows
    )
    rows = list(
        csv.reader(
            io.StringIO(client.get(reverse("nuptk:statistics_export"), {"npsn": world.inst["smp"].npsn}).text)
        )
    )
    assert ["Per jenis dan status", "Penerbitan NUPTK", "Sedang diperiksa", "1"] in rows
    # a school cannot open statistics at all
    login_as(client, world.roles["sd_op"])
    assert client.get(reverse("nuptk:statistics_export")).status_code == 403


def test_statistics_queries_do_not_grow_with_requests(client, world, django_assert_max_num_queries):
    world_with_requests(world)
    login_as(client, world.roles["lpmp_op"])
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("nuptk:statistics"))
    for i in range(6):
        submitted(world, school="smp" if i % 2 else "sd", name=f"Guru {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("nuptk:statistics"))
