"""Who prepares a request: the PTK's school by default; a kind may be prepared by the Dinas (the
kinds it enters itself, e.g. A09/A10), or started by another school when its rule allows it (a
mutasi started by the new school). The preparer edits and submits it; nobody else may."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _l

from accounts.policy import Tier
from nuptk import kinds, levels
from nuptk import services as svc
from nuptk.kinds import Kind
from nuptk.models import Submission
from nuptk.requirements import req, same_for_all
from tests.factories import login_as

from .conftest import approve, attach_all, make_ptk, scope_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def dinas_kind(monkeypatch):
    kind = Kind(
        code="entri_dinas_uji",
        label=_l("Entri Dinas uji"),
        route=(levels.DINAS,),
        requirements=same_for_all((req("ktp", "ktp"),)),
        effect=lambda sub, *, actor, role: {},
        starters=frozenset({Tier.DINAS}),
    )
    monkeypatch.setitem(kinds._registry, kind.code, kind)
    return kind


@pytest.fixture
def new_school_kind(monkeypatch):
    """Started by any school for a PTK named by the test (as a mutasi by the new school would)."""
    kind = Kind(
        code="pindah_uji",
        label=_l("Pindah uji"),
        route=(levels.DINAS,),
        requirements=same_for_all((req("ktp", "ktp"),)),
        effect=lambda sub, *, actor, role: {},
        may_start=lambda active, ptk: True,
    )
    monkeypatch.setitem(kinds._registry, kind.code, kind)
    return kind


def test_the_dinas_prepares_its_own_kind_and_another_dinas_officer_decides(client, world, dinas_kind, dinas_op2):
    ptk = make_ptk(world.inst["sd"])
    # the school may not start it
    with pytest.raises(ValidationError, match="tidak dapat membuat ajuan"):
        svc.submission_create(scope=scope_of(world.roles["sd_op"]), ptk=ptk, kind=dinas_kind.code)
    # the Dinas over the school starts it on the start page, which lists the PTK of its schools
    login_as(client, world.roles["dinas_kota_op"])
    page = client.get(reverse("nuptk:start")).text
    assert "Entri Dinas uji" in page and ptk.name in page and "Penerbitan NUPTK" not in page
    client.post(reverse("nuptk:start"), {"ptk": ptk.pk, "kind": dinas_kind.code})
    sub = Submission.objects.get(kind=dinas_kind.code)
    assert sub.origin == world.inst["dinas_kota"] and sub.school == world.inst["sd"]
    dinas = scope_of(world.roles["dinas_kota_op"])
    attach_all(dinas, sub)
    svc.submission_submit(scope=dinas, pk=sub.pk)
    # the school sees it but may not touch it; four eyes: the preparer may not decide it
    login_as(client, world.roles["sd_op"])
    page = client.get(reverse("nuptk:detail", args=[sub.pk]))
    assert page.status_code == 200 and 'data-testid="submit"' not in page.text
    with pytest.raises(ValidationError):
        svc.submission_cancel(scope=scope_of(world.roles["sd_op"]), pk=sub.pk)
    with pytest.raises(ValidationError, match="ikut menyiapkan ajuan ini"):
        approve(scope=dinas, pk=sub.pk)
    sub = approve(scope=scope_of(dinas_op2), pk=sub.pk)
    assert sub.state == "approved"


def test_a_dinas_cannot_prepare_for_a_ptk_of_another_dinas(world, dinas_kind):
    ptk = make_ptk(world.inst["sd_sleman"])
    with pytest.raises(ValidationError, match="tidak dapat membuat ajuan"):
        svc.submission_create(scope=scope_of(world.roles["dinas_kota_op"]), ptk=ptk, kind=dinas_kind.code)


def test_a_request_started_by_another_school_is_prepared_there_and_seen_by_both(client, world, new_school_kind):
    ptk = make_ptk(world.inst["sd"])
    new_school = scope_of(world.roles["smp_op"])
    sub = svc.submission_create(scope=new_school, ptk=ptk, kind=new_school_kind.code)
    assert sub.origin == world.inst["smp"] and sub.school == world.inst["sd"]
    attach_all(new_school, sub)
    # the PTK's home school sees it (its key) but may not edit it; the preparer may
    with pytest.raises(ValidationError):
        svc.submission_submit(scope=scope_of(world.roles["sd_op"]), pk=sub.pk)
    svc.submission_submit(scope=new_school, pk=sub.pk)
    login_as(client, world.roles["smp_op"])
    assert sub.code in client.get(reverse("nuptk:list")).text
    assert client.get(reverse("nuptk:detail", args=[sub.pk])).status_code == 200
    # a third school sees nothing
    login_as(client, world.roles["sd_bdg_op"])
    assert client.get(reverse("nuptk:detail", args=[sub.pk])).status_code == 404
