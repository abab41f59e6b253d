from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Dokumen dan surat")

    def ready(self):
        from padamu.choices import fast_choice_displays

        fast_choice_displays(self.get_models())  # labels of choice fields without rebuilding dicts
        from accounts import registry

        from . import checks, letter_types  # noqa: F401 (checks register themselves)
        from .models import Complaint, Letter
        from .permissions import BATCH_KINDS
        from .services import s01_for_activation_code, s01_render

        letter_types.register_all()
        registry.register_scope_copy(registry.ScopeCopy(Letter))
        registry.register_scope_copy(registry.ScopeCopy(Complaint))
        registry.register_code_letter(s01_for_activation_code, s01_render)
        registry.register_menu(
            registry.MenuItem(
                _("Cetak massal S01"),
                "documents:batch_index",
                visible=lambda active: (
                    active.is_admin and active.on_behalf_of is None and active.kind in BATCH_KINDS
                ),
                order=80,
            )
        )
        registry.register_menu(
            registry.MenuItem(_("Arsip surat"), "documents:letter_index", lambda a: True, 85)
        )
        registry.register_menu(registry.MenuItem(_("Pengaduan"), "documents:complaints", lambda a: True, 86))
        registry.register_menu(
            registry.MenuItem(
                _("Galeri surat"),
                "documents:gallery",
                visible=lambda active: active.assignment.user.is_superuser,
                order=90,
            )
        )
