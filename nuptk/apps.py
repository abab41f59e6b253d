from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NuptkConfig(AppConfig):
    name = "nuptk"
    verbose_name = _("Ajuan NUPTK")

    def ready(self):
        from padamu.choices import fast_choice_displays

        fast_choice_displays(self.get_models())  # labels of choice fields without rebuilding dicts
        from documents.permissions import register_subject_owner, register_subject_reader

        from .printing import SUBJECT_TYPE

        register_subject_owner(SUBJECT_TYPE, _request_ids_of)
        register_subject_reader(SUBJECT_TYPE, _incoming_request_ids)
        from accounts.registry import (
            HomePanel,
            MenuItem,
            ObjectPanel,
            ScopeCopy,
            register_home_panel,
            register_menu,
            register_object_panel,
            register_scope_copy,
        )

        from . import kinds, letters
        from .models import Submission
        from .permissions import acting_tier, is_school_staff

        kinds.load()
        letters.register()
        register_scope_copy(ScopeCopy(Submission, after=_reroute_waiting))

        def is_reviewer(active):
            return acting_tier(active) is not None

        def sees_requests(active):
            return active.is_ptk or is_school_staff(active) or is_reviewer(active)

        register_menu(MenuItem(_("Ajuan NUPTK"), "nuptk:list", visible=sees_requests, order=40))
        register_menu(MenuItem(_("Antrian verval"), "nuptk:queue", visible=is_reviewer, order=41))
        register_menu(MenuItem(_("Statistik layanan"), "nuptk:statistics", visible=is_reviewer, order=42))
        register_home_panel(HomePanel("nuptk/panel.html", context=_panel, order=40))
        register_object_panel(ObjectPanel("ptk", "nuptk/ptk_panel.html", context=_ptk_panel, order=40))


def _panel(request):
    from .selectors import home_panel

    return home_panel(scope=request.scope)


def _ptk_panel(request, ptk):
    from .selectors import ptk_request_panel

    return ptk_request_panel(scope=request.scope, ptk=ptk)


def _reroute_waiting(*, school):
    from .services import submissions_reroute

    submissions_reroute(school=school)


def _request_ids_of(user):
    """The requests about this account's PTK record, as letter subject ids (strings)."""
    from django.db.models import CharField
    from django.db.models.functions import Cast

    from .models import Submission

    return Submission.objects.filter(ptk__user=user).annotate(sid=Cast("pk", CharField())).values("sid")


def _incoming_request_ids(active):
    """A Dinas reads the letters of the moves into its schools that reached it (the rule of its
    "Mutasi masuk" list, nuptk.selectors.incoming_list); other roles: none."""
    from django.db.models import CharField
    from django.db.models.functions import Cast

    from .selectors import incoming_list

    class _Scope:  # incoming_list reads only the active role
        def __init__(self, active):
            self.active = active

    if getattr(active, "on_behalf_of", None) is not None:
        return None
    qs = incoming_list(scope=_Scope(active), filters={})
    if not qs.query.is_empty():
        return qs.select_related(None).order_by().annotate(sid=Cast("pk", CharField())).values("sid")
    return None
