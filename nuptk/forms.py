"""Forms of the request pages: shape validation only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import kinds
from .models import RejectReason, State
from .requirements import DOC_KINDS, parse_school_year


def _any_kind():
    return [("", _("semua")), *kinds.choices()]


WAIT_CHOICES = [
    ("", _("semua")),
    ("30", _("lebih dari 30 menit")),
    ("240", _("lebih dari 4 jam")),
    ("1440", _("lebih dari 1 hari")),
    ("10080", _("lebih dari 7 hari")),
]


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari (nama, NIK, NUPTK, PegID)"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Jenis"), required=False, choices=_any_kind)
    npsn = forms.CharField(label=_("NPSN sekolah"), required=False, max_length=8)
    # Rendered by a plain loop in the template (hundreds of options; widget rendering is slow).
    district = forms.CharField(label=_("Kecamatan"), required=False, max_length=8)
    regency = forms.CharField(label=_("Kab/kota"), required=False, max_length=5)
    older_than = forms.ChoiceField(label=_("Lama menunggu"), required=False, choices=WAIT_CHOICES)


class ListFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari (nama, NIK, NUPTK, PegID)"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Jenis"), required=False, choices=_any_kind)
    state = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("semua")), *State.choices])


class StartForm(forms.Form):
    ptk = forms.IntegerField(label=_("PTK"), widget=forms.Select)
    kind = forms.ChoiceField(label=_("Jenis ajuan"), choices=kinds.choices)

    def __init__(self, *args, ptks=(), startable=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ptk"].widget.choices = [("", _("— pilih PTK —")), *ptks]
        if startable is not None:  # only the kinds the role may start
            self.fields["kind"].choices = [(k.code, k.label) for k in startable]


class AttachForm(forms.Form):
    """One paper for one requirement: a berkas of the PTK or a new upload, with its metadata."""

    doc_kind = forms.ChoiceField(label=_("Jenis dokumen"))
    upload = forms.FileField(label=_("Unggah berkas"), required=False)
    ptk_document = forms.IntegerField(label=_("atau dari berkas PTK"), required=False, widget=forms.Select)
    number = forms.CharField(label=_("Nomor"), required=False, max_length=100)
    issued_on = forms.DateField(
        label=_("Tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_from = forms.DateField(
        label=_("Berlaku mulai"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_to = forms.DateField(
        label=_("Berlaku sampai"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Kosongkan bila SK berlaku tanpa batas sampai ada SK baru."),
    )
    issuer = forms.CharField(label=_("Yayasan penerbit"), required=False, max_length=150)
    names_school = forms.TypedChoiceField(
        label=_("SK menyebut nama PTK dan sekolahnya?"),
        required=False,
        choices=[("", _("— belum dinyatakan —")), ("1", _("Ya, menyebut sekolah ini")), ("0", _("Tidak"))],
        coerce=lambda v: v == "1",
        empty_value=None,
    )
    budget_year = forms.IntegerField(
        label=_("Tahun anggaran"),
        required=False,
        min_value=1950,
        max_value=2100,
        help_text=_("SK satu tahun anggaran"),
    )
    school_year = forms.CharField(
        label=_("Tahun pelajaran"), required=False, max_length=9, help_text=_("Contoh: 2017/2018")
    )

    def __init__(self, *args, requirement=None, berkas=(), **kwargs):
        super().__init__(*args, **kwargs)
        accepts = requirement.accepts if requirement else tuple(DOC_KINDS)
        self.fields["doc_kind"].choices = [(k, DOC_KINDS[k].label) for k in accepts]
        self.fields["ptk_document"].widget.choices = [("", _("— pilih berkas —")), *berkas]
        if requirement is not None:
            self.prefix = f"r-{requirement.code}"

    def clean_school_year(self):
        raw = self.cleaned_data.get("school_year", "")
        if not raw:
            return None
        y = parse_school_year(raw)
        if y is None:
            raise forms.ValidationError(_("Tulis tahun pelajaran seperti 2017/2018."))
        return y

    def clean(self):
        d = super().clean()
        if not d.get("ptk_document") and not d.get("upload") and "upload" not in self.errors:
            self.add_error("upload", _("Pilih berkas PTK atau unggah berkas."))
        return d

    def touched(self) -> bool:
        """Whether the user filled in anything for this requirement (the kind select aside): an
        untouched requirement of the documents step is left as it is."""
        if not self.is_bound:
            return False
        if self.add_prefix("upload") in self.files:
            return True
        return any(
            self.data.get(self.add_prefix(n), "").strip()
            for n in self.fields
            if n not in ("doc_kind", "upload")
        )


class ChecklistMixin:
    """The reviewer's checklist as fields of a decision form: one checkbox per item."""

    testid = "review-item"

    def add_checklist(self, checks):
        self.items = list(checks)
        for item in self.items:
            self.fields[f"cek_{item.code}"] = forms.BooleanField(
                label=item.label,
                required=False,
                widget=forms.CheckboxInput(attrs={"data-testid": f"{self.testid}-{item.code}"}),
            )

    def checklist(self) -> dict:
        data = getattr(self, "cleaned_data", {})
        return {i.code: bool(data.get(f"cek_{i.code}")) for i in self.items}

    def checklist_fields(self):
        return [self[f"cek_{i.code}"] for i in self.items]


class RejectForm(ChecklistMixin, forms.Form):
    """The rejection: reason, the faulty paper, the note, and the checklist items found in order."""

    testid = "reject-item"

    reason = forms.ChoiceField(
        label=_("Alasan"), choices=[("", _("— pilih alasan —")), *RejectReason.choices]
    )
    item = forms.ChoiceField(label=_("Letak kesalahan"), required=False)
    note = forms.CharField(
        label=_("Catatan untuk sekolah"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Wajib: sebutkan letak kesalahan dan cara memperbaikinya."),
        error_messages={"required": _("Catatan penolakan wajib diisi.")},
    )
    sk_only = forms.BooleanField(
        label=_("Hanya SK yang salah: minta sekolah mengunggah SK pengganti (ajuan tidak mulai dari awal)"),
        required=False,
    )

    def __init__(self, *args, items=(), checks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", _("— umum —")), *items]
        self.add_checklist(checks)


class ApproveForm(ChecklistMixin, forms.Form):
    """The approval: the reviewer's checklist (one checkbox per item of this request, each required
    by the service) and an optional note."""

    note = forms.CharField(
        label=_("Catatan (opsional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_checklist(items)


class BulkForwardForm(forms.Form):
    """The Dinas queue's "Teruskan yang dipilih": the chosen requests (``pilih``, any number of ids:
    the service refuses ids outside the role's queue one by one, with the reason) and the reviewer's
    statement that each one's papers and checklist were checked."""

    diperiksa = forms.BooleanField(
        label=_("Saya sudah memeriksa berkas dan semua butir daftar periksa setiap ajuan yang dipilih"),
        required=False,
    )

    def clean(self):
        data = super().clean()
        raw = self.data.getlist("pilih") if hasattr(self.data, "getlist") else []
        if any(not v.isdigit() or len(v) > 12 for v in raw):
            raise forms.ValidationError(_("Pilihan ajuan tidak sah."))
        data["pilih"] = [int(v) for v in raw]
        return data


class StatisticsFilterForm(forms.Form):
    """Date range and drill-down of the statistics page (GET). Invalid values fall back to defaults."""

    dari = forms.DateField(
        label=_("Dari tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sampai = forms.DateField(
        label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    kabkota = forms.RegexField(
        label=_("Kode kab/kota"), regex=r"^\d{2}\.?\d{2}$", required=False, max_length=5
    )
    npsn = forms.CharField(label=_("NPSN sekolah"), required=False, max_length=8)

    def clean(self):
        data = super().clean()
        if data.get("dari") and data.get("sampai") and data["dari"] > data["sampai"]:
            raise forms.ValidationError(_("Tanggal awal harus sebelum tanggal akhir."))
        return data
