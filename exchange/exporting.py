"""Writing PTK in the Dapodik import format (the columns of ``exchange.columns``), as Dapodik
exports them: for every school of the export, one row per PTK registered there (home school or
another school where they teach, ``PTK Induk`` 1/0) and per current rombel at that school; a PTK
without rombel there gets one row with empty rombel columns. Every cell is escaped against formula
injection (``padamu.csvsafe``). The file imports again unchanged (round trip)."""

import csv
import io

from padamu.csvsafe import safe_row
from ptk.models import PtkRombel, PtkSchool

from .columns import EXPORT_HEADER

CHUNK = 2000


def links_for(schools):
    """The PTK-school links of the export, in a stable order (school, PTK)."""
    return PtkSchool.objects.filter(school__in=schools, until__isnull=True).order_by("school_id", "ptk_id")


def _rows_for_links(links):
    ptk_ids = {link.ptk_id for link in links}
    school_ids = {link.school_id for link in links}
    rombels = {}
    for r in PtkRombel.objects.filter(
        ptk_id__in=ptk_ids, school_id__in=school_ids, ended_on__isnull=True
    ).order_by("school_year", "semester", "rombel", "subject", "pk"):
        rombels.setdefault((r.ptk_id, r.school_id), []).append(r)
    for link in links:
        p = link.ptk
        base = [
            p.name,
            p.nik or "",
            p.nuptk or "",
            p.nip or "",
            p.sex,
            p.birth_place,
            p.birth_date.isoformat(),
            p.mother_name,
            p.get_employment_status_display() if p.employment_status else "",
            p.get_ptk_type_display() if p.ptk_type else "",
            p.qualification,
            link.school.npsn,
            "1" if link.school_id == p.school_id else "0",
        ]
        rs = rombels.get((p.pk, link.school_id), [])
        if not rs:
            yield safe_row(base + ["", "", "", "", ""])
        for r in rs:
            yield safe_row(base + [r.school_year, str(r.semester), r.rombel, r.subject, str(r.hours)])


def iter_rows(links_qs, *, progress=None):
    """Rows of the export (without header), a chunk of links at a time (constant memory)."""
    last = None
    done = 0
    while True:
        qs = links_qs.select_related("ptk", "school")
        if last is not None:
            qs = _after(qs, last)
        chunk = list(qs[:CHUNK])
        if not chunk:
            return
        yield from _rows_for_links(chunk)
        done += len(chunk)
        if progress:
            progress(done)
        last = (chunk[-1].school_id, chunk[-1].ptk_id)


def _after(qs, last):
    from django.db.models import Q

    school_id, ptk_id = last
    return qs.filter(Q(school_id__gt=school_id) | Q(school_id=school_id, ptk_id__gt=ptk_id))


def write_csv(rows, out) -> int:
    """UTF-8 with BOM, semicolons (what Excel in an Indonesian locale opens as columns)."""
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    w = csv.writer(text, delimiter=";")
    w.writerow(EXPORT_HEADER)
    n = 0
    for row in rows:
        w.writerow(row)
        n += 1
    text.flush()
    text.detach()
    return n


def write_xlsx(rows, out) -> int:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("PTK")
    ws.append(EXPORT_HEADER)
    n = 0
    for row in rows:
        ws.append(row)  # every cell a string: NIK/NUPTK/NIP stay text in Excel
        n += 1
    wb.save(out)
    return n
