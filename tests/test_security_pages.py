"""Issue 9 on pages: forged pagination cursors on every list, the personal-data access log, and the
rate limit on public letter verification."""

import base64
import json
from datetime import timedelta

import pytest
from django.urls import reverse

from accounts.models import DataAccess
from tests.exchange.conftest import imp  # noqa: F401 - the Dapodik import fixture
from tests.factories import login_as
from tests.ptk.conftest import enter

pytestmark = pytest.mark.django_db


def b64(obj) -> str:
    raw = obj if isinstance(obj, bytes) else json.dumps(obj).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


FORGED = [
    "x",
    "!!!",
    "%00",
    "A" * 5000,
    b64([]),
    b64(["a"]),
    b64(["a", "b", "c", "d", "e", "f"]),
    b64({"a": 1}),
    b64("string"),
    b64(None),
    b64([1, 2]),
    b64(["nama", "bukan-angka"]),
    b64([10**40, 10**40]),
    b64([-(10**40), 1]),
    b64([1e308, 1]),
    b64(["\u0000", 1]),
    b64([[1, [2, [3]]], {"x": {"y": 1}}]),
    b64([{"__dt__": "bukan-tanggal"}, 1]),
    b64([{"__dt__": "2026-13-45"}, 1]),
    b64([{"__dt__": "2026-01-01T00:00:00"}, 1]),  # naive datetime
    b64([{"__dt__": 5}, 1]),
    b64([{"__dt__": "2026-01-01", "x": 1}, 1]),
    b64([True, False]),
    b64([None, None]),
    b64(b'["\\ud800", 1]'),  # a lone surrogate
    b64(b"\xff\xfe\x00garbage"),
    b64("[" * 5000 + "]" * 5000),
    b64([{"__dt__": "2026-01-01T00:00:00+07:00"}, "x"]),
]
# Well-formed for some list (right length and types): a position like any other, never an error.
WELL_FORMED = [b64(["a", "b", "c", 1]), b64(["a", 1]), b64([{"__dt__": "2026-01-01T00:00:00+07:00"}, 1])]

# (url name, role key): every paginated list of the project.
LISTS = [
    ("ptk:list", "sd_op"),
    ("ptk:reg_batch_school", "sd_op"),
    ("ptk:reg_batch_dinas", "dinas_kota_op"),
    ("accounts:school_accounts", "dinas_kota_op"),
    ("documents:complaints", "dinas_kota_op"),
    ("nuptk:list", "sd_op"),
    ("nuptk:queue", "dinas_kota_op"),
    ("nuptk:incoming", "dinas_kota_op"),
    ("accounts:users", "dinas_kota_admin"),
    ("accounts:institutions", "dinas_kota_op"),
    ("documents:letter_index", "dinas_kota_op"),
    ("accounts:invitations", "dinas_kota_admin"),
    ("accounts:access_log", "dinas_kota_admin"),
    ("exchange:export_index", "sd_op"),
    ("exchange:client_index", "sd_admin"),
]


@pytest.mark.parametrize("name,role", LISTS)
def test_forged_cursors_give_the_first_page(client, world, name, role):
    enter(world.inst["sd"], world.roles["sd_op"])
    login_as(client, world.roles[role])
    first = client.get(reverse(name))
    assert first.status_code == 200
    for cursor in FORGED:
        r = client.get(reverse(name), {"setelah": cursor})
        assert r.status_code == 200, (name, cursor[:40])
        assert r.context["page"].is_first, (name, cursor[:40])
    for cursor in WELL_FORMED:
        assert client.get(reverse(name), {"setelah": cursor}).status_code == 200

def test_forged_cursors_on_a_ptk_change_history(client, world):
    p = enter(world.inst["sd"], world.roles["sd_op"])
    login_as(client, world.roles["sd_op"])
    for cursor in FORGED:
        r = client.get(reverse("ptk:changes", args=[p.pk]), {"setelah": cursor})
        assert r.status_code == 200 and r.context["page"].is_first


def test_every_paginated_view_is_in_the_forged_cursor_test():
    """A new list page must join LISTS above (or the history test)."""
    import inspect

    from tests.test_url_access import project_urls

    paginated = set()
    for _route, cb, name in project_urls():
        fn = inspect.unwrap(cb)
        try:
            src = inspect.getsource(fn)
        except (OSError, TypeError):
            continue
        if "keyset_page(" in src:
            paginated.add(name)
    assert paginated - {n for n, _r in LISTS} <= {"ptk:changes", "exchange:import_detail", "exchange:client_detail"}


def test_forged_cursors_on_an_import_preview_and_an_api_clients_calls(client, world, imp):  # noqa: F811
    from accounts.scope import ActiveRole
    from exchange.services import api_client_create
    from tests.exchange.conftest import csv_bytes, person

    job = imp.upload(world.roles["sd_op"], csv_bytes([person(world.inst["sd"].npsn)]))
    api, _key = api_client_create(
        active=ActiveRole(world.roles["sd_admin"]), name="Aplikasi", actor=world.roles["sd_admin"].user
    )
    for role, url in (
        ("sd_op", reverse("exchange:import_detail", args=[job.pk])),
        ("sd_admin", reverse("exchange:client_detail", args=[api.pk])),
    ):
        login_as(client, world.roles[role])
        assert client.get(url).status_code == 200
        for cursor in FORGED:
            # ordered by numbers: a forged cursor may be a valid position, never an error
            assert client.get(url, {"setelah": cursor}).status_code == 200, (url, cursor[:40])


# --- access log -----------------------------------------------------------------------------------


def test_viewing_and_exporting_ptk_data_is_logged_and_shown_to_admins_in_scope(client, world):
    p = enter(world.inst["sd"], world.roles["sd_op"])
    login_as(client, world.roles["dinas_kota_op"])
    client.get(reverse("ptk:detail", args=[p.pk]))
    client.get(reverse("ptk:export"), {"format": "xlsx"})
    rows = list(DataAccess.objects.order_by("pk"))
    assert [(r.action, r.actor.username, r.role, r.institution_id) for r in rows] == [
        ("view", "dinas_kota.op", "operator", world.inst["dinas_kota"].pk),
        ("export", "dinas_kota.op", "operator", world.inst["dinas_kota"].pk),
    ]
    assert rows[0].school_id == world.inst["sd"].pk and p.name in rows[0].subject_label
    assert "XLSX" in rows[1].detail
    client.post(reverse("ptk:form_pdf", args=[p.pk, "A01"]))  # a filled-in A01 carries NIK too
    assert DataAccess.objects.filter(action="export", subject_id=str(p.pk), detail__startswith="A01").exists()
    # the Dinas admin and the school admin see it; Sleman's admin does not; operators may not open it
    for key, sees in (("dinas_kota_admin", True), ("sd_admin", True), ("dinas_sleman_admin", False)):
        login_as(client, world.roles[key])
        html = client.get(reverse("accounts:access_log")).content.decode()
        assert (p.name in html) is sees, key
    login_as(client, world.roles["dinas_kota_op"])
    assert client.get(reverse("accounts:access_log")).status_code == 403


def test_access_log_is_paginated_with_a_working_next_link(client, world, django_assert_max_num_queries):
    p = enter(world.inst["sd"], world.roles["sd_op"])
    login_as(client, world.roles["sd_op"])
    for _i in range(30):
        client.get(reverse("ptk:detail", args=[p.pk]))
    login_as(client, world.roles["sd_admin"])
    with django_assert_max_num_queries(12):
        r = client.get(reverse("accounts:access_log"))
    page = r.context["page"]
    assert len(page.items) == 25 and page.next_cursor
    import re

    nxt = re.search(r'href="(\?[^"]*setelah=[^"]+)"', r.content.decode()).group(1).replace("&amp;", "&")
    r2 = client.get(reverse("accounts:access_log") + nxt)
    assert len(r2.context["page"].items) == 5


# --- public verification rate limit ------------------------------------------------------------------


def test_letter_verification_is_rate_limited_per_address(client, settings):
    settings.VERIFY_RATE_LIMIT = 3
    settings.VERIFY_RATE_WINDOW = timedelta(minutes=1)
    for _i in range(3):
        assert client.get("/v/tidak-ada/", REMOTE_ADDR="10.5.5.5").status_code == 404
    r = client.get("/v/tidak-ada/", REMOTE_ADDR="10.5.5.5")
    assert r.status_code == 429 and "Terlalu banyak pemeriksaan surat" in r.content.decode()
    assert r["Retry-After"] == "60"
    assert client.get("/v/tidak-ada/", REMOTE_ADDR="10.5.5.6").status_code == 404
    assert client.get(reverse("documents:verify", args=["x"]), REMOTE_ADDR="10.5.5.5").status_code == 429
