from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Delete merged batch-print PDFs that were not downloaded before they expired (run from cron)."

    def handle(self, *args, **opts):
        from documents.services import batch_purge_expired

        self.stdout.write(f"{batch_purge_expired()} berkas cetak massal kedaluwarsa dihapus.")
