"""Checked uploads. A file is judged by its content, never by its name: it must parse fully as a
PDF, JPEG or PNG, fit the rule's caps, and images are re-encoded so no metadata (EXIF, GPS,
comments) and no trailing bytes survive. Accepted files are stored under a server-chosen name in
the default storage (settings.PRIVATE_STORAGE_ROOT, outside the web root) and served only through
``stored_file_response`` after the caller checked the viewer's scope.

    checked = file_check(upload=f, rule=RULES["photo"])          # ValidationError in Indonesian
    stored = file_check_and_store(upload=f, rule=RULES["photo"], uploaded_by=user)
"""

import hashlib
import io
import re
import threading
import uuid
import warnings
import zipfile
import zlib
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from PIL import Image, ImageFile, ImageOps

from .models import StoredFile

PDF, JPEG, PNG = "pdf", "jpeg", "png"
CONTENT_TYPES = {PDF: "application/pdf", JPEG: "image/jpeg", PNG: "image/png"}
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png"}
TYPE_LABELS = {PDF: "PDF", JPEG: "JPG", PNG: "PNG"}
# Pillow's own guard stays on as a backstop; each rule sets a tighter pixel cap below it.
Image.MAX_IMAGE_PIXELS = 60_000_000


@dataclass(frozen=True)
class FileRule:
    label: str
    types: frozenset = field(default_factory=lambda: frozenset({PDF, JPEG, PNG}))
    max_bytes: int = 2 * 1024 * 1024
    max_pixels: int = 40_000_000  # about 7700 x 5200: an A4 scan at 600 dpi
    max_pages: int = 50
    name: str = ""

    @property
    def types_label(self) -> str:
        return ", ".join(TYPE_LABELS[t] for t in (PDF, JPEG, PNG) if t in self.types)

    @property
    def size_label(self) -> str:
        return _size_label(self.max_bytes)


def _size_label(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.0f} MB" if n % (1024 * 1024) == 0 else f"{n / (1024 * 1024):.1f} MB"
    return f"{n // 1024} KB"


# One size cap for every scan, whatever its rule: a berkas the PTK's record accepts (scan_any) is
# accepted by every request paper too (the papers read their cap from their rule, nuptk.requirements).
SCAN_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_BYTES = 200 * 1024  # seed 003: pas foto at most 200 KB

RULES: dict[str, FileRule] = {
    "photo": FileRule(
        "Pas foto", frozenset({JPEG, PNG}), PHOTO_MAX_BYTES, max_pixels=12_000_000, name="photo"
    ),
    "scan_pdf": FileRule("Pindaian dokumen (PDF)", frozenset({PDF}), SCAN_MAX_BYTES, name="scan_pdf"),
    "scan_image": FileRule(
        "Pindaian dokumen (gambar)", frozenset({JPEG, PNG}), SCAN_MAX_BYTES, name="scan_image"
    ),
    "scan_any": FileRule("Pindaian dokumen", frozenset({PDF, JPEG, PNG}), SCAN_MAX_BYTES, name="scan_any"),
}


@dataclass
class CheckedFile:
    """A file that passed the checks: the bytes to store (re-encoded for images) and facts."""

    kind: str
    content: bytes
    original_name: str
    width: int | None = None
    height: int | None = None
    pages: int | None = None
    rule: str = ""

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]


def sniff(head: bytes) -> str | None:
    """The real type from the first bytes, whatever the file is called."""
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return PDF  # a header that does not start the file is refused by the PDF check
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    return None


def _refuse(msg: str, code: str):
    raise ValidationError(msg, code=code)


def _read(upload, rule: FileRule) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > rule.max_bytes:
        _refuse(
            _("Berkas terlalu besar (%(size)s). Ukuran paling besar untuk %(label)s adalah %(max)s.")
            % {"size": _size_label(size), "label": rule.label.lower(), "max": rule.size_label},
            "too_large",
        )
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(rule.max_bytes + 1)
    if len(data) > rule.max_bytes:
        _refuse(
            _("Berkas terlalu besar. Ukuran paling besar untuk %(label)s adalah %(max)s.")
            % {"label": rule.label.lower(), "max": rule.size_label},
            "too_large",
        )
    if not data:
        _refuse(_("Berkas kosong. Pilih berkas hasil pindaian yang benar."), "empty")
    return data


_strict_lock = threading.Lock()


def _complete(data: bytes, kind: str) -> bool:
    """The file ends where its format says it ends: a truncated upload is refused even when the
    process allows Pillow to load truncated images (WeasyPrint sets that flag globally)."""
    if kind == JPEG:
        return data.rfind(b"\xff\xd9") > data.rfind(b"\xff\xda") > 0
    return data.rfind(b"IEND") > 0


def _check_image(data: bytes, kind: str, rule: FileRule) -> tuple[bytes, int, int]:
    broken = _(
        "Gambar rusak atau tidak lengkap; tidak dapat dibaca. Pindai atau simpan ulang lalu unggah lagi."
    )
    if not _complete(data, kind):
        _refuse(broken, "broken")
    too_many = _(
        "Ukuran gambar terlalu besar (%(w)s x %(h)s piksel). Paling banyak %(max)s juta piksel; "
        "perkecil resolusi pindaian."
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as probe:
                w, h = probe.size
                fmt = probe.format
                if w * h > rule.max_pixels:
                    _refuse(too_many % {"w": w, "h": h, "max": rule.max_pixels // 1_000_000}, "pixels")
                probe.verify()
            with Image.open(io.BytesIO(data)) as img:
                with _strict_lock:
                    lax = ImageFile.LOAD_TRUNCATED_IMAGES
                    ImageFile.LOAD_TRUNCATED_IMAGES = False
                    try:
                        img.load()
                    finally:
                        ImageFile.LOAD_TRUNCATED_IMAGES = lax
                img = ImageOps.exif_transpose(img)
                out = io.BytesIO()
                if kind == JPEG:
                    if img.mode not in ("RGB", "L"):
                        img = img.convert("RGB")
                    qualities = (88, 80, 70, 60)
                    for q in qualities:
                        out = io.BytesIO()
                        img.save(out, format="JPEG", quality=q, optimize=True)
                        if out.tell() <= rule.max_bytes:
                            break
                else:
                    if img.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
                        img = img.convert("RGBA")
                    img.save(out, format="PNG", optimize=True)
                encoded = out.getvalue()
                w, h = img.size
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            _refuse(too_many % {"w": "?", "h": "?", "max": rule.max_pixels // 1_000_000}, "pixels")
        except (OSError, SyntaxError, ValueError, Image.UnidentifiedImageError, EOFError):
            _refuse(broken, "broken")
    if fmt != {JPEG: "JPEG", PNG: "PNG"}[kind]:
        _refuse(broken, "broken")
    if len(encoded) > rule.max_bytes:
        _refuse(
            _("Gambar terlalu besar setelah diproses. Ukuran paling besar %(max)s; perkecil resolusinya.")
            % {"max": rule.size_label},
            "too_large",
        )
    return encoded, w, h


# --- PDF: structure, polyglots, bombs, active content ---------------------------------------------
# A PDF is refused (never rewritten) when it can act: scripts, launch/remote/embedded go-to, form
# submission or import, media and 3D, attachments, XFA, additional-actions, and action chains
# (/Next). Names are compared after decoding "#xx" escapes (pypdf does it for parsed objects; the
# raw scan below does it for text outside streams), and objects inside object streams are checked
# both through pypdf and by scanning every decompressed /ObjStm, also one the xref does not list.

PDF_STREAM_DECODED_MAX = 128 * 1024 * 1024  # one stream, decompressed
PDF_TOTAL_DECODED_MAX = 256 * 1024 * 1024  # every stream of the file together
PDF_MAX_OBJECTS = 50_000
PDF_HEADER_RE = re.compile(rb"%PDF-(1\.[0-7]|2\.0)\s")
BAD_ACTIONS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/GoToE",
        "/GoToR",
        "/SubmitForm",
        "/ImportData",
        "/ResetForm",
        "/RichMediaExecute",
        "/Rendition",
        "/Movie",
        "/Sound",
        "/GoTo3DView",
        "/Hide",
    }
)
BAD_KEYS = frozenset(
    {"/JS", "/JavaScript", "/AA", "/EmbeddedFiles", "/EmbeddedFile", "/XFA", "/RichMedia", "/Launch"}
)
BAD_TYPES = frozenset(
    {"/EmbeddedFile", "/RichMedia", "/FileAttachment", "/Movie", "/Sound", "/Screen", "/3D", "/Filespec"}
)
# Names whose mere presence outside streams (or inside a decompressed object stream) refuses a file.
BAD_RAW_NAMES = BAD_KEYS | BAD_ACTIONS - {"/Hide"} | {"/FileAttachment"}
_NAME_RE = re.compile(rb"/[^\s/<>\[\]()%{}]{1,127}")
_HEX_ESC_RE = re.compile(rb"#([0-9A-Fa-f]{2})")
_STREAM_RE = re.compile(rb">>\s*stream\r?\n")
_COMMENT_RE = re.compile(rb"%[^\r\n]*")
_HTML_RE = re.compile(rb"<\s*(html|script|!doctype\s+html|body|iframe|svg\s|object|embed)\b", re.IGNORECASE)


class _Refuse(Exception):
    def __init__(self, code: str):
        self.code = code


def _name(raw: bytes) -> str:
    try:
        return _HEX_ESC_RE.sub(lambda m: bytes([int(m.group(1), 16)]), raw).decode("latin-1")
    except Exception:
        return ""


def _bad_names(text: bytes) -> bool:
    return any(_name(m.group()) in BAD_RAW_NAMES for m in _NAME_RE.finditer(text))


def _streams(data: bytes):
    """(dictionary text, raw stream bytes) of every stream, found by scanning the bytes (so also
    streams the cross-reference table does not list), and the text between streams."""
    pos = 0
    while True:
        m = _STREAM_RE.search(data, pos)
        if m is None:
            yield None, data[pos:], None
            return
        start = m.end()
        end = data.find(b"endstream", start)
        if end < 0:
            raise _Refuse("broken")
        head_from = max(data.rfind(b" obj", pos, m.start()), m.start() - 4096, pos)
        yield data[head_from : m.start() + 2], data[pos : m.start() + 2], data[start:end]
        pos = end + len(b"endstream")


def _inflate_capped(raw: bytes, cap: int) -> tuple[int, bytes | None]:
    """Decompressed size of a Flate stream (up to ``cap`` + 1) and, when small, its bytes."""
    d = zlib.decompressobj()
    total, keep, chunk = 0, [], 1 << 20
    buf = raw
    try:
        while True:
            out = d.decompress(buf, chunk)
            total += len(out)
            if total <= 8 * 1024 * 1024:
                keep.append(out)
            if total > cap:
                return total, None
            buf = d.unconsumed_tail
            if not buf:
                break
        total += len(d.flush())
    except zlib.error:
        raise _Refuse("broken") from None
    return total, (b"".join(keep) if total <= 8 * 1024 * 1024 else None)


def _scan_raw(data: bytes) -> None:
    """Checks on the bytes: one header at offset 0, nothing after the last %%EOF, not also a ZIP or
    HTML document, no active names outside streams or inside any object stream, no bombs."""
    if not PDF_HEADER_RE.match(data[:16]):
        raise _Refuse("header")
    tail = data.rstrip(b"\r\n\t \x00")
    if not tail.endswith(b"%%EOF"):
        raise _Refuse("broken")
    if zipfile.is_zipfile(io.BytesIO(data)):
        raise _Refuse("polyglot")
    outside, streams, total = [], [], 0
    for head, between, body in _streams(data):
        outside.append(between)
        if head is not None:
            streams.append((head, body))
    text = b"".join(outside)
    if _HTML_RE.search(text):  # comments included: that is where a polyglot hides its markup
        raise _Refuse("polyglot")
    text = _COMMENT_RE.sub(b"", text)
    if _bad_names(text):
        raise _Refuse("active")
    for head, body in streams:
        head_names = {_name(n.group()) for n in _NAME_RE.finditer(head)}
        filters = head.split(b"/Filter", 1)[1][:40] if b"/Filter" in head else b""
        first = _NAME_RE.search(filters)
        if first is None or _name(first.group()) not in ("/FlateDecode", "/Fl"):
            continue
        size, plain = _inflate_capped(body, PDF_STREAM_DECODED_MAX)
        total += size
        if size > PDF_STREAM_DECODED_MAX or total > PDF_TOTAL_DECODED_MAX:
            raise _Refuse("bomb")
        if "/ObjStm" in head_names and (plain is None or _bad_names(plain)):
            raise _Refuse("active")


def _check_object(obj, depth: int = 0, seen: set | None = None) -> None:
    """Refuse active keys, action types and chains anywhere in one parsed object."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    if depth > 64:
        raise _Refuse("broken")
    if isinstance(obj, IndirectObject):
        return  # every indirect object is checked on its own
    if isinstance(obj, DictionaryObject):
        keys = {str(k) for k in obj.keys()}
        if keys & BAD_KEYS:
            raise _Refuse("active")
        if str(obj.get("/Type", "")) in BAD_TYPES or str(obj.get("/Subtype", "")) in BAD_TYPES:
            raise _Refuse("active")
        action = obj.get("/S")
        if action is not None and not isinstance(action, IndirectObject):
            if str(action) in BAD_ACTIONS or "/Next" in keys:
                raise _Refuse("active")
        for v in obj.values():
            _check_object(v, depth + 1)
    elif isinstance(obj, ArrayObject):
        for v in obj:
            _check_object(v, depth + 1)


def _all_objects(reader):
    from pypdf.generic import IndirectObject

    refs = [(num, gen) for gen, table in reader.xref.items() for num in table]
    refs += [(num, 0) for num in reader.xref_objStm]
    if len(refs) > PDF_MAX_OBJECTS:
        raise _Refuse("broken")
    for num, gen in refs:
        yield reader.get_object(IndirectObject(num, gen, reader))


PDF_MESSAGES = {
    "broken": _lazy(
        "PDF rusak atau tidak lengkap; tidak dapat dibuka. Simpan ulang dari pemindai lalu unggah lagi."
    ),
    "header": _lazy(
        "Berkas ini tidak diawali kepala PDF yang sah (ada isi lain sebelum atau di tempat kepala PDF). "
        "Simpan ulang sebagai PDF dari pemindai lalu unggah lagi."
    ),
    "polyglot": _lazy(
        "Berkas ini sekaligus berisi jenis berkas lain (misalnya ZIP atau HTML) di dalam PDF. "
        "Unggah hasil pindaian PDF biasa."
    ),
    "bomb": _lazy(
        "PDF ini berisi data terkompresi yang terlalu besar setelah dibuka. Unggah hasil pindaian biasa "
        "dengan resolusi lebih kecil."
    ),
    "active": _lazy(
        "PDF ini berisi skrip, tindakan otomatis, formulir aktif, lampiran atau isi aktif lain. "
        "Unggah hasil pindaian biasa."
    ),
}


def _check_pdf(data: bytes, rule: FileRule) -> int:
    import pypdf
    from pypdf import PdfReader

    try:
        _scan_raw(data)
        cap = 64 * 1024 * 1024
        with (
            warnings.catch_warnings(),
            pypdf.apply_configuration(
                zlib_maximum_output_length=cap,
                lzw_maximum_output_length=cap,
                run_length_maximum_output_length=cap,
                array_based_stream_maximum_output_length=cap,
                maximum_declared_stream_length=len(data) + 1024,
            ),
        ):
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                _refuse(
                    _("PDF ini terkunci (dienkripsi atau berkata sandi). Unggah PDF tanpa kata sandi."),
                    "encrypted",
                )
            n = len(reader.pages)
            if n == 0:
                raise _Refuse("broken")
            if n > rule.max_pages:
                _refuse(
                    _("PDF terlalu banyak halaman (%(n)s). Paling banyak %(max)s halaman.")
                    % {"n": n, "max": rule.max_pages},
                    "pages",
                )
            for obj in _all_objects(reader):
                _check_object(obj)
            for page in reader.pages:  # decode every page: content streams and their resources
                page.mediabox  # noqa: B018 - parses the page box
                contents = page.get_contents()
                if contents is not None:
                    contents.get_data()
                resources = page.get("/Resources")
                if resources is not None:
                    resources.get_object()
    except ValidationError:
        raise
    except _Refuse as r:
        _refuse(str(PDF_MESSAGES[r.code]), r.code)
    except pypdf.errors.LimitReachedError:
        _refuse(str(PDF_MESSAGES["bomb"]), "bomb")
    except (MemoryError, RecursionError):
        _refuse(str(PDF_MESSAGES["bomb"]), "bomb")
    except Exception:  # pypdf raises many kinds on hostile input
        _refuse(str(PDF_MESSAGES["broken"]), "broken")
    return n


def file_check(*, upload, rule: FileRule) -> CheckedFile:
    """Check an uploaded file by content. Raises ValidationError with an Indonesian message."""
    data = _read(upload, rule)
    kind = sniff(data[:1024])
    if kind is None:
        _refuse(
            _("Jenis berkas tidak dikenali dari isinya. Hanya %(types)s yang diterima.")
            % {"types": rule.types_label},
            "type",
        )
    if kind not in rule.types:
        _refuse(
            _("Berkas ini %(kind)s, sedangkan untuk %(label)s hanya %(types)s yang diterima.")
            % {"kind": TYPE_LABELS[kind], "label": rule.label.lower(), "types": rule.types_label},
            "type",
        )
    raw_name = (getattr(upload, "name", "") or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    try:
        name = get_valid_filename(raw_name)[:200] if raw_name else ""
    except Exception:  # SuspiciousFileOperation for names like ".."
        name = ""
    if kind == PDF:
        pages = _check_pdf(data, rule)
        return CheckedFile(kind, data, name, pages=pages, rule=rule.name)
    encoded, w, h = _check_image(data, kind, rule)
    return CheckedFile(kind, encoded, name, width=w, height=h, pages=1, rule=rule.name)


def file_store(*, checked: CheckedFile, uploaded_by) -> StoredFile:
    """Store a checked file under a server-chosen name and record it."""
    today = timezone.localdate()
    name = f"berkas/{today:%Y/%m}/{uuid.uuid4().hex}.{EXTENSIONS[checked.kind]}"
    path = default_storage.save(name, ContentFile(checked.content))
    try:
        with transaction.atomic():
            stored = StoredFile(
                path=path,
                sha256=hashlib.sha256(checked.content).hexdigest(),
                content_type=checked.content_type,
                size=len(checked.content),
                original_name=checked.original_name,
                rule=checked.rule,
                uploaded_by=uploaded_by,
                width=checked.width,
                height=checked.height,
                pages=checked.pages,
            )
            stored.full_clean()
            stored.save()
    except Exception:
        default_storage.delete(path)
        raise
    return stored


def file_check_and_store(*, upload, rule: FileRule, uploaded_by) -> StoredFile:
    """Check by content (decoding fully), re-encode images, store outside the web root.
    Raises ValidationError (Indonesian) and stores nothing when the file is refused."""
    return file_store(checked=file_check(upload=upload, rule=rule), uploaded_by=uploaded_by)


def stored_file_response(stored: StoredFile, *, download_name: str, inline: bool = True) -> FileResponse:
    """Serve a stored file. The caller has checked the viewer's scope (404 when outside)."""
    base = get_valid_filename(download_name.rsplit(".", 1)[0]) or "berkas"
    fh = default_storage.open(stored.path, "rb")
    resp = FileResponse(
        fh,
        content_type=stored.content_type,
        as_attachment=not inline,
        filename=f"{base}.{stored.extension}",
    )
    resp["X-Content-Type-Options"] = "nosniff"
    resp["Cache-Control"] = "private, no-store"
    resp["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    return resp


class CheckedFileField(forms.FileField):
    """A form field that runs the content checks in clean() and returns a CheckedFile, so a
    refusal shows on the form beside the field and the rest of the form keeps its values."""

    def __init__(self, *, rule: FileRule, **kwargs):
        self.rule = rule
        kwargs.setdefault(
            "help_text",
            _("%(types)s, paling besar %(max)s.") % {"types": rule.types_label, "max": rule.size_label},
        )
        super().__init__(**kwargs)
        accept = ",".join(
            {PDF: "application/pdf", JPEG: "image/jpeg", PNG: "image/png"}[t] for t in sorted(rule.types)
        )
        self.widget.attrs.setdefault("accept", accept)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload in (None, False) or not hasattr(upload, "read"):
            return upload
        return file_check(upload=upload, rule=self.rule)


# --- orphans ----------------------------------------------------------------------------------------


def _walk(storage, folder: str):
    dirs, files = storage.listdir(folder)
    for f in files:
        yield f"{folder}/{f}"
    for d in dirs:
        yield from _walk(storage, f"{folder}/{d}")


def orphan_files_sweep(*, older_than, dry_run: bool = False, now=None) -> list[str]:
    """Delete uploaded files that no StoredFile row names (their row was rolled back after the file
    was written: a request that failed after the upload). Only files older than ``older_than`` are
    touched, so an upload whose transaction is still open is left alone. Returns the paths."""
    now = now or timezone.now()
    storage = default_storage
    try:
        candidates = list(_walk(storage, "berkas"))
    except FileNotFoundError:
        return []
    orphans = []
    for i in range(0, len(candidates), 500):
        chunk = candidates[i : i + 500]
        known = set(StoredFile.objects.filter(path__in=chunk).values_list("path", flat=True))
        for path in chunk:
            if path in known:
                continue
            try:
                modified = storage.get_modified_time(path)
            except (FileNotFoundError, NotImplementedError):
                continue
            if now - modified >= older_than:
                orphans.append(path)
    if not dry_run:
        for path in orphans:
            storage.delete(path)
    return orphans
