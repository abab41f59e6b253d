"""The documents step of a request page: one form listing every paper the kind requires, one file
input each (with what is attached and a replace), sent in one POST and saved all or nothing."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.models import StoredFile
from nuptk import services as svc
from nuptk.models import SubmissionDocument
from nuptk.requirements import requirements_for
from tests.factories import login_as

from .conftest import attach_all, colour_pdf_upload, make_ptk, pdf_upload, scope_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def sub(world):
    return svc.submission_create(
        scope=scope_of(world.roles["sd_op"]), ptk=make_ptk(world.inst["sd"]), kind="penerbitan"
    )


def _rusak():
    return SimpleUploadedFile("rusak.pdf", b"bukan pdf sama sekali", content_type="application/pdf")


def test_one_form_lists_every_required_paper_with_one_file_input_each(client, world, sub):
    login_as(client, world.roles["sd_op"])
    html = client.get(reverse("nuptk:detail", args=[sub.pk])).content.decode()
    reqs = requirements_for(sub.kind, sub.category)
    assert html.count('data-testid="doc-step"') == 1
    assert html.count('data-testid="attach-all"') == 1
    form = html[html.index('data-testid="doc-step"') : html.index('data-testid="attach-all"')]
    inputs = re.findall(r'type="file" name="r-([a-z_0-9]+)-upload"', form)
    assert inputs == [r.code for r in reqs] and len(inputs) > 1
    assert "Unggah berkas" in form and "Ganti dengan berkas baru" not in form
    assert "tidak ada yang disimpan" in form  # the page says what happens to a bad file


def test_several_papers_are_saved_in_one_post(client, world, sub):
    login_as(client, world.roles["sd_op"])
    r = client.post(
        reverse("nuptk:attach", args=[sub.pk]),
        {
            "r-ktp-doc_kind": "ktp",
            "r-ktp-upload": colour_pdf_upload("ktp.pdf"),
            "r-ijazah_sma-doc_kind": "ijazah_sma",
            "r-ijazah_sma-upload": pdf_upload("ijazah.pdf"),
            "r-ijazah_sma-number": "DN-02 0012345",
        },
        follow=True,
    )
    assert r.redirect_chain[-1][0].endswith("#dokumen")
    assert "2 dokumen dilampirkan" in r.text
    docs = {d.requirement: d for d in SubmissionDocument.objects.filter(submission=sub, is_current=True)}
    assert set(docs) == {"ktp", "ijazah_sma"} and docs["ijazah_sma"].number == "DN-02 0012345"
    # what is attached is shown, with a replace
    html = client.get(reverse("nuptk:detail", args=[sub.pk])).content.decode()
    section = html[html.index('id="req-ktp"') : html.index("</section>", html.index('id="req-ktp"'))]
    assert "ktp.pdf" in section and "Ganti dengan berkas baru" in section


def test_replacing_a_paper_keeps_the_other_papers(client, world, sub):
    attach_all(scope_of(world.roles["sd_op"]), sub)
    before = set(
        SubmissionDocument.objects.filter(submission=sub, is_current=True).values_list("pk", flat=True)
    )
    login_as(client, world.roles["sd_op"])
    client.post(
        reverse("nuptk:attach", args=[sub.pk]),
        {"r-ktp-doc_kind": "ktp", "r-ktp-upload": colour_pdf_upload("ktp-baru.pdf")},
    )
    now = SubmissionDocument.objects.filter(submission=sub, is_current=True)
    assert now.get(requirement="ktp").file_name == "ktp-baru.pdf"
    assert len(before - set(now.values_list("pk", flat=True))) == 1, "only the KTP was replaced"


def test_one_bad_file_saves_nothing_and_every_error_is_shown_next_to_its_field(client, world, sub):
    login_as(client, world.roles["sd_op"])
    files_before = StoredFile.objects.count()
    r = client.post(
        reverse("nuptk:attach", args=[sub.pk]),
        {
            "r-ktp-doc_kind": "ktp",
            "r-ktp-upload": colour_pdf_upload("ktp.pdf"),  # good
            "r-ijazah_sma-doc_kind": "ijazah_sma",
            "r-ijazah_sma-upload": _rusak(),  # bad by content
            "r-ijazah_sma-number": "DN-02 0012345",
            "r-ijazah_smp-doc_kind": "ijazah_smp",
            "r-ijazah_smp-number": "tanpa berkas",  # metadata without a file
        },
    )
    assert r.status_code == 200
    assert not SubmissionDocument.objects.filter(submission=sub).exists()
    assert StoredFile.objects.count() == files_before, "the good file was not stored either"
    html = r.content.decode()
    summary = html[
        html.index('data-testid="error-summary"') : html.index(
            "</div>", html.index('data-testid="error-summary"')
        )
    ]
    assert "Tidak ada dokumen yang disimpan" in summary and "pilih lagi semua berkas" in summary
    assert 'href="#id_r-ijazah_sma-upload"' in summary and 'href="#id_r-ijazah_smp-upload"' in summary
    assert 'href="#id_r-ktp-upload"' not in summary
    for code in ("ijazah_sma", "ijazah_smp"):  # the error sits in the field's own box
        section = html[
            html.index(f'id="req-{code}"') : html.index("</section>", html.index(f'id="req-{code}"'))
        ]
        assert 'class="errorlist' in section and "has-error" in section
    ktp = html[html.index('id="req-ktp"') : html.index("</section>", html.index('id="req-ktp"'))]
    assert "errorlist" not in ktp
    assert 'value="DN-02 0012345"' in html, "what was typed is kept"


def test_service_refusal_of_one_paper_saves_nothing(client, world, sub):
    """A paper refused by the service (a PDF for a photo-only paper) rolls back the good ones."""
    login_as(client, world.roles["sd_op"])
    files_before = StoredFile.objects.count()
    r = client.post(
        reverse("nuptk:attach", args=[sub.pk]),
        {
            "r-ktp-doc_kind": "ktp",
            "r-ktp-upload": colour_pdf_upload("ktp.pdf"),
            "r-ijazah_sma-doc_kind": "ijazah_sma",
            "r-ijazah_sma-upload": pdf_upload("ijazah.pdf"),
            "r-ijazah_sma-valid_from": "2020-02-01",
            "r-ijazah_sma-valid_to": "2020-01-01",
        },
    )
    assert r.status_code == 200
    assert not SubmissionDocument.objects.filter(submission=sub).exists()
    assert StoredFile.objects.count() == files_before
    assert 'href="#id_r-ijazah_sma-valid_to"' in r.text and "Tanggal akhir berlaku" in r.text


def test_nothing_chosen_is_said_plainly(client, world, sub):
    login_as(client, world.roles["sd_op"])
    r = client.post(reverse("nuptk:attach", args=[sub.pk]), {"r-ktp-doc_kind": "ktp"})
    assert r.status_code == 200 and "Pilih berkas untuk setidaknya satu persyaratan." in r.text


def test_refusals_wrong_role_wrong_state_other_school(client, world, sub):
    url = reverse("nuptk:attach", args=[sub.pk])
    files_before = StoredFile.objects.count()

    def post():
        return client.post(url, {"r-ktp-doc_kind": "ktp", "r-ktp-upload": colour_pdf_upload()})

    login_as(client, world.roles["dinas_kota_op"])  # an office: not a school role
    assert post().status_code == 403
    login_as(client, world.roles["smp_op"])  # another school
    assert post().status_code == 404
    op = scope_of(world.roles["sd_op"])
    attach_all(op, sub)
    svc.submission_submit(scope=op, pk=sub.pk)
    files_before = StoredFile.objects.count()
    login_as(client, world.roles["sd_op"])  # submitted: under review, papers frozen
    r = client.post(url, {"r-ktp-doc_kind": "ktp", "r-ktp-upload": colour_pdf_upload()}, follow=True)
    assert "tidak dapat diubah pada status sekarang" in r.text
    assert StoredFile.objects.count() == files_before
    assert 'data-testid="doc-step"' not in r.text
