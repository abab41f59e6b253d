from django import forms
from django.utils.translation import gettext_lazy as _

from .models import EntryStatus, ExportLevel


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas Dapodik (CSV atau XLSX)"),
        help_text=_("Ekspor PTK dari Dapodik; judul kolom pada baris pertama. Lihat panduan format."),
    )
    npsn = forms.CharField(
        label=_("Hanya sekolah dengan NPSN (opsional)"),
        required=False,
        max_length=8,
        help_text=_("Kosongkan untuk mengimpor semua sekolah di wilayah Anda yang ada di berkas."),
    )


class EntryFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Tampilkan"), required=False, choices=[("", _("Semua baris"))] + list(EntryStatus.choices)
    )


class ExportForm(forms.Form):
    level = forms.ChoiceField(label=_("Cakupan"), choices=ExportLevel.choices, widget=forms.RadioSelect)
    npsn = forms.CharField(label=_("NPSN sekolah"), required=False, max_length=8)
    regency = forms.ChoiceField(label=_("Kabupaten/kota"), required=False)
    province = forms.ChoiceField(label=_("Provinsi"), required=False)
    fmt = forms.ChoiceField(label=_("Format"), choices=[("csv", "CSV"), ("xlsx", "XLSX")], initial="csv")

    def __init__(self, *args, targets=None, **kwargs):
        super().__init__(*args, **kwargs)
        t = targets or {}
        self.fields["regency"].choices = [("", "-")] + [(r.pk, r.name) for r in t.get("regencies", [])]
        self.fields["province"].choices = [("", "-")] + [(p.pk, p.name) for p in t.get("provinces", [])]

    def target(self) -> str:
        d = self.cleaned_data
        return {
            "sekolah": d.get("npsn", "").strip(),
            "kabkota": d.get("regency"),
            "provinsi": d.get("province"),
        }.get(d["level"], "") or ""


class ApiClientForm(forms.Form):
    name = forms.CharField(
        label=_("Nama sistem"),
        max_length=100,
        help_text=_("Contoh: SIMPEG Kabupaten, aplikasi tunjangan. Kunci hanya ditampilkan sekali."),
    )
