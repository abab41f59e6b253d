import functools

from django import template
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from nuptk.models import State
from nuptk.selectors import DINAS_SLA

register = template.Library()


_UNITS = {
    "d": ("%(n)d hari", "%(n)d hari"),
    "h": ("%(n)d jam", "%(n)d jam"),
    "m": ("%(n)d menit", "%(n)d menit"),
    "s": ("%(n)d detik", "%(n)d detik"),
}


@functools.lru_cache(maxsize=4096)
def _unit(lang: str, unit: str, n: int) -> str:
    # one translated "n unit" per language: a queue page shows 25 durations of a few distinct values
    return ngettext(*_UNITS[unit], n) % {"n": n}


def duration_words(secs) -> str:
    """A duration in plain words, the two largest units: '1 jam 5 menit', '3 hari 4 jam', '45 detik'."""
    if secs is None:
        return "-"
    secs = max(int(secs), 0)
    d, rem = divmod(secs, 86400)
    h, rem = divmod(rem, 3600)
    m, s = divmod(rem, 60)
    lang = get_language()
    units = [(d, "d"), (h, "h"), (m, "m")]
    first = next((i for i, (n, _u) in enumerate(units) if n), None)
    if first is None:
        return _unit(lang, "s", s)
    return " ".join(_unit(lang, u, n) for n, u in units[first : first + 2] if n)


@register.filter
def waited(since, now=None):
    """Waiting time since a moment, in plain words ('1 jam 5 menit')."""
    if not since:
        return ""
    return duration_words(((now or timezone.now()) - since).total_seconds())


@register.filter
def late_at_dinas(sub, now=None):
    """Flag a request waiting at a Dinas longer than the service standard (30 minutes, seed 004)."""
    return (
        sub.state == "at_dinas"
        and sub.waiting_since
        and (now or timezone.now()) - sub.waiting_since > DINAS_SLA
    )


@register.filter
def state_badge(state):
    return {
        "approved": "badge-green",
        "rejected": "badge-red",
        "sk_rejected": "badge-red",
        "cancelled": "",
    }.get(state, "badge-amber")


@register.filter
def seconds_hm(secs):
    """Seconds in plain words ('1 jam 5 menit')."""
    return duration_words(secs)


ACTIONS = {
    "create": gettext_lazy("dibuat"),
    "submit": gettext_lazy("diajukan"),
    "claim": gettext_lazy("mulai diperiksa"),
    "release": gettext_lazy("dilepas untuk pemeriksa lain"),
    "forward": gettext_lazy("disetujui dan diteruskan"),
    "approve": gettext_lazy("disetujui"),
    "reject": gettext_lazy("ditolak"),
    "reject_sk": gettext_lazy("SK ditolak (minta SK pengganti)"),
    "resubmit_sk": gettext_lazy("SK pengganti dikirim"),
    "cancel": gettext_lazy("dibatalkan"),
    "archive": gettext_lazy("diarsipkan"),
}


@register.filter
def action_label(action):
    return ACTIONS.get(action, action)


@register.filter
def state_label(state):
    """The Indonesian label of a request state ('at_dinas' -> 'Menunggu Dinas/Atdikbud')."""
    if not state:
        return _("belum ada")
    try:
        return State(state).label
    except ValueError:
        return state
