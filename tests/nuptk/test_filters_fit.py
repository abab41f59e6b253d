"""Filters that fit: kab/kota and school filters type-ahead (datalist) offering only what is in scope."""

import re

import pytest
from django.urls import reverse

from tests.factories import login_as

from .test_views import submitted

pytestmark = pytest.mark.django_db


def datalist(html: str, list_id: str) -> list[str]:
    block = html.split(f'<datalist id="{list_id}">')[1].split("</datalist>")[0]
    return re.findall(r'<option value="([^"]*)">([^<]*)</option>', block)


def test_school_type_ahead_offers_only_schools_with_waiting_requests(client, world):
    submitted(world, school="sd")
    login_as(client, world.roles["dinas_kota_op"])
    html = client.get(reverse("nuptk:queue")).content.decode()
    assert '<select name="npsn"' not in html
    schools = datalist(html, "school-options")
    assert (world.inst["sd"].npsn, world.inst["sd"].name) in schools
    assert world.inst["smp"].npsn not in {n for n, _name in schools}  # nothing waiting from it
    assert world.inst["sd_bdg"].npsn not in {n for n, _name in schools}  # another region
    r = client.get(reverse("nuptk:queue"), {"npsn": world.inst["sd"].npsn})
    assert r.status_code == 200 and f'value="{world.inst["sd"].npsn}"' in r.content.decode()


def test_kab_kota_is_a_type_ahead_not_a_long_select(client, world):
    login_as(client, world.roles["pdspk_op"])
    html = client.get(reverse("nuptk:queue")).content.decode()
    assert '<select name="regency"' not in html
    regencies = datalist(html, "regency-options")
    assert len(regencies) > 1 and 'list="regency-options"' in html
    code = world.inst["sd"].regency_id
    r = client.get(reverse("nuptk:queue"), {"regency": code})
    assert r.status_code == 200 and f'value="{code}"' in r.content.decode()


@pytest.mark.parametrize("name", ["nuptk:list", "nuptk:queue", "ptk:list", "accounts:institutions"])
def test_list_filters_fold_on_phones(client, world, name):
    role = "dinas_kota_op" if name == "nuptk:queue" else "sd_op"
    login_as(client, world.roles[role])
    html = client.get(reverse(name)).content.decode()
    assert "data-collapse-on-phone" in html and "<summary>" in html


def test_cached_filter_lists_stay_per_office(client, world, settings):
    """With the home-count cache on (production), the queue's filter lists are built once per office:
    the next page load asks fewer queries, and another Dinas never gets the first one's schools."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    settings.HOME_COUNTS_TTL = 60
    submitted(world, school="sd")
    submitted(world, school="sd_bdg")
    login_as(client, world.roles["dinas_kota_op"])
    with CaptureQueriesContext(connection) as first:
        html1 = client.get(reverse("nuptk:queue")).content.decode()
    with CaptureQueriesContext(connection) as second:
        html2 = client.get(reverse("nuptk:queue")).content.decode()
    assert len(second) < len(first)
    assert datalist(html2, "school-options") == datalist(html1, "school-options")
    assert (world.inst["sd"].npsn, world.inst["sd"].name) in datalist(html2, "school-options")
    login_as(client, world.roles["dinas_bdg_op"])
    other = datalist(client.get(reverse("nuptk:queue")).content.decode(), "school-options")
    assert (world.inst["sd_bdg"].npsn, world.inst["sd_bdg"].name) in other
    assert world.inst["sd"].npsn not in {n for n, _name in other}
    cache.clear()
