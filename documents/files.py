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
import threading
import uuid
import warnings
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


RULES: dict[str, FileRule] = {
    "photo": FileRule("Pas foto", frozenset({JPEG, PNG}), 200 * 1024, max_pixels=12_000_000, name="photo"),
    "scan_pdf": FileRule("Pindaian dokumen (PDF)", frozenset({PDF}), 5 * 1024 * 1024, name="scan_pdf"),
    "scan_image": FileRule(
        "Pindaian dokumen (gambar)", frozenset({JPEG, PNG}), 2 * 1024 * 1024, name="scan_image"
    ),
    "scan_any": FileRule("Pindaian dokumen", frozenset({PDF, JPEG, PNG}), 5 * 1024 * 1024, name="scan_any"),
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
    if head.startswith(b"%PDF-") or (b"%PDF-" in head[:1024] and head.lstrip()[:5] == b"%PDF-"):
        return PDF
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


# Long markers only: a short one like "/JS" turns up by chance inside compressed image data.
_PDF_ACTIVE = (b"/JavaScript", b"/Launch", b"/EmbeddedFile", b"/RichMedia")
_ACTIONS = ("/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/RichMediaExecute")


def _has_active_content(reader) -> bool:
    """Scripts, launch actions, embedded files or XFA, also inside compressed object streams."""
    root = reader.trailer["/Root"].get_object()

    def is_action(obj) -> bool:
        obj = obj.get_object() if obj is not None else None
        return hasattr(obj, "get") and (obj.get("/S") in _ACTIONS or "/JS" in obj)

    if "/AA" in root or is_action(root.get("/OpenAction")):
        return True
    names = root.get("/Names")
    if names is not None and any(k in names.get_object() for k in ("/JavaScript", "/EmbeddedFiles")):
        return True
    acro = root.get("/AcroForm")
    if acro is not None and "/XFA" in acro.get_object():
        return True
    for page in reader.pages:
        if "/AA" in page:
            return True
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if is_action(annot.get("/A")) or "/AA" in annot:
                return True
    return False


def _check_pdf(data: bytes, rule: FileRule) -> int:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    broken = _(
        "PDF rusak atau tidak lengkap; tidak dapat dibuka. Simpan ulang dari pemindai lalu unggah lagi."
    )
    if b"%%EOF" not in data[-2048:]:
        _refuse(broken, "broken")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                _refuse(
                    _("PDF ini terkunci (dienkripsi atau berkata sandi). Unggah PDF tanpa kata sandi."),
                    "encrypted",
                )
            n = len(reader.pages)
            if n == 0:
                _refuse(broken, "broken")
            if n > rule.max_pages:
                _refuse(
                    _("PDF terlalu banyak halaman (%(n)s). Paling banyak %(max)s halaman.")
                    % {"n": n, "max": rule.max_pages},
                    "pages",
                )
            for page in reader.pages:  # decode every page: content streams and their resources
                page.mediabox  # noqa: B018 - parses the page box
                contents = page.get_contents()
                if contents is not None:
                    contents.get_data()
                resources = page.get("/Resources")
                if resources is not None:
                    resources.get_object()
            active = _has_active_content(reader)
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError):
        _refuse(broken, "broken")
    except Exception:  # pypdf raises many kinds on hostile input
        _refuse(broken, "broken")
    if active or any(marker in data for marker in _PDF_ACTIVE):
        _refuse(
            _("PDF ini berisi skrip, lampiran atau isi aktif. Unggah hasil pindaian biasa."),
            "active",
        )
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
