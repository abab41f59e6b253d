"""Every exchange route that names a job or an API client, tried by another person of the same school,
by another institution and by a PTK: refused (403/404/405), and nothing changes."""

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.scope import ActiveRole, Scope
from exchange.models import ApiClient, DapodikExport, DapodikImport
from exchange.services import api_client_create, export_request
from tests.exchange.conftest import csv_bytes, person
from tests.factories import assign, login_as, user

pytestmark = pytest.mark.django_db

JOB_ROUTES = ["import_detail", "import_status", "import_confirm", "import_cancel"]
EXPORT_ROUTES = ["export_detail", "export_status", "export_download"]
CLIENT_ROUTES = ["client_detail", "client_revoke"]


def state():
    return (
        list(DapodikImport.objects.values_list("pk", "status").order_by("pk")),
        list(DapodikExport.objects.values_list("pk", "status").order_by("pk")),
        list(ApiClient.objects.values_list("pk", "revoked_at").order_by("pk")),
    )


def test_another_person_another_institution_and_a_ptk_cannot_reach_exchange_objects(
    client, world, imp, django_capture_on_commit_callbacks
):
    op = world.roles["sd_op"]
    job = imp.upload(op, csv_bytes([person(world.inst["sd"].npsn)]))
    with django_capture_on_commit_callbacks(execute=True):
        export = export_request(
            scope=Scope(op.user, ActiveRole(op)), level="sekolah", target=world.inst["sd"].npsn
        )
    api, _key = api_client_create(
        active=ActiveRole(world.roles["sd_admin"]), name="Aplikasi sekolah", actor=world.roles["sd_admin"].user
    )
    urls = [reverse(f"exchange:{n}", args=[job.pk]) for n in JOB_ROUTES]
    urls += [reverse(f"exchange:{n}", args=[export.pk]) for n in EXPORT_ROUTES]
    urls += [reverse(f"exchange:{n}", args=[api.pk]) for n in CLIENT_ROUTES]
    before = state()
    intruders = {
        "same school, another person": world.roles["sd_admin"],
        "another school": world.roles["sd_sleman_admin"],
        "the Dinas above": world.roles["dinas_kota_admin"],
        "a PTK": assign(user("guru.penyusup"), Role.PTK),
    }
    client.raise_request_exception = False
    for who, role in intruders.items():
        login_as(client, role)
        for url in urls:
            if who == "same school, another person" and "klien-api" in url:
                continue  # the school's own admin manages the school's API clients
            for method in (client.get, client.post):
                r = method(url)
                assert r.status_code in (403, 404, 405), (who, url, r.status_code)
    assert state() == before
