"""The kop surat (letterhead) and signature block of an institution, as printed on a letter and
snapshotted with it: the institution's contact data (``LetterheadVersion``, newest row) and the
official in office on the letter's date (``accounts.selectors.official_on``)."""

import base64
import hashlib
import io
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Institution, InstitutionKind
from accounts.selectors import official_on

from .models import LetterheadVersion

MINISTRY = "KEMENTERIAN PENDIDIKAN DASAR DAN MENENGAH"

# The capital of each province (Kemendagri code): the place on the dating line of a provincial
# office that has not set its own city.
PROVINCE_CAPITALS = {
    "11": "Banda Aceh", "12": "Medan", "13": "Padang", "14": "Pekanbaru", "15": "Jambi",
    "16": "Palembang", "17": "Bengkulu", "18": "Bandar Lampung", "19": "Pangkalpinang",
    "21": "Tanjungpinang", "31": "Jakarta", "32": "Bandung", "33": "Semarang", "34": "Yogyakarta",
    "35": "Surabaya", "36": "Serang", "51": "Denpasar", "52": "Mataram", "53": "Kupang",
    "61": "Pontianak", "62": "Palangka Raya", "63": "Banjarbaru", "64": "Samarinda",
    "65": "Tanjung Selor", "71": "Manado", "72": "Palu", "73": "Makassar", "74": "Kendari",
    "75": "Gorontalo", "76": "Mamuju", "81": "Ambon", "82": "Sofifi", "91": "Jayapura",
    "92": "Manokwari", "93": "Merauke", "94": "Nabire", "95": "Wamena", "96": "Sorong",
}  # fmt: skip

LOGO_MAX_BYTES = 300 * 1024
LOGO_MAX_SIDE = 240  # pixels kept (printed at about 2 cm)


def default_city(inst: Institution) -> str:
    """Where a letter of ``inst`` is dated when the institution set no city: its kab/kota (without
    "Kota"/"Kabupaten"), the capital of its province, its country abroad, else Jakarta."""
    if inst.regency_id:
        name = inst.regency.name
        for prefix in ("Kota ", "Kabupaten ", "Kab. "):
            if name.startswith(prefix):
                return name[len(prefix) :]
        return name
    if inst.is_abroad or inst.kind == InstitutionKind.ATDIKBUD:
        return _ABROAD_CITY.get(inst.country, inst.country or "Luar Negeri")
    if inst.province_id:
        return PROVINCE_CAPITALS.get(inst.province_id, inst.province.name)
    return "Jakarta"


_ABROAD_CITY = {
    "Malaysia": "Kuala Lumpur",
    "Singapura": "Singapura",
    "Jepang": "Tokyo",
    "Belanda": "Den Haag",
}


def letterhead_current(inst: Institution) -> LetterheadVersion | None:
    if inst.pk is None:
        return None
    return (
        LetterheadVersion.objects.filter(institution=inst)
        .defer("logo")
        .order_by("-created_at", "-pk")
        .first()
    )


def letterhead_history(inst: Institution):
    return LetterheadVersion.objects.filter(institution=inst).defer("logo").order_by("-created_at", "-pk")


def _lines_and_title(inst: Institution) -> tuple[list[str], str]:
    kind = inst.kind
    name = inst.name.upper()
    if kind == InstitutionKind.SEKOLAH:
        if inst.is_abroad:
            lines = ["KEDUTAAN BESAR REPUBLIK INDONESIA", f"DI {inst.country.upper()}", name]
        elif inst.status == "swasta" and inst.yayasan:
            lines = [inst.yayasan.upper(), name]
        elif inst.regency_id and inst.jenjang not in ("SMA", "SMK", "SLB"):
            lines = [f"PEMERINTAH {inst.regency.name.upper()}", "DINAS PENDIDIKAN", name]
        elif inst.province_id:
            lines = [f"PEMERINTAH PROVINSI {inst.province.name.upper()}", "DINAS PENDIDIKAN", name]
        else:
            lines = [name]
        return lines, f"Kepala {inst.name}"
    if kind in (InstitutionKind.DINAS_KAB, InstitutionKind.KECAMATAN) and inst.regency_id:
        return [f"PEMERINTAH {inst.regency.name.upper()}", name], f"Kepala {inst.name}"
    if kind == InstitutionKind.DINAS_PROV and inst.province_id:
        return [f"PEMERINTAH PROVINSI {inst.province.name.upper()}", name], f"Kepala {inst.name}"
    if kind == InstitutionKind.ATDIKBUD:
        country = (inst.country or "LUAR NEGERI").upper()
        return ["KEDUTAAN BESAR REPUBLIK INDONESIA", f"DI {country}", name], "Atase Pendidikan dan Kebudayaan"
    return [MINISTRY, "REPUBLIK INDONESIA", name], f"Kepala {inst.name}"


def letterhead_for(inst: Institution, *, on=None) -> dict:
    """The kop surat and signature block of ``inst`` for a letter dated ``on`` (default today),
    as printed and snapshotted with the letter: the newest contact data and the official in office
    on that date (no official recorded: the name and NIP lines stay blank, to fill in by hand)."""
    on = on or timezone.localdate()
    lines, head_title = _lines_and_title(inst)
    version = letterhead_current(inst)
    address = (version.address if version else "") or inst.address
    phone = (version.phone if version else "") or inst.phone
    email = (version.email if version else "") or inst.email
    website = version.website if version else ""
    if not address:
        address = ", ".join(x.name for x in (inst.district, inst.regency, inst.province) if x is not None)
    if inst.npsn:
        address = f"{address} · NPSN {inst.npsn}" if address else f"NPSN {inst.npsn}"
    contact = " · ".join(
        x for x in (f"Telepon {phone}" if phone else "", f"Pos-el {email}" if email else "", website) if x
    )
    official = official_on(institution=inst, on=on) if inst.pk else None
    if official is not None:
        head = {
            "head_title": official.title or head_title,
            "head_name": official.name,
            "head_nip": official.nip,
            "head_rank": official.rank,
            "official_id": official.pk,
        }
    elif inst.pk is None and inst.head_name:  # an unsaved sample institution (gallery, tests)
        head = {
            "head_title": head_title,
            "head_name": inst.head_name,
            "head_nip": inst.head_nip,
            "head_rank": getattr(inst, "_sample_rank", ""),
            "official_id": None,
        }
    else:
        head = {
            "head_title": head_title,
            "head_name": "",
            "head_nip": "",
            "head_rank": "",
            "official_id": None,
        }
    return {
        "institution_name": inst.name,
        "lines": lines,
        "address": address,
        "contact": contact,
        "city": (version.city if version else "") or default_city(inst),
        "logo_id": version.pk if version is not None and version.logo_sha256 else None,
        "dated_on": on.isoformat(),
        **head,
    }


@lru_cache(maxsize=256)
def logo_data_uri(version_id: int) -> str:
    """A logo as a data URI (the row never changes: a new logo is a new row)."""
    logo = LetterheadVersion.objects.filter(pk=version_id).values_list("logo", flat=True).first()
    if not logo:
        return ""
    return "data:image/png;base64," + base64.b64encode(bytes(logo)).decode("ascii")


def logo_png_from_upload(upload) -> bytes:
    """Check an uploaded logo with Pillow (a PNG or JPEG that decodes fully, not too large) and
    return it re-encoded as a small PNG (metadata dropped). Raises ValidationError in Indonesian."""
    from PIL import Image, UnidentifiedImageError

    if upload.size > LOGO_MAX_BYTES:
        raise ValidationError(_("Logo maksimal %(kb)s KB.") % {"kb": LOGO_MAX_BYTES // 1024})
    raw = upload.read(LOGO_MAX_BYTES + 1)
    try:
        with Image.open(io.BytesIO(raw)) as probe:
            if probe.format not in ("PNG", "JPEG"):
                raise ValidationError(_("Logo harus berupa berkas PNG atau JPG."))
            if probe.width * probe.height > 4_000_000:
                raise ValidationError(_("Logo terlalu besar (maksimal 4 juta piksel)."))
            probe.verify()
        with Image.open(io.BytesIO(raw)) as img:
            img.load()
            img = img.convert("RGBA")
            img.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE))
            out = io.BytesIO()
            img.save(out, format="PNG", optimize=True)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("Logo tidak dapat dibaca sebagai gambar PNG atau JPG.")) from None
    return out.getvalue()


@transaction.atomic
def letterhead_update(
    *,
    institution: Institution,
    actor,
    role: str = "",
    address: str,
    city: str,
    phone: str,
    email: str,
    website: str,
    logo_png: bytes | None = None,
    remove_logo: bool = False,
) -> LetterheadVersion:
    """Record a new version of an institution's letterhead data (the old rows stay: history). The
    logo is kept from the previous version unless replaced or removed. Address, phone and e-mail
    are also copied to the institution (shown elsewhere)."""
    previous = (
        LetterheadVersion.objects.select_for_update()
        .filter(institution=institution)
        .order_by("-created_at", "-pk")
        .first()
    )
    logo = logo_png
    if logo is None and not remove_logo and previous is not None and previous.logo_sha256:
        logo = bytes(LetterheadVersion.objects.values_list("logo", flat=True).get(pk=previous.pk))
    version = LetterheadVersion(
        institution=institution,
        address=address.strip(),
        city=city.strip(),
        phone=phone.strip(),
        email=email.strip(),
        website=website.strip(),
        logo=logo,
        logo_sha256=hashlib.sha256(logo).hexdigest() if logo else "",
        created_by=actor,
        created_role=str(role or "")[:255],
    )
    version.full_clean()
    version.save()
    institution.address, institution.phone, institution.email = version.address, version.phone, version.email
    institution.full_clean(validate_unique=False, validate_constraints=False)
    institution.save(update_fields=["address", "phone", "email"])
    return version
