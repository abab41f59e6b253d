"""The letters and forms the ptk app prints (A01, A02, A03, A05, S02, S03, S04, S05, S07, S08), with
realistic sample data for the gallery, the tests and the benchmark. Registered with documents from
PtkConfig.ready(); the templates live in ptk/templates/ptk/pdf/ (they extend documents' letter base).
The sample helpers are shared with the nuptk app's letters."""

from django.utils.translation import gettext_lazy as _l

from accounts import policy
from documents.letters import LetterType, register_letter_type

SCHOOL = policy.SCHOOL_KINDS
DINAS = policy.DINAS_KINDS
SCHOOL_OR_DINAS = SCHOOL | DINAS
PTK_KEYS = ("ptk.name", "ptk.nik")


def sample_ptk(**over) -> dict:
    d = {
        "name": "Siti Rahmawati, S.Pd.",
        "nik": "3471015204880002",
        "nuptk": "5752766667130083",
        "pegid": "",
        "nip": "198804122010012003",
        "birth_place": "Yogyakarta",
        "birth_date": "1988-04-12",
        "sex": "P",
        "mother_name": "Suminah",
        "school_name": "SD Negeri Jetis 1 Yogyakarta",
        "npsn": "20403101",
        "employment_status": "PNS",
        "ptk_type": "Guru Kelas",
        "qualification": "S1 PGSD",
    }
    d.update(over)
    return d


def sample_new_ptk(**over) -> dict:
    d = {
        "name": "Andi Pratama, S.Pd.",
        "nik": "3471011503950001",
        "nuptk": "",
        "pegid": "9031776543210001",
        "nip": "",
        "birth_date": "1995-03-15",
        "sex": "L",
        "mother_name": "Sri Lestari",
        "employment_status": "Guru Honor Sekolah",
        "ptk_type": "Guru Mapel",
        "qualification": "S1 Pendidikan Matematika",
    }
    d.update(over)
    return sample_ptk(**d)


def sample(subject_name, **data):
    return lambda: {"subject_name": subject_name, "data": data}


def _s02():
    p = sample_new_ptk()
    return {
        "subject_name": p["name"],
        "data": {
            "ptk": p,
            "nuptk_status": "Sementara Aktif",
            "account": {"username": p["pegid"], "full_name": p["name"], "role": "PTK"},
            "activation_url": "http://127.0.0.1:8000/aktivasi/",
            "expires_on": "2026-12-23",
        },
        "secret": {"activation_code": "P3WN-8KLA-2ZQE"},
    }


def sample_items(**over) -> list:
    rows = [
        ("data_rinci", "Data rinci (identitas, alamat, kepegawaian) sesuai dokumen", "sesuai"),
        ("riwayat", "Riwayat pendidikan, kepangkatan dan mengajar sesuai dokumen", "sesuai"),
        ("ijazah", "Ijazah selain ijazah SD dan ijazah terakhir", "sesuai"),
        (
            "sk",
            "SK: PNS (SK CPNS, SK golongan terakhir, SK penempatan); non-PNS (SK penugasan mengajar "
            "5 tahun terakhir, SK inpassing bila ada)",
            "sesuai",
        ),
        ("sertifikat", "Sertifikat profesi pendidik / sertifikat kepala sekolah", "tidak_ada"),
        ("diklat", "Sertifikat diklat fungsional", "sesuai"),
        ("eds", "Kuesioner EDS terisi dan sesuai", "sesuai"),
    ]
    labels = {"sesuai": "Sesuai", "tidak_ada": "Tidak ada / tidak berlaku", "tidak_sesuai": "Tidak sesuai"}
    out = []
    for key, label, result in rows:
        result = over.get(key, result)
        out.append({"key": key, "label": label, "result": result, "result_label": labels[result], "note": ""})
    return out


SAMPLE_DOCS = [
    "KTP (berwarna)",
    "Kartu Keluarga",
    "Ijazah SD sampai ijazah terakhir",
    "SK Pengangkatan",
    "SK Penugasan 2024/2025, 2025/2026, 2026/2027",
]

LETTER_TYPES = [
    LetterType(
        "A01",
        "Formulir Verifikasi dan Validasi Data PTK",
        SCHOOL_OR_DINAS,
        "ptk/pdf/a01.html",
        sample=sample("Siti Rahmawati, S.Pd.", ptk=sample_ptk()),
        form=True,
        description=_l("Formulir verval PTK ber-NUPTK yang aktif di sekolah induk terdaftar."),
        key_fields=(*PTK_KEYS, "ptk.nuptk"),
    ),
    LetterType(
        "A02",
        "Formulir Verval PTK — Tidak Aktif di Sekolah Induk",
        SCHOOL_OR_DINAS,
        "ptk/pdf/a02.html",
        sample=sample(
            "Siti Rahmawati, S.Pd.",
            ptk=sample_ptk(),
            new_school_name="SD Negeri Gedongkiwo",
            new_npsn="20403177",
        ),
        form=True,
        description=_l(
            "PTK tidak lagi aktif di sekolah induk terdaftar; dibawa ke Dinas untuk memperoleh A01."
        ),
        key_fields=(*PTK_KEYS, "ptk.nuptk", "new_school_name"),
    ),
    LetterType(
        "A03",
        "Formulir Verval PTK — Belum Terdaftar di Sekolah Induk",
        SCHOOL_OR_DINAS,
        "ptk/pdf/a03.html",
        sample=sample(
            "Siti Rahmawati, S.Pd.",
            ptk=sample_ptk(school_name="", npsn=""),
            claimed_school_name="SD Negeri Suryodiningratan 2",
            claimed_npsn="20403188",
        ),
        form=True,
        description=_l("PTK belum terdaftar di sekolah induk atau sekolahnya belum terdaftar."),
        key_fields=(*PTK_KEYS, "ptk.nuptk", "claimed_school_name"),
    ),
    LetterType(
        "A05",
        "Formulir Registrasi PTK Baru",
        SCHOOL_OR_DINAS,
        "ptk/pdf/a05.html",
        sample=sample(
            "Andi Pratama, S.Pd.",
            ptk=sample_new_ptk(),
            attachments=[
                "Pas foto berwarna 4x6",
                "Fotokopi Kartu Keluarga",
                "Fotokopi ijazah SD",
                "Fotokopi ijazah terakhir",
                "Fotokopi SK pengangkatan",
            ],
        ),
        form=True,
        description=_l("Registrasi PTK yang belum memiliki NUPTK."),
        key_fields=(*PTK_KEYS,),
    ),
    LetterType(
        "S02",
        "Surat Tanda Bukti Verval PTK Level 1",
        SCHOOL_OR_DINAS,
        "ptk/pdf/s02.html",
        confidential=True,
        sample=_s02,
        description=_l("Bukti verval level 1 dan kode aktivasi akun PTK."),
        key_fields=(*PTK_KEYS, "nuptk_status"),
    ),
    LetterType(
        "S03",
        "Bukti Verval PTK Level 2",
        SCHOOL_OR_DINAS,
        "ptk/pdf/s03.html",
        sample=sample(
            "Siti Rahmawati, S.Pd.",
            ptk=sample_ptk(),
            verval_code="VV2-8H3K-22QA",
            completed=[
                "Data rinci",
                "Riwayat pendidikan",
                "Riwayat kepangkatan",
                "Riwayat mengajar",
                "Kuesioner EDS",
            ],
        ),
        description=_l("PTK telah melengkapi data rinci, riwayat dan kuesioner EDS."),
        key_fields=(*PTK_KEYS, "verval_code"),
    ),
    LetterType(
        "S04",
        "Surat Tanda Bukti Pemeriksaan Berkas Verval Level 2",
        SCHOOL_OR_DINAS,
        "ptk/pdf/s04.html",
        sample=sample(
            "Siti Rahmawati, S.Pd.",
            ptk=sample_ptk(),
            items=sample_items(),
            verval_code="VV2-8H3K-22QA",
            s03_number="00012/S03/20403101/2026",
        ),
        description=_l("Sekolah telah memeriksa berkas verval level 2."),
        key_fields=(*PTK_KEYS, "verval_code", "s03_number"),
    ),
    LetterType(
        "S05",
        "Surat Tanda Bukti Registrasi PTK Level 2",
        SCHOOL_OR_DINAS,
        "ptk/pdf/s05.html",
        sample=sample(
            "Andi Pratama, S.Pd.",
            ptk=sample_new_ptk(),
            items=sample_items(sk="sesuai"),
            verval_code="RG2-4MZ7-91KD",
            s03_number="00013/S03/20403101/2026",
        ),
        description=_l("Bukti level 2 bagi PTK baru (registrasi)."),
        key_fields=(*PTK_KEYS, "ptk.pegid", "verval_code"),
    ),
    LetterType(
        "S07",
        "Pakta Integritas",
        SCHOOL_OR_DINAS,
        "ptk/pdf/s07.html",
        sample=sample(
            "Siti Rahmawati, S.Pd.",
            ptk=sample_ptk(),
            semester="Semester Ganjil 2026/2027",
            countersigner={
                "position": "head",
                "title": "Kepala SD Negeri Jetis 1 Yogyakarta",
                "name": "Drs. Bambang Sutrisno, M.Pd.",
                "nip": "196805121993031004",
            },
            check_number="00014/S04/20403101/2026",
        ),
        description=_l("Ditandatangani PTK dan kepala sekolah (kepala sekolah: oleh kepala dan pengawas)."),
        key_fields=(*PTK_KEYS, "semester", "countersigner.name"),
    ),
    LetterType(
        "S08",
        "Surat Tanda Bukti PegID/NUPTK Permanen Aktif",
        DINAS,
        "ptk/pdf/s08.html",
        sample=sample(
            "Siti Rahmawati, S.Pd.",
            ptk=sample_ptk(),
            semester="Semester Ganjil 2026/2027",
            status="Permanen Aktif (Bintang 4)",
            pact_number="00015/S07/20403101/2026",
            certifies=[{"label": "Status NUPTK 5752766667130083", "value": "Permanen Aktif (Bintang 4)"}],
        ),
        description=_l("Bukti dari Dinas bahwa PegID/NUPTK permanen aktif (Bintang 4)."),
        key_fields=(*PTK_KEYS, "status", "pact_number"),
    ),
]


def register() -> None:
    for lt in LETTER_TYPES:
        register_letter_type(lt)
