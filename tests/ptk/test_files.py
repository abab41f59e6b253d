"""Photo rules and berkas (versioned documents): stored only through the checks, served only
through the scope-checked views."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from documents.models import StoredFile
from ptk.models import PtkChange, PtkDocument

from .conftest import enter

pytestmark = pytest.mark.django_db


def jpeg(size=(300, 400), color=(200, 30, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, format="JPEG", quality=85)
    return buf.getvalue()


def noisy_png(size=(600, 600)) -> bytes:
    import os

    img = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def minimal_pdf() -> bytes:
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(width=200, height=200)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def bomb_png() -> bytes:
    """A small file that decodes to 400 million pixels."""
    buf = io.BytesIO()
    Image.new("1", (20000, 20000), 0).save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def upload_photo(client, ptk, data: bytes, name="foto.jpg", ctype="image/jpeg"):
    return client.post(
        reverse("ptk:photo_upload", args=[ptk.pk]),
        {"upload": SimpleUploadedFile(name, data, content_type=ctype)},
    )


def test_good_photo_is_reencoded_stored_versioned_and_served(client, sd_ptk, ptk_role):
    from tests.factories import login_as

    login_as(client, ptk_role)
    r = upload_photo(client, sd_ptk, jpeg())
    assert r.status_code == 302
    sd_ptk.refresh_from_db()
    assert sd_ptk.photo.content_type == "image/jpeg" and sd_ptk.photo.width == 300
    assert PtkChange.objects.filter(ptk=sd_ptk, field="photo", by_owner=True).exists()
    r = client.get(reverse("ptk:photo", args=[sd_ptk.pk]))
    assert r.status_code == 200 and r["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "maker,name,ctype,message",
    [
        (noisy_png, "besar.png", "image/png", "terlalu besar"),
        (lambda: b"ini bukan gambar sama sekali" * 10, "foto.jpg", "image/jpeg", ""),
        (minimal_pdf, "foto.jpg", "image/jpeg", ""),
        (bomb_png, "bom.png", "image/png", "piksel"),
    ],
    ids=["too-big", "not-an-image", "renamed-pdf", "decompression-bomb"],
)
def test_bad_photos_are_refused_and_nothing_is_stored(client, sd_ptk, ptk_role, maker, name, ctype, message):
    from tests.factories import login_as

    login_as(client, ptk_role)
    data = maker()
    if message == "terlalu besar":
        assert len(data) > 200 * 1024
    before = StoredFile.objects.count()
    r = upload_photo(client, sd_ptk, data, name=name, ctype=ctype)
    assert r.status_code == 200
    html = r.content.decode()
    assert "errorlist" in html and message in html
    sd_ptk.refresh_from_db()
    assert sd_ptk.photo is None
    assert StoredFile.objects.count() == before
    assert not PtkChange.objects.filter(ptk=sd_ptk, field="photo").exists()


def _upload_doc(client, ptk, number, data=None, kind="ijazah"):
    return client.post(
        reverse("ptk:documents", args=[ptk.pk]),
        {
            "kind": kind,
            "number": number,
            "date": "2012-08-01",
            "issuer": "Universitas Negeri Yogyakarta",
            "valid_from": "",
            "valid_to": "",
            "copy_kind": "legalisir",
            "note": "",
            "upload": SimpleUploadedFile("ijazah.pdf", data or minimal_pdf(), content_type="application/pdf"),
        },
    )


def test_berkas_new_upload_supersedes_old_which_stays(client, sd_ptk, ptk_role):
    from tests.factories import login_as

    login_as(client, ptk_role)
    assert _upload_doc(client, sd_ptk, "IJ-001").status_code == 302
    assert _upload_doc(client, sd_ptk, "IJ-002").status_code == 302
    old, new = PtkDocument.objects.filter(ptk=sd_ptk).order_by("pk")
    assert old.superseded_by == new and new.is_current and new.is_open_ended
    assert new.copy_kind == "legalisir"
    html = client.get(reverse("ptk:documents", args=[sd_ptk.pk])).content.decode()
    assert "IJ-001" in html and "versi lama" in html and "IJ-002" in html
    assert PtkChange.objects.filter(ptk=sd_ptk, table="berkas").count() == 2
    r = client.get(reverse("ptk:document", args=[sd_ptk.pk, old.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"


def test_berkas_refuses_bad_file(client, sd_ptk, ptk_role):
    from tests.factories import login_as

    login_as(client, ptk_role)
    r = _upload_doc(client, sd_ptk, "X", data=b"%PDF-1.4 rusak")
    assert r.status_code == 200 and "errorlist" in r.content.decode()
    assert not PtkDocument.objects.filter(ptk=sd_ptk).exists()


def test_berkas_and_photo_only_inside_scope(client, world, sd_ptk, ptk_role):
    from tests.factories import login_as

    login_as(client, ptk_role)
    _upload_doc(client, sd_ptk, "IJ-001")
    upload_photo(client, sd_ptk, jpeg())
    doc = PtkDocument.objects.get(ptk=sd_ptk)
    urls = [reverse("ptk:document", args=[sd_ptk.pk, doc.pk]), reverse("ptk:photo", args=[sd_ptk.pk])]
    other = enter(world.inst["sd"], world.roles["sd_op"])
    # Another PTK, another school, another Dinas: 404. Wrong PTK id with the right document id: 404.
    from accounts.models import Role
    from tests.factories import assign, user

    for who in (
        assign(user("guru.lain"), Role.PTK),
        world.roles["sd_sleman_op"],
        world.roles["dinas_sleman_op"],
    ):
        login_as(client, who)
        for url in urls:
            assert client.get(url).status_code == 404, (who, url)
    login_as(client, world.roles["sd_op"])
    assert client.get(reverse("ptk:document", args=[other.pk, doc.pk])).status_code == 404
    for who in ("sd_op", "dinas_kota_op", "lpmp_op", "pdspk_op"):
        login_as(client, world.roles[who])
        for url in urls:
            assert client.get(url).status_code == 200, (who, url)
    # An office may look but not upload.
    login_as(client, world.roles["dinas_kota_op"])
    assert _upload_doc(client, sd_ptk, "IJ-009").status_code == 404
