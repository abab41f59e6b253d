"""The public verification page /v/: a form for codes typed from paper; what a letter certifies
(S11 its NUPTK, S08 the star status, S02 nothing), issuer, signer and date; voided and superseded
letters say so; Indonesian and English; rate limited."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.services import official_appoint
from documents.models import Letter
from tests.factories import login_as

from .conftest import issue_sample

pytestmark = pytest.mark.django_db


def page(client, letter, **params):
    r = client.get(f"/v/{letter.token}/", params)
    return r, r.content.decode()


def test_s11_shows_the_nuptk_it_certifies_issuer_signer_and_date(client, world):
    official_appoint(institution=world.inst["lpmp"], name="Dr. Suharni Rahayu, M.Pd.", nip="197108121996032002",
                     start=date(2024, 2, 5), actor=None)  # fmt: skip
    letter = issue_sample(world, "S11").letter
    r, html = page(client, letter)
    assert r.status_code == 200 and "TERDAFTAR" in html
    assert "NUPTK yang diterbitkan" in html and letter.data["request"]["nuptk"] in html
    assert "Dr. Suharni Rahayu, M.Pd." in html and "LPMP DIY" in html and letter.number in html
    assert letter.data["ptk"]["nik"] not in html  # personal data the letter carries is not published


def test_s08_shows_the_star_status_and_s02_nothing_secret(client, world):
    s08 = issue_sample(world, "S08").letter
    _r, html = page(client, s08)
    assert "Permanen Aktif (Bintang 4)" in html
    s02 = issue_sample(world, "S02").letter
    _r, html = page(client, s02)
    assert "RAHASIA" in html and 'data-testid="verify-fact"' not in html
    for secret in (s02.data["ptk"].get("nik"), s02.data["account"]["username"]):
        assert secret not in html


def test_a_code_typed_by_hand_finds_the_letter(client, world):
    letter = issue_sample(world, "S09").letter
    r = client.get("/v/")
    assert r.status_code == 200 and 'data-testid="verify-form"' in r.content.decode()
    typed = " ".join([letter.token[:8].upper(), letter.token[8:16], letter.token[16:]])  # as read from paper
    r = client.get("/v/", {"kode": typed}, follow=True)
    assert letter.number in r.content.decode()
    r = client.get("/v/", {"kode": "bukan-kode"}, follow=True)
    assert r.status_code == 404 and "tidak sah" in r.content.decode()


def test_a_voided_letter_says_so_and_only_its_issuer_admin_may_void_it(client, world):
    letter = issue_sample(world, "S09").letter  # issued by the Dinas Kota
    url = reverse("documents:letter_void", args=[letter.pk])
    for role in ("dinas_kota_op", "sd_admin", "dinas_sleman_admin"):
        login_as(client, world.roles[role])
        assert client.post(url, {"reason": "salah ketik nama"}).status_code in (403, 404), role
    login_as(client, world.roles["dinas_kota_admin"])
    r = client.post(url, {"reason": ""}, follow=True)
    assert "alasan" in r.content.decode()
    assert Letter.objects.get(pk=letter.pk).voided_at is None
    client.post(url, {"reason": "Diterbitkan untuk ajuan yang salah"})
    client.logout()
    _r, html = page(client, letter)
    assert (
        "DIBATALKAN" in html
        and "Diterbitkan untuk ajuan yang salah" in html
        and "TERDAFTAR di Padamu dan asli" not in html
    )


def test_a_superseded_letter_names_its_replacement(client, world):
    first = issue_sample(world, "S01", subject_id="7").letter
    second = issue_sample(world, "S01", subject_id="7").letter  # a new activation code for the same account
    _r, html = page(client, first)
    assert "DIGANTI" in html and second.number in html
    _r, html = page(client, second)
    assert "TERDAFTAR di Padamu dan asli" in html


def test_the_page_in_english(client, world):
    letter = issue_sample(world, "S11").letter
    _r, html = page(client, letter, bahasa="en")
    assert "This letter is REGISTERED in Padamu and authentic." in html and "NUPTK issued" in html
    assert "Issued by" in html and 'lang="en"' in html
    _r, html = page(client, letter)
    assert "Diterbitkan oleh" in html


def test_dates_follow_the_page_language_and_the_letter_stays_indonesian(client, world):
    from datetime import datetime

    from django.utils import timezone

    from documents.letters import letter_pdf

    from .conftest import pdf_text

    letter = issue_sample(world, "S11").letter
    Letter.objects.filter(pk=letter.pk).update(
        issued_at=timezone.make_aware(datetime(2026, 12, 7, 10, 0)),
        data={**letter.data, "approved_at": "2026-08-17"},
    )
    letter.refresh_from_db()
    _r, en = page(client, letter, bahasa="en")
    assert "7 December 2026" in en and "17 August 2026" in en  # issue date, NUPTK date (a fact)
    assert "Desember" not in en and "Agustus" not in en
    _r, idn = page(client, letter)
    assert "7 Desember 2026" in idn and "17 Agustus 2026" in idn and "December" not in idn
    # the void notice's date too
    Letter.objects.filter(pk=letter.pk).update(voided_at=timezone.make_aware(datetime(2026, 12, 9, 9, 0)))
    _r, en = page(client, letter, bahasa="en")
    assert "9 December 2026" in en
    _r, idn = page(client, letter)
    assert "9 Desember 2026" in idn
    # the letter itself is Indonesian whatever language the page was read in
    assert "Desember 2026" in pdf_text(letter_pdf(letter))


def test_the_form_is_rate_limited(client, world, settings):
    settings.VERIFY_RATE_LIMIT = 3
    codes = [client.get("/v/", {"kode": "x"}).status_code for _ in range(5)]
    assert codes[-1] == 429
