"""The rows of a file are checked by ``RowParser``, which parses each distinct value of the
low-variety columns once. A row must get the same values and messages as when checked alone,
also when cells are equal in Python but read differently (1, 1.0 and True in an XLSX cell)."""

from datetime import date

import pytest

from exchange.columns import EXPORT_HEADER, map_header
from exchange.reading import NikChecker, RowParser, parse_row

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 7)


def row(**over):
    base = dict(zip(EXPORT_HEADER, [""] * len(EXPORT_HEADER), strict=True))
    base.update(
        {
            "Nama": "Budi Santoso",
            "NIK": "",
            "Jenis Kelamin": "L",
            "Tanggal Lahir": "1980-05-15",
            "Nama Ibu Kandung": "Siti",
            "Status Kepegawaian": "Guru Honor Sekolah",
            "Jenis PTK": "Guru Kelas",
            "Pendidikan Terakhir": "S1",
            "NPSN": "20400001",
            "PTK Induk": "1",
            "Rombel": "Kelas 1A",
            "Jam Per Minggu": "24",
        }
    )
    base.update(over)
    return [base[h] for h in EXPORT_HEADER]


def test_each_row_reads_as_when_checked_alone_even_when_cells_are_equal_in_python():
    index, _ignored, _missing = map_header(EXPORT_HEADER)
    rows = [
        row(),
        row(**{"Jenis PTK": 1.0}),  # an XLSX number cell: message shows 1.0
        row(**{"Jenis PTK": 1}),  # equal to 1.0 in Python; the message shows 1
        row(**{"Jenis PTK": True}),  # equal to 1 in Python; the message shows True
        row(**{"Jam Per Minggu": "61"}),
        row(**{"Jam Per Minggu": 24.0}),
        row(**{"Jenis Kelamin": "X"}),
        row(**{"Tanggal Lahir": "1800-01-01"}),
        row(**{"NPSN": "12"}),
        row(**{"Rombel": "", "Mata Pelajaran": "Matematika"}),
        row(),  # the same cells as the first row: the same result again
    ]
    parse = RowParser(index, today=TODAY, check_nik=NikChecker())
    together = [parse(n, cells) for n, cells in enumerate(rows, start=2)]
    alone = [
        parse_row(n, cells, index, today=TODAY, check_nik=NikChecker())
        for n, cells in enumerate(rows, start=2)
    ]
    assert [(r.values, r.errors) for r in together] == [(r.values, r.errors) for r in alone]
    messages = [" ".join(r.errors) for r in together]
    assert messages[0] == "" and messages[-1] == ""
    assert "tidak dikenal: 1.0." in messages[1]
    assert "tidak dikenal: 1." in messages[2] and "1.0" not in messages[2]
    assert "tidak dikenal: True." in messages[3]
    assert "Jam per minggu harus angka 0 sampai 60." in messages[4]
    assert together[5].values["rombel"][3] == 24 and not together[5].errors
    assert "Jenis kelamin harus L atau P." in messages[6]
    assert "Tanggal lahir tidak masuk akal" in messages[7]
    assert "NPSN tidak valid: 12." in messages[8]
    assert "nama rombel kosong" in messages[9]


def test_a_formula_refuses_the_row_with_that_message_only():
    index, _ignored, _missing = map_header(EXPORT_HEADER)
    parse = RowParser(index, today=TODAY, check_nik=NikChecker())
    for cell in ("=cmd|' /C calc'!A0", " +1", "'@SUM(A1)", "\t-2"):
        r = parse(2, row(**{"Mata Pelajaran": cell}))
        assert len(r.errors) == 1 and "rumus spreadsheet" in r.errors[0], cell
    assert not parse(2, row(**{"Mata Pelajaran": "'Matematika"})).errors  # an escaped plain text
