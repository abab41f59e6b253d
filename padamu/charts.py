"""Charts drawn on the server as inline SVG: readable without JavaScript, no CDN, no inline style
(the Content-Security-Policy forbids it; SVG presentation attributes are not styles). Each chart
has a <title> and <desc> for screen readers; pages show the same numbers in a table beside it.

Three shapes cover the statistics page:
- ``hbars``: one horizontal bar per row, split into coloured series (stacked);
- ``columns``: one column group per period (e.g. a week), stacked series;
- the legend is part of the SVG, so a screenshot or a print shows it too.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

PALETTE = ("#0b4f8a", "#1b6e3a", "#b3261e", "#8a5a00", "#5f6368", "#6a3d9a")
FONT = 'font-family="system-ui, DejaVu Sans, sans-serif"'


def _nice_max(value: float) -> int:
    """A round axis end at or above value (1, 2, 5 x 10^n)."""
    if value <= 1:
        return 1
    step = 1
    while True:
        for m in (1, 2, 5):
            if m * step >= value:
                return m * step
        step *= 10


def _legend(series: list[str], colors: list[str], *, x: int, y: int) -> list[str]:
    out, cx = [], x
    for name, color in zip(series, colors, strict=False):
        out.append(f'<rect x="{cx}" y="{y - 10}" width="12" height="12" fill="{color}"/>')
        out.append(f'<text x="{cx + 16}" y="{y}" font-size="12" {FONT}>{escape(name)}</text>')
        cx += 16 + 7 * len(str(name)) + 18
    return out


def _frame(width: int, height: int, title: str, desc: str, body: list[str], testid: str) -> str:
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" data-testid="{escape(testid)}" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title><desc>{escape(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def hbars(rows, *, series, title, desc="", testid="chart", colors=None, width=720, label_width=220) -> str:
    """rows: [(label, [value per series])]. Stacked horizontal bars with the total at the end."""
    colors = list(colors or PALETTE)
    bar, gap, top = 22, 10, 34
    height = top + max(len(rows), 1) * (bar + gap) + 24
    totals = [sum(v) for _l, v in rows]
    axis = _nice_max(max(totals, default=0))
    plot = width - label_width - 60
    body = _legend(series, colors, x=label_width, y=16)
    if not rows:
        body.append(
            f'<text x="{label_width}" y="{top + 16}" font-size="13" {FONT}>{escape(_("Belum ada data"))}</text>'
        )
    for i, ((label, values), total) in enumerate(zip(rows, totals, strict=True)):
        y = top + i * (bar + gap)
        body.append(
            f'<text x="{label_width - 8}" y="{y + 15}" font-size="13" text-anchor="end" {FONT}>'
            f"{escape(str(label)[:32])}</text>"
        )
        x = label_width
        for j, v in enumerate(values):
            if not v:
                continue
            w = max(plot * v / axis, 1)
            body.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar}" fill="{colors[j % len(colors)]}">'
                f"<title>{escape(str(label))}, {escape(series[j])}: {v}</title></rect>"
            )
            x += w
        body.append(
            f'<text x="{x + 6:.1f}" y="{y + 15}" font-size="13" font-weight="600" {FONT}>{total}</text>'
        )
    body.append(
        f'<line x1="{label_width}" y1="{top - 4}" x2="{label_width}" y2="{height - 20}" stroke="#5f6368"/>'
    )
    return _frame(width, height, title, desc, body, testid)


def columns(points, *, series, title, desc="", testid="chart", colors=None, width=720, height=260) -> str:
    """points: [(label, [value per series])], e.g. one per week. Stacked columns with a y axis."""
    colors = list(colors or PALETTE)
    left, top, bottom = 44, 30, 40
    plot_h = height - top - bottom
    totals = [sum(v) for _l, v in points]
    axis = 4 * _nice_max(max(totals, default=0) / 4)  # whole, round numbers on the 5 grid lines
    n = max(len(points), 1)
    slot = (width - left - 10) / n
    col = max(min(slot * 0.7, 48), 4)
    body = _legend(series, colors, x=left, y=16)
    for k in range(5):  # grid lines and axis labels
        val = axis * k // 4
        y = top + plot_h - plot_h * k / 4
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" stroke="#d5dbe1"/>')
        body.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" {FONT}>{val:g}</text>'
        )
    if not points:
        body.append(
            f'<text x="{left + 10}" y="{top + plot_h / 2:.0f}" font-size="13" {FONT}>{escape(_("Belum ada data"))}</text>'
        )
    every = max(1, round(n / 12))  # at most ~12 labels on the x axis
    for i, ((label, values), total) in enumerate(zip(points, totals, strict=True)):
        x = left + i * slot + (slot - col) / 2
        y = top + plot_h
        for j, v in enumerate(values):
            if not v:
                continue
            h = plot_h * v / axis
            y -= h
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{col:.1f}" height="{h:.1f}" fill="{colors[j % len(colors)]}">'
                f"<title>{escape(str(label))}, {escape(series[j])}: {v}</title></rect>"
            )
        if total:
            body.append(
                f'<text x="{x + col / 2:.1f}" y="{y - 3:.1f}" font-size="11" text-anchor="middle" {FONT}>{total}</text>'
            )
        if i % every == 0:
            body.append(
                f'<text x="{x + col / 2:.1f}" y="{top + plot_h + 16}" font-size="11" text-anchor="middle" {FONT}>'
                f"{escape(str(label))}</text>"
            )
    return _frame(width, height, title, desc, body, testid)
