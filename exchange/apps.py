from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "exchange"
    verbose_name = _("Pertukaran data")

    def ready(self):
        from accounts.registry import MenuItem, register_menu

        from .permissions import can_export, can_import, can_manage_clients

        register_menu(MenuItem(_("Impor Dapodik"), "exchange:import_index", visible=can_import, order=60))
        register_menu(MenuItem(_("Ekspor Dapodik"), "exchange:export_index", visible=can_export, order=61))
        register_menu(MenuItem(_("Klien API"), "exchange:client_index", visible=can_manage_clients, order=62))
