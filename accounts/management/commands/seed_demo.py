"""Demo data for a first look: DI Yogyakarta with Kota Yogyakarta and Kabupaten Sleman, every kind of
office, ten schools of several jenjang and status, one school abroad, and one user per role plus a
multi-role user. Idempotent: running it again changes nothing. All demo users share one password,
printed at the end; it is a public demo value, never use it outside a demo."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import (
    District,
    Institution,
    InstitutionKind,
    Jenjang,
    Province,
    Regency,
    Role,
    RoleAssignment,
    User,
)
from accounts.services import institution_create, institution_group

DEMO_PASSWORD = "padamu-demo"
# Public demo TOTP key for every demo account whose roles require a second factor (admins, office
# reviewers, the superuser). Base32 for an authenticator app: OBQWIYLNOUWWIZLNN4WXI33UOAWWWZLZ;
# or print the current code with `manage.py demo_otp <username>`. A demo value: never in production.
DEMO_TOTP_KEY = "706164616d752d64656d6f2d746f74702d6b6579"
DEMO_TOTP_BASE32 = "OBQWIYLNOUWWIZLNN4WXI33UOAWWWZLZ"
K = InstitutionKind

OFFICES = [
    # key, kind, name, where
    ("pdspk", K.PDSPK, "Pusat Data dan Statistik Pendidikan (PDSPK)", {}),
    ("lpmp", K.LPMP, "LPMP D.I. Yogyakarta", {"province": "34"}),
    ("bppaud", K.BPPAUD, "BP-PAUD dan Dikmas D.I. Yogyakarta", {"province": "34"}),
    ("bpkln", K.BPKLN, "Biro Perencanaan dan Kerja Sama Luar Negeri (BPKLN)", {}),
    ("atdikbud", K.ATDIKBUD, "Atdikbud KBRI Kuala Lumpur", {"country": "Malaysia"}),
    ("dinas_prov", K.DINAS_PROV, "Dinas Pendidikan, Pemuda dan Olahraga D.I. Yogyakarta", {"province": "34"}),
    ("dinas_kota", K.DINAS_KAB, "Dinas Pendidikan Kota Yogyakarta", {"province": "34", "regency": "34.71"}),
    (
        "dinas_sleman",
        K.DINAS_KAB,
        "Dinas Pendidikan Kabupaten Sleman",
        {"province": "34", "regency": "34.04"},
    ),
    (
        "kec_mantrijeron",
        K.KECAMATAN,
        "UPT Pendidikan Kecamatan Mantrijeron",
        {"province": "34", "regency": "34.71", "district": "34.71.01"},
    ),
]

SCHOOLS = [
    # npsn, name, jenjang, status, district, yayasan
    ("20400101", "SD Negeri 1 Yogyakarta", Jenjang.SD, "negeri", "34.71.01", ""),
    ("20400102", "SMP Negeri 2 Yogyakarta", Jenjang.SMP, "negeri", "34.71.02", ""),
    ("20400103", "SMA Negeri 3 Yogyakarta", Jenjang.SMA, "negeri", "34.71.03", ""),
    ("20400104", "SMK Negeri 4 Yogyakarta", Jenjang.SMK, "negeri", "34.71.04", ""),
    ("20400105", "SD Muhammadiyah Sapen", Jenjang.SD, "swasta", "34.71.05", "Persyarikatan Muhammadiyah"),
    ("20400106", "TK Pertiwi Mantrijeron", Jenjang.TK, "swasta", "34.71.01", "Yayasan Pertiwi"),
    ("20400201", "SD Negeri Depok 1 Sleman", Jenjang.SD, "negeri", "34.04.06", ""),
    ("20400202", "SMP Negeri 1 Sleman", Jenjang.SMP, "negeri", "34.04.11", ""),
    ("20400203", "SLB Negeri 1 Sleman", Jenjang.SLB, "negeri", "34.04.11", ""),
    ("20400204", "KB Ceria Gamping", Jenjang.KB, "swasta", "34.04.01", "Yayasan Ceria"),
    ("P2400205", "PKBM Bina Mandiri Sleman", Jenjang.PKBM, "swasta", "34.04.01", "Yayasan Bina Mandiri"),
]
SILN = ("69900101", "Sekolah Indonesia Kuala Lumpur", Jenjang.SMA, "negeri")

# username, full name, role, institution key
USERS = [
    ("pdspk.admin", "Admin PDSPK", Role.ADMIN, "pdspk"),
    ("pdspk.op", "Operator PDSPK", Role.OPERATOR, "pdspk"),
    ("lpmp.admin", "Admin LPMP DIY", Role.ADMIN, "lpmp"),
    ("lpmp.op", "Operator LPMP DIY", Role.OPERATOR, "lpmp"),
    ("bppaud.op", "Operator BP-PAUD DIY", Role.OPERATOR, "bppaud"),
    ("bpkln.op", "Operator BPKLN", Role.OPERATOR, "bpkln"),
    ("atdikbud.op", "Operator Atdikbud Kuala Lumpur", Role.OPERATOR, "atdikbud"),
    ("dinasprov.admin", "Admin Dinas Pendidikan DIY", Role.ADMIN, "dinas_prov"),
    ("dinasprov.op", "Operator Dinas Pendidikan DIY", Role.OPERATOR, "dinas_prov"),
    ("dinaskota.admin", "Admin Dinas Pendidikan Kota Yogyakarta", Role.ADMIN, "dinas_kota"),
    ("dinaskota.op", "Operator Dinas Pendidikan Kota Yogyakarta", Role.OPERATOR, "dinas_kota"),
    ("dinassleman.op", "Operator Dinas Pendidikan Sleman", Role.OPERATOR, "dinas_sleman"),
    ("kecamatan.op", "Operator UPT Kecamatan Mantrijeron", Role.OPERATOR, "kec_mantrijeron"),
    ("sekolah.admin", "Admin SD Negeri 1 Yogyakarta", Role.ADMIN, "20400101"),
    ("sekolah.op", "Operator SD Negeri 1 Yogyakarta", Role.OPERATOR, "20400101"),
    ("sma3.op", "Operator SMA Negeri 3 Yogyakarta", Role.OPERATOR, "20400103"),
    ("kb.op", "Operator KB Ceria Gamping", Role.OPERATOR, "20400204"),
    ("siln.op", "Operator Sekolah Indonesia Kuala Lumpur", Role.OPERATOR, "69900101"),
    # A teacher who is also the operator of two schools (the PTK role is added by seed_demo_ptk).
    ("multi.demo", "Sri Wahyuni (multi-peran)", Role.OPERATOR, "20400101"),
    ("multi.demo", "Sri Wahyuni (multi-peran)", Role.OPERATOR, "20400102"),
]


class Command(BaseCommand):
    help = "Isi data demo (DI Yogyakarta) dan cetak akun-akun demo."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Jangan cetak daftar akun demo.")

    def handle(self, *args, **opts):
        if not Province.objects.filter(code="34").exists():
            call_command("load_wilayah", stdout=self.stdout)
        with transaction.atomic():
            inst = self._institutions()
            self._users(inst)
            self._mfa()
        if not opts["quiet_logins"]:
            self._print_logins()

    def _institutions(self) -> dict:
        inst = {}
        for key, kind, name, where in OFFICES:
            found = Institution.objects.filter(kind=kind, name=name).first()
            if found is None:
                fields = {}
                if "province" in where:
                    fields["province"] = Province.objects.get(code=where["province"])
                if "regency" in where:
                    fields["regency"] = Regency.objects.get(code=where["regency"])
                if "district" in where:
                    fields["district"] = District.objects.get(code=where["district"])
                if "country" in where:
                    fields["country"] = where["country"]
                found = institution_create(
                    kind=kind,
                    name=name,
                    head_name=f"Kepala {name}",
                    head_nip="197001011995031001",
                    address="Jl. Pendidikan No. 1",
                    **fields,
                )
            inst[key] = found
        for npsn, name, jenjang, status, dcode, yayasan in SCHOOLS:
            found = Institution.objects.filter(npsn=npsn).first()
            if found is None:
                d = District.objects.select_related("regency__province").get(code=dcode)
                found = institution_create(
                    kind=K.SEKOLAH,
                    name=name,
                    npsn=npsn,
                    jenjang=jenjang,
                    status=status,
                    yayasan=yayasan,
                    district=d,
                    regency=d.regency,
                    province=d.regency.province,
                    head_name=f"Kepala {name}",
                    head_nip="197505052000032002",
                    address=f"Kecamatan {d.name}",
                )
            inst[npsn] = found
        npsn, name, jenjang, status = SILN
        found = Institution.objects.filter(npsn=npsn).first() or institution_create(
            kind=K.SEKOLAH,
            name=name,
            npsn=npsn,
            jenjang=jenjang,
            status=status,
            is_abroad=True,
            country="Malaysia",
            head_name="Kepala SIKL",
            head_nip="196812121994031003",
            address="Kuala Lumpur",
        )
        inst[npsn] = found
        return inst

    def _users(self, inst: dict) -> None:
        if not User.objects.filter(username="admin").exists():
            User.objects.create_superuser("admin", "", DEMO_PASSWORD, full_name="Superuser Demo")
        for username, full_name, role, key in USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(username=username, full_name=full_name)
                user.set_password(DEMO_PASSWORD)
                user.save()
            institution = inst[key]
            _a, created = RoleAssignment.objects.get_or_create(user=user, role=role, institution=institution)
            if created:
                institution_group(institution).user_set.add(user)

    def _mfa(self) -> None:
        """Enrol every demo account that needs a second factor with the public demo TOTP key."""
        from accounts.mfa import mfa_enrol_fixed, mfa_required

        for user in User.objects.filter(username__in={u[0] for u in USERS} | {"admin"}):
            if mfa_required(user):
                mfa_enrol_fixed(user=user, key_hex=DEMO_TOTP_KEY)

    def _print_logins(self) -> None:
        self.stdout.write(f"\nAkun demo (kata sandi untuk semua akun demo: {DEMO_PASSWORD})")
        rows = (
            RoleAssignment.objects.filter(user__username__in={u[0] for u in USERS} | {"guru.demo"})
            .select_related("user", "institution")
            .order_by("user__username", "role")
        )
        for a in rows:
            where = a.institution.name if a.institution else "data diri sendiri"
            self.stdout.write(f"  {a.user.username:<18} {a.get_role_display():<9} {where}")
        self.stdout.write("  admin              superuser (Django admin)")
        self.stdout.write(
            "\nVerifikasi dua langkah (admin, operator Dinas/LPMP/BPKLN/BP-PAUD/Atdikbud/PDSPK, superuser): "
            f"kunci TOTP demo {DEMO_TOTP_BASE32}, atau cetak kode saat ini dengan "
            "`manage.py demo_otp <nama pengguna>`."
        )
