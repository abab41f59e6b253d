"""The PTK list's table rows, written in Python (issue 16, page speed).

The template engine resolved ~250 variables for the 25 rows of a page, about a third of the page's CPU.
The rows are plain markup over a few fields, so they are built here with the same escaping as the
template (``conditional_escape``); ``tests/ptk/test_rows.py`` checks the output is byte-identical to
the template loop it replaces.
"""

from django.utils.html import conditional_escape as esc
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

ROW = (
    '    <tr><td><a href="{url}">{name}</a></td>\n'
    "      <td>{ident}</td>\n"
    '      <td>{status}</td><td data-testid="row-star">{star} · {active}</td><td>{ptype}</td>\n'
    "      <td>{employment}</td><td>{school}</td></tr>\n"
)


def ptk_rows(items) -> str:
    """The ``<tr>`` rows of the PTK list for ``items`` (PTK with ``detail_url`` and ``school`` loaded).
    A page has a handful of distinct statuses and types: each label is translated and escaped once per
    page (``labels``), not once per row."""
    out = []
    labels = {}
    for p in items:
        if p.nuptk:
            ident = esc(p.nuptk)
        else:
            ident = '<span class="helptext">PegID</span> ' + esc(p.pegid or "-")
        key = (p.nuptk_status, p.star, p.ptk_type, p.employment_status)
        cells = labels.get(key)
        if cells is None:
            cells = labels[key] = {
                "status": esc(p.get_nuptk_status_display()),
                "star": esc(p.star_label),
                "active": esc(p.active_status_label),
                "ptype": esc(p.get_ptk_type_display() or ""),
                "employment": esc(p.get_employment_status_display() or ""),
            }
        out.append(
            ROW.format(
                url=esc(p.detail_url),
                name=esc(p.name),
                ident=ident,
                school=esc(p.school.name),
                **cells,
            )
        )
    if not out:
        out.append(
            '    <tr><td colspan="7">{}</td></tr>\n'.format(
                esc(gettext("Tidak ada PTK yang cocok dengan pencarian."))
            )
        )
    return mark_safe("".join(out))
