"""Issue 9 on uploads: active PDF content in every disguise, polyglots, bombs, malformed files; the
size cap before the body is read; the permission check before anything is stored; orphan sweep."""

import io
import os
import time
import zipfile
import zlib

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from documents.files import RULES, file_check
from documents.models import StoredFile
from tests.factories import login_as

pytestmark = pytest.mark.django_db


def stored_files() -> int:
    root = settings.PRIVATE_STORAGE_ROOT
    return sum(len(f) for _d, _s, f in os.walk(root))


def blank_pdf(compress=False, **root_entries) -> bytes:
    w = PdfWriter()
    w.add_blank_page(595, 842)
    for k, v in root_entries.items():
        w._root_object[NameObject(f"/{k}")] = v
    if compress:
        w.compress_identical_objects()
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def action(kind, **extra):
    d = {NameObject("/S"): NameObject(kind)}
    for k, v in extra.items():
        d[NameObject(f"/{k}")] = v
    return DictionaryObject(d)


def check(data: bytes, name="scan.pdf", rule="scan_any"):
    return file_check(upload=SimpleUploadedFile(name, data), rule=RULES[rule])


def refused_code(data: bytes, **kw) -> str:
    with pytest.raises(ValidationError) as e:
        check(data, **kw)
    return e.value.code


F = TextStringObject("file.exe")


@pytest.mark.parametrize(
    "entries",
    [
        {"OpenAction": action("/Launch", F=F)},
        {"OpenAction": action("/GoToR", F=F, D=ArrayObject([NumberObject(0)]))},
        {"OpenAction": action("/GoToE", D=ArrayObject([NumberObject(0)]))},
        {"OpenAction": action("/SubmitForm", F=TextStringObject("https://contoh.invalid/"))},
        {"OpenAction": action("/ImportData", F=F)},
        {"OpenAction": action("/ResetForm")},
        {"OpenAction": action("/GoTo", D=ArrayObject([NumberObject(0)]), Next=action("/JavaScript", JS=TextStringObject("x")))},
        {"OpenAction": action("/GoTo", D=ArrayObject([NumberObject(0)]), Next=action("/URI", URI=TextStringObject("x")))},
        {"AA": DictionaryObject({NameObject("/O"): action("/URI", URI=TextStringObject("x"))})},
        {"Names": DictionaryObject({NameObject("/EmbeddedFiles"): DictionaryObject()})},
        {"AcroForm": DictionaryObject({NameObject("/XFA"): ArrayObject()})},
    ],
    ids=["launch", "gotor", "gotoe", "submitform", "importdata", "resetform", "next-js", "next-chain", "aa",
         "embedded", "xfa"],
)
@pytest.mark.parametrize("compress", [False, True], ids=["plain", "objstm"])
def test_active_pdf_content_is_refused(entries, compress):
    assert refused_code(blank_pdf(compress=compress, **entries)) == "active"


def test_names_hidden_with_hex_escapes_are_refused():
    data = blank_pdf(OpenAction=action("/JavaScript", JS=TextStringObject("app.alert(1)")))
    data = data.replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS ", b"/J#53 ")
    assert b"/JavaScript" not in data
    assert refused_code(data) == "active"


def test_script_in_an_object_stream_the_xref_does_not_list_is_refused():
    data = blank_pdf()
    body = zlib.compress(b"99 0 << /S /JavaScript /JS (app.alert(1)) >>")
    hidden = (b"98 0 obj\n<< /Type /ObjStm /N 1 /First 5 /Filter /FlateDecode /Length %d >>\nstream\n" % len(body)
              + body + b"\nendstream\nendobj\n")
    at = data.rindex(b"startxref")
    assert refused_code(data[:at] + hidden + data[at:]) == "active"


def test_annotation_with_javascript_link_is_refused():
    w = PdfWriter()
    page = w.add_blank_page(595, 842)
    annot = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
        NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
        NameObject("/A"): action("/JavaScript", JS=TextStringObject("x")),
    })
    page[NameObject("/Annots")] = ArrayObject([w._add_object(annot)])
    buf = io.BytesIO()
    w.write(buf)
    assert refused_code(buf.getvalue()) == "active"


def test_plain_link_and_goto_open_action_are_accepted():
    data = blank_pdf(OpenAction=ArrayObject([NumberObject(0), NameObject("/Fit")]))
    assert check(data).pages == 1


def test_polyglots_are_refused():
    pdf = blank_pdf()
    body = pdf[: pdf.rindex(b"%%EOF")]
    zbuf = io.BytesIO()
    with zipfile.ZipFile(zbuf, "w") as z:
        z.writestr("x.html", "<script>alert(1)</script>")
    assert refused_code(body + zbuf.getvalue() + b"\n%%EOF\n") == "polyglot"  # also a valid ZIP
    html = b"%<html><body><script>alert(1)</script></body></html>\n"
    assert refused_code(pdf[:9] + html + pdf[9:]) == "polyglot"  # also an HTML page
    assert refused_code(b"<html>" + pdf) == "header"  # content before the header
    assert refused_code(b"\xff\xd8\xff\xe0" + pdf, name="x.pdf") in ("broken", "header", "type")
    assert refused_code(pdf + b"PK\x03\x04trailing") == "broken"  # something after %%EOF


def test_decompression_bomb_in_a_pdf_stream_is_refused():
    zeros = zlib.compressobj(9)
    comp = b"".join(zeros.compress(b"\0" * (1 << 20)) for _i in range(140)) + zeros.flush()
    assert len(comp) < 1024 * 1024
    pdf = blank_pdf()
    obj = (b"97 0 obj\n<< /Filter /FlateDecode /Length %d >>\nstream\n" % len(comp)) + comp + b"\nendstream\nendobj\n"
    at = pdf.rindex(b"startxref")
    assert refused_code(pdf[:at] + obj + pdf[at:]) == "bomb"


def test_malformed_and_truncated_pdfs_are_refused():
    pdf = blank_pdf()
    for cut in (len(pdf) // 3, len(pdf) // 2, len(pdf) - 10):
        assert refused_code(pdf[:cut]) == "broken"
    assert refused_code(pdf.replace(b"/Type /Pages", b"/Type /Pagez")) == "broken"
    assert refused_code(b"%PDF-1.4\n%%EOF\n") == "broken"


def test_truncated_jpeg_is_refused():
    from PIL import Image

    buf = io.BytesIO()
    Image.frombytes("RGB", (300, 300), os.urandom(300 * 300 * 3)).save(buf, "JPEG")
    data = buf.getvalue()
    assert refused_code(data[: len(data) // 2], name="f.jpg", rule="photo") == "broken"


# --- size cap before the body is read -----------------------------------------------------------------


@pytest.fixture
def ptk_of_sd(world):
    from tests.ptk.conftest import enter

    return enter(world.inst["sd"], world.roles["sd_op"])


def test_a_100_mb_upload_is_refused_unread(client, world, ptk_of_sd):
    login_as(client, world.roles["sd_op"])
    before = stored_files()
    # the payload has 9 bytes: reading beyond them toward the announced 100 MB would fail loudly
    r = client.generic(
        "POST",
        reverse("ptk:documents", args=[ptk_of_sd.pk]),
        b"--batas--",
        content_type="multipart/form-data; boundary=batas",
        CONTENT_LENGTH=str(100 * 1024 * 1024),
    )
    assert r.status_code == 413
    assert "Berkas terlalu besar" in r.content.decode() and "100.0 MB" in r.content.decode()
    assert stored_files() == before


def test_uploads_never_go_to_a_temporary_file(client, world, ptk_of_sd, monkeypatch):
    from django.core.files import uploadedfile

    def no_temp(*a, **kw):
        raise AssertionError("a temporary upload file was created")

    monkeypatch.setattr(uploadedfile.TemporaryUploadedFile, "__init__", no_temp)
    login_as(client, world.roles["sd_op"])
    big = os.urandom(4 * 1024 * 1024)  # above Django's default in-memory limit, below the cap
    before = stored_files()
    r = client.post(reverse("ptk:documents", args=[ptk_of_sd.pk]),
                    {"kind": "ktp", "copy_kind": "asli", "upload": SimpleUploadedFile("x.pdf", big)})
    assert r.status_code == 200 and "tidak dikenali" in r.content.decode()
    assert stored_files() == before


# --- permission before storage ---------------------------------------------------------------------------


def valid_pdf_upload(name="scan.pdf"):
    return SimpleUploadedFile(name, blank_pdf(), content_type="application/pdf")


def test_upload_by_a_role_that_may_not_edit_stores_nothing(client, world, ptk_of_sd):
    before = (stored_files(), StoredFile.objects.count())
    for key in ("dinas_kota_op", "smp_op", "lpmp_op"):
        login_as(client, world.roles[key])
        r = client.post(reverse("ptk:documents", args=[ptk_of_sd.pk]), {"kind": "ktp", "copy_kind": "asli", "upload": valid_pdf_upload()})
        assert r.status_code == 404, key
        r = client.post(reverse("ptk:photo_upload", args=[ptk_of_sd.pk]), {"upload": valid_pdf_upload()})
        assert r.status_code == 404, key
    assert (stored_files(), StoredFile.objects.count()) == before


def test_attach_to_a_request_that_cannot_change_stores_nothing(client, world):
    from nuptk import services as svc
    from tests.nuptk.conftest import attach_all, make_ptk, scope_of

    op = scope_of(world.roles["sd_op"])
    sub = svc.submission_create(scope=op, ptk=make_ptk(world.inst["sd"]), kind="penerbitan")
    attach_all(op, sub)
    svc.submission_submit(scope=op, pk=sub.pk)
    before = (stored_files(), StoredFile.objects.count())
    login_as(client, world.roles["sd_op"])
    r = client.post(reverse("nuptk:attach", args=[sub.pk]),
                    {"requirement": "ktp", "doc_kind": "ktp", "upload": valid_pdf_upload()})
    assert r.status_code == 302
    assert (stored_files(), StoredFile.objects.count()) == before


# --- orphan sweep ----------------------------------------------------------------------------------------


def test_orphan_sweep_deletes_old_unrecorded_files_only(world):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.core.management import call_command

    from documents.files import file_check_and_store

    kept = file_check_and_store(upload=valid_pdf_upload(), rule=RULES["scan_any"], uploaded_by=None)
    old = default_storage.save("berkas/2020/01/yatim.pdf", ContentFile(b"x"))
    young = default_storage.save("berkas/2020/01/baru.pdf", ContentFile(b"y"))
    past = time.time() - 3 * 86400
    os.utime(default_storage.path(old), (past, past))
    os.utime(default_storage.path(kept.path), (past, past))
    out = io.StringIO()
    call_command("sweep_orphan_files", "--dry-run", stdout=out)
    assert "yatim.pdf" in out.getvalue() and default_storage.exists(old)
    call_command("sweep_orphan_files", stdout=io.StringIO())
    assert not default_storage.exists(old)
    assert default_storage.exists(young) and default_storage.exists(kept.path)
