from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..forms import ActivationForm, LoginForm, ReopenForm, localize_password_change_form
from ..mfa import PRIVILEGED_KEY
from ..middleware import LOGIN_AT_KEY, SEEN_AT_KEY, SESSION_KEY
from ..permissions import public, require_login
from ..ratelimit import client_ip
from ..selectors import available_roles, invitations_for, suspended_roles_of
from ..services import (
    PTK_ACTIVATION_ELSEWHERE,
    account_activate,
    invitation_accept,
    invitation_decline,
    password_change,
    role_reopen,
    sessions_end_all,
    throttle_hit,
)


def login_ip_key(request) -> str:
    return f"login-fail-ip:{client_ip(request)}"


class LoginView(auth_views.LoginView):
    """Password login. An address with very many failures (any usernames) is refused for a while:
    the IP-level throttle against password spraying, far above the per-account+IP lockout."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if not throttle_hit(
            key=login_ip_key(request),
            limit=settings.LOGIN_IP_FAILURE_LIMIT,
            window=settings.LOGIN_IP_FAILURE_WINDOW,
            count=False,
        ):
            return render(request, "accounts/throttled.html", {"what": "login"}, status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if self.request.POST.get("username") and self.request.POST.get("password"):
            throttle_hit(
                key=login_ip_key(self.request),
                limit=settings.LOGIN_IP_FAILURE_LIMIT,
                window=settings.LOGIN_IP_FAILURE_WINDOW,
            )
        return super().form_invalid(form)

    def form_valid(self, form):
        response = super().form_valid(form)  # django.contrib.auth.login: a new session key
        s = self.request.session
        s.pop(PRIVILEGED_KEY, None)
        import time

        s[LOGIN_AT_KEY] = s[SEEN_AT_KEY] = time.time()
        return response


login = public(LoginView.as_view())
logout = require_login(auth_views.LogoutView.as_view())


@require_login
@require_POST
def logout_everywhere(request):
    """End every session of this account, on every device, this one included."""
    sessions_end_all(user=request.user)
    auth.logout(request)
    messages.success(request, _("Anda telah keluar dari semua perangkat."))
    return redirect("accounts:login")


@require_login
@require_http_methods(["GET", "POST"])
def password_change_view(request):
    form = localize_password_change_form(PasswordChangeForm(request.user, request.POST or None))
    if request.method == "POST" and form.is_valid():
        try:
            password_change(user=request.user, password=form.cleaned_data["new_password1"])
        except ValidationError as e:
            form.add_error("new_password1", e)
        else:
            auth.update_session_auth_hash(request, request.user)  # this session stays, others end
            messages.success(request, _("Kata sandi diganti. Sesi di perangkat lain telah berakhir."))
            return redirect("accounts:home")
    return render(request, "accounts/password_change.html", {"form": form})


@public
@require_http_methods(["GET", "POST"])
def activate(request):
    form = ActivationForm(request.POST or None)
    ptk_elsewhere = False
    if request.method == "POST" and form.is_valid():
        try:
            account_activate(
                username=form.cleaned_data["username"],
                code=form.cleaned_data["code"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as e:
            ptk_elsewhere = PTK_ACTIVATION_ELSEWHERE in e.messages
            form.add_error(None, e)
        else:
            messages.success(request, _("Akun aktif. Silakan masuk dengan kata sandi baru Anda."))
            return redirect("accounts:login")
    return render(request, "accounts/activate.html", {"form": form, "ptk_elsewhere": ptk_elsewhere})


@require_login
@require_http_methods(["GET", "POST"])
def choose_role(request):
    roles = available_roles(request.user)
    if request.method == "POST":
        key = request.POST.get("role", "")
        chosen = next((r for r in roles if r.key == key), None)
        if chosen is None:
            messages.error(request, _("Peran itu tidak tersedia untuk akun Anda."))
        else:
            request.session.cycle_key()  # a new session key for the new role
            request.session[SESSION_KEY] = chosen.key
            messages.success(request, _("Sekarang Anda bertindak sebagai %(r)s.") % {"r": chosen.label})
            nxt = request.POST.get("next", "")
            if url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
                return redirect(nxt)
            return redirect("accounts:home")
    return render(
        request,
        "accounts/choose_role.html",
        {
            "roles": roles,
            "suspended": list(suspended_roles_of(user=request.user)),
            "invitations": list(invitations_for(user=request.user)),
            "reopen_form": ReopenForm(),
        },
    )


@require_login
@require_POST
def role_reopen_view(request):
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            opened = role_reopen(user=request.user, code=form.cleaned_data["code"])
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            request.session.pop(PRIVILEGED_KEY, None)
            messages.success(
                request, _("Peran dibuka kembali: %(r)s.") % {"r": ", ".join(str(a) for a in opened)}
            )
    else:
        messages.error(request, _("Tulis kode pembuka peran dari lembaga pemilik peran itu."))
    return redirect("accounts:choose_role")


@require_login
@require_POST
def invitation_answer(request, pk: int):
    try:
        if request.POST.get("answer") == "accept":
            a = invitation_accept(user=request.user, invitation_id=pk)
            request.session.pop(PRIVILEGED_KEY, None)
            messages.success(request, _("Undangan diterima. Anda sekarang %(r)s.") % {"r": a})
        else:
            invitation_decline(user=request.user, invitation_id=pk)
            messages.info(request, _("Undangan ditolak."))
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    return redirect(reverse("accounts:choose_role"))
