"""Demo PTK for the schools of ``manage.py seed_demo`` (run that first). Deterministic and
idempotent: records are keyed by NIK, so a second run changes nothing.

- about 50 PTK across the demo schools: some NUPTK holders (Permanen Aktif), some new PTK with a
  PegID waiting for their S02;
- ``guru.demo``: an activated PTK at SD Negeri 1 Yogyakarta (NPSN 20400101) with some history;
- ``multi.demo`` (operator of two schools) also gets a PTK role and a record (home 20400101, also
  teaching at 20400102).
All demo users share the password ``padamu-demo``."""

import random
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import Institution, InstitutionKind, Role, RoleAssignment, User
from ptk.models import NuptkStatus, Ptk, PtkSchool
from ptk.services import history_save, ptk_enter

DEMO_PASSWORD = "padamu-demo"
SEED = 2026
PER_SCHOOL = 4
FIRST = {
    "L": ["Budi", "Agus", "Rudi", "Joko", "Bambang", "Andi", "Hendra", "Eko", "Teguh", "Fajar"],
    "P": ["Siti", "Dewi", "Sri", "Endang", "Rina", "Wulan", "Yuni", "Lestari", "Ratna", "Nur"],
}
LAST = ["Santoso", "Rahayu", "Wibowo", "Lestari", "Hidayat", "Purnomo", "Susanti", "Nugroho", "Kusuma",
        "Pratama", "Handayani", "Saputra", "Wahyuni", "Setiawan", "Maharani"]  # fmt: skip
MOTHERS = ["Suminah", "Painem", "Sutinah", "Ngatini", "Tukiyem", "Marsinah", "Wagiyem", "Sulastri"]
TYPES = [3, 3, 4, 4, 5, 11, 20, 40]
EMPLOYMENT = [1, 1, 4, 8, 8, 9, 10]


def nik(region: str, birth: date, sex: str, seq: int) -> str:
    day = birth.day + (40 if sex == "P" else 0)
    return f"{region}{day:02d}{birth.month:02d}{birth.year % 100:02d}{seq:04d}"


def nip(birth: date, sex: str, appointed: int, seq: int) -> str:
    return f"{birth:%Y%m%d}{appointed}01{1 if sex == 'L' else 2}{seq:03d}"


class Command(BaseCommand):
    help = "Isi PTK demo di sekolah-sekolah demo (jalankan seed_demo lebih dahulu)."

    def handle(self, *args, **opts):
        schools = list(
            Institution.objects.filter(kind=InstitutionKind.SEKOLAH, npsn__in=self._npsns()).order_by("npsn")
        )
        if not schools:
            raise CommandError("Sekolah demo belum ada: jalankan 'manage.py seed_demo' lebih dahulu.")
        rng = random.Random(SEED)
        made = 0
        with transaction.atomic():
            for s_index, school in enumerate(schools):
                for i in range(PER_SCHOOL):
                    made += self._one(rng, school, s_index * 100 + i + 1)
            made += self._guru_demo()
            made += self._multi_demo()
        total = Ptk.objects.filter(school__in=schools).count()
        self.stdout.write(f"PTK demo: {made} baru, {total} di sekolah demo.")
        self.stdout.write(f"  guru.demo   PTK  SD Negeri 1 Yogyakarta (kata sandi {DEMO_PASSWORD})")
        self.stdout.write("  multi.demo  PTK  + operator dua sekolah")

    @staticmethod
    def _npsns():
        from accounts.management.commands.seed_demo import SCHOOLS, SILN

        return [s[0] for s in SCHOOLS] + [SILN[0]]

    @staticmethod
    def _region(school) -> str:
        return school.district_id.replace(".", "") if school.district_id else "317101"

    def _one(self, rng: random.Random, school, seq: int) -> int:
        # Draw every value first so the sequence stays the same whether or not the row exists.
        sex = rng.choice("LP")
        birth = date(rng.randint(1965, 1999), rng.randint(1, 12), rng.randint(1, 28))
        name = f"{rng.choice(FIRST[sex])} {rng.choice(LAST)}"
        mother = rng.choice(MOTHERS)
        ptk_type, emp = rng.choice(TYPES), rng.choice(EMPLOYMENT)
        has_nuptk = rng.random() < 0.55
        nuptk = f"{rng.randint(10**15, 10**16 - 1)}"
        number = nik(self._region(school), birth, sex, seq)
        if Ptk.objects.filter(nik=number).exists():
            return 0
        fields = {
            "name": name, "nik": number, "birth_place": "Yogyakarta", "birth_date": birth, "sex": sex,
            "mother_name": mother, "ptk_type": ptk_type, "employment_status": emp,
            "qualification": "S1", "in_dapodik": True, "has_rombel": ptk_type in (3, 4, 5),
        }  # fmt: skip
        if emp in (1, 10):
            fields["nip"] = nip(birth, sex, max(birth.year + 23, 2005), seq % 1000 or 1)
        if has_nuptk:
            fields["nuptk"] = nuptk
        ptk = ptk_enter(school=school, actor=None, role="seed_demo_ptk", form="A05",
                        pegid_source=lambda: f"00{34000000000000 + seq:014d}", **fields)  # fmt: skip
        if has_nuptk:
            ptk.nuptk_status = NuptkStatus.PERMANEN_AKTIF
            ptk.save(update_fields=["nuptk_status", "updated_at"])
        return 1

    def _user(self, username: str, full_name: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, full_name=full_name)
            user.set_password(DEMO_PASSWORD)
            user.save()
        RoleAssignment.objects.get_or_create(user=user, role=Role.PTK, institution=None)
        return user

    def _link(self, ptk: Ptk, user: User) -> None:
        if ptk.user_id is None:
            now = timezone.now()
            ptk.user, ptk.level1_at, ptk.activated_at = user, now, now
            if ptk.nuptk and ptk.nuptk_status == NuptkStatus.NONE:
                ptk.nuptk_status = NuptkStatus.SEMENTARA_AKTIF
            ptk.save(update_fields=["user", "level1_at", "activated_at", "nuptk_status", "updated_at"])

    def _guru_demo(self) -> int:
        school = Institution.objects.get(npsn="20400101")
        birth, number = date(1988, 4, 12), "3471015204880002"
        user = self._user("guru.demo", "Siti Rahmawati")
        ptk = Ptk.objects.filter(nik=number).first()
        if ptk is not None:
            return 0
        ptk = ptk_enter(
            school=school, actor=None, role="seed_demo_ptk", form="A01",
            name="Siti Rahmawati", nik=number, birth_place="Yogyakarta", birth_date=birth, sex="P",
            mother_name="Suminah", nuptk="5752766667130083", nip="198804122010012003", employment_status=1,
            ptk_type=3, qualification="S1", in_dapodik=True, has_rombel=True, religion=1,
            address="Jl. Bantul No. 12, Mantrijeron, Yogyakarta", phone="081227000111",
        )  # fmt: skip
        self._link(ptk, user)
        for table, data in (
            ("pendidikan", {"level": "S1", "institution_name": "Universitas Negeri Yogyakarta",
                            "major": "PGSD", "year_in": 2006, "year_out": 2010, "diploma_number": "UNY/2010/04512"}),
            ("pengangkatan", {"kind": "pns", "number": "821.13/0412/2011", "date": date(2011, 3, 1),
                              "issuer": "Walikota Yogyakarta", "valid_from": date(2011, 3, 1)}),
            ("mengajar", {"school_year": "2025/2026", "school_name": school.name, "subject": "Guru Kelas IV",
                          "hours": 28, "sk_number": "421.2/017/2025", "sk_date": date(2025, 7, 14)}),
        ):  # fmt: skip
            history_save(ptk=ptk, table=table, data=data, actor=user, role=Role.PTK)
        return 1

    def _multi_demo(self) -> int:
        user = User.objects.filter(username="multi.demo").first()
        if user is None:
            return 0
        home, other = Institution.objects.get(npsn="20400101"), Institution.objects.get(npsn="20400102")
        self._user("multi.demo", user.full_name)
        number = "3471014709850003"
        if Ptk.objects.filter(nik=number).exists():
            return 0
        ptk = ptk_enter(
            school=home, actor=None, role="seed_demo_ptk", form="A05",
            name="Sri Wahyuni", nik=number, birth_place="Sleman", birth_date=date(1985, 9, 7), sex="P",
            mother_name="Ngatini", employment_status=4, ptk_type=14, qualification="S1", in_dapodik=True,
            has_rombel=True, pegid_source=lambda: "0034710000009001",
        )  # fmt: skip
        self._link(ptk, user)
        PtkSchool.objects.get_or_create(
            ptk=ptk, school=other, defaults={"dinas_id": other.dinas_id, "qa_office_id": other.qa_office_id}
        )
        return 1
