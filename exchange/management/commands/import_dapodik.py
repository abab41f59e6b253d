"""Import a Dapodik PTK file (CSV/XLSX) from the command line: the same checks, preview and
one-transaction apply as the upload page, versioned in the PTK history as "Dapodik".

    manage.py import_dapodik FILE [--school NPSN] [--dry-run] [--user USERNAME]
"""

from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from exchange import services
from exchange.models import EntryStatus, ImportEntry, ImportStatus
from ptk.selectors import school_by_npsn


class Command(BaseCommand):
    help = (
        "Impor berkas PTK Dapodik (CSV/XLSX): pratinjau dengan --dry-run, atau simpan dalam satu transaksi."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--school", metavar="NPSN", help="hanya baris sekolah ini")
        parser.add_argument(
            "--dry-run", action="store_true", help="periksa dan tampilkan pratinjau, tanpa menyimpan"
        )
        parser.add_argument("--user", help="pengguna yang dicatat sebagai pelaku (default: sistem)")
        parser.add_argument(
            "--show", type=int, default=50, help="berapa baris ditolak/diubah yang ditampilkan"
        )

    def handle(self, *args, file, school=None, dry_run=False, user=None, show=50, **opts):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Berkas tidak ditemukan: {file}")
        if path.stat().st_size > services.import_max_bytes():
            raise CommandError(services._too_big())
        only = None
        if school:
            only = school_by_npsn(school)
            if only is None:
                raise CommandError(f"Sekolah dengan NPSN {school} tidak ditemukan.")
        actor = None
        if user:
            actor = User.objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"Pengguna {user} tidak ditemukan.")
        with path.open("rb") as fh:
            job = services.import_upload(
                scope=None, upload=File(fh, name=path.name), actor=actor, school=only
            )
        services.import_analyse_run(job_id=job.pk)  # idempotent when a worker already ran it
        job.refresh_from_db()
        if job.status == ImportStatus.FAILED:
            raise CommandError(job.error)
        self._summary(job, show)
        if dry_run:
            services.import_cancel(job_id=job.pk, user=actor)
            self.stdout.write("Uji coba (--dry-run): tidak ada yang disimpan.")
            return
        job = services.import_confirm(job_id=job.pk, user=actor, active=None)
        services.import_apply_run(job_id=job.pk)
        job.refresh_from_db()
        if job.status == ImportStatus.FAILED:
            raise CommandError(job.error)
        if job.status == ImportStatus.PREVIEW:
            raise CommandError(job.note)
        if job.note and not job.has_changes:
            self.stdout.write(job.note)
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Selesai: {job.added} ditambahkan, {job.changed} diubah, {job.unchanged} tidak berubah, "
                    f"{job.refused} ditolak; {job.history_rows} perubahan tercatat (peran Dapodik)."
                )
            )

    def _summary(self, job, show):
        self.stdout.write(
            f"{job.total} baris: {job.added} akan ditambahkan, {job.changed} akan diubah, "
            f"{job.unchanged} tidak berubah, {job.refused} ditolak."
        )
        for e in (
            ImportEntry.objects.filter(job=job).exclude(status=EntryStatus.SAME).order_by("first_line")[:show]
        ):
            detail = "; ".join(e.messages) or ", ".join(
                f"{c['label']}: {c['old'] or '-'} -> {c['new']}" for c in e.changes[:6]
            )
            self.stdout.write(f"  baris {e.lines} [{e.get_status_display()}] {e.name}: {detail}")
