"""Each role sees exactly the institutions under it, and nothing outside."""

import pytest
from django.urls import reverse

from accounts.scope import ActiveRole, Scope
from tests.factories import login_as

pytestmark = pytest.mark.django_db

SCHOOLS = {"sd", "smp", "sma", "kb", "sd_sleman", "sd_bdg", "siln"}

EXPECTED_SCHOOLS = {
    "pdspk": SCHOOLS,
    "lpmp": {"sd", "smp", "sma", "sd_sleman"},
    "lpmp_jabar": {"sd_bdg"},
    "bppaud": {"kb"},
    "bpkln": {"siln"},
    "atdikbud": {"siln"},
    "dinas_prov": {"sma"},
    "dinas_kota": {"sd", "smp", "kb"},
    "dinas_sleman": {"sd_sleman"},
    "dinas_bdg": {"sd_bdg"},
    "kec": set(),
    "sd": {"sd"},
    "sma": {"sma"},
    "siln": {"siln"},
}


def names(world, keys):
    return {world.inst[k].pk for k in keys}


@pytest.mark.parametrize("key", sorted(EXPECTED_SCHOOLS))
def test_scope_schools_exactly(world, key):
    for role in ("op", "admin"):
        a = world.roles[f"{key}_{role}"]
        scope = Scope(a.user, ActiveRole(a))
        assert set(scope.schools().values_list("pk", flat=True)) == names(world, EXPECTED_SCHOOLS[key])


@pytest.mark.parametrize("key", sorted(EXPECTED_SCHOOLS))
def test_institution_list_page_shows_only_scope(client, world, key):
    login_as(client, world.roles[f"{key}_op"])
    html = client.get(reverse("accounts:institutions"), {"kind": "sekolah"}).content.decode()
    for k in SCHOOLS:
        shown = world.inst[k].name in html
        assert shown == (k in EXPECTED_SCHOOLS[key]), f"{key} sees {k}: {shown}"


def test_school_detail_outside_scope_is_404(client, world):
    login_as(client, world.roles["dinas_sleman_op"])
    assert client.get(reverse("accounts:institution", args=[world.inst["sd"].pk])).status_code == 404
    assert client.get(reverse("accounts:institution", args=[world.inst["sd_sleman"].pk])).status_code == 200


def test_rows_filter_uses_the_keys(world):
    a = world.roles["dinas_kota_op"]
    q = Scope(a.user, ActiveRole(a)).rows()
    assert q.children == [("dinas_id", world.inst["dinas_kota"].pk)]
    a = world.roles["lpmp_op"]
    assert Scope(a.user, ActiveRole(a)).rows().children == [("qa_office_id", world.inst["lpmp"].pk)]


def test_institution_list_query_count_is_constant(client, world, django_assert_max_num_queries):
    from tests.factories import school

    d = world.inst["sd"].district
    for _i in range(40):
        school(district=d)
    login_as(client, world.roles["pdspk_op"])
    with django_assert_max_num_queries(8):
        r = client.get(reverse("accounts:institutions"))
    assert r.status_code == 200
    nxt = r.context["page"].next_cursor
    assert nxt
    with django_assert_max_num_queries(8):
        r2 = client.get(reverse("accounts:institutions"), {"setelah": nxt})
    first = {i.pk for i in r.context["page"].items}
    second = {i.pk for i in r2.context["page"].items}
    assert first and second and not first & second


def test_search_by_npsn(client, world):
    login_as(client, world.roles["dinas_kota_op"])
    r = client.get(reverse("accounts:institutions"), {"q": world.inst["smp"].npsn})
    assert [i.pk for i in r.context["page"].items] == [world.inst["smp"].pk]


def test_office_home_numbers_are_cached_for_the_ttl_and_live_without_it(world, settings):
    from accounts.selectors import home_counts
    from tests.factories import school

    settings.HOME_COUNTS_TTL = 60
    from django.core.cache import cache

    cache.clear()
    dinas = world.roles["dinas_kota_op"]
    scope = Scope(dinas.user, ActiveRole(dinas))
    before = home_counts(scope=scope)["schools"]
    school(district=world.inst["sd"].district)
    assert home_counts(scope=scope)["schools"] == before
    settings.HOME_COUNTS_TTL = 0
    assert home_counts(scope=scope)["schools"] == before + 1
