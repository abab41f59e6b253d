"""The complaints channel: any user who sees a request or a letter files a complaint; the owning
institution answers; the answer and its time are kept and counted in the statistics."""

import pytest
from django.urls import reverse

from documents.letters import letter_create
from documents.models import Complaint
from nuptk import services as nsvc
from ptk.services import ptk_letter_data
from tests.factories import login_as
from tests.nuptk.conftest import attach_all, make_ptk, scope_of
from tests.ptk.conftest import ptk_role, sd_ptk  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def test_complaint_about_a_request_answered_by_the_dinas_it_waits_at(
    client, world, django_capture_on_commit_callbacks
):
    op = scope_of(world.roles["sd_op"])
    sub = nsvc.submission_create(scope=op, ptk=make_ptk(world.inst["sd"]), kind="foto")
    attach_all(op, sub)
    with django_capture_on_commit_callbacks(execute=True):
        nsvc.submission_submit(scope=op, pk=sub.pk)
    login_as(client, world.roles["sd_op"])
    url = reverse("nuptk:complaint", args=[sub.pk])
    assert sub.code in client.get(url).content.decode()
    r = client.post(url, {"text": "pendek"}, follow=True)
    assert "paling sedikit" in r.content.decode() and not Complaint.objects.exists()
    client.post(url, {"text": "Ajuan foto sudah dua minggu belum diperiksa Dinas."})
    c = Complaint.objects.get()
    assert c.owner == world.inst["dinas_kota"] and c.filed_by == world.roles["sd_op"].user
    # A school of another kab/kota cannot even open the form; the filer cannot answer it.
    login_as(client, world.roles["sd_bdg_op"])
    assert client.get(url).status_code == 404
    login_as(client, world.roles["sd_op"])
    assert (
        client.post(
            reverse("documents:complaint_answer", args=[c.pk]), {"answer": "Saya jawab sendiri saja"}
        ).status_code
        == 404
    )
    login_as(client, world.roles["dinas_sleman_op"])
    assert (
        client.post(
            reverse("documents:complaint_answer", args=[c.pk]), {"answer": "Bukan lembaga kami ini"}
        ).status_code
        == 404
    )
    login_as(client, world.roles["dinas_kota_op"])
    body = client.get(reverse("documents:complaints")).content.decode()
    assert "dua minggu" in body and 'data-testid="complaint-answer-submit"' in body
    client.post(
        reverse("documents:complaint_answer", args=[c.pk]),
        {"answer": "Sudah kami periksa hari ini, mohon maaf."},
    )
    c.refresh_from_db()
    assert c.answered_at and c.answered_by == world.roles["dinas_kota_op"].user
    r = client.post(
        reverse("documents:complaint_answer", args=[c.pk]),
        {"answer": "Jawaban kedua yang tidak boleh"},
        follow=True,
    )
    assert "sudah dijawab" in r.content.decode()
    body = client.get(reverse("nuptk:statistics")).content.decode()
    assert "1 diterima · 1 dijawab · 0 belum dijawab" in body
    login_as(client, world.roles["sd_op"])
    assert "Sudah kami periksa hari ini" in client.get(reverse("documents:complaints")).content.decode()


def test_ptk_complains_about_their_letter_answered_by_its_issuer(client, world, sd_ptk, ptk_role):  # noqa: F811
    letter = letter_create(
        code="A01",
        issuer=world.roles["sd_op"].user,
        issuer_role="operator",
        institution=world.inst["sd"],
        subject_type="ptk",
        subject_id=sd_ptk.pk,
        subject_name=sd_ptk.name,
        data={"ptk": ptk_letter_data(sd_ptk)},
        subject_user=sd_ptk.user,
        school=world.inst["sd"],
    )
    login_as(client, ptk_role)
    client.post(
        reverse("documents:letter_complaint", args=[letter.pk]),
        {"text": "Nama saya salah ketik di surat ini."},
    )
    c = Complaint.objects.get()
    assert c.owner == world.inst["sd"] and c.subject_type == "letter"
    login_as(client, world.roles["sd_sleman_op"])
    assert client.get(reverse("documents:letter_complaint", args=[letter.pk])).status_code == 404
