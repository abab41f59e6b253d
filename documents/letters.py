"""Letters: a registry of letter types, numbering from each institution's yearly sequence, a
snapshot of everything printed, and WeasyPrint rendering with a QR code to the public
verification page.

Other apps print through ``letter_issue``. Each app registers the letter types it prints from its
AppConfig.ready() (documents: S01 in ``documents.letter_types``; ptk: ``ptk.letters``; nuptk:
``nuptk.letters``); documents never imports them.
"""

import base64
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from accounts import policy
from accounts.models import Institution, InstitutionKind

from .letterhead import MINISTRY, letterhead_for, logo_data_uri  # noqa: F401 (re-exported)
from .models import Letter, LetterSequence
from .rendering import QR_MODULE_PT, html_to_document, html_to_pdf, qr_png

ALL_KINDS = policy.ALL_KINDS


@dataclass(frozen=True)
class LetterType:
    code: str
    title: str
    issuer_kinds: frozenset
    template: str
    confidential: bool = False
    sample: Callable[[], dict] | None = None
    form: bool = False  # an A-form: also printable blank, to fill in by hand
    subject_type: str = "ptk"
    description: str = ""
    # Dotted paths into ``data`` whose values must appear verbatim in the PDF text (tests).
    key_fields: tuple[str, ...] = field(default=())


class IssuedLetter:
    """A letter just issued (or found to reprint) and its PDF, rendered on first use of ``pdf``.

    Most letters are issued by a step that only records them (a review decision, an entry form);
    they are printed later from the snapshot (``letter_pdf``), so rendering here would be WeasyPrint
    work thrown away inside the user's request. ``secret`` lives only in this object: a letter
    that carries one (an activation code) prints it only if the caller reads ``pdf`` now."""

    __slots__ = ("letter", "_secret", "_pdf")

    def __init__(self, letter: Letter, *, secret: dict | None = None):
        self.letter = letter
        self._secret = secret
        self._pdf: bytes | None = None

    @property
    def pdf(self) -> bytes:
        """The original if the letter was never printed, else a reprint (``_print``)."""
        if self._pdf is None:
            self._pdf = _print(self.letter, secret=self._secret)
        return self._pdf


_registry: dict[str, LetterType] = {}


def register_letter_type(lt: LetterType) -> None:
    _registry[lt.code] = lt


def letter_type(code: str) -> LetterType:
    try:
        return _registry[code]
    except KeyError:
        raise LookupError(f"unknown letter type {code!r}") from None


def letter_types() -> list[LetterType]:
    def order(lt):
        prefix = "".join(ch for ch in lt.code if ch.isalpha())
        num = int("".join(ch for ch in lt.code if ch.isdigit()) or 0)
        return ({"A": 0, "S": 1, "SM": 2}.get(prefix, 3), num)

    return sorted(_registry.values(), key=order)


# --- letterhead (documents.letterhead) ------------------------------------------------------------

_ABBR = {
    InstitutionKind.PDSPK: "PDSPK",
    InstitutionKind.LPMP: "BPMP",
    InstitutionKind.BPPAUD: "BPPAUD",
    InstitutionKind.BPKLN: "BPKLN",
    InstitutionKind.DINAS_PROV: "DISDIK",
    InstitutionKind.DINAS_KAB: "DISDIK",
    InstitutionKind.ATDIKBUD: "ATDIKBUD",
    InstitutionKind.KECAMATAN: "UPTD",
}


def institution_code(inst: Institution) -> str:
    if inst.npsn:
        return inst.npsn
    abbr = _ABBR.get(inst.kind, "LBG")
    if inst.kind == InstitutionKind.LPMP and "LPMP" in inst.name.upper():
        abbr = "LPMP"  # an office still named LPMP numbers as LPMP (BPMP since 2022)
    region = (inst.district_id or inst.regency_id or inst.province_id or "").replace(".", "")
    return f"{abbr}.{region}" if region else f"{abbr}.{inst.pk}"


# --- verification tokens ------------------------------------------------------------------------

TOKEN_BODY = 16
TOKEN_CHECK = 6
_B32 = "abcdefghijklmnopqrstuvwxyz234567"


def _check(body: str) -> str:
    digest = salted_hmac("documents.letter-token", body).digest()
    return base64.b32encode(digest).decode("ascii").lower()[:TOKEN_CHECK]


def new_token() -> str:
    body = "".join(secrets.choice(_B32) for _i in range(TOKEN_BODY))
    return body + _check(body)


def token_is_well_formed(token: str) -> bool:
    """True when the token carries a valid check part: it was made by this server (it may still
    be unknown, e.g. from another installation). False means forged or mistyped."""
    token = (token or "").strip().lower()
    if len(token) != TOKEN_BODY + TOKEN_CHECK or any(ch not in _B32 for ch in token):
        return False
    return constant_time_compare(_check(token[:TOKEN_BODY]), token[TOKEN_BODY:])


SHORT_PREFIX = "/v/"


DEV_BASE_URL = "http://127.0.0.1:8000"


def public_base_url() -> str:
    """PUBLIC_BASE_URL; in development without it, the address the current request was served on
    (documents.middleware), else the development server's default address."""
    from .middleware import served_base_url

    return (settings.PUBLIC_BASE_URL or served_base_url.get() or DEV_BASE_URL).rstrip("/")


def verify_url(token: str) -> str:
    """The short public URL printed under the QR code: PUBLIC_BASE_URL/v/<token>/ (mounted at the
    site root from documents.urls.public_urlpatterns; also served as documents:verify)."""
    return f"{public_base_url()}{SHORT_PREFIX}{token}/"


# --- issuing ------------------------------------------------------------------------------------


def _snapshot(data: dict) -> dict:
    return json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))


def _sequence_next(*, institution: Institution, year: int) -> int:
    """The next number of the institution's yearly sequence. The row lock serialises concurrent
    issuers; the number is consumed only when the surrounding transaction commits (gap-free)."""
    seq = LetterSequence.objects.select_for_update().filter(institution=institution, year=year).first()
    if seq is None:
        try:
            with transaction.atomic():
                LetterSequence.objects.create(institution=institution, year=year, last=0)
        except IntegrityError:
            pass  # another issuer created it first
        seq = LetterSequence.objects.select_for_update().get(institution=institution, year=year)
    seq.last += 1
    seq.save(update_fields=["last"])
    return seq.last


@transaction.atomic
def letter_create(
    *,
    code: str,
    issuer,
    issuer_role: str,
    institution: Institution,
    subject_type: str,
    subject_id,
    subject_name: str,
    data: dict,
    subject_user=None,
    school: Institution | None = None,
    dinas: Institution | None = None,
    qa_office: Institution | None = None,
) -> Letter:
    """Number and record a letter (no rendering). The sequence row is locked only for this
    short transaction, so rendering never holds the lock. A letter about one school copies its scope
    keys from ``school``; a letter about several schools (a Dinas's pengantar for a batch of requests)
    passes no school and names the ``dinas`` and ``qa_office`` that see it."""
    lt = letter_type(code)
    if institution.kind not in lt.issuer_kinds:
        raise ValidationError(
            _("%(inst)s tidak berwenang menerbitkan surat %(code)s.") % {"inst": institution, "code": code}
        )
    if not subject_name:
        raise ValidationError(_("Nama subjek surat wajib diisi."))
    now = timezone.now()
    year = timezone.localtime(now).year
    seq = _sequence_next(institution=institution, year=year)
    letter = Letter(
        code=lt.code,
        title=lt.title,
        number=f"{seq:05d}/{lt.code}/{institution_code(institution)}/{year}",
        year=year,
        seq=seq,
        institution=institution,
        issuer=issuer,
        issuer_name=getattr(issuer, "display_name", "") if issuer else "",
        issuer_role=issuer_role or "",
        subject_type=subject_type,
        subject_id=str(subject_id or ""),
        subject_name=subject_name[:200],
        subject_user=subject_user,
        school=school,
        dinas_id=school.dinas_id if school else (dinas.pk if dinas else None),
        qa_office_id=school.qa_office_id if school else (qa_office.pk if qa_office else None),
        confidential=lt.confidential,
        data=_snapshot(data),
        letterhead=letterhead_for(institution, on=timezone.localtime(now).date()),
        token=new_token(),
        issued_at=now,
    )
    letter.full_clean(validate_unique=False, validate_constraints=False)
    letter.save()
    return letter


def letter_issue(
    *,
    code: str,
    issuer,
    issuer_role: str,
    institution: Institution,
    subject_type: str,
    subject_id,
    subject_name: str,
    data: dict,
    subject_user=None,
    school: Institution | None = None,
    secret: dict | None = None,
    dinas: Institution | None = None,
    qa_office: Institution | None = None,
) -> IssuedLetter:
    """Issue a letter: number it and store its snapshot (never ``secret``). Its PDF is rendered when
    the caller reads ``.pdf``; ``secret`` (e.g. ``{"activation_code": ...}``) is printed only there."""
    letter = letter_create(
        code=code,
        issuer=issuer,
        issuer_role=issuer_role,
        institution=institution,
        subject_type=subject_type,
        subject_id=subject_id,
        subject_name=subject_name,
        data=data,
        subject_user=subject_user,
        school=school,
        dinas=dinas,
        qa_office=qa_office,
    )
    return IssuedLetter(letter, secret=secret)


def letter_reprint_or_issue(*, code: str, institution: Institution, subject_type: str, subject_id, data: dict,
                            **kwargs) -> IssuedLetter:  # fmt: skip
    """Print a form again: when the same institution already issued this code about this subject
    with the same data, reprint that letter (same number, marked "cetak ulang"); otherwise issue a
    new one (the data changed, so it is a new form)."""
    snap = _snapshot(data)
    last = (
        Letter.objects.filter(
            code=code, institution=institution, subject_type=subject_type, subject_id=str(subject_id or ""),
            voided_at__isnull=True,
        )
        .order_by("-issued_at", "-pk")
        .first()
    )  # fmt: skip
    if last is not None and last.data == snap:
        return IssuedLetter(last)  # its pdf is a reprint once the letter has been printed (_print)
    return letter_issue(
        code=code,
        institution=institution,
        subject_type=subject_type,
        subject_id=subject_id,
        data=data,
        **kwargs,
    )


def letter_pdf(letter: Letter) -> bytes:
    """The letter from its snapshot: the original the first time it is printed, then a reprint
    marked "cetak ulang <date>" (``_print``)."""
    return _print(letter)


def _print(letter: Letter, *, secret=None, render=None):
    """Print ``letter``: its original if it was never printed, else a reprint marked "cetak ulang".
    ``render(reprint=...)`` lays it out (default: PDF bytes with ``secret``; a batch passes its own).

    - A confidential letter's original carries its secret (an activation code), which exists only
      in the request that issues it: without it the letter can only be reprinted, and the reprint
      says the code is not printed again.
    - Two first prints at once: a guarded UPDATE gives the original to one, the other reprints.
    - The claim follows the rendering, so a print that fails leaves the original still to print."""
    render = render or (lambda reprint: render_letter(letter, secret=secret, reprint=reprint))
    if letter.printed_at is None and (secret or not letter.confidential):
        out = render(reprint=False)
        now = timezone.now()
        if Letter.objects.filter(pk=letter.pk, printed_at__isnull=True).update(printed_at=now):
            letter.printed_at = now
            return out
    return render(reprint=True)


# --- rendering ----------------------------------------------------------------------------------


def letter_html(letter: Letter, *, secret=None, reprint=False, preview=False, blank=False) -> str:
    from django.template.loader import render_to_string

    lt = letter_type(letter.code)
    token_url = verify_url(letter.token) if not blank else ""
    qr, qr_modules = qr_png(token_url) if token_url else ("", 0)
    ctx = {
        "letter": letter,
        "lt": lt,
        "lh": letter.letterhead,
        "data": letter.data,
        "ptk": letter.data.get("ptk", {}),
        "req": letter.data.get("request", {}),
        "account": letter.data.get("account", {}),
        "secret": secret or {},
        "reprint": reprint,
        "printed_at": timezone.now(),
        "preview": preview,
        "blank": blank,
        "verify_url": token_url,
        "qr": qr,
        "qr_size": f"{qr_modules * QR_MODULE_PT:.1f}pt",
        "logo": logo_data_uri(letter.letterhead["logo_id"]) if letter.letterhead.get("logo_id") else "",
    }
    from django.utils import translation

    with translation.override("id"):  # official letters are in Bahasa Indonesia whatever the UI language
        return render_to_string(lt.template, ctx)


def render_letter(letter: Letter, *, secret=None, reprint=False, preview=False, blank=False) -> bytes:
    return html_to_pdf(letter_html(letter, secret=secret, reprint=reprint, preview=preview, blank=blank))


def render_letter_document(letter: Letter, *, secret=None, reprint=False):
    """The laid-out document, for batch prints that combine many letters into one PDF."""
    return html_to_document(letter_html(letter, secret=secret, reprint=reprint))


def print_letter_document(letter: Letter):
    """A letter for a batch print (laid out, not yet written), by the rule of ``letter_pdf``."""
    return _print(letter, render=lambda reprint: render_letter_document(letter, reprint=reprint))


# --- samples (gallery, tests, benchmark) --------------------------------------------------------


def sample_institution(kind: str) -> Institution:
    """An unsaved institution with a full letterhead, for previews."""
    from accounts.models import District, Province, Regency

    prov = Province(code="34", name="DI Yogyakarta")
    reg = Regency(code="34.71", name="Kota Yogyakarta", province=prov)
    dist = District(code="34.71.01", name="Mantrijeron", regency=reg)
    common = {
        "address": "Jl. Hayam Wuruk No. 11, Yogyakarta 55212",
        "phone": "(0274) 512956",
        "email": "info@contoh.go.id",
        "head_name": "Dr. Sri Wahyuni, M.Pd.",
        "head_nip": "197003121995122001",
        "province": prov,
    }
    names = {
        InstitutionKind.PDSPK: "Pusat Data dan Teknologi Informasi",
        InstitutionKind.LPMP: "Balai Penjaminan Mutu Pendidikan DI Yogyakarta",
        InstitutionKind.BPPAUD: "BP-PAUD dan Dikmas DI Yogyakarta",
        InstitutionKind.BPKLN: "Biro Perencanaan dan Kerja Sama Luar Negeri",
        InstitutionKind.DINAS_PROV: "Dinas Pendidikan, Pemuda dan Olahraga DIY",
        InstitutionKind.DINAS_KAB: "Dinas Pendidikan Kota Yogyakarta",
        InstitutionKind.ATDIKBUD: "Atase Pendidikan dan Kebudayaan KBRI Kuala Lumpur",
        InstitutionKind.KECAMATAN: "UPTD Pendidikan Kecamatan Mantrijeron",
        InstitutionKind.SEKOLAH: "SD Negeri Jetis 1 Yogyakarta",
    }
    inst = Institution(kind=kind, name=names.get(kind, "Lembaga Contoh"), **common)
    inst._sample_rank = "Pembina Utama Muda (IV/c)"
    if kind in (InstitutionKind.DINAS_KAB, InstitutionKind.KECAMATAN, InstitutionKind.SEKOLAH):
        inst.regency = reg
    if kind in (InstitutionKind.KECAMATAN, InstitutionKind.SEKOLAH):
        inst.district = dist
    if kind == InstitutionKind.SEKOLAH:
        inst.npsn, inst.jenjang, inst.status = "20403101", "SD", "negeri"
    if kind == InstitutionKind.ATDIKBUD:
        inst.country = "Malaysia"
        inst.province = None
    return inst


def blank_letterhead() -> dict:
    """The kop of a blank form printed without an institution: nothing of another school (no name,
    NPSN or address), only lines to fill in."""
    dots = "." * 48
    return {
        "institution_name": "",
        "lines": ["KOP SEKOLAH / LEMBAGA", dots],
        "address": "Alamat: " + dots,
        "contact": "",
        "city": "." * 20,
        "logo_id": None,
        "head_title": "Kepala Sekolah",
        "head_name": "",
        "head_nip": "",
        "head_rank": "",
        "official_id": None,
    }


def sample_issuer_kind(lt: LetterType) -> str:
    for kind in (
        InstitutionKind.SEKOLAH,
        InstitutionKind.DINAS_KAB,
        InstitutionKind.LPMP,
        InstitutionKind.PDSPK,
    ):
        if kind in lt.issuer_kinds:
            return kind
    return next(iter(lt.issuer_kinds))


def letter_preview(code: str, *, blank: bool = False) -> tuple[Letter, dict]:
    """An unsaved letter filled with the type's sample data, and its secret."""
    lt = letter_type(code)
    sample = lt.sample() if lt.sample else {}
    inst = sample_institution(sample_issuer_kind(lt))
    now = timezone.now()
    data = {} if blank else _snapshot(sample.get("data", {}))
    letter = Letter(
        code=lt.code,
        title=lt.title,
        number=f"00123/{lt.code}/{institution_code(inst) if inst.npsn else 'CONTOH'}/{now.year}",
        year=now.year,
        seq=123,
        institution=inst,
        subject_type=lt.subject_type,
        subject_name="" if blank else sample.get("subject_name", ""),
        confidential=lt.confidential,
        data=data,
        letterhead=blank_letterhead() if blank else letterhead_for(inst),
        token=new_token(),
        issued_at=now,
    )
    return letter, ({} if blank else sample.get("secret", {}))


def letter_preview_pdf(code: str, *, blank: bool = False) -> bytes:
    letter, secret = letter_preview(code, blank=blank)
    return render_letter(letter, secret=secret, preview=True, blank=blank)
