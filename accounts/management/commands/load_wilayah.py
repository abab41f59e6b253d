"""Load provinces, kabupaten/kota and kecamatan (Kemendagri codes) from fixtures/wilayah/.
Idempotent: existing rows are updated in place, nothing is duplicated.
Data: idn-area-data 4.0.1 (Kepmendagri 2025), ODbL 1.0; see fixtures/wilayah/LICENSE.md."""

import csv
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import District, Province, Regency

DATA_DIR = Path(settings.BASE_DIR) / "fixtures" / "wilayah"


def _rows(name):
    with open(DATA_DIR / name, newline="", encoding="utf-8") as f:
        yield from csv.DictReader(f)


class Command(BaseCommand):
    help = "Muat data wilayah (provinsi, kabupaten/kota, kecamatan) dari fixtures/wilayah."

    @transaction.atomic
    def handle(self, *args, **opts):
        counts = {}
        for model, fname, fk in (
            (Province, "provinces.csv", None),
            (Regency, "regencies.csv", ("province_id", "province_code")),
            (District, "districts.csv", ("regency_id", "regency_code")),
        ):
            existing = dict(model.objects.values_list("code", "name"))
            new, changed = [], []
            for r in _rows(fname):
                obj = model(code=r["code"], name=r["name"])
                if fk:
                    setattr(obj, fk[0], r[fk[1]])
                if r["code"] not in existing:
                    new.append(obj)
                elif existing[r["code"]] != r["name"]:
                    changed.append(obj)
            model.objects.bulk_create(new, batch_size=2000)
            model.objects.bulk_update(changed, ["name"], batch_size=2000)
            counts[model._meta.verbose_name_plural] = model.objects.count()
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
