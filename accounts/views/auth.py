from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..forms import ActivationForm, LoginForm
from ..middleware import SESSION_KEY
from ..permissions import public, require_login
from ..selectors import available_roles
from ..services import account_activate

login = public(
    auth_views.LoginView.as_view(
        template_name="accounts/login.html", authentication_form=LoginForm, redirect_authenticated_user=True
    )
)
logout = require_login(auth_views.LogoutView.as_view())


@public
@require_http_methods(["GET", "POST"])
def activate(request):
    form = ActivationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account_activate(
                username=form.cleaned_data["username"],
                code=form.cleaned_data["code"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("Akun aktif. Silakan masuk dengan kata sandi baru Anda."))
            return redirect("accounts:login")
    return render(request, "accounts/activate.html", {"form": form})


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
            request.session[SESSION_KEY] = chosen.key
            messages.success(request, _("Sekarang Anda bertindak sebagai %(r)s.") % {"r": chosen.label})
            return redirect("accounts:home")
    return render(request, "accounts/choose_role.html", {"roles": roles})
