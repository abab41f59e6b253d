"""Uploads are judged by content: refusals (renamed executable, encrypted PDF, truncated JPEG,
decompression bomb, oversize photo, ...) with Indonesian messages, acceptance of a scanned PDF,
re-encoded images without metadata, private storage and a nosniff response."""

import io
import os

import pytest
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader, PdfWriter

from documents.files import RULES, CheckedFileField, file_check, file_check_and_store, stored_file_response
from documents.models import StoredFile

pytestmark = pytest.mark.django_db


def upload(content: bytes, name: str, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def jpeg(size=(400, 300), exif=True, quality=90, noise=False) -> bytes:
    img = Image.new("RGB", size, (200, 120, 40))
    if noise:
        img = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    buf = io.BytesIO()
    kwargs = {}
    if exif:
        ex = Image.Exif()
        ex[0x010F] = "KameraRahasia"  # Make
        ex[0x9286] = "lokasi rumah"  # UserComment
        kwargs["exif"] = ex.tobytes()
    img.save(buf, format="JPEG", quality=quality, **kwargs)
    return buf.getvalue()


def png(size=(300, 300), mode="RGB") -> bytes:
    buf = io.BytesIO()
    Image.new(mode, size, 0).save(buf, format="PNG")
    return buf.getvalue()


def scanned_pdf(pages=2) -> bytes:
    """An image-only PDF, like a scanner makes: no text at all."""
    imgs = [Image.new("RGB", (600, 850), (250, 250, 245)) for _i in range(pages)]
    buf = io.BytesIO()
    imgs[0].save(buf, format="PDF", save_all=True, append_images=imgs[1:], resolution=100)
    return buf.getvalue()


def refused(content, name, rule="scan_any"):
    with pytest.raises(ValidationError) as e:
        file_check_and_store(upload=upload(content, name), rule=RULES[rule], uploaded_by=None)
    assert not StoredFile.objects.exists(), "nothing is stored on a refusal"
    return " ".join(e.value.messages)


def test_renamed_executable_is_refused():
    elf = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200
    assert "tidak dikenali" in refused(elf, "ktp.pdf")
    assert "tidak dikenali" in refused(b"MZ\x90\x00" + b"\x00" * 300, "foto.jpg", "photo")
    assert "tidak dikenali" in refused(b"<html><script>alert(1)</script>", "ijazah.png")


def test_encrypted_pdf_is_refused():
    w = PdfWriter()
    w.add_blank_page(595, 842)
    w.encrypt(user_password="", owner_password="pemilik")
    buf = io.BytesIO()
    w.write(buf)
    assert "terkunci" in refused(buf.getvalue(), "sk.pdf")


def test_broken_pdfs_are_refused():
    good = scanned_pdf()
    assert "rusak" in refused(good[: len(good) // 2], "sk.pdf")  # truncated
    assert "rusak" in refused(b"%PDF-1.7\n%%EOF\n", "kosong.pdf")  # no pages, nothing to parse
    assert "rusak" in refused(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage\n%%EOF", "x.pdf")


def test_pdf_with_javascript_is_refused():
    w = PdfWriter()
    w.add_blank_page(595, 842)
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    w._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('hai');"),
        }
    )
    buf = io.BytesIO()
    w.write(buf)
    assert "skrip" in refused(buf.getvalue(), "surat.pdf")


def test_truncated_jpeg_is_refused():
    data = jpeg(size=(800, 600), exif=False, noise=True)
    assert "rusak" in refused(data[: len(data) // 2], "ktp.jpg", "scan_image")


def test_decompression_bomb_is_refused():
    img = Image.new("1", (12_000, 12_000))  # 144 Mpx of one colour compresses to a few KB
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    assert len(buf.getvalue()) < 200 * 1024
    msg = refused(buf.getvalue(), "bom.png", "scan_image")
    assert "piksel" in msg


def test_pillow_bomb_guard_is_caught_as_a_refusal():
    """Past Pillow's own limit the error comes from Image.open itself: still a clean refusal."""
    from documents.files import FileRule

    lax = FileRule("uji", max_pixels=10**12, max_bytes=2 * 1024 * 1024)
    img = Image.new("1", (16_000, 16_000))
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    with pytest.raises(ValidationError, match="piksel"):
        file_check(upload=upload(buf.getvalue(), "bom.png"), rule=lax)


def test_oversize_photo_is_refused_with_the_limit_in_the_message():
    big = jpeg(size=(1600, 1200), exif=False, quality=95, noise=True)
    assert len(big) > 200 * 1024
    msg = refused(big, "foto.jpg", "photo")
    assert "terlalu besar" in msg and "200 KB" in msg


def test_pdf_as_photo_is_refused():
    assert "hanya JPG, PNG" in refused(scanned_pdf(), "foto.pdf", "photo")


def test_scanned_pdf_without_text_is_accepted_and_stored_privately():
    data = scanned_pdf(pages=3)
    assert not "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages).strip()
    stored = file_check_and_store(
        upload=upload(data, "SK penugasan 2025.pdf"), rule=RULES["scan_pdf"], uploaded_by=None
    )
    assert stored.pages == 3 and stored.content_type == "application/pdf"
    full = os.path.join(settings.PRIVATE_STORAGE_ROOT, stored.path)
    assert os.path.exists(full)
    assert "SK" not in os.path.basename(stored.path), "the server chooses the name"
    assert not os.path.abspath(full).startswith(os.path.abspath(str(settings.STATIC_ROOT)))
    assert stored.original_name == "SK_penugasan_2025.pdf"


def test_photo_is_reencoded_without_exif():
    data = jpeg()
    assert b"KameraRahasia" in data
    stored = file_check_and_store(upload=upload(data, "foto.png"), rule=RULES["photo"], uploaded_by=None)
    assert stored.content_type == "image/jpeg", "the content decides, not the name"
    with open(os.path.join(settings.PRIVATE_STORAGE_ROOT, stored.path), "rb") as fh:
        kept = fh.read()
    assert b"KameraRahasia" not in kept and b"lokasi rumah" not in kept
    assert not Image.open(io.BytesIO(kept)).getexif()
    assert (stored.width, stored.height) == (400, 300)


def test_png_with_trailing_payload_loses_it():
    data = png() + b"<?php system($_GET['c']); ?>"
    stored = file_check_and_store(upload=upload(data, "foto.png"), rule=RULES["photo"], uploaded_by=None)
    with open(os.path.join(settings.PRIVATE_STORAGE_ROOT, stored.path), "rb") as fh:
        assert b"<?php" not in fh.read()


def test_stored_file_response_has_disposition_and_nosniff():
    stored = file_check_and_store(upload=upload(png(), "a.png"), rule=RULES["photo"], uploaded_by=None)
    r = stored_file_response(stored, download_name="Foto Siti.png", inline=False)
    assert r["X-Content-Type-Options"] == "nosniff"
    assert r["Content-Type"] == "image/png"
    assert r["Content-Disposition"].startswith("attachment;") and "Foto_Siti.png" in r["Content-Disposition"]
    assert b"".join(r.streaming_content).startswith(b"\x89PNG")


class BerkasForm(forms.Form):
    number = forms.CharField()
    berkas = CheckedFileField(rule=RULES["scan_pdf"])


def test_form_shows_the_refusal_on_the_field_and_keeps_other_values():
    form = BerkasForm(
        data={"number": "800/123/2025"}, files={"berkas": upload(b"MZ" + b"\x00" * 50, "sk.pdf")}
    )
    assert not form.is_valid()
    assert "tidak dikenali" in form.errors["berkas"][0]
    assert "number" not in form.errors
    assert 'value="800/123/2025"' in str(form["number"])
    assert "PDF, paling besar 5 MB" in str(form["berkas"].help_text)


def test_form_accepts_a_scan_and_returns_the_checked_file():
    form = BerkasForm(data={"number": "1"}, files={"berkas": upload(scanned_pdf(1), "sk.pdf")})
    assert form.is_valid(), form.errors
    checked = form.cleaned_data["berkas"]
    assert checked.kind == "pdf" and checked.pages == 1


def test_truncated_images_are_refused_even_after_weasyprint_relaxed_pillow():
    import weasyprint  # noqa: F401 - sets ImageFile.LOAD_TRUNCATED_IMAGES = True on import
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
    data = jpeg(size=(800, 600), exif=False, noise=True)
    assert "rusak" in refused(data[: len(data) * 2 // 3], "ktp.jpg", "scan_image")
    p = png(size=(600, 600))
    assert "rusak" in refused(p[: len(p) - 30], "ktp.png", "scan_image")


def test_pdf_with_script_hidden_in_a_compressed_object_stream_is_refused():
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    w = PdfWriter()
    w.add_blank_page(595, 842)
    w._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}
    )
    w.compress_identical_objects()
    buf = io.BytesIO()
    w.write(buf)
    data = buf.getvalue().replace(b"/S /JavaScript", b"/S /JavaScrip#74")  # same name, raw marker gone
    assert b"/JavaScript" not in data
    assert "skrip" in refused(data, "surat.pdf")


def test_scanned_pdf_with_chance_bytes_like_js_is_accepted():
    """Short byte sequences such as "/JS" occur by chance in compressed scans: no false refusal."""
    head, rest = scanned_pdf(1).split(b"\n", 1)
    data = head + b"\n%/JS /XFA\n" + rest
    stored = file_check_and_store(upload=upload(data, "scan.pdf"), rule=RULES["scan_pdf"], uploaded_by=None)
    assert stored.pages == 1
