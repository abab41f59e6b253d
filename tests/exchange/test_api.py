"""The read API: per-institution keys made in the UI (shown once, stored hashed), the scope of the
institution's operators, keyset pages, 401/429, schema and docs, every call logged, no writes."""

import re

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from exchange.models import ApiCall, ApiClient
from tests.factories import login_as
from tests.nuptk.conftest import make_ptk, scope_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_counts():
    cache.clear()
    yield
    cache.clear()


def make_key(client, admin_role, name="SIMPEG"):
    """Create a key through the admin's page and read it from the page (the only time it shows)."""
    login_as(client, admin_role)
    r = client.post(reverse("exchange:client_index"), {"name": name})
    assert r.status_code == 200
    key = re.search(r'data-testid="api-key">([^<]+)<', r.content.decode()).group(1)
    client.logout()
    return key


def get(client, url, key=None, **params):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
    return client.get(url, params, **headers)


@pytest.fixture
def people(world):
    sd = [make_ptk(world.inst["sd"], name=f"Guru SD {i}") for i in range(3)]
    smp = [make_ptk(world.inst["smp"], name="Guru SMP")]
    sleman = [make_ptk(world.inst["sd_sleman"], name="Guru Sleman")]
    bdg = [make_ptk(world.inst["sd_bdg"], name="Guru Bandung")]
    return {"sd": sd, "smp": smp, "sleman": sleman, "bdg": bdg}


def names(resp) -> set:
    return {p["name"] for p in resp.json()["results"]}


def test_key_is_shown_once_and_stored_hashed(client, world):
    key = make_key(client, world.roles["sd_admin"])
    c = ApiClient.objects.get()
    assert key.startswith(f"pdm_{c.prefix}_") and key not in c.key_hash and len(c.key_hash) == 64
    login_as(client, world.roles["sd_admin"])
    listing = client.get(reverse("exchange:client_index")).content.decode()
    assert c.prefix in listing and key not in listing
    assert key not in client.get(reverse("exchange:client_detail", args=[c.pk])).content.decode()


def test_anonymous_and_bad_keys_get_401(client, world, people):
    url = reverse("api:ptk_list")
    r = get(client, url)
    assert r.status_code == 401 and r["WWW-Authenticate"].startswith("Bearer")
    assert get(client, url, "pdm_00000000_nope").status_code == 401
    key = make_key(client, world.roles["sd_admin"])
    assert get(client, url, key[:-2] + "xx").status_code == 401
    login_as(client, world.roles["sd_op"])  # a logged-in session is no API key either
    assert client.get(url).status_code == 401
    assert ApiCall.objects.filter(status=401, client__isnull=True).count() == 4


def test_school_client_sees_only_its_own_ptk(client, world, people):
    key = make_key(client, world.roles["sd_admin"])
    r = get(client, reverse("api:ptk_list"), key)
    assert r.status_code == 200 and names(r) == {"Guru SD 0", "Guru SD 1", "Guru SD 2"}
    other = people["smp"][0]
    assert get(client, reverse("api:ptk_detail", args=[other.pk]), key).status_code == 404
    mine = people["sd"][0]
    d = get(client, reverse("api:ptk_detail", args=[mine.pk]), key).json()
    assert d["nik"] == mine.nik and d["school"]["npsn"] == world.inst["sd"].npsn
    assert "mother_name" not in d and "phone" not in d and "address" not in d
    schools = get(client, reverse("api:school_list"), key).json()["results"]
    assert [s["npsn"] for s in schools] == [world.inst["sd"].npsn]


def test_dinas_client_sees_only_its_schools_ptk(client, world, people):
    key = make_key(client, world.roles["dinas_kota_admin"])
    r = get(client, reverse("api:ptk_list"), key, page_size=50)
    assert names(r) == {"Guru SD 0", "Guru SD 1", "Guru SD 2", "Guru SMP"}
    assert get(client, reverse("api:ptk_detail", args=[people["sleman"][0].pk]), key).status_code == 404
    assert (
        get(client, reverse("api:school_detail", args=[world.inst["sd_sleman"].npsn]), key).status_code == 404
    )
    npsns = {s["npsn"] for s in get(client, reverse("api:school_list"), key).json()["results"]}
    assert world.inst["sd"].npsn in npsns and world.inst["sd_sleman"].npsn not in npsns
    filtered = get(client, reverse("api:ptk_list"), key, npsn=world.inst["smp"].npsn)
    assert names(filtered) == {"Guru SMP"}


def test_lpmp_and_pdspk_clients(client, world, people):
    lpmp = make_key(client, world.roles["lpmp_admin"], "Rapor mutu")
    assert names(get(client, reverse("api:ptk_list"), lpmp, page_size=50)) == {
        "Guru SD 0", "Guru SD 1", "Guru SD 2", "Guru SMP", "Guru Sleman",
    }  # fmt: skip
    pdspk = make_key(client, world.roles["pdspk_admin"], "Dapodik pusat")
    assert "Guru Bandung" in names(get(client, reverse("api:ptk_list"), pdspk, page_size=50))


def test_pagination_follows_next_links_to_the_end(client, world, django_assert_max_num_queries):
    for i in range(23):
        make_ptk(world.inst["sd"], name=f"Guru {i:02d}")
    key = make_key(client, world.roles["sd_admin"])
    url, seen, pages = reverse("api:ptk_list") + "?page_size=5", [], 0
    while url:
        with django_assert_max_num_queries(6):
            r = client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}")
        body = r.json()
        seen += [p["id"] for p in body["results"]]
        url = body["next"]
        pages += 1
        assert "count" not in body  # keyset: no COUNT over the scope
    assert pages == 5 and len(seen) == 23 == len(set(seen)) and seen == sorted(seen)


def test_requests_and_letter_verification(client, world, people):
    from nuptk import services as nsvc
    from tests.ptk.conftest import enter, issue_s02

    mine = people["sd"][0]
    sub = nsvc.submission_create(scope=scope_of(world.roles["sd_op"]), ptk=mine, kind="penerbitan")
    nsvc.submission_create(
        scope=scope_of(world.roles["sd_sleman_op"]), ptk=people["sleman"][0], kind="penerbitan"
    )
    key = make_key(client, world.roles["sd_admin"])
    rows = get(client, reverse("api:submission_list"), key).json()["results"]
    assert [(s["code"], s["state"], s["school"]["npsn"]) for s in rows] == [
        (sub.code, "draft", world.inst["sd"].npsn)
    ]
    assert "payload" not in rows[0] and "documents" not in rows[0]

    result, _code = issue_s02(enter(world.inst["sd"], world.roles["sd_op"]), world.roles["sd_op"])
    letter = result.letter
    d = get(client, reverse("api:letter_verify", args=[letter.token]), key).json()
    assert d == {
        "status": "valid", "code": "S02", "title": letter.title, "number": letter.number,
        "issued_on": d["issued_on"], "issuer": world.inst["sd"].name,
    }  # fmt: skip
    assert get(client, reverse("api:letter_verify", args=["bukan-token"]), key).status_code == 404


@override_settings(EXCHANGE_API_RATE="3/min")
def test_rate_limit_answers_429(client, world, people):
    key = make_key(client, world.roles["sd_admin"])
    codes = [get(client, reverse("api:ptk_list"), key).status_code for _i in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    other = make_key(client, world.roles["dinas_kota_admin"])  # another client has its own count
    assert get(client, reverse("api:ptk_list"), other).status_code == 200


def test_every_call_is_logged_and_nothing_can_be_written(client, world, people):
    key = make_key(client, world.roles["sd_admin"])
    c = ApiClient.objects.get()
    get(client, reverse("api:ptk_list"), key, nuptk="1234")
    r = client.post(reverse("api:ptk_list"), {"name": "x"}, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert r.status_code == 405
    r = client.delete(
        reverse("api:ptk_detail", args=[people["sd"][0].pk]), HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert r.status_code == 405
    calls = list(ApiCall.objects.filter(client=c).order_by("pk"))
    assert [(x.method, x.status) for x in calls] == [("GET", 200), ("POST", 405), ("DELETE", 405)]
    assert calls[0].params == {"nuptk": "1234"} and calls[0].institution_id == world.inst["sd"].pk
    assert calls[0].path == reverse("api:ptk_list")
    login_as(client, world.roles["sd_admin"])
    page = client.get(reverse("exchange:client_detail", args=[c.pk])).content.decode()
    assert "nuptk=1234" in page and "405" in page


def test_revoked_key_is_refused(client, world, people):
    key = make_key(client, world.roles["sd_admin"])
    c = ApiClient.objects.get()
    login_as(client, world.roles["sd_admin"])
    client.post(reverse("exchange:client_revoke", args=[c.pk]))
    client.logout()
    r = get(client, reverse("api:ptk_list"), key)
    assert r.status_code == 401 and "dicabut" in r.json()["detail"]


def test_schema_and_docs_are_served(client):
    r = client.get(reverse("api:schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert r.status_code == 200
    schema = r.json()
    assert "/api/v1/ptk/" in schema["paths"] and "post" not in schema["paths"]["/api/v1/ptk/"]
    assert "ApiKey" in schema["components"]["securitySchemes"]
    docs = client.get(reverse("api:docs"))
    assert docs.status_code == 200 and b"swagger-ui" in docs.content
    assert b"<script>" not in docs.content  # the init script is a separate file (strict CSP)


@pytest.mark.parametrize("role_key", ["sd_op", "dinas_kota_op"])
def test_only_admins_manage_clients(client, world, role_key):
    login_as(client, world.roles[role_key])
    assert client.get(reverse("exchange:client_index")).status_code == 403
    assert client.post(reverse("exchange:client_index"), {"name": "x"}).status_code == 403
    assert not ApiClient.objects.exists()


def test_admin_cannot_see_or_revoke_another_institutions_client(client, world):
    make_key(client, world.roles["dinas_kota_admin"])
    c = ApiClient.objects.get()
    login_as(client, world.roles["sd_admin"])
    assert client.get(reverse("exchange:client_detail", args=[c.pk])).status_code == 404
    assert client.post(reverse("exchange:client_revoke", args=[c.pk])).status_code == 404
    c.refresh_from_db()
    assert c.is_active


def test_client_pages_use_a_constant_number_of_queries(client, world, django_assert_max_num_queries):
    for i in range(30):
        make_key(client, world.roles["sd_admin"], f"Sistem {i:02d}")
    login_as(client, world.roles["sd_admin"])
    with django_assert_max_num_queries(10):
        html = client.get(reverse("exchange:client_index")).content.decode()
    assert len(re.findall(r">Sistem \d\d<", html)) == 25 and 'data-testid="next-page"' in html


def test_schema_is_valid_without_warnings(tmp_path):
    """CI's `check --deploy --fail-level WARNING` includes drf-spectacular's schema check."""
    from django.core.management import call_command

    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    assert "/api/v1/ptk/{id}/" in text and "ApiKey" in text and "/api/v1/schema/" not in text
