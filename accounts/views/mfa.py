"""Second-factor pages: verify after the password, enrol (QR code), manage (recovery codes)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..forms import MfaTokenForm
from ..mfa import (
    HAS_DEVICE_KEY,
    VERIFIED_KEY,
    has_device,
    mark_verified,
    mfa_disable,
    mfa_enrolment_confirm,
    mfa_enrolment_start,
    mfa_recovery_regenerate,
    mfa_required,
    mfa_verify,
    otpauth_uri,
    qr_svg,
    recovery_codes_left,
    secret_b32,
    totp_device,
)
from ..permissions import require_login
from ..services import throttle_hit

ENROL_DEVICE_KEY = "padamu_mfa_enrol_device"


def _next(request) -> str:
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        return nxt
    return "/"


@require_login
@require_http_methods(["GET", "POST"])
def mfa_verify_view(request):
    """Second step of the login: a code from the authenticator app, or a recovery code."""
    if request.session.get(VERIFIED_KEY):
        return redirect(_next(request))
    if not has_device(request.user):
        return redirect("accounts:mfa_enrol")
    form = MfaTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        key = f"mfa-fail-user:{request.user.pk}"
        if not throttle_hit(key=key, limit=settings.AXES_FAILURE_LIMIT, window=settings.AXES_COOLOFF_TIME, count=False):
            form.add_error(None, _("Terlalu banyak kode yang salah. Tunggu 15 menit lalu coba lagi."))
        else:
            device = mfa_verify(user=request.user, token=form.cleaned_data["token"])
            if device is None:
                throttle_hit(key=key, limit=settings.AXES_FAILURE_LIMIT, window=settings.AXES_COOLOFF_TIME)
                form.add_error("token", _("Kode tidak cocok. Masukkan kode 6 angka yang sedang tampil, atau satu kode pemulihan."))
            else:
                mark_verified(request, device)
                if device.__class__.__name__ == "StaticDevice":
                    messages.warning(
                        request,
                        _("Anda masuk dengan kode pemulihan; sisa %(n)s kode. Buat kode baru di halaman Keamanan akun.")
                        % {"n": recovery_codes_left(request.user)},
                    )
                return redirect(_next(request))
    return render(request, "accounts/mfa_verify.html", {"form": form, "next": _next(request)})


@require_login
@require_http_methods(["GET", "POST"])
def mfa_enrol(request):
    """Enrolment: scan the QR code with an authenticator app, type the code it shows. A person who
    already has a device must have verified it in this session before replacing it."""
    if has_device(request.user) and not request.session.get(VERIFIED_KEY):
        return redirect("accounts:mfa_verify")
    device = None
    device_id = request.session.get(ENROL_DEVICE_KEY)
    if device_id:
        device = totp_device(request.user, confirmed=False)
        if device is not None and device.pk != device_id:
            device = None
    if device is None:
        device = mfa_enrolment_start(user=request.user)
        request.session[ENROL_DEVICE_KEY] = device.pk
    form = MfaTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = mfa_enrolment_confirm(user=request.user, device_id=device.pk, token=form.cleaned_data["token"])
        except ValidationError as e:
            form.add_error("token", e)
        else:
            request.session.pop(ENROL_DEVICE_KEY, None)
            mark_verified(request, device)
            return render(request, "accounts/mfa_codes.html", {"codes": codes, "next": _next(request)})
    uri = otpauth_uri(device, request.user)
    return render(
        request,
        "accounts/mfa_enrol.html",
        {
            "form": form,
            "qr": qr_svg(uri),
            "secret": secret_b32(device),
            "required": mfa_required(request.user),
            "next": _next(request),
        },
    )


@require_login
def security(request):
    """Keamanan akun: password, second factor, recovery codes, sessions."""
    return render(
        request,
        "accounts/security.html",
        {
            "has_device": has_device(request.user),
            "required": mfa_required(request.user),
            "codes_left": recovery_codes_left(request.user),
            "idle_minutes": int(
                (settings.SESSION_IDLE_PRIVILEGED if mfa_required(request.user) else settings.SESSION_IDLE_DEFAULT)
                .total_seconds() // 60
            ),
            "absolute_hours": int(settings.SESSION_ABSOLUTE.total_seconds() // 3600),
        },
    )


@require_login
@require_POST
def mfa_recovery_new(request):
    try:
        codes = mfa_recovery_regenerate(user=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect("accounts:security")
    return render(request, "accounts/mfa_codes.html", {"codes": codes, "next": "/akun/keamanan/"})


@require_login
@require_POST
def mfa_disable_view(request):
    try:
        mfa_disable(user=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        request.session[HAS_DEVICE_KEY] = False
        messages.success(request, _("Verifikasi dua langkah dimatikan."))
    return redirect("accounts:security")
