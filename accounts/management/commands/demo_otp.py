"""Print the current TOTP code of a demo account (one enrolled by seed_demo with the public demo key),
for logging in to the demo without an authenticator app. Refuses any other account."""

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.management.commands.seed_demo import DEMO_TOTP_KEY


def demo_code(username: str) -> str:
    device = TOTPDevice.objects.filter(user__username=username, confirmed=True, key=DEMO_TOTP_KEY).first()
    if device is None:
        raise CommandError(f"{username}: bukan akun demo dengan kunci TOTP demo (jalankan seed_demo).")
    t = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{t.token():0{device.digits}d}"


class Command(BaseCommand):
    help = "Cetak kode verifikasi (TOTP) saat ini untuk akun demo."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, **opts):
        self.stdout.write(demo_code(opts["username"]))
