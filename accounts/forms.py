from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from .models import InstitutionKind, Role

# Evaluated when shown, in the language of the request (the English catalog translates it).
PASSWORD_HELP = lazy(password_validators_help_text_html, str)()


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Nama pengguna atau kata sandi salah. Setelah 5 kali salah dari perangkat ini, akun dikunci "
            "15 menit untuk perangkat ini."
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
        label=_("Kata sandi baru"), widget=forms.PasswordInput, help_text=PASSWORD_HELP
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
        help_text=_(
            "Nama pengguna baru untuk orang ini. Orang yang sudah punya akun tidak didaftarkan di sini: "
            "kirimkan undangan peran."
        ),
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


class InvitationForm(forms.Form):
    institution = forms.ModelChoiceField(queryset=None, label=_("Lembaga"))
    role = forms.ChoiceField(
        choices=[(Role.OPERATOR, Role.OPERATOR.label), (Role.ADMIN, Role.ADMIN.label)], label=_("Peran")
    )
    username = forms.RegexField(
        regex=r"^[\w.@+-]{3,150}$",
        label=_("Nama pengguna orang yang diundang"),
        max_length=150,
        error_messages={"invalid": _("Gunakan 3-150 huruf, angka atau . @ + - _ tanpa spasi.")},
        help_text=_(
            "Tanyakan nama pengguna kepada orangnya. Ia menerima atau menolak undangan setelah masuk."
        ),
    )

    def __init__(self, *args, institutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions


class ReopenForm(forms.Form):
    code = forms.CharField(label=_("Kode pembuka peran"), max_length=20)


class MfaTokenForm(forms.Form):
    token = forms.CharField(
        label=_("Kode verifikasi"),
        max_length=16,
        help_text=_("6 angka dari aplikasi autentikator, atau satu kode pemulihan."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def localize_password_change_form(form):
    """Django's PasswordChangeForm with Indonesian labels (the check of the old password stays)."""
    form.fields["old_password"].label = _("Kata sandi sekarang")
    form.fields["new_password1"].label = _("Kata sandi baru")
    form.fields["new_password2"].label = _("Ulangi kata sandi baru")
    form.error_messages = {
        **form.error_messages,
        "password_incorrect": _("Kata sandi sekarang salah."),
        "password_mismatch": _("Kedua kata sandi baru tidak sama."),
    }
    return form
