"""manage.py import_dapodik (same checks and transaction as the page) and the benchmark command."""

import pytest
from django.core.management import CommandError, call_command

from ptk.models import Ptk, PtkChange

from .conftest import csv_bytes, person

pytestmark = pytest.mark.django_db


def write(tmp_path, rows, name="ptk.csv"):
    f = tmp_path / name
    f.write_bytes(csv_bytes(rows))
    return str(f)


def test_dry_run_shows_the_preview_and_saves_nothing(tmp_path, world, capsys):
    sd = world.inst["sd"].npsn
    path = write(tmp_path, [person(sd), person(sd, NIK="12")])
    call_command("import_dapodik", path, "--dry-run")
    out = capsys.readouterr().out
    assert "1 akan ditambahkan" in out and "1 ditolak" in out and "NIK harus terdiri" in out
    assert "tidak ada yang disimpan" in out and not Ptk.objects.exists()


def test_import_then_again_changes_nothing(tmp_path, world, capsys):
    sd = world.inst["sd"].npsn
    path = write(tmp_path, [person(sd), person(sd)])
    call_command("import_dapodik", path, "--user", world.roles["sd_op"].user.username)
    assert "Selesai: 2 ditambahkan" in capsys.readouterr().out
    assert set(PtkChange.objects.values_list("role", flat=True)) == {"Dapodik"}
    assert set(PtkChange.objects.values_list("actor__username", flat=True)) == {"sd.op"}
    call_command("import_dapodik", path)
    assert "Tidak ada perubahan" in capsys.readouterr().out
    assert Ptk.objects.count() == 2


def test_school_option_refuses_other_schools(tmp_path, world, capsys):
    path = write(tmp_path, [person(world.inst["sd"].npsn), person(world.inst["smp"].npsn)])
    call_command("import_dapodik", path, "--school", world.inst["smp"].npsn)
    out = capsys.readouterr().out
    assert "hanya untuk NPSN" in out and "1 ditambahkan" in out
    assert list(Ptk.objects.values_list("school__npsn", flat=True)) == [world.inst["smp"].npsn]


def test_unreadable_file_is_an_error(tmp_path, world):
    f = tmp_path / "x.csv"
    f.write_bytes(b"\x00\x01\x02")
    with pytest.raises(CommandError, match="bukan CSV"):
        call_command("import_dapodik", str(f))
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("import_dapodik", str(tmp_path / "none.csv"))


def test_benchmark_runs(capsys, db):
    call_command("bench_dapodik_import", rows=40, schools=4)
    out = capsys.readouterr().out
    assert "first import (all new): +40" in out and "same file again (nothing to change): +0 ~0 =40" in out
    assert "every row changed (jenis PTK): +0 ~40" in out and not Ptk.objects.exists()
