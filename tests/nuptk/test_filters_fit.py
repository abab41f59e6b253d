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
