"""Benchmark of the Dapodik import: generates a file of N rows (new PTK spread over bench schools,
one rombel each), runs it through the real path (upload -> check -> confirm -> apply in one
transaction) and prints rows/s per phase; then imports the same file again (nothing changes) and
a changed copy (every row one change). Use PostgreSQL for the figures that count.

    manage.py bench_dapodik_import --rows 100000 [--schools 500] [--keep]
"""

import csv
import io
import os
import random
import time
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import connection

from accounts.models import Institution, InstitutionKind, Jenjang, Province, Regency
from accounts.services import institution_create
from exchange import services
from exchange.columns import EXPORT_HEADER
from exchange.models import DapodikImport, ImportStatus
from ptk.models import Ptk, PtkChange, PtkRombel, PtkSchool

BENCH_NPSN = 71000000


class Command(BaseCommand):
    help = "Ukur kecepatan impor Dapodik (baris per detik)."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=100_000)
        parser.add_argument("--schools", type=int, default=500)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--keep", action="store_true", help="keep the imported PTK (default: removed)")

    def handle(self, *args, rows, schools, seed, keep, **opts):
        self.stdout.write(
            f"database: {connection.vendor}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )
        bench_schools = self._schools(schools)
        rnd = random.Random(seed)
        regency = bench_schools[0].regency_id.replace(".", "")
        lines = []
        for i in range(rows):
            birth = date(1960, 1, 1) + timedelta(days=rnd.randrange(0, 15000))
            sex = "L" if i % 2 else "P"
            day = birth.day + (40 if sex == "P" else 0)
            nik = f"{regency}01{day:02d}{birth.month:02d}{birth.year % 100:02d}{(i % 9999) + 1:04d}"
            school = bench_schools[i % len(bench_schools)]
            lines.append(
                [f"Bench {seed} {i:06d}", nik, "", "", sex, "Kota", birth.isoformat(), f"Ibu {seed} {i}",
                 "Guru Honor Sekolah", "Guru Kelas", "S1", school.npsn, "1", "2025/2026", "1",
                 f"Kelas {i % 6 + 1}{'ABCD'[i % 4]}", "Guru Kelas", "24"]
            )  # fmt: skip
        # NIK must be unique: the sequence part repeats every 9,999 rows, so make the date part unique too
        seen = set()
        for i, row in enumerate(lines):
            while row[1] in seen:
                row[6] = (date.fromisoformat(row[6]) + timedelta(days=1)).isoformat()
                b = date.fromisoformat(row[6])
                day = b.day + (40 if row[4] == "P" else 0)
                row[1] = f"{regency}01{day:02d}{b.month:02d}{b.year % 100:02d}{(i % 9999) + 1:04d}"
            seen.add(row[1])
        data = self._csv(lines)
        self.stdout.write(f"file: {rows} rows, {len(data) / 1e6:.1f} MB CSV, {len(bench_schools)} schools")
        try:
            self._run("first import (all new)", data, rows)
            self._run("same file again (nothing to change)", data, rows)
            for row in lines:
                row[9] = "Guru Mapel"
            self._run("every row changed (jenis PTK)", self._csv(lines), rows)
        finally:
            if not keep:
                self._cleanup(bench_schools)

    def _csv(self, lines) -> bytes:
        buf = io.StringIO()
        w = csv.writer(buf, delimiter=";")
        w.writerow(EXPORT_HEADER)
        w.writerows(lines)
        return buf.getvalue().encode()

    def _clock(self):
        """(wall, CPU of this process, CPU of its PostgreSQL backend): on a shared machine the
        CPU seconds say what the work costs when the wall clock says mostly how busy others are."""
        pg = 0.0
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SELECT pg_backend_pid()")
                pid = cur.fetchone()[0]
            try:
                with open(f"/proc/{pid}/stat") as fh:
                    f = fh.read().rsplit(")", 1)[1].split()
                pg = (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
            except OSError:
                pg = float("nan")
        return time.perf_counter(), time.process_time(), pg

    def _line(self, name, a, b, rows):
        wall, py, pg = (y - x for x, y in zip(a, b, strict=True))
        return (
            f"  {name:<14}{wall:7.1f} s wall ({rows / max(wall, 1e-9):7.0f} rows/s) | CPU: python {py:6.1f} s + "
            f"postgres {pg:6.1f} s = {py + pg:6.1f} s ({rows / max(py + pg, 1e-9):7.0f} rows/CPU-s)"
        )

    def _run(self, label, data, rows):
        c0 = self._clock()
        job = services.import_upload(scope=None, upload=ContentFile(data, name="bench.csv"), actor=None)
        services.import_analyse_run(job_id=job.pk)
        c1 = self._clock()
        job.refresh_from_db()
        assert job.status == ImportStatus.PREVIEW, job.error
        services.import_confirm(job_id=job.pk, user=None, active=None)
        services.import_apply_run(job_id=job.pk)
        c2 = self._clock()
        job.refresh_from_db()
        assert job.status == ImportStatus.DONE, (job.status, job.error, job.note)
        self.stdout.write(
            f"{label}: +{job.added} ~{job.changed} ={job.unchanged} x{job.refused}, {job.history_rows} history rows\n"
            + self._line("check+preview", c0, c1, rows)
            + "\n"
            + self._line("confirm+apply", c1, c2, rows)
            + "   <- the import (one transaction)\n"
            + self._line("total", c0, c2, rows)
        )
        DapodikImport.objects.filter(pk=job.pk).delete()

    def _schools(self, n):
        existing = list(
            Institution.objects.filter(npsn__startswith="71", kind=InstitutionKind.SEKOLAH).order_by("npsn")[
                :n
            ]
        )
        if len(existing) >= n:
            return existing
        regency = Regency.objects.order_by("code").first()
        if regency is None:
            p = Province.objects.create(code="34", name="DI Yogyakarta")
            regency = Regency.objects.create(code="34.71", name="Kota Yogyakarta", province=p)
        have = {s.npsn for s in existing}
        for i in range(n):
            npsn = str(BENCH_NPSN + i)
            if npsn not in have:
                existing.append(
                    institution_create(
                        kind=InstitutionKind.SEKOLAH, name=f"SD Bench {i}", npsn=npsn, jenjang=Jenjang.SD,
                        status="negeri", regency=regency, province=regency.province,
                    )
                )  # fmt: skip
        return existing[:n]

    def _cleanup(self, schools):
        t0 = time.perf_counter()
        ids = Ptk.objects.filter(school__in=schools).values("pk")
        for model in (PtkChange, PtkRombel, PtkSchool):
            model.objects.filter(ptk__in=ids)._raw_delete(model.objects.db)
        Ptk.objects.filter(school__in=schools)._raw_delete(Ptk.objects.db)
        self.stdout.write(f"removed the bench PTK ({time.perf_counter() - t0:.1f} s)")
