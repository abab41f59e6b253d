from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _l


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _l("Akun, lembaga dan wilayah")

    def ready(self):
        from padamu import fasti18n
        from padamu.choices import fast_choice_displays

        fasti18n.install()  # {% trans "x" %} kept per language (docs/adr/0010)

        fast_choice_displays(self.get_models())  # labels of choice fields without rebuilding dicts
        from django.utils.translation import gettext_lazy as _

        from .models import Role, SchoolAccountRequest
        from .registry import MenuItem, ScopeCopy, register_menu, register_scope_copy

        register_scope_copy(ScopeCopy(SchoolAccountRequest))  # its school's Dinas and QA office

        register_menu(MenuItem(_("Lembaga"), "accounts:institutions", lambda a: a.role != Role.PTK, order=10))
        register_menu(MenuItem(_("Operator"), "accounts:users", lambda a: a.is_admin, order=90))
        from .policy import DINAS_KINDS, QA_KINDS

        register_menu(
            MenuItem(
                _("Akun sekolah"),
                "accounts:school_accounts",
                lambda a: a.role in (Role.ADMIN, Role.OPERATOR) and a.kind in (DINAS_KINDS | QA_KINDS),
                order=89,
            )
        )
        register_menu(
            MenuItem(
                _("Delegasi"),
                "accounts:delegations",
                lambda a: a.is_admin and a.kind == "sekolah" and a.on_behalf_of is None,
                order=91,
            )
        )
