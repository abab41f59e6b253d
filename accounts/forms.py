from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from .models import InstitutionKind, Role


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Nama pengguna atau kata sandi salah. Setelah 5 kali salah, akun dikunci 15 menit."
        ),
        "inactive": _("Akun ini belum aktif. Aktifkan dengan kode aktivasi dari admin Anda."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Nama pengguna")
        self.fields["password"].label = _("Kata sandi")


class ActivationForm(forms.Form):
    username = forms.CharField(label=_("Nama pengguna"), max_length=150)
    code = forms.CharField(
        label=_("Kode aktivasi"), max_length=20, help_text=_("Tertulis pada surat S01/S02 Anda.")
    )
    password1 = forms.CharField(
        label=_("Kata sandi baru"), widget=forms.PasswordInput, help_text=password_validators_help_text_html()
    )
    password2 = forms.CharField(label=_("Ulangi kata sandi baru"), widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        return data


class RegisterForm(forms.Form):
    institution = forms.ModelChoiceField(queryset=None, label=_("Lembaga"))
    role = forms.ChoiceField(
        choices=[(Role.OPERATOR, Role.OPERATOR.label), (Role.ADMIN, Role.ADMIN.label)], label=_("Peran")
    )
    username = forms.RegexField(
        regex=r"^[\w.@+-]{3,150}$",
        label=_("Nama pengguna"),
        max_length=150,
        error_messages={"invalid": _("Gunakan 3-150 huruf, angka atau . @ + - _ tanpa spasi.")},
        help_text=_("Jika orang ini sudah punya akun, tulis nama penggunanya: perannya akan ditambah."),
    )
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    email = forms.EmailField(label=_("Email"), required=False)
    nip = forms.RegexField(
        regex=r"^\d{18}$",
        label=_("NIP"),
        required=False,
        error_messages={"invalid": _("NIP terdiri dari 18 angka.")},
    )

    def __init__(self, *args, institutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions


class InstitutionFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari nama atau NPSN"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Jenis"), required=False, choices=[("", _("Semua jenis"))] + list(InstitutionKind.choices)
    )


class DelegationForm(forms.Form):
    delegate = forms.ModelChoiceField(queryset=None, label=_("Delegasikan hak operator ke"))

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegate"].queryset = targets
