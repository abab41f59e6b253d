"""Forms of the paper layer: an institution's letterhead data and its officials."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from .letterhead import LOGO_MAX_BYTES, logo_png_from_upload


def nip_problem(nip: str) -> str:
    """Why an NIP is not a civil servant number (Perka BKN 43/2007), or "" when its format holds:
    18 digits = birth date YYYYMMDD + first appointment YYYYMM (PPPK: year + "21") + sex 1/2 +
    a 3-digit sequence."""
    if len(nip) != 18 or not nip.isdigit():
        return str(_("NIP terdiri atas 18 angka."))
    try:
        born = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        return str(_("8 angka pertama NIP harus tanggal lahir (TTTTBBHH)."))
    year, month = int(nip[8:12]), int(nip[12:14])
    if not (1 <= month <= 12 or month == 21) or year < born.year + 15:
        return str(_("Angka ke-9 s.d. 14 NIP harus tahun dan bulan pengangkatan (TTTTBB)."))
    if nip[14] not in "12":
        return str(_("Angka ke-15 NIP harus 1 (laki-laki) atau 2 (perempuan)."))
    if nip[15:] == "000":
        return str(_("Nomor urut NIP tidak boleh 000."))
    return ""


class LetterheadForm(forms.Form):
    address = forms.CharField(
        label=_("Alamat"), max_length=255, help_text=_("Jalan, nomor, kelurahan/kecamatan, kode pos.")
    )
    city = forms.CharField(
        label=_("Kota tempat surat"),
        max_length=80,
        help_text=_('Tercetak pada baris tanggal surat, mis. "Yogyakarta, 7 Desember 2026".'),
    )
    phone = forms.CharField(label=_("Telepon"), max_length=30, required=False)
    email = forms.EmailField(label=_("Pos-el (email)"), required=False)
    website = forms.CharField(label=_("Situs web"), max_length=120, required=False)
    logo = forms.FileField(
        label=_("Logo lembaga (opsional)"),
        required=False,
        help_text=lazy(  # translated when shown, in the reader's language
            lambda: (
                _("PNG atau JPG, maksimal %(kb)s KB. Tanpa logo, kop memakai lambang umum Padamu.")
                % {"kb": LOGO_MAX_BYTES // 1024}
            ),
            str,
        )(),
    )
    remove_logo = forms.BooleanField(label=_("Hapus logo"), required=False)

    def clean_logo(self):
        """The checked logo as PNG bytes (None when no file was sent)."""
        upload = self.cleaned_data.get("logo")
        return logo_png_from_upload(upload) if upload else None

    def clean_website(self):
        v = self.cleaned_data["website"].strip()
        if v and (" " in v or "." not in v):
            raise ValidationError(_("Tulis alamat situs web, mis. disdik.jogjakota.go.id."))
        return v.removeprefix("https://").removeprefix("http://").rstrip("/")


class OfficialForm(forms.Form):
    name = forms.CharField(
        label=_("Nama lengkap dengan gelar"), max_length=150, help_text=_("Mis. Drs. Budi Santosa, M.Pd.")
    )
    nip = forms.CharField(
        label=_("NIP"), max_length=22, required=False, help_text=_("18 angka; kosongkan bila bukan ASN.")
    )
    rank = forms.CharField(
        label=_("Pangkat/golongan"),
        max_length=80,
        required=False,
        help_text=_("Mis. Pembina Utama Muda (IV/c); kosongkan bila bukan ASN."),
    )
    title = forms.CharField(
        label=_("Sebutan jabatan"),
        max_length=200,
        required=False,
        help_text=_('Kosongkan untuk sebutan baku; isi mis. "Plt. Kepala Dinas Pendidikan".'),
    )
    start = forms.DateField(
        label=_("Mulai menjabat"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean_nip(self):
        nip = self.cleaned_data["nip"].replace(" ", "").strip()
        if nip and (problem := nip_problem(nip)):
            raise ValidationError(problem)
        return nip

    def clean(self):
        data = super().clean()
        if data.get("rank") and not data.get("nip"):
            self.add_error("nip", _("Pangkat/golongan hanya untuk ASN: isi juga NIP-nya."))
        return data


class TermEndForm(forms.Form):
    official = forms.IntegerField(widget=forms.HiddenInput)
    end = forms.DateField(
        label=_("Akhir jabatan"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
