"""Start a request from the PTK page: only the kinds this PTK can use, for a role that prepares them."""

import pytest
from django.urls import reverse

from nuptk.models import Submission
from tests.factories import login_as

from .conftest import make_ptk

pytestmark = pytest.mark.django_db


def offered(html: str) -> set[str]:
    import re

    return set(re.findall(r'data-testid="start-(\w+)"', html))


def test_school_starts_penerbitan_from_the_ptk_page(client, world):
    ptk = make_ptk(world.inst["sd"], name="Rina Guru")
    login_as(client, world.roles["sd_op"])
    page = client.get(reverse("ptk:detail", args=[ptk.pk])).content.decode()
    kinds = offered(page)
    assert "penerbitan" in kinds and "Ajukan Penerbitan NUPTK" in page
    # Without an NUPTK: nothing that needs one.
    assert not kinds & {"reaktivasi", "penonaktifan"}
    r = client.post(reverse("nuptk:start"), {"ptk": ptk.pk, "kind": "penerbitan"})
    sub = Submission.objects.get(ptk=ptk)
    assert r.status_code == 302 and r["Location"] == reverse("nuptk:detail", args=[sub.pk])
    # The open request is linked from the PTK page and its kind is not offered twice.
    page = client.get(reverse("ptk:detail", args=[ptk.pk])).content.decode()
    assert sub.code in page and "penerbitan" not in offered(page)


def test_an_nuptk_holder_is_offered_only_the_kinds_for_holders(client, world):
    from ptk.models import NuptkStatus

    holder = make_ptk(world.inst["sd"], nuptk="5752766667130099", nuptk_status=NuptkStatus.PERMANEN_AKTIF)
    login_as(client, world.roles["sd_op"])
    kinds = offered(client.get(reverse("ptk:detail", args=[holder.pk])).content.decode())
    assert "penonaktifan" in kinds
    assert not kinds & {"penerbitan", "klaim", "reaktivasi"}
    holder.nuptk_status = NuptkStatus.NONAKTIF
    holder.save(update_fields=["nuptk_status"])
    kinds = offered(client.get(reverse("ptk:detail", args=[holder.pk])).content.decode())
    assert "reaktivasi" in kinds and "penonaktifan" not in kinds


def test_roles_that_do_not_prepare_requests_get_no_start_buttons(client, world):
    ptk = make_ptk(world.inst["sd"])
    for role in ("lpmp_op", "sd_op"):
        login_as(client, world.roles[role])
        r = client.get(reverse("ptk:detail", args=[ptk.pk]))
        if role == "lpmp_op":
            assert r.status_code == 200 and not offered(r.content.decode())
    # Another school cannot start one for this PTK even by posting the form.
    login_as(client, world.roles["smp_op"])
    r = client.post(reverse("nuptk:start"), {"ptk": ptk.pk, "kind": "penerbitan"})
    assert r.status_code == 200 and "tidak ditemukan di lingkup Anda" in r.content.decode()
    assert not Submission.objects.filter(ptk=ptk).exists()
