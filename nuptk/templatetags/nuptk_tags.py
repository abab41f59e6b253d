from django import template
from django.utils import timezone

from nuptk.selectors import DINAS_SLA

register = template.Library()


@register.filter
def waited(since, now=None):
    """Waiting time as '2 j 05 m' / '3 h 4 j' (compact, for queues)."""
    if not since:
        return ""
    secs = int(((now or timezone.now()) - since).total_seconds())
    d, rem = divmod(max(secs, 0), 86400)
    h, rem = divmod(rem, 3600)
    m = rem // 60
    if d:
        return f"{d} h {h} j"
    if h:
        return f"{h} j {m:02d} m"
    return f"{m} m"


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
    if secs is None:
        return "-"
    secs = int(secs)
    h, rem = divmod(secs, 3600)
    return f"{h} j {rem // 60:02d} m" if h else f"{rem // 60} m {rem % 60:02d} d"


ACTIONS = {
    "create": "dibuat",
    "submit": "diajukan",
    "claim": "diperiksa",
    "release": "dilepas",
    "forward": "disetujui dan diteruskan",
    "approve": "disetujui",
    "reject": "ditolak",
    "reject_sk": "tolak SK",
    "resubmit_sk": "SK pengganti dikirim",
    "cancel": "dibatalkan",
}


@register.filter
def action_label(action):
    return ACTIONS.get(action, action)
