"""Follow the pager and export links a list page renders, as a user clicking them would."""

import csv
import html
import io
import re

import pytest
from django.urls import reverse

from tests.factories import login_as, school

pytestmark = pytest.mark.django_db


def _link(content: bytes, testid: str | None = None, text: str | None = None) -> str:
    page = content.decode()
    if testid:
        m = re.search(rf'<a href="([^"]*)" data-testid="{testid}"', page)
    else:
        m = re.search(rf'<a[^>]*href="([^"]*)"[^>]*>{re.escape(text)}</a>', page)
    assert m, f"link {testid or text} not found"
    return html.unescape(m.group(1))


def test_next_page_of_institution_list_shows_the_next_rows_and_keeps_the_search(client, world):
    district = world.inst["sd"].district
    for i in range(30):
        school(district=district, name=f"SD Cari {i:02d}")
    login_as(client, world.roles["dinas_kota_op"])
    url = reverse("accounts:institutions")
    first = client.get(url, {"q": "Cari"})
    names1 = re.findall(r"SD Cari \d\d", first.content.decode())
    nxt = _link(first.content, testid="next-page")
    assert not nxt.startswith("??") and "q=Cari" in nxt
    second = client.get(url + nxt)
    names2 = re.findall(r"SD Cari \d\d", second.content.decode())
    assert names2 and not set(names2) & set(names1)
    assert sorted(set(names1) | set(names2)) == [f"SD Cari {i:02d}" for i in range(30)]


def test_ptk_exports_follow_the_search_and_xlsx_is_xlsx(client, world):
    from tests.ptk.conftest import enter

    for i in range(3):
        enter(world.inst["sd"], world.roles["sd_op"], name=f"Budi Ekspor {i}")
    enter(world.inst["sd"], world.roles["sd_op"], name="Lain Orang")
    login_as(client, world.roles["sd_op"])
    page = client.get(reverse("ptk:list"), {"q": "Ekspor"})
    csv_url = _link(page.content, text="Ekspor CSV")
    xlsx_url = _link(page.content, text="Ekspor XLSX")
    r = client.get(csv_url)
    rows = list(csv.reader(io.StringIO(b"".join(r.streaming_content).decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["Budi Ekspor 0", "Budi Ekspor 1", "Budi Ekspor 2"]
    r = client.get(xlsx_url)
    body = b"".join(r.streaming_content)
    assert body[:2] == b"PK" and r["Content-Disposition"].endswith('.xlsx"')
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(body)).active
    assert [row[0] for row in ws.iter_rows(min_row=2, values_only=True)] == [
        "Budi Ekspor 0",
        "Budi Ekspor 1",
        "Budi Ekspor 2",
    ]
