"""The queue's table rows, written in Python (issue 16, page speed): the template loop resolved about
300 variables and two filters per page. Same markup and escaping as the loop it replaces
(``tests/nuptk/test_rows.py`` compares both, in both languages)."""

from django.utils.html import conditional_escape as esc
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from .templatetags.nuptk_tags import late_at_dinas, waited

ROW = (
    '    <tr>{pick}<td><a href="{url}">{code}</a></td><td>{kind}</td>\n'
    '      <td>{name}<br><span class="helptext">{ident}</span></td><td>{school}</td>\n'
    "      <td>{waited}{late}</td>\n"
    "      <td>{claimed}</td></tr>\n"
)


def queue_rows(items, *, now, user_pk, bulk_forward: bool) -> str:
    """``<tr>`` rows of the review queue; with ``bulk_forward`` a first cell holds the tick box of each
    request the user holds (claimed)."""
    out = []
    late_badge = None
    kinds = {}  # kind -> escaped label: translated once per page, not once per row
    not_yet = '<span class="helptext">%s</span>' % esc(gettext("belum"))  # noqa: UP031
    for s in items:
        code = s.code
        pick = ""
        if bulk_forward:
            box = ""
            if s.claimed_by_id == user_pk:
                box = (
                    f'<input type="checkbox" name="pilih" value="{s.pk}" form="bulk-forward" aria-label="'
                    f'{gettext("Pilih %(c)s") % {"c": esc(code)}}" data-testid="pick">'
                )
            pick = f"<td>{box}</td>"
        late = ""
        if late_at_dinas(s, now):
            if late_badge is None:
                late_badge = ' <span class="badge badge-red" data-testid="late" title="{}">{}</span>'.format(
                    esc(
                        gettext(
                            "Dinas memeriksa tiap ajuan paling lama 30 menit (standar layanan); ajuan ini "
                            "sudah menunggu lebih lama."
                        )
                    ),
                    esc(gettext("melewati batas 30 menit")),
                )
            late = late_badge
        p = s.ptk
        kind = kinds.get(s.kind)
        if kind is None:
            kind = kinds[s.kind] = esc(s.get_kind_display())
        out.append(
            ROW.format(
                pick=pick,
                url=esc(s.detail_url),
                code=esc(code),
                kind=kind,
                name=esc(p.name),
                ident=esc(p.nuptk or p.pegid or p.nik or ""),
                school=esc(s.school.name),
                waited=esc(waited(s.waiting_since, now)),
                late=late,
                claimed=esc(s.claimed_by.display_name) if s.claimed_by else not_yet,
            )
        )
    if not out:
        out.append(
            '<tr><td colspan="{}">{}</td></tr>'.format(
                7 if bulk_forward else 6, esc(gettext("Tidak ada ajuan yang menunggu."))
            )
        )
    return mark_safe("".join(out))  # noqa: S308 - every value is escaped above
