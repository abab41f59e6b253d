from datetime import timedelta

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Hapus berkas unggahan yang tidak tercatat di basis data (transaksinya batal setelah berkas "
        "ditulis). Jalankan dari cron, misalnya sekali sehari."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than-hours", type=float, default=24.0)
        parser.add_argument("--dry-run", action="store_true", help="Hanya tampilkan, jangan hapus.")

    def handle(self, *args, **opts):
        from documents.files import orphan_files_sweep

        paths = orphan_files_sweep(
            older_than=timedelta(hours=opts["older_than_hours"]), dry_run=opts["dry_run"]
        )
        for p in paths:
            self.stdout.write(f"  {p}")
        verb = "akan dihapus" if opts["dry_run"] else "dihapus"
        self.stdout.write(f"{len(paths)} berkas yatim {verb}.")
