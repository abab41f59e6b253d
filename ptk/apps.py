from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _staff_panel(request):
    active = request.active_role
    if active is None or active.is_ptk:
        return None
    from .selectors import home_counts

    return home_counts(scope=request.scope)


def _ptk_panel(request):
    active = request.active_role
    if active is None or not active.is_ptk:
        return None
    from .selectors import ptk_own

    ptk = ptk_own(user=request.user)
    return {"ptk": ptk} if ptk else None


class PtkConfig(AppConfig):
    name = "ptk"
    verbose_name = _("PTK")

    def ready(self):
        from padamu.choices import fast_choice_displays

        fast_choice_displays(self.get_models())  # labels of choice fields without rebuilding dicts
        from documents.permissions import register_subject_owner

        register_subject_owner("ptk", _ptk_ids_of)
        from accounts.permissions import STAFF_ROLES
        from accounts.registry import (
            HomePanel,
            MenuItem,
            ScopeCopy,
            register_home_panel,
            register_menu,
            register_scope_copy,
        )

        from . import letters
        from .models import Ptk, PtkSchool

        letters.register()
        register_scope_copy(ScopeCopy(Ptk))
        register_scope_copy(ScopeCopy(PtkSchool))

        register_menu(MenuItem(_("PTK"), "ptk:list", visible=lambda a: a.role in STAFF_ROLES, order=20))
        register_menu(MenuItem(_("Data saya"), "ptk:me", visible=lambda a: a.is_ptk, order=10))
        register_menu(MenuItem(_("Kuesioner EDS"), "ptk:eds", visible=lambda a: a.is_ptk, order=11))
        register_home_panel(HomePanel("ptk/home_panel.html", context=_staff_panel, order=20))
        register_home_panel(HomePanel("ptk/home_panel_ptk.html", context=_ptk_panel, order=10))


def _ptk_ids_of(user):
    """The PTK record(s) of this account, as letter subject ids (strings)."""
    from django.db.models import CharField
    from django.db.models.functions import Cast

    from .models import Ptk

    return Ptk.objects.filter(user=user).annotate(sid=Cast("pk", CharField())).values("sid")
