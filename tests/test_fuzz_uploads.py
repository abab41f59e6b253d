"""A fuzz corpus of malformed files, generated here deterministically (nothing binary is committed):
truncations, bit flips, byte-range overwrites, header and trailer mutations, polyglots, bombs, active
content, and wrong types under the right names. Every file goes through the shared checker
(documents.files) and a fair share through every upload endpoint over HTTP: no server error, and
every refusal is a clear Indonesian message shown to the user."""

import io
import os
import random
import zipfile
import zlib

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from documents import files
from documents.files import RULES, file_check
from tests.factories import login_as

pytestmark = pytest.mark.django_db

SEED = 20260909
CORPUS_MIN = 1000
# Words every refusal message of documents.files contains at least one of (all Indonesian).
INDONESIAN = ("Berkas", "berkas", "PDF", "Gambar", "gambar", "Jenis", "Ukuran")


# --- seeds ---------------------------------------------------------------------------------------------


def _pdf(**root) -> bytes:
    w = PdfWriter()
    w.add_blank_page(595, 842)
    for k, v in root.items():
        w._root_object[NameObject(f"/{k}")] = v
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def _scan_pdf(rng) -> bytes:
    img = Image.frombytes("L", (120, 160), bytes(rng.randrange(200, 256) for _i in range(120 * 160)))
    buf = io.BytesIO()
    img.save(buf, format="PDF", resolution=50)
    return buf.getvalue()


def _image(rng, fmt, size=(48, 48), mode="RGB") -> bytes:
    n = size[0] * size[1] * len(mode)
    img = Image.frombytes(mode, size, bytes(rng.randrange(256) for _i in range(n)))
    buf = io.BytesIO()
    img.save(buf, format=fmt)
    return buf.getvalue()


def _zip(payload: bytes = b"<script>alert(1)</script>") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("index.html", payload)
    return buf.getvalue()


def _flate_bomb_pdf(mb: int) -> bytes:
    c = zlib.compressobj(9)
    comp = b"".join(c.compress(b"\0" * (1 << 20)) for _i in range(mb)) + c.flush()
    pdf = _pdf()
    obj = b"90 0 obj\n<< /Filter /FlateDecode /Length %d >>\nstream\n" % len(comp) + comp + b"\nendstream\nendobj\n"
    at = pdf.rindex(b"startxref")
    return pdf[:at] + obj + pdf[at:]


def _png_header_bomb(w: int, h: int) -> bytes:
    """A tiny PNG whose header claims w x h pixels (with a small, valid-looking IDAT)."""
    import struct

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 4096)) + chunk(b"IEND", b"")


def _active(kind: str) -> bytes:
    a = DictionaryObject({NameObject("/S"): NameObject(kind), NameObject("/JS"): TextStringObject("x")})
    return _pdf(OpenAction=a)


def seeds(rng) -> dict[str, bytes]:
    return {
        "pdf": _pdf(),
        "scan.pdf": _scan_pdf(rng),
        "jpeg": _image(rng, "JPEG"),
        "png": _image(rng, "PNG"),
        "png-rgba": _image(rng, "PNG", mode="RGBA"),
    }


# --- mutations -----------------------------------------------------------------------------------------

MAGICS = [
    b"%PDF-9.9\n", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"GIF89a", b"MZ\x90\x00", b"PK\x03\x04", b"<html>",
    b"%!PS-Adobe-3.0", b"<?xml version='1.0'?><svg>", b"BM", b"II*\x00", b"RIFF\x00\x00\x00\x00WEBP", b"\x00\x00\x00",
]
NAMES = {"pdf": "scan.pdf", "scan.pdf": "ijazah.pdf", "jpeg": "foto.jpg", "png": "ktp.png", "png-rgba": "kk.png"}


def corpus() -> list[tuple[str, str, bytes]]:
    """(label, file name, bytes): deterministic for SEED."""
    rng = random.Random(SEED)
    out = []
    base = seeds(rng)
    for key, data in base.items():
        name = NAMES[key]
        for i in range(45):  # truncations
            cut = rng.randrange(0, len(data))
            out.append((f"{key}/truncate/{i}", name, data[:cut]))
        for i in range(80):  # bit flips
            b = bytearray(data)
            for _j in range(rng.randrange(1, 9)):
                pos = rng.randrange(len(b))
                b[pos] ^= 1 << rng.randrange(8)
            out.append((f"{key}/bitflip/{i}", name, bytes(b)))
        for i in range(25):  # random byte-range overwrite
            b = bytearray(data)
            pos = rng.randrange(len(b))
            n = rng.randrange(1, 64)
            b[pos : pos + n] = bytes(rng.randrange(256) for _j in range(n))
            out.append((f"{key}/overwrite/{i}", name, bytes(b)))
        for i, magic in enumerate(MAGICS):  # header mutations
            out.append((f"{key}/header/{i}", name, magic + data[len(magic) :]))
            out.append((f"{key}/prefix/{i}", name, magic + data))
        for i, tail in enumerate([b"", b"garbage", _zip(), b"<html><script>x</script></html>", b"%%EOF" * 3, MAGICS[1]]):
            out.append((f"{key}/trailer/{i}", name, data.rstrip(b"\r\n%EOF") + tail))
            out.append((f"{key}/append/{i}", name, data + tail))
    pdf = base["pdf"]
    # polyglots
    out += [
        ("poly/pdf+zip", "a.pdf", pdf[: pdf.rindex(b"%%EOF")] + _zip() + b"\n%%EOF\n"),
        ("poly/zip+pdf", "a.pdf", _zip() + pdf),
        ("poly/jpeg+pdf", "a.jpg", base["jpeg"] + pdf),
        ("poly/jpeg+zip", "a.jpg", base["jpeg"] + _zip()),
        ("poly/png+zip", "a.png", base["png"] + _zip()),
        ("poly/html-in-pdf", "a.pdf", pdf[:9] + b"%<html><script>alert(1)</script>\n" + pdf[9:]),
        ("poly/jpeg-with-pdf-comment", "a.jpg", base["jpeg"][:2] + b"\xff\xfe\x00\x1b%PDF-1.4 1 0 obj endobj" + base["jpeg"][2:]),
    ]
    # bombs (the checker's caps are lowered for this test, so a small file is a bomb)
    out += [(f"bomb/flate/{mb}", "bom.pdf", _flate_bomb_pdf(mb)) for mb in (5, 9, 17)]
    for i, (w, h) in enumerate([(30000, 30000), (100000, 10), (65000, 65000), (2**31 - 1, 1)]):
        out.append((f"bomb/png/{i}", "bom.png", _png_header_bomb(w, h)))
    # active content
    for kind in ("/JavaScript", "/Launch", "/GoToR", "/GoToE", "/SubmitForm", "/ImportData", "/Rendition"):
        data = _active(kind)
        out.append((f"active/{kind}", "a.pdf", data))
        out.append((f"active/{kind}/hex", "a.pdf", data.replace(b"/JS ", b"/J#53 ").replace(kind.encode(), kind[:2].encode() + b"#%02X" % kind.encode()[2] + kind[3:].encode())))
    # wrong types under the right names
    others = {
        "text": b"Surat keterangan" * 40,
        "html": b"<!doctype html><html><body><script>alert(1)</script></body></html>",
        "svg": b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
        "zip": _zip(),
        "gif": _image(rng, "GIF"),
        "bmp": _image(rng, "BMP"),
        "tiff": _image(rng, "TIFF"),
        "webp": _image(rng, "WEBP"),
        "exe": b"MZ" + bytes(rng.randrange(256) for _i in range(500)),
        "empty": b"",
        "one": b"%",
        "nul": b"\0" * 1000,
    }
    for label, data in others.items():
        for name in ("scan.pdf", "foto.jpg", "ktp.png", "berkas"):
            out.append((f"type/{label}/{name}", name, data))
    return out


@pytest.fixture(scope="module")
def fuzz_files():
    c = corpus()
    assert len(c) >= CORPUS_MIN, len(c)
    return c


@pytest.fixture
def small_caps(monkeypatch):
    """Lower the decompression caps so that the corpus' bombs stay small and fast."""
    monkeypatch.setattr(files, "PDF_STREAM_DECODED_MAX", 4 * 1024 * 1024)
    monkeypatch.setattr(files, "PDF_TOTAL_DECODED_MAX", 8 * 1024 * 1024)


def indonesian(msg: str) -> bool:
    return bool(msg.strip()) and any(w in msg for w in INDONESIAN) and "Traceback" not in msg


def test_every_file_through_the_shared_checker(fuzz_files, small_caps):
    outcomes = {"accepted": 0, "refused": 0}
    for label, name, data in fuzz_files:
        for rule in ("scan_any", "photo"):
            try:
                checked = file_check(upload=SimpleUploadedFile(name, data), rule=RULES[rule])
            except ValidationError as e:
                msg = " ".join(e.messages)
                assert indonesian(msg), (label, rule, msg)
                outcomes["refused"] += 1
            else:  # only what parses fully as its type: images come out re-encoded
                assert checked.kind in RULES[rule].types, label
                if checked.kind != "pdf":  # rewritten: no second format survives
                    assert Image.open(io.BytesIO(checked.content)).format.lower() in ("jpeg", "png")
                    for marker in (b"%PDF", b"PK\x03\x04", b"<script", b"<html"):
                        assert marker not in checked.content, (label, marker)
                outcomes["accepted"] += 1
    # every designed attack is refused by the checker
    for label, name, data in fuzz_files:
        if label.startswith(("poly/pdf", "poly/zip", "poly/html", "bomb/", "active/", "type/")):
            with pytest.raises(ValidationError):
                file_check(upload=SimpleUploadedFile(name, data), rule=RULES["scan_any"])
    assert outcomes["refused"] > outcomes["accepted"] > 0


# --- over HTTP, every upload endpoint -------------------------------------------------------------------


@pytest.fixture
def endpoints(world):
    """URL, form builder and how to read the refusal, for every upload endpoint of the project."""
    from nuptk import services as svc
    from nuptk.requirements import requirements_for
    from tests.nuptk.conftest import make_ptk, scope_of
    from tests.ptk.conftest import enter

    ptk = enter(world.inst["sd"], world.roles["sd_op"])
    sub = svc.submission_create(scope=scope_of(world.roles["sd_op"]), ptk=make_ptk(world.inst["sd"]), kind="penerbitan")
    req = next(r for r in requirements_for(sub.kind, sub.category) if r.code == "ktp")
    p = f"r-{req.code}-"
    return {
        "ptk:documents": (reverse("ptk:documents", args=[ptk.pk]),
                          lambda f: {"kind": "ktp", "copy_kind": "asli", "upload": f}),
        "ptk:photo_upload": (reverse("ptk:photo_upload", args=[ptk.pk]), lambda f: {"upload": f}),
        "nuptk:attach": (reverse("nuptk:attach", args=[sub.pk]),
                         lambda f: {"requirement": "ktp", f"{p}doc_kind": "ktp", f"{p}upload": f}),
    }


def test_every_upload_endpoint_is_fuzzed(endpoints):
    """A new upload view must join the fuzz test."""
    import inspect

    from tests.test_url_access import project_urls

    uploading = {
        name
        for _r, cb, name in project_urls()
        if "request.FILES" in inspect.getsource(inspect.unwrap(cb)) or hasattr(cb, "upload_max_bytes")
    }
    # the Dapodik import: its own test below; the letterhead logo: tests/documents/test_letterhead.py
    assert uploading == set(endpoints) | {"exchange:import_index", "documents:letterhead"}


def test_fuzz_files_over_http_never_give_a_server_error(client, world, fuzz_files, endpoints, small_caps):
    from documents.models import StoredFile

    client.raise_request_exception = False
    login_as(client, world.roles["sd_op"])
    step = 18  # about 60 files through each endpoint, a different share each (180 files in all)
    for i, (url_name, (url, form)) in enumerate(endpoints.items()):
        for label, name, data in fuzz_files[i * step // len(endpoints) :: step]:
            before = StoredFile.objects.count()
            r = client.post(url, form(SimpleUploadedFile(name, data)))
            assert r.status_code < 500, (url_name, label, r.status_code)
            if r.status_code == 200:  # refused on the form
                html = r.content.decode()
                if url_name == "nuptk:attach":  # the documents step: one form part per requirement
                    assert 'data-testid="error-summary"' in html and "Tidak ada dokumen yang disimpan" in html
                    errors = {
                        f"{row['req'].code}-{k}": v
                        for row in r.context["rows"]
                        if row["form"] is not None
                        for k, v in row["form"].errors.items()
                    }
                else:
                    errors = r.context["form"].errors
                assert errors, (url_name, label)
                msgs = [m for errs in errors.values() for m in errs]
                assert all(indonesian(m) or "wajib" in m for m in msgs), (url_name, label, msgs)
                assert all(m.replace("'", "&#x27;").replace('"', "&quot;")[:30] in html for m in msgs)
                assert StoredFile.objects.count() == before, "a refused upload stores nothing"
            else:
                assert r.status_code == 302, (url_name, label)
                shown = [str(m) for m in get_messages(r.wsgi_request)]
                if url_name == "nuptk:attach" and StoredFile.objects.count() == before:
                    assert shown and all(indonesian(m) or "Dokumen" in m for m in shown), (label, shown)
    assert os.path.isdir(files.default_storage.location)


def test_fuzz_files_through_the_dapodik_import(client, world, fuzz_files, django_capture_on_commit_callbacks):
    """The Dapodik import reads CSV/XLSX: every malformed file is refused whole, in Indonesian, with
    nothing imported and nothing left on the server."""
    from exchange.models import DapodikImport
    from ptk.models import Ptk

    client.raise_request_exception = False
    login_as(client, world.roles["sd_op"])
    for label, name, data in fuzz_files[::9]:
        with django_capture_on_commit_callbacks(execute=True):
            r = client.post(reverse("exchange:import_index"), {"file": SimpleUploadedFile(name, data)})
        assert r.status_code < 500, (label, r.status_code)
        if r.status_code == 200:  # refused on the form (an empty file)
            msgs = [m for errs in r.context["form"].errors.values() for m in errs]
            assert msgs and all(indonesian(m) or "wajib" in m for m in msgs), (label, msgs)
            continue
        job = DapodikImport.objects.order_by("-pk").first()
        assert job.status == "failed" and indonesian(job.error), (label, job.status, job.error)
        assert not job.path
    assert not Ptk.objects.exists()
