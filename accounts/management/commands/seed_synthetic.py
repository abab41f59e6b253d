"""Deterministic synthetic data of any size, for benchmarks:

    manage.py seed_synthetic --schools 300000 --ptk 3000000

Creates every office (PDSPK, BPKLN, per province LPMP, BP-PAUD and Dinas provinsi, per kab/kota a
Dinas), then schools spread over all 7,285 kecamatan with a realistic jenjang mix, then PTK spread over
those schools. The same arguments always give the same rows; running again tops up to the asked size.
Rows are written with COPY on PostgreSQL and bulk inserts elsewhere."""

import random
import time
from datetime import date, timedelta

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from accounts.coverage import dinas_kind_for, qa_kind_for
from accounts.models import District, Institution, InstitutionKind, Jenjang, Province, Regency

K = InstitutionKind
SYN_NPSN_BASE = 30_000_000
# Share of schools per jenjang, after the 2023 counts in domain.md.
JENJANG_MIX = [
    (Jenjang.SD, 149),
    (Jenjang.TK, 97),
    (Jenjang.KB, 85),
    (Jenjang.SMP, 42),
    (Jenjang.SMA, 14),
    (Jenjang.SMK, 14),
    (Jenjang.PKBM, 10),
    (Jenjang.SLB, 2),
    (Jenjang.SPS, 2),
    (Jenjang.TPA, 1),
]
FIRST = [
    "Siti",
    "Budi",
    "Agus",
    "Dewi",
    "Sri",
    "Eko",
    "Rina",
    "Joko",
    "Nur",
    "Putu",
    "Made",
    "Ahmad",
    "Yuli",
    "Hendra",
    "Wahyu",
    "Fitri",
    "Andi",
    "Lestari",
    "Rudi",
    "Ayu",
]
LAST = [
    "Rahayu",
    "Santoso",
    "Wijaya",
    "Lestari",
    "Hidayat",
    "Saputra",
    "Kurniawan",
    "Pratama",
    "Susanti",
    "Nugroho",
    "Setiawan",
    "Handayani",
    "Siregar",
    "Nasution",
    "Wibowo",
    "Permata",
    "Utami",
    "Hasan",
]


def bulk_write(model, objs: list) -> None:
    """Insert many rows: COPY on PostgreSQL (values prepared by each field, defaults included)."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs, batch_size=5000)
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    cols = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cur:
        with cur.cursor.copy(f"COPY {model._meta.db_table} ({cols}) FROM STDIN") as copy:
            for o in objs:
                row = []
                for f in fields:
                    v = (
                        f.pre_save(o, add=True)
                        if f.__class__.__name__ == "DateTimeField"
                        else getattr(o, f.attname)
                    )
                    row.append(f.get_db_prep_save(v, connection))
                copy.write_row(row)


class Command(BaseCommand):
    help = "Buat data sintetis deterministik untuk benchmark (--schools, --ptk)."

    def add_arguments(self, parser):
        parser.add_argument("--schools", type=int, default=1000)
        parser.add_argument("--ptk", type=int, default=10000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--batch", type=int, default=50000)

    def handle(self, *args, **o):
        t0 = time.monotonic()
        if not Province.objects.exists():
            call_command("load_wilayah", stdout=self.stdout)
        offices = self._offices()
        n_s = self._schools(o["schools"], o["seed"], offices, o["batch"])
        n_p = self._ptk(o["ptk"], o["seed"], o["batch"])
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("ANALYZE accounts_institution; ANALYZE ptk_ptk;")
        self.stdout.write(f"sekolah sintetis: {n_s}, PTK sintetis: {n_p}, {time.monotonic() - t0:.1f} s")

    # -- offices ---------------------------------------------------------------------------------
    def _offices(self) -> dict:
        """Every office once, in bulk; parents follow accounts.coverage.parent_for."""
        have = {
            (i.kind, i.province_id, i.regency_id): i.pk for i in Institution.objects.exclude(kind=K.SEKOLAH)
        }

        def ensure_many(specs):
            new = [
                Institution(kind=kind, name=name, province_id=prov, regency_id=reg, parent_id=parent)
                for kind, name, prov, reg, parent in specs
                if (kind, prov, reg) not in have
            ]
            Institution.objects.bulk_create(new, batch_size=1000)
            for i in Institution.objects.exclude(kind=K.SEKOLAH).filter(kind__in={s[0] for s in specs}):
                have.setdefault((i.kind, i.province_id, i.regency_id), i.pk)

        ensure_many([(K.PDSPK, "PDSPK", None, None, None)])
        pdspk = have[(K.PDSPK, None, None)]
        ensure_many([(K.BPKLN, "BPKLN", None, None, pdspk)])
        provinces = list(Province.objects.values_list("code", "name"))
        ensure_many(
            [(K.LPMP, f"LPMP {n}", c, None, pdspk) for c, n in provinces]
            + [(K.BPPAUD, f"BP-PAUD dan Dikmas {n}", c, None, pdspk) for c, n in provinces]
        )
        ensure_many(
            [
                (K.DINAS_PROV, f"Dinas Pendidikan Provinsi {n}", c, None, have[(K.LPMP, c, None)])
                for c, n in provinces
            ]
        )
        ensure_many(
            [
                (K.DINAS_KAB, f"Dinas Pendidikan {n}", p, c, have[(K.LPMP, p, None)])
                for c, n, p in Regency.objects.values_list("code", "name", "province_id")
            ]
        )
        idx = {}
        for (kind, prov, reg), pk in have.items():
            idx[(kind, reg if kind == K.DINAS_KAB else prov)] = pk
        return idx

    # -- schools ---------------------------------------------------------------------------------
    def _schools(self, n: int, seed: int, offices: dict, batch: int) -> int:
        have = Institution.objects.filter(
            kind=K.SEKOLAH, npsn__gte=str(SYN_NPSN_BASE), npsn__lt=str(SYN_NPSN_BASE + 10_000_000)
        ).count()
        districts = list(
            District.objects.select_related("regency")
            .order_by("code")
            .values_list("code", "regency_id", "regency__province_id")
        )
        weights = [w for _j, w in JENJANG_MIX]
        jenjangs = [j for j, _w in JENJANG_MIX]
        buf = []
        for i in range(have, n):
            rnd = random.Random(seed * 1_000_003 + i)
            dcode, reg, prov = districts[i % len(districts)]
            jenjang = rnd.choices(jenjangs, weights)[0]
            dkind = dinas_kind_for(jenjang=jenjang, is_abroad=False)
            qkind = qa_kind_for(jenjang=jenjang, is_abroad=False)
            dinas = offices.get((dkind, reg if dkind == K.DINAS_KAB else prov))
            swasta = rnd.random() < (0.85 if jenjang in (Jenjang.TK, Jenjang.KB, Jenjang.PKBM) else 0.35)
            buf.append(
                Institution(
                    kind=K.SEKOLAH,
                    name=f"{jenjang} {'Swasta' if swasta else 'Negeri'} Sintetis {i + 1}",
                    npsn=str(SYN_NPSN_BASE + i),
                    jenjang=jenjang,
                    status="swasta" if swasta else "negeri",
                    yayasan=f"Yayasan Sintetis {i % 997}" if swasta else "",
                    province_id=prov,
                    regency_id=reg,
                    district_id=dcode,
                    dinas_id=dinas,
                    parent_id=dinas,
                    qa_office_id=offices.get((qkind, prov)),
                )
            )
            if len(buf) >= batch:
                with transaction.atomic():
                    bulk_write(Institution, buf)
                buf = []
        with transaction.atomic():
            bulk_write(Institution, buf)
        return max(n, have)

    # -- PTK -------------------------------------------------------------------------------------
    def _ptk(self, n: int, seed: int, batch: int) -> int:
        Ptk = apps.get_model("ptk", "Ptk")
        have = Ptk.objects.filter(name__endswith=" (sintetis)").count()
        if have >= n:
            return have
        schools = list(
            Institution.objects.filter(
                kind=K.SEKOLAH, npsn__gte=str(SYN_NPSN_BASE), npsn__lt=str(SYN_NPSN_BASE + 10_000_000)
            )
            .order_by("npsn")
            .values_list("pk", "dinas_id", "qa_office_id", "district_id")
        )
        if not schools:
            self.stderr.write("Tidak ada sekolah sintetis: jalankan dengan --schools lebih dulu.")
            return have
        buf = []
        base_date = date(1960, 1, 1)
        for i in range(have, n):
            rnd = random.Random(seed * 7_000_003 + i)
            school, dinas, qa, dcode = schools[(i * 7919) % len(schools)]
            sex = "P" if rnd.random() < 0.6 else "L"
            born = base_date + timedelta(days=rnd.randrange(0, 14600))
            has_nuptk = rnd.random() < 0.7
            buf.append(
                Ptk(
                    name=f"{rnd.choice(FIRST)} {rnd.choice(LAST)} {i + 1} (sintetis)",
                    nik=f"{dcode.replace('.', '')}{i:010d}",
                    birth_place="Kota Sintetis",
                    birth_date=born,
                    sex=sex,
                    mother_name=f"Ibu {rnd.choice(FIRST)}",
                    nuptk=f"{1_000_000_000_000_000 + i:016d}" if has_nuptk else None,
                    pegid=None if has_nuptk else f"9{i:015d}",
                    nuptk_status="permanen_aktif" if has_nuptk else "none",
                    employment_status=rnd.choice([1, 1, 4, 8, 10]),
                    ptk_type=rnd.choice([3, 4, 4, 11, 20]),
                    qualification=rnd.choice(["S1", "S1", "D-IV", "SMA", "S2"]),
                    in_dapodik=True,
                    has_rombel=rnd.random() < 0.8,
                    school_id=school,
                    dinas_id=dinas,
                    qa_office_id=qa,
                )
            )
            if len(buf) >= batch:
                with transaction.atomic():
                    bulk_write(Ptk, buf)
                buf = []
                self.stdout.write(f"  PTK {i + 1:,}/{n:,}")
        with transaction.atomic():
            bulk_write(Ptk, buf)
        return n
