"""Printing A01/A05: a reprint keeps its number ("cetak ulang" only then), a changed record is a new
form, no filled A05 once the NUPTK is issued, and a blank A05 carries nothing of another school."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from documents.letters import letter_preview_pdf
from documents.models import Letter
from ptk.services import ptk_set_nuptk
from tests.factories import login_as
from tests.ptk.conftest import enter

from .conftest import pdf_text

pytestmark = pytest.mark.django_db


def test_reprinting_a05_keeps_its_number_until_the_record_changes(client, world):
    p = enter(world.inst["sd"], world.roles["sd_op"], name="Andi Pratama")
    login_as(client, world.roles["sd_op"])
    url = reverse("ptk:form_pdf", args=[p.pk, "A05"])
    first = pdf_text(client.post(url).content)
    assert Letter.objects.filter(code="A05").count() == 1
    number = Letter.objects.get(code="A05").number
    assert number in first and "cetak ulang" not in first
    again = pdf_text(client.post(url).content)
    assert Letter.objects.filter(code="A05").count() == 1  # nothing new numbered
    assert number in again and "cetak ulang" in again
    p.mother_name = "Ibu Lain"
    p.save(update_fields=["mother_name"])
    third = pdf_text(client.post(url).content)
    assert Letter.objects.filter(code="A05").count() == 2 and "cetak ulang" not in third


def test_no_filled_a05_once_the_nuptk_is_issued(client, world):
    p = enter(world.inst["sd"], world.roles["sd_op"], name="Rina Kusuma")
    ptk_set_nuptk(ptk=p, nuptk="3034748651200012", status="permanen_aktif", actor=None, role="uji")
    login_as(client, world.roles["sd_op"])
    page = client.get(reverse("ptk:detail", args=[p.pk])).content.decode()
    assert 'data-testid="print-a05"' not in page and 'data-testid="print-a01"' in page
    r = client.post(reverse("ptk:form_pdf", args=[p.pk, "A05"]))
    assert r.status_code == 302
    assert "sudah memiliki NUPTK" in " ".join(str(m) for m in get_messages(r.wsgi_request))
    assert not Letter.objects.filter(code="A05").exists()


def test_blank_a05_shows_no_foreign_school_or_number():
    text = pdf_text(letter_preview_pdf("A05", blank=True))
    assert "NPSN" not in text and "20403101" not in text and "Jetis" not in text
    assert "NUPTK :" not in text  # the form is for a PTK without NUPTK
    assert "/A05/" not in text and "formulir kosong" in text.lower()


def test_blank_a05_for_a_school_carries_its_own_kop(client, world):
    login_as(client, world.roles["sd_op"])
    text = pdf_text(client.get(reverse("ptk:form_blank", args=["A05"])).content)
    assert "SD NEGERI 1 UJI" in text and "Jetis" not in text
