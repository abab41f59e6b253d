"""Papers of a request: uploads checked by content, reuse of the PTK's berkas, shown inline only
inside the viewer's scope."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nuptk import services as svc
from nuptk.models import SubmissionDocument
from tests.factories import login_as

from .conftest import jpeg_upload, make_ptk, pdf_of_size, pdf_upload, scope_of

pytestmark = pytest.mark.django_db


def draft(world, kind="penerbitan"):
    op = scope_of(world.roles["sd_op"])
    return svc.submission_create(scope=op, ptk=make_ptk(world.inst["sd"]), kind=kind)


def test_upload_pdf_then_view_inline_in_scope_only(client, world):
    sub = draft(world)
    login_as(client, world.roles["sd_op"])
    r = client.post(
        reverse("nuptk:attach", args=[sub.pk]),
        {"requirement": "ktp", "r-ktp-doc_kind": "ktp", "r-ktp-upload": pdf_upload("ktp.pdf")},
        follow=True,
    )
    assert "Dokumen KTP" in r.text or "dilampirkan" in r.text
    doc = SubmissionDocument.objects.get(submission=sub, requirement="ktp")
    assert doc.file_type == "pdf" and doc.stored_file_id
    url = reverse("nuptk:document_file", args=[sub.pk, doc.pk])
    r = client.get(url)
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and "inline" in r["Content-Disposition"]
    login_as(client, world.roles["dinas_sleman_op"])
    assert client.get(url).status_code == 404


def test_bad_file_is_refused_and_nothing_attached(client, world):
    sub = draft(world)
    login_as(client, world.roles["sd_op"])
    fake = SimpleUploadedFile("ktp.pdf", b"bukan pdf sama sekali", content_type="application/pdf")
    r = client.post(
        reverse("nuptk:attach", args=[sub.pk]),
        {"requirement": "ktp", "r-ktp-doc_kind": "ktp", "r-ktp-upload": fake},
        follow=True,
    )
    assert 'data-testid="error-summary"' in r.text and "Tidak ada dokumen yang disimpan" in r.text
    assert not SubmissionDocument.objects.filter(submission=sub).exists()


def test_pdf_refused_for_photo_request(client, world):
    sub = draft(world, "foto")
    login_as(client, world.roles["sd_op"])
    r = client.post(
        reverse("nuptk:attach", args=[sub.pk]),
        {"requirement": "foto", "r-foto-doc_kind": "foto", "r-foto-upload": pdf_upload()},
        follow=True,
    )
    assert 'data-testid="error-summary"' in r.text and "Tidak ada dokumen yang disimpan" in r.text
    assert not SubmissionDocument.objects.filter(submission=sub).exists()
    client.post(
        reverse("nuptk:attach", args=[sub.pk]),
        {"requirement": "foto", "r-foto-doc_kind": "foto", "r-foto-upload": jpeg_upload()},
    )
    assert SubmissionDocument.objects.get(submission=sub).file_type == "jpeg"


def test_reuse_ptk_berkas(client, world):
    from ptk.services import ptk_document_add

    sub = draft(world)
    berkas = ptk_document_add(
        ptk=sub.ptk, kind="ktp", upload=pdf_upload("ktp-siti.pdf"), actor=world.roles["sd_op"].user, role="operator",
        number="3471",
    )
    login_as(client, world.roles["sd_op"])
    r = client.get(reverse("nuptk:detail", args=[sub.pk]))
    assert "ktp-siti.pdf" in r.text
    client.post(reverse("nuptk:attach", args=[sub.pk]), {"requirement": "ktp", "r-ktp-doc_kind": "ktp", "r-ktp-ptk_document": berkas.pk})
    doc = SubmissionDocument.objects.get(submission=sub, requirement="ktp")
    assert doc.ptk_document_id == berkas.pk and doc.stored_file_id == berkas.stored_file_id
    # a berkas of the wrong kind cannot fill another paper
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="tidak dapat dipakai"):
        svc.submission_document_attach(
            scope=scope_of(world.roles["sd_op"]), pk=sub.pk, requirement="ijazah_sd", doc_kind="ijazah_sd", ptk_document=berkas
        )


def _stored_files() -> int:
    import os

    from django.conf import settings

    return sum(len(files) for _root, _dirs, files in os.walk(settings.PRIVATE_STORAGE_ROOT))


def test_a_refused_or_failed_attach_stores_no_file(client, world):
    """The permission and state checks come first; the file is checked, then stored last inside the
    service's transaction: a refusal anywhere leaves no file in the private storage."""
    from django.core.exceptions import ValidationError

    from .conftest import attach_all

    op = scope_of(world.roles["sd_op"])
    sub = draft(world)
    submitted = draft(world)
    attach_all(op, submitted)
    svc.submission_submit(scope=op, pk=submitted.pk)
    before = _stored_files()
    refusals = [
        dict(pk=submitted.pk, requirement="ktp", doc_kind="ktp", upload=pdf_upload()),  # no longer editable
        dict(
            pk=sub.pk, requirement="foto", doc_kind="foto", upload=jpeg_upload()
        ),  # not a paper of this kind
        dict(pk=sub.pk, requirement="ktp", doc_kind="ktp", upload=pdf_of_size(6, "besar.pdf")),  # over the scan cap (5 MB)
        dict(
            pk=sub.pk,
            requirement="ijazah_sd",
            doc_kind="ijazah_sd",
            upload=pdf_upload(),
            valid_from="2020-01-02",
            valid_to="2020-01-01",
        ),  # dates the wrong way round
        dict(
            pk=sub.pk,
            requirement="ktp",
            doc_kind="ktp",
            upload=SimpleUploadedFile("ktp.pdf", b"%PDF-1.4 rusak", content_type="application/pdf"),
        ),
    ]
    for kw in refusals:
        with pytest.raises(ValidationError):
            svc.submission_document_attach(scope=op, **kw)
        assert _stored_files() == before, kw
    other = scope_of(world.roles["smp_op"])
    with pytest.raises(svc.Submission.DoesNotExist):
        svc.submission_document_attach(scope=other, pk=sub.pk, requirement="ktp", doc_kind="ktp", upload=pdf_upload())
    login_as(client, world.roles["sd_op"])
    client.post(reverse("nuptk:attach", args=[submitted.pk]),
                {"requirement": "ktp", "r-ktp-doc_kind": "ktp", "r-ktp-upload": pdf_upload()})
    assert _stored_files() == before
    assert not SubmissionDocument.objects.filter(submission=sub).exists()
    svc.submission_document_attach(scope=op, pk=sub.pk, requirement="ktp", doc_kind="ktp", upload=pdf_upload())
    assert _stored_files() == before + 1
