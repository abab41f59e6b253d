from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NuptkConfig(AppConfig):
    name = "nuptk"
    verbose_name = _("Ajuan NUPTK")

    def ready(self):
        from accounts.registry import HomePanel, MenuItem, register_home_panel, register_menu

        from .permissions import STAFF, acting_level

        def is_reviewer(active):
            return acting_level(active) is not None

        def sees_requests(active):
            return active.is_ptk or (active.role in STAFF and (active.kind == "sekolah" or is_reviewer(active)))

        register_menu(MenuItem(_("Ajuan NUPTK"), "nuptk:list", visible=sees_requests, order=40))
        register_menu(MenuItem(_("Antrian verval"), "nuptk:queue", visible=is_reviewer, order=41))
        register_menu(MenuItem(_("Statistik layanan"), "nuptk:statistics", visible=is_reviewer, order=42))
        register_home_panel(HomePanel("nuptk/panel.html", context=_panel, order=40))


def _panel(request):
    from .selectors import home_panel

    return home_panel(scope=request.scope)
