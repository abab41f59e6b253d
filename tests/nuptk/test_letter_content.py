"""What the request letters say, read as a Dinas clerk or a third party would: S09 is a receipt
(papers received, no verdict), S10 the Dinas's pengantar with its verdict on each paper, S11 dated
at the QA office's city, S12/S13 in words a person reads."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.services import official_appoint
from documents.letters import letter_pdf
from documents.models import Letter
from nuptk import services as svc
from nuptk.kinds.penerbitan import dinas_verdicts
from tests.nuptk.conftest import approve, reject  # noqa: F401 (claim, tick the checklist, decide)

from ..documents.conftest import pdf_text
from .conftest import attach_all, make_ptk, scope_of

pytestmark = pytest.mark.django_db


def _letters(sub) -> dict:
    return {lt.code: lt for lt in Letter.objects.filter(subject_type="request", subject_id=str(sub.pk))}


def _walk_to_qa(world, capture):
    op = scope_of(world.roles["sd_op"])
    sub = svc.submission_create(
        scope=op, ptk=make_ptk(world.inst["sd"], name="Andi Pratama, S.Pd."), kind="penerbitan"
    )
    attach_all(op, sub)
    with capture(execute=True):
        svc.submission_submit(scope=op, pk=sub.pk)
    dinas = scope_of(world.roles["dinas_kota_op"])
    with capture(execute=True):
        svc.submission_claim(scope=dinas, pk=sub.pk)
    with capture(execute=True):
        approve(scope=dinas, pk=sub.pk)
    return sub


def test_s09_is_a_receipt_and_s10_the_pengantar_with_the_dinas_verdict(
    world, django_capture_on_commit_callbacks
):
    official_appoint(institution=world.inst["dinas_kota"], name="Drs. Heru Prasetyo Nugroho, M.Pd.",
                     nip="196902141994031006", rank="Pembina Utama Muda (IV/c)", start=date(2024, 1, 8), actor=None)  # fmt: skip
    sub = _walk_to_qa(world, django_capture_on_commit_callbacks)
    letters = _letters(sub)
    papers = [p["label"] for p in letters["S09"].data["papers"]]
    assert papers and "Ijazah SD" in " ".join(papers)
    s09 = pdf_text(letter_pdf(letters["S09"]))
    assert "Berkas yang diterima" in s09 and "belum diperiksa" in s09
    assert "Sesuai" not in s09 and "Hasil pemeriksaan Dinas" not in s09  # no verdict on a receipt
    for label in papers:
        assert label in s09
    s10 = pdf_text(letter_pdf(letters["S10"]))
    assert "Perihal : Pengantar ajuan penerbitan NUPTK" in s10
    assert "Andi Pratama" in s10 and sub.code in s10 and "Kepala LPMP DIY" in s10
    assert "Hasil pemeriksaan Dinas" in s10 and s10.count("Sesuai") == len(papers)
    for label in papers:
        assert label in s10
    assert "Drs. Heru Prasetyo Nugroho, M.Pd." in s10 and "Pembina Utama Muda (IV/c)" in s10


def test_s10_prints_what_the_dinas_found_wrong_with_a_paper(world):
    op = scope_of(world.roles["sd_op"])
    sub = svc.submission_create(scope=op, ptk=make_ptk(world.inst["sd"]), kind="penerbitan")
    attach_all(op, sub, valid_from=date(2015, 1, 1), valid_to=date(2016, 12, 31))
    sub.request_date = timezone.localdate()
    verdicts = {v["label"]: v["verdict"] for v in dinas_verdicts(sub)}
    sk = [v for k, v in verdicts.items() if k.startswith("SK")]
    assert any("tidak berlaku" in v for v in sk), verdicts
    assert any(v == "Sesuai" for k, v in verdicts.items() if k.startswith("Ijazah")), verdicts


def test_s11_is_dated_at_the_qa_office_city_and_signed_by_its_head(world, django_capture_on_commit_callbacks):
    official_appoint(institution=world.inst["lpmp"], name="Dr. Suharni Rahayu, M.Pd.", nip="197108121996032002",
                     rank="Pembina Tingkat I (IV/b)", start=date(2024, 2, 5), actor=None)  # fmt: skip
    sub = _walk_to_qa(world, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        approve(scope=scope_of(world.roles["lpmp_op"]), pk=sub.pk)
    with django_capture_on_commit_callbacks(execute=True):
        sub = approve(scope=scope_of(world.roles["pdspk_op"]), pk=sub.pk)
    s11 = _letters(sub)["S11"]
    text = pdf_text(letter_pdf(s11))
    assert "Yogyakarta, " in text and "DI Yogyakarta, " not in text  # the city, not the province
    assert "Dr. Suharni Rahayu, M.Pd." in text and sub.result_nuptk in text
    assert "/LPMP." in s11.number  # the number names the office as it is named ("LPMP DIY")
    assert "LPMP DIY" in text


def test_s12_s13_print_labels_indonesian_dates_and_sex_in_words(world, django_capture_on_commit_callbacks):
    op = scope_of(world.roles["sd_op"])
    ptk = make_ptk(world.inst["sd"], birth_date=date(1988, 4, 12), sex="L")
    payload = {"changes": [
        {"field": "mother_name", "old": "Ibu Siti", "new": "Siti Aminah"},
        {"field": "birth_date", "old": "1988-04-12", "new": "1988-04-14"},
        {"field": "sex", "old": "L", "new": "P"},
        {"field": "nik", "old": ptk.nik, "new": "3471015404880001"},  # the NIK follows birth date and sex
    ]}  # fmt: skip
    sub = svc.submission_create(scope=op, ptk=ptk, kind="data_master", payload=payload)
    attach_all(op, sub)
    with django_capture_on_commit_callbacks(execute=True):
        svc.submission_submit(scope=op, pk=sub.pk)
    with django_capture_on_commit_callbacks(execute=True):
        approve(scope=scope_of(world.roles["dinas_kota_op"]), pk=sub.pk)
    letters = _letters(sub)
    for code in ("S12", "S13"):
        text = pdf_text(letter_pdf(letters[code]))
        assert "mother_name" not in text and "birth_date" not in text and "1988-04" not in text, code
        assert "Nama ibu kandung Ibu Siti Siti Aminah" in text, code  # old and new side by side
        assert "Tanggal lahir 12 April 1988 14 April 1988" in text, code
        assert "Jenis kelamin Laki-laki Perempuan" in text, code
        assert (timezone.localdate() - timedelta(days=0)).strftime("%Y-%m-%d") not in text
