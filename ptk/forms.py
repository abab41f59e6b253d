"""Forms: shape validation only. Identifier rules live in ptk.validators and Ptk.clean(),
applied by the services (full_clean)."""

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from .eds import QUESTIONS
from .models import (
    DAPODIK_FACTS,
    HISTORY_MODELS,
    ActiveStatus,
    CopyKind,
    DocumentKind,
    EmploymentStatus,
    NuptkStatus,
    Ptk,
    PtkDocument,
    PtkType,
    Qualification,
    Religion,
    Sex,
    Star,
)
from .validators import normalize_phone, validate_phone, validate_postal_code

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DIGITS16 = {"pattern": r"\d{16}", "inputmode": "numeric", "maxlength": "16"}


ALL = _("Semua")


def _blank(choices, label=ALL):
    return [("", label)] + list(choices)


# Evaluated when shown, in the language of the request (the English catalog translates it).
PASSWORD_HELP = lazy(password_validators_help_text_html, str)()


class PtkEntryForm(forms.Form):
    """Form A05 (new PTK) / A01 (NUPTK holder) as the school operator types it in."""

    name = forms.CharField(label=_("Nama lengkap (sesuai KTP)"), max_length=150)
    nik = forms.CharField(
        label=_("NIK"), max_length=16, min_length=16, widget=forms.TextInput(attrs=DIGITS16)
    )
    birth_place = forms.CharField(label=_("Tempat lahir"), max_length=100)
    birth_date = forms.DateField(label=_("Tanggal lahir"), widget=DATE)
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=_blank(Sex.choices, "-"))
    mother_name = forms.CharField(label=_("Nama ibu kandung"), max_length=150)
    religion = forms.TypedChoiceField(
        label=_("Agama"), choices=_blank(Religion.choices, "-"), coerce=int, empty_value=None, required=False
    )
    address = forms.CharField(label=_("Alamat"), max_length=255, required=False)
    phone = forms.CharField(
        label=_("Nomor HP"),
        max_length=20,
        required=False,
        validators=[validate_phone],
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("Contoh: 0812 3456 7890"),
    )
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Alamat email tidak valid. Contoh: nama@contoh.sch.id")},
    )
    nuptk = forms.CharField(
        label=_("NUPTK"),
        max_length=16,
        required=False,
        widget=forms.TextInput(attrs=DIGITS16),
        help_text=_(
            "Isi hanya bila PTK sudah memiliki NUPTK (formulir A01). Kosong: PTK baru (A05) mendapat PegID."
        ),
    )
    nip = forms.CharField(
        label=_("NIP"), max_length=18, required=False, help_text=_("18 angka, hanya untuk PNS/CPNS/PPPK.")
    )
    employment_status = forms.TypedChoiceField(
        label=_("Status kepegawaian"),
        choices=_blank(EmploymentStatus.choices, "-"),
        coerce=int,
        empty_value=None,
    )
    ptk_type = forms.TypedChoiceField(
        label=_("Jenis PTK"), choices=_blank(PtkType.choices, "-"), coerce=int, empty_value=None
    )
    qualification = forms.ChoiceField(
        label=_("Kualifikasi pendidikan terakhir"), choices=_blank(Qualification.choices, "-"), required=False
    )
    in_dapodik = forms.BooleanField(label=_("Terdaftar di Dapodik"), required=False)
    has_rombel = forms.BooleanField(label=_("Memiliki rombel (mengajar di kelas)"), required=False)

    def clean_phone(self):
        phone = self.cleaned_data.get("phone") or ""
        return normalize_phone(phone) if phone else ""


class PtkFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari nama, NIK, NUPTK, PegID atau NIP"), required=False, max_length=100)
    nuptk_status = forms.ChoiceField(
        label=_("Status NUPTK"), required=False, choices=_blank(NuptkStatus.choices)
    )
    ptk_type = forms.TypedChoiceField(
        label=_("Jenis PTK"), required=False, choices=_blank(PtkType.choices), coerce=int, empty_value=None
    )
    employment_status = forms.TypedChoiceField(
        label=_("Status kepegawaian"),
        required=False,
        choices=_blank(EmploymentStatus.choices),
        coerce=int,
        empty_value=None,
    )
    star = forms.TypedChoiceField(
        label=_("Bintang"), required=False, choices=_blank(Star.choices), coerce=int, empty_value=None
    )
    active_status = forms.ChoiceField(
        label=_("Status PegID/NUPTK"), required=False, choices=_blank(ActiveStatus.choices)
    )

    def clean_q(self):
        q = " ".join(self.cleaned_data.get("q", "").split())
        if q and not q.isdigit() and len(q) < 3:
            raise forms.ValidationError(_("Ketik paling sedikit 3 huruf untuk mencari nama."))
        return q

    def filters(self) -> dict:
        """The valid filters (an invalid one is dropped and shown as an error)."""
        self.is_valid()
        return dict(getattr(self, "cleaned_data", {}))


class PhoneMixin:
    def clean_phone(self):
        phone = self.cleaned_data.get("phone") or ""
        return normalize_phone(phone) if phone else ""


class ContactsForm(PhoneMixin, forms.ModelForm):
    class Meta:
        model = Ptk
        fields = ["religion", "address", "postal_code", "phone", "email"]
        widgets = {
            "postal_code": forms.TextInput(
                attrs={"inputmode": "numeric", "maxlength": "5", "autocomplete": "postal-code"}
            ),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        help_texts = {"phone": _("Contoh: 0812 3456 7890"), "postal_code": _("5 angka, misalnya 55281")}
        error_messages = {"email": {"invalid": _("Alamat email tidak valid. Contoh: nama@contoh.sch.id")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].validators.append(validate_phone)
        self.fields["postal_code"].validators.append(validate_postal_code)


class StaffingForm(forms.ModelForm):
    class Meta:
        model = Ptk
        fields = ["nip", "employment_status", "ptk_type", "qualification", "in_dapodik", "has_rombel"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.facts_from_dapodik:
            # Facts taken from Dapodik replace the school's declaration: they change by a new import.
            when = self.instance.dapodik_synced_at
            note = _("Dari Dapodik (%(d)s); diperbarui lewat impor Dapodik.") % {
                "d": when.strftime("%d-%m-%Y") if when else "-"
            }
            for name in DAPODIK_FACTS:
                self.fields[name].disabled = True
                self.fields[name].help_text = note


def history_form_class(table: str):
    model = HISTORY_MODELS[table]
    exclude = ["ptk", "created_at", "updated_at"]
    widgets = {f.name: DATE for f in model._meta.concrete_fields if f.get_internal_type() == "DateField"}
    if table == "mengajar":
        exclude.append("school")
    return forms.modelform_factory(model, exclude=exclude, widgets=widgets)


class PtkSchoolAddForm(forms.Form):
    npsn = forms.CharField(label=_("NPSN sekolah tempat tugas lain"), max_length=8)


class DocumentUploadForm(forms.ModelForm):
    upload = forms.FileField(label=_("Berkas (PDF, JPG atau PNG)"))

    class Meta:
        model = PtkDocument
        fields = ["kind", "number", "date", "issuer", "valid_from", "valid_to", "copy_kind", "note"]
        widgets = {"date": DATE, "valid_from": DATE, "valid_to": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = DocumentKind.choices
        self.fields["copy_kind"].choices = CopyKind.choices


class PhotoForm(forms.Form):
    upload = forms.FileField(label=_("Pas foto (JPG/PNG, paling besar 200 KB)"))


class PtkActivationForm(forms.Form):
    username = forms.CharField(label=_("PegID atau NUPTK"), max_length=150)
    code = forms.CharField(
        label=_("Kode aktivasi"), max_length=20, help_text=_("Tertulis pada surat S02 Anda (RAHASIA).")
    )
    birth_date = forms.DateField(label=_("Tanggal lahir"), widget=DATE)
    password1 = forms.CharField(
        label=_("Kata sandi baru"), widget=forms.PasswordInput, help_text=PASSWORD_HELP
    )
    password2 = forms.CharField(label=_("Ulangi kata sandi baru"), widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        return data


class EdsForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for q in QUESTIONS:
            self.fields[q.key] = forms.ChoiceField(label=q.text, choices=q.choices, widget=forms.RadioSelect)


class Level2CheckForm(forms.Form):
    """One result (and a note when it is wrong) per item the school checks at verval level 2."""

    note = forms.CharField(
        label=_("Catatan umum (opsional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        from .models import CheckResult
        from .services import LEVEL2_ITEMS

        super().__init__(*args, **kwargs)
        self.items = []
        for item in LEVEL2_ITEMS:
            choices = [c for c in CheckResult.choices if not (item.required and c[0] == CheckResult.NONE)]
            self.fields[f"r_{item.key}"] = forms.ChoiceField(
                label=item.label, choices=choices, widget=forms.RadioSelect, initial=CheckResult.OK
            )
            self.fields[f"n_{item.key}"] = forms.CharField(
                label=_("Yang harus diperbaiki"), required=False, max_length=500
            )
            self.items.append((self[f"r_{item.key}"], self[f"n_{item.key}"]))
        self.order_fields([*(f for i in LEVEL2_ITEMS for f in (f"r_{i.key}", f"n_{i.key}")), "note"])

    def results(self) -> dict:
        from .services import LEVEL2_ITEMS

        return {
            i.key: {
                "result": self.cleaned_data[f"r_{i.key}"],
                "note": self.cleaned_data.get(f"n_{i.key}", ""),
            }
            for i in LEVEL2_ITEMS
        }


class PactRefuseForm(forms.Form):
    note = forms.CharField(
        label=_("Apa yang salah dan cara memperbaikinya"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
