"""Second factor (django-otp): a TOTP app plus single-use recovery codes.

Required for superusers, every admin role, and every operator/admin role at an office that reviews
requests (Dinas, Atdikbud, LPMP, BPKLN, BP-PAUD, PDSPK: ``permissions.REVIEW_KINDS``); optional for
school operators, kecamatan offices and PTK. A person who lost their device asks the institution
above: an admin who manages one of their roles resets their devices (audited), and they enrol anew
at the next login."""

import secrets
from base64 import b32encode
from binascii import unhexlify

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import AccountEvent, Role, RoleAssignment, User
from .permissions import REVIEW_KINDS
from .scope import Scope

# Session keys: the second factor was checked in this session; the account needs one.
VERIFIED_KEY = "padamu_mfa_ok"
PRIVILEGED_KEY = "padamu_privileged"
HAS_DEVICE_KEY = "padamu_mfa_device"
TOTP_NAME = "Aplikasi autentikator"
RECOVERY_NAME = "Kode pemulihan"


def mfa_required(user) -> bool:
    """True for accounts whose open roles demand a second factor (and for superusers)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return (
        RoleAssignment.objects.filter(user=user, is_active=True, suspended_at__isnull=True)
        .filter(Q(role=Role.ADMIN) | Q(role__in=[Role.OPERATOR], institution__kind__in=REVIEW_KINDS))
        .exists()
    )


def totp_device(user, *, confirmed: bool | None = True) -> TOTPDevice | None:
    qs = TOTPDevice.objects.filter(user=user)
    if confirmed is not None:
        qs = qs.filter(confirmed=confirmed)
    return qs.order_by("-pk").first()


def has_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def otpauth_uri(device: TOTPDevice, user) -> str:
    """The otpauth:// URI an authenticator app reads from the QR code."""
    return device.config_url


def qr_svg(data: str) -> str:
    """The QR code of ``data`` as an inline SVG element (no script, no external image)."""
    import qrcode
    import qrcode.image.svg

    img = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    svg = img.to_string(encoding="unicode")
    return svg[svg.index("<svg") :]


def secret_b32(device: TOTPDevice) -> str:
    """The key in base32, for typing into an app by hand."""
    return b32encode(unhexlify(device.key)).decode().rstrip("=")


def _event(*, actor, action, target, detail=""):
    AccountEvent.objects.create(actor=actor, action=action, target=target, detail=detail[:255])


@transaction.atomic
def mfa_enrolment_start(*, user) -> TOTPDevice:
    """A fresh, unconfirmed TOTP device (its key shown as a QR code until confirmed)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = []
    for _i in range(settings.MFA_RECOVERY_CODES):
        raw = secrets.token_hex(5)  # 40 bits, single use
        codes.append(f"{raw[:5]}-{raw[5:]}")
        StaticToken.objects.create(device=device, token=codes[-1])
    return codes


@transaction.atomic
def mfa_enrolment_confirm(*, user, device_id: int, token: str) -> tuple[TOTPDevice, list[str]]:
    """The person typed a code from their app: the device becomes theirs, any older device goes,
    and a new set of recovery codes is made (shown once)."""
    device = TOTPDevice.objects.select_for_update().filter(pk=device_id, user=user, confirmed=False).first()
    if device is None:
        raise ValidationError(_("Pendaftaran kedaluwarsa. Mulai lagi dari awal."))
    if not device.verify_token((token or "").replace(" ", "")):
        raise ValidationError(_("Kode tidak cocok. Periksa jam ponsel Anda lalu masukkan kode yang baru."))
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    _event(actor=user, action="mfa_enrolled", target=user)
    return device, codes


def mfa_verify(*, user, token: str):
    """The device that accepts ``token`` (a TOTP code or an unused recovery code), else None.
    A recovery code is used up."""
    token = (token or "").strip().replace(" ", "")
    if not token:
        return None
    totp = totp_device(user)
    if totp is not None and token.isdigit() and totp.verify_is_allowed()[0] and totp.verify_token(token):
        return totp
    for static in StaticDevice.objects.filter(user=user, confirmed=True):
        if static.verify_token(token.lower()):
            _event(actor=user, action="mfa_recovery_code_used", target=user)
            return static
    return None


def mark_verified(request, device) -> None:
    """After a good second factor: a new session key and the session marked verified."""
    request.session.cycle_key()
    otp_login(request, device)
    request.session[VERIFIED_KEY] = True
    request.session[HAS_DEVICE_KEY] = True


@transaction.atomic
def mfa_recovery_regenerate(*, user) -> list[str]:
    if not has_device(user):
        raise ValidationError(_("Daftarkan aplikasi autentikator lebih dulu."))
    codes = _new_recovery_codes(user)
    _event(actor=user, action="mfa_recovery_regenerated", target=user)
    return codes


@transaction.atomic
def mfa_disable(*, user) -> None:
    """Remove one's own second factor, only where it is optional."""
    if mfa_required(user):
        raise ValidationError(_("Peran Anda mewajibkan verifikasi dua langkah; tidak dapat dimatikan."))
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    _event(actor=user, action="mfa_disabled", target=user)


@transaction.atomic
def mfa_reset(*, scope: Scope, assignment_id: int) -> User:
    """A lost device: an admin who manages one of the person's roles removes their devices; every
    session of the person ends and they enrol anew at the next login. Never for superusers/staff."""
    from .services import _assignment_in_scope, notify

    a = _assignment_in_scope(scope, assignment_id)
    user = a.user
    if user.pk == scope.user.pk:
        raise ValidationError(_("Perangkat verifikasi Anda sendiri direset oleh lembaga di atas Anda."))
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    AccountEvent.objects.create(
        actor=scope.user, action="mfa_reset", target=user, institution=scope.active.institution
    )
    notify(
        user=user,
        title=_("Verifikasi dua langkah Anda direset"),
        body=_("%(inst)s mereset perangkat verifikasi Anda. Daftarkan aplikasi autentikator lagi saat masuk.")
        % {"inst": scope.active.institution},
    )
    return user


@transaction.atomic
def mfa_enrol_fixed(*, user, key_hex: str) -> TOTPDevice:
    """Demo only: a confirmed TOTP device with a known key (seed_demo; see README)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True, key=key_hex).first()
    if device is None:
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, key=key_hex, confirmed=True)
    return device


def force_login_verified(client, user) -> None:
    """For benchmark commands that drive pages through Django's test Client: log in as ``user``
    with the second factor counted as done (never used by a web request)."""
    client.force_login(user)
    s = client.session
    s[VERIFIED_KEY] = True
    s[HAS_DEVICE_KEY] = True
    s.save()
