"""When a school's coverage changes (it moves to another kab/kota), one service re-keys every row
that copies the school's scope keys: the new Dinas sees the school's PTK, requests and letters, the
old one does not; a request waiting at the old Dinas waits at the new one."""

import pytest
from django.urls import reverse

from accounts.coverage import school_coverage_apply
from accounts.models import AccountEvent, Institution
from nuptk import services as svc
from ptk.models import Ptk, PtkSchool
from tests.documents.conftest import issue_sample
from tests.factories import login_as
from tests.nuptk.conftest import approve as nuptk_approve
from tests.nuptk.conftest import attach_all, make_ptk, scope_of

pytestmark = pytest.mark.django_db


def test_moving_a_school_rekeys_every_copy(client, world):
    sd, sleman = world.inst["sd"], world.inst["dinas_sleman"]
    ptk = make_ptk(sd, name="Guru Pindah Wilayah")
    PtkSchool.objects.create(ptk=ptk, school=sd, dinas=sd.dinas, qa_office=sd.qa_office, is_home=True)
    op = scope_of(world.roles["sd_op"])
    sub = svc.submission_create(scope=op, ptk=ptk, kind="penerbitan")
    attach_all(op, sub)
    svc.submission_submit(scope=op, pk=sub.pk)
    svc.submission_claim(scope=scope_of(world.roles["dinas_kota_op"]), pk=sub.pk)
    letter = issue_sample(world, "S04", subject_name=ptk.name).letter  # issued by the school, about its PTK

    login_as(client, world.roles["dinas_kota_op"])
    assert ptk.name in client.get(reverse("ptk:list")).text
    assert sub.code in client.get(reverse("nuptk:queue")).text
    assert letter.number in client.get(reverse("documents:letter_index")).text

    # the school's district is now in Sleman (e.g. a boundary change); its offices are recomputed
    gamping = world.inst["sd_sleman"].district
    Institution.objects.filter(pk=sd.pk).update(district=gamping, regency=gamping.regency)
    assert school_coverage_apply(school=sd, actor=world.roles["pdspk_admin"].user) is True
    assert school_coverage_apply(school=sd) is False  # nothing left to change

    sd.refresh_from_db()
    assert sd.dinas == sleman and sd.parent == sleman and sd.qa_office == world.inst["lpmp"]
    assert Ptk.objects.get(pk=ptk.pk).dinas == sleman
    assert PtkSchool.objects.get(ptk=ptk).dinas == sleman
    sub.refresh_from_db()
    assert sub.dinas == sleman and sub.waiting_at == sleman and sub.claimed_by is None
    letter.refresh_from_db()
    assert letter.dinas == sleman
    assert AccountEvent.objects.filter(action="coverage_change", institution=sd).count() == 1

    # the old Dinas sees none of it any more
    assert ptk.name not in client.get(reverse("ptk:list")).text
    assert client.get(reverse("ptk:detail", args=[ptk.pk])).status_code == 404
    assert sub.code not in client.get(reverse("nuptk:queue")).text
    assert client.get(reverse("nuptk:detail", args=[sub.pk])).status_code == 404
    assert letter.number not in client.get(reverse("documents:letter_index")).text
    # the new one sees all of it and may decide the request
    login_as(client, world.roles["dinas_sleman_op"])
    assert ptk.name in client.get(reverse("ptk:list")).text
    assert sub.code in client.get(reverse("nuptk:queue")).text
    client.post(reverse("nuptk:claim", args=[sub.pk]))
    assert 'data-testid="approve"' in client.get(reverse("nuptk:detail", args=[sub.pk])).text
    assert letter.number in client.get(reverse("documents:letter_index")).text
    assert nuptk_approve(scope=scope_of(world.roles["dinas_sleman_op"]), pk=sub.pk).state == "at_qa"
