from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.permissions import public

from ..forms import PtkActivationForm
from ..services import ptk_account_activate


@public
@require_http_methods(["GET", "POST"])
def activate(request):
    """The PTK activates their account: PegID/NUPTK + S02 code + birth date + own new password."""
    form = PtkActivationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            user = ptk_account_activate(
                username=d["username"], code=d["code"], birth_date=d["birth_date"], password=d["password1"]
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(
                request,
                _("Akun PTK aktif. Masuk dengan nama pengguna %(u)s dan kata sandi baru Anda.")
                % {"u": user.username},
            )
            return redirect("accounts:login")
    return render(request, "ptk/activate.html", {"form": form})
