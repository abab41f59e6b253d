"""Every letter and form code of flows.md, with realistic sample data (gallery, tests, benchmark).
Registered from DocumentsConfig.ready(); the apps that print them call letter_issue(code=...)."""

from accounts.models import InstitutionKind as K

from .letters import ALL_KINDS, LetterType, register_letter_type

SCHOOL = frozenset({K.SEKOLAH})
DINAS = frozenset({K.DINAS_KAB, K.DINAS_PROV, K.ATDIKBUD})
QA = frozenset({K.LPMP, K.BPPAUD, K.BPKLN})
SCHOOL_OR_DINAS = SCHOOL | DINAS


def _ptk(**over) -> dict:
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


def _new_ptk(**over) -> dict:
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
    return _ptk(**d)


def _request(**over) -> dict:
    d = {
        "code": "AJ-2026-000123",
        "kind": "penerbitan",
        "kind_label": "Penerbitan NUPTK",
        "submitted_at": "2026-11-20T09:15:00+07:00",
        "school_name": "SD Negeri Jetis 1 Yogyakarta",
        "npsn": "20403101",
        "dinas_name": "Dinas Pendidikan Kota Yogyakarta",
        "qa_office_name": "Balai Penjaminan Mutu Pendidikan DI Yogyakarta",
        "note": "",
        "nuptk": "",
        "changes": [],
    }
    d.update(over)
    return d


def _with(subject_name, **data):
    return lambda: {"subject_name": subject_name, "data": data}


def _s01():
    return {
        "subject_name": "Budi Santoso",
        "data": {
            "account": {
                "username": "20403101",
                "full_name": "Budi Santoso",
                "role": "Admin",
                "institution_name": "SD Negeri Jetis 1 Yogyakarta",
            },
            "activation_url": "http://127.0.0.1:8000/aktivasi/",
            "expires_on": "2026-12-23",
        },
        "secret": {"activation_code": "K7QM-9XHD-4RTP"},
    }


def _s02():
    p = _new_ptk()
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


_DOCS = [
    "KTP (berwarna)",
    "Kartu Keluarga",
    "Ijazah SD sampai ijazah terakhir",
    "SK Pengangkatan",
    "SK Penugasan 2024/2025, 2025/2026, 2026/2027",
]
_MUTATION = {
    "from_school": "SD Negeri Jetis 1 Yogyakarta",
    "from_npsn": "20403101",
    "to_school": "SD Negeri Depok 2 Sleman",
    "to_npsn": "20401234",
    "from_dinas": "Dinas Pendidikan Kota Yogyakarta",
    "to_dinas": "Dinas Pendidikan Kabupaten Sleman",
    "sk_number": "800/1432/Kpts/2026",
    "sk_date": "2026-10-01",
    "sk_issuer": "Bupati Sleman",
    "reason": "Penugasan pada sekolah negeri di kabupaten lain",
    "case_code": "MT-2026-000045",
}
_HEAD = {
    "sk_number": "821.2/0917/2026",
    "sk_date": "2026-07-01",
    "tmt": "2026-07-15",
    "school_name": "SD Negeri Jetis 1 Yogyakarta",
    "npsn": "20403101",
    "sk_issuer": "Walikota Yogyakarta",
}
_SUPERVISOR = {
    "sk_number": "821.2/1022/2026",
    "sk_date": "2026-08-01",
    "tmt": "2026-08-15",
    "area": "Kecamatan Mantrijeron dan Kecamatan Kraton",
    "jenjang": "SD",
    "sk_issuer": "Walikota Yogyakarta",
}
_S10_ITEMS = [
    {"name": "Andi Pratama, S.Pd.", "pegid": "9031776543210001", "school_name": "SD Negeri Jetis 1 Yogyakarta", "code": "AJ-2026-000123"},
    {"name": "Rina Kusumawati, S.Pd.", "pegid": "9031776543210007", "school_name": "SMP Negeri 5 Yogyakarta", "code": "AJ-2026-000131"},
    {"name": "Yusuf Hidayat, S.Kom.", "pegid": "9031776543210012", "school_name": "SD Muhammadiyah Suronatan", "code": "AJ-2026-000140"},
]  # fmt: skip

_PTK_KEYS = ("ptk.name", "ptk.nik")

LETTER_TYPES = [
    LetterType(
        "A01",
        "Formulir Verifikasi dan Validasi Data PTK",
        SCHOOL_OR_DINAS,
        "documents/pdf/a01.html",
        sample=_with("Siti Rahmawati, S.Pd.", ptk=_ptk()),
        form=True,
        description="Formulir verval PTK ber-NUPTK yang aktif di sekolah induk terdaftar.",
        key_fields=(*_PTK_KEYS, "ptk.nuptk"),
    ),
    LetterType(
        "A02",
        "Formulir Verval PTK — Tidak Aktif di Sekolah Induk",
        SCHOOL_OR_DINAS,
        "documents/pdf/a02.html",
        sample=_with(
            "Siti Rahmawati, S.Pd.", ptk=_ptk(), new_school_name="SD Negeri Gedongkiwo", new_npsn="20403177"
        ),
        form=True,
        description="PTK tidak lagi aktif di sekolah induk terdaftar; dibawa ke Dinas untuk memperoleh A01.",
        key_fields=(*_PTK_KEYS, "ptk.nuptk", "new_school_name"),
    ),
    LetterType(
        "A03",
        "Formulir Verval PTK — Belum Terdaftar di Sekolah Induk",
        SCHOOL_OR_DINAS,
        "documents/pdf/a03.html",
        sample=_with(
            "Siti Rahmawati, S.Pd.",
            ptk=_ptk(school_name="", npsn=""),
            claimed_school_name="SD Negeri Suryodiningratan 2",
            claimed_npsn="20403188",
        ),
        form=True,
        description="PTK belum terdaftar di sekolah induk atau sekolahnya belum terdaftar.",
        key_fields=(*_PTK_KEYS, "ptk.nuptk", "claimed_school_name"),
    ),
    LetterType(
        "A05",
        "Formulir Registrasi PTK Baru",
        SCHOOL_OR_DINAS,
        "documents/pdf/a05.html",
        sample=_with(
            "Andi Pratama, S.Pd.",
            ptk=_new_ptk(),
            attachments=[
                "Pas foto berwarna 4x6",
                "Fotokopi Kartu Keluarga",
                "Fotokopi ijazah SD",
                "Fotokopi ijazah terakhir",
                "Fotokopi SK pengangkatan",
            ],
        ),
        form=True,
        description="Registrasi PTK yang belum memiliki NUPTK.",
        key_fields=(*_PTK_KEYS,),
    ),
    LetterType(
        "A06",
        "Formulir Registrasi Pengawas Sekolah Baru",
        DINAS,
        "documents/pdf/a06.html",
        sample=_with(
            "Drs. Bambang Riyanto, M.Pd.",
            ptk=_new_ptk(
                name="Drs. Bambang Riyanto, M.Pd.",
                nik="3471010207700003",
                pegid="9031776543210044",
                nip="197007021995031004",
                birth_date="1970-07-02",
                employment_status="PNS",
                ptk_type="Pengawas Satuan Pendidikan",
                qualification="S2 Manajemen Pendidikan",
                school_name="Dinas Pendidikan Kota Yogyakarta",
                npsn="",
            ),
            supervisor=_SUPERVISOR,
        ),
        form=True,
        description="Registrasi pengawas baru yang memohon NUPTK; dientri oleh Dinas.",
        key_fields=(*_PTK_KEYS, "supervisor.sk_number"),
    ),
    LetterType(
        "A09",
        "Formulir Ajuan Kepala Sekolah",
        SCHOOL_OR_DINAS,
        "documents/pdf/a09.html",
        sample=_with("Siti Rahmawati, S.Pd.", ptk=_ptk(), appointment=_HEAD),
        form=True,
        description="Pendaftaran kepala sekolah (baru); diserahkan ke Dinas.",
        key_fields=(*_PTK_KEYS, "appointment.sk_number"),
    ),
    LetterType(
        "A10",
        "Formulir Ajuan Pengawas",
        SCHOOL_OR_DINAS,
        "documents/pdf/a10.html",
        sample=_with(
            "Drs. Bambang Riyanto, M.Pd.",
            ptk=_ptk(
                name="Drs. Bambang Riyanto, M.Pd.",
                nik="3471010207700003",
                nuptk="3034748651200012",
                nip="197007021995031004",
                birth_date="1970-07-02",
                sex="L",
                ptk_type="Pengawas SD",
            ),
            supervisor=_SUPERVISOR,
        ),
        form=True,
        description="Pendaftaran pengawas; diserahkan ke Dinas.",
        key_fields=(*_PTK_KEYS, "supervisor.sk_number"),
    ),
    LetterType(
        "S01",
        "Surat Aktivasi Akun",
        ALL_KINDS,
        "documents/pdf/s01.html",
        confidential=True,
        sample=_s01,
        subject_type="user",
        description="Kode aktivasi akun admin/operator lembaga.",
        key_fields=("account.username", "account.institution_name"),
    ),
    LetterType(
        "S02",
        "Surat Tanda Bukti Verval PTK Level 1",
        SCHOOL_OR_DINAS,
        "documents/pdf/s02.html",
        confidential=True,
        sample=_s02,
        description="Bukti verval level 1 dan kode aktivasi akun PTK.",
        key_fields=(*_PTK_KEYS, "nuptk_status"),
    ),
    LetterType(
        "S03",
        "Bukti Verval PTK Level 2",
        SCHOOL_OR_DINAS,
        "documents/pdf/s03.html",
        sample=_with(
            "Siti Rahmawati, S.Pd.",
            ptk=_ptk(),
            verval_code="VV2-8H3K-22QA",
            completed=[
                "Data rinci",
                "Riwayat pendidikan",
                "Riwayat kepangkatan",
                "Riwayat mengajar",
                "Kuesioner EDS",
            ],
        ),
        description="PTK telah melengkapi data rinci, riwayat dan kuesioner EDS.",
        key_fields=(*_PTK_KEYS, "verval_code"),
    ),
    LetterType(
        "S04",
        "Surat Tanda Bukti Pemeriksaan Berkas Verval Level 2",
        SCHOOL_OR_DINAS,
        "documents/pdf/s04.html",
        sample=_with(
            "Siti Rahmawati, S.Pd.", ptk=_ptk(), checked_documents=_DOCS, verval_code="VV2-8H3K-22QA"
        ),
        description="Sekolah telah memeriksa berkas verval level 2.",
        key_fields=(*_PTK_KEYS, "verval_code"),
    ),
    LetterType(
        "S05",
        "Surat Tanda Bukti Registrasi PTK Level 2",
        SCHOOL_OR_DINAS,
        "documents/pdf/s05.html",
        sample=_with(
            "Andi Pratama, S.Pd.", ptk=_new_ptk(), checked_documents=_DOCS, verval_code="RG2-4MZ7-91KD"
        ),
        description="Bukti level 2 bagi PTK baru (registrasi).",
        key_fields=(*_PTK_KEYS, "ptk.pegid"),
    ),
    LetterType(
        "S06",
        "Surat Ajuan Penerbitan NUPTK",
        SCHOOL_OR_DINAS,
        "documents/pdf/s06.html",
        sample=_with("Andi Pratama, S.Pd.", ptk=_new_ptk(), request=_request(), documents=_DOCS),
        subject_type="request",
        description="Ajuan NUPTK baru, dibawa ke Dinas.",
        key_fields=(*_PTK_KEYS, "request.code"),
    ),
    LetterType(
        "S07",
        "Pakta Integritas",
        SCHOOL_OR_DINAS,
        "documents/pdf/s07.html",
        sample=_with("Siti Rahmawati, S.Pd.", ptk=_ptk(), semester="Semester Ganjil 2026/2027"),
        description="Ditandatangani PTK dan kepala sekolah (kepala sekolah: oleh kepala dan pengawas).",
        key_fields=(*_PTK_KEYS, "semester"),
    ),
    LetterType(
        "S08",
        "Surat Tanda Bukti PegID/NUPTK Permanen Aktif",
        DINAS,
        "documents/pdf/s08.html",
        sample=_with(
            "Siti Rahmawati, S.Pd.",
            ptk=_ptk(),
            semester="Semester Ganjil 2026/2027",
            status="Permanen Aktif (Bintang 4)",
        ),
        description="Bukti dari Dinas bahwa PegID/NUPTK permanen aktif (Bintang 4).",
        key_fields=(*_PTK_KEYS, "status"),
    ),
    LetterType(
        "S09",
        "Tanda Terima Berkas Ajuan NUPTK",
        DINAS,
        "documents/pdf/s09.html",
        sample=_with("Andi Pratama, S.Pd.", ptk=_new_ptk(), request=_request(), documents=_DOCS),
        subject_type="request",
        description="Dinas menerima ajuan penerbitan NUPTK.",
        key_fields=(*_PTK_KEYS, "request.code"),
    ),
    LetterType(
        "S10",
        "Surat Pengantar Ajuan Penerbitan NUPTK",
        DINAS,
        "documents/pdf/s10.html",
        sample=lambda: {
            "subject_name": "Ajuan penerbitan NUPTK (3 PTK)",
            "data": {
                "recipient": "Kepala Balai Penjaminan Mutu Pendidikan DI Yogyakarta",
                "items": _S10_ITEMS,
                "request": _request(),
            },
        },
        subject_type="request",
        description="Dinas meneruskan ajuan NUPTK ke LPMP/BPMP.",
        key_fields=("recipient", "request.code"),
    ),
    LetterType(
        "S11",
        "Surat Keterangan Penerbitan NUPTK",
        QA | {K.PDSPK},
        "documents/pdf/s11.html",
        sample=_with(
            "Andi Pratama, S.Pd.",
            ptk=_new_ptk(nuptk="8447773674130062"),
            request=_request(nuptk="8447773674130062"),
            approved_at="2026-11-22",
        ),
        subject_type="request",
        description="Bukti penerbitan NUPTK, ditandatangani kepala LPMP.",
        key_fields=(*_PTK_KEYS, "request.nuptk"),
    ),
    LetterType(
        "S12",
        "Ajuan Perubahan Data PTK",
        SCHOOL_OR_DINAS,
        "documents/pdf/s12.html",
        sample=_with(
            "Siti Rahmawati, S.Pd.",
            ptk=_ptk(),
            request=_request(
                code="AJ-2026-000150",
                kind="data_master",
                kind_label="Perbaikan data master",
                changes=[
                    {"field": "Nama ibu kandung", "old": "Suminah", "new": "Suminah Hadi"},
                    {"field": "Tanggal lahir", "old": "12 April 1988", "new": "14 April 1988"},
                ],
            ),
        ),
        subject_type="request",
        description="PTK mengajukan perubahan data, dibawa ke Dinas.",
        key_fields=(*_PTK_KEYS, "request.code"),
    ),
    LetterType(
        "S13",
        "Surat Tanda Bukti Persetujuan Perubahan Data",
        DINAS,
        "documents/pdf/s13.html",
        sample=_with(
            "Siti Rahmawati, S.Pd.",
            ptk=_ptk(),
            request=_request(
                code="AJ-2026-000150",
                kind="data_master",
                kind_label="Perbaikan data master",
                changes=[{"field": "Nama ibu kandung", "old": "Suminah", "new": "Suminah Hadi"}],
            ),
            approved_at="2026-11-21",
        ),
        subject_type="request",
        description="Dinas menyetujui perubahan data (S12); data menjadi permanen.",
        key_fields=(*_PTK_KEYS, "request.code"),
    ),
    LetterType(
        "S18",
        "Surat Persetujuan Pendaftaran Kepala Sekolah",
        DINAS,
        "documents/pdf/s18.html",
        sample=_with("Siti Rahmawati, S.Pd.", ptk=_ptk(), appointment=_HEAD),
        description="Dinas menyetujui ajuan kepala sekolah (A09).",
        key_fields=(*_PTK_KEYS, "appointment.sk_number"),
    ),
    LetterType(
        "S19",
        "Surat Persetujuan Pendaftaran Pengawas",
        DINAS,
        "documents/pdf/s19.html",
        sample=_with(
            "Drs. Bambang Riyanto, M.Pd.",
            ptk=_ptk(
                name="Drs. Bambang Riyanto, M.Pd.",
                nik="3471010207700003",
                nuptk="3034748651200012",
                nip="197007021995031004",
                sex="L",
                ptk_type="Pengawas SD",
            ),
            supervisor=_SUPERVISOR,
        ),
        description="Dinas menyetujui ajuan pengawas (A10).",
        key_fields=(*_PTK_KEYS, "supervisor.sk_number"),
    ),
    LetterType(
        "SM01",
        "Ajuan Mutasi Sekolah Induk",
        SCHOOL_OR_DINAS,
        "documents/pdf/sm01.html",
        sample=_with("Siti Rahmawati, S.Pd.", ptk=_ptk(), mutation=_MUTATION),
        description="PTK mengajukan pindah sekolah induk, ke Dinas sekolah lama.",
        key_fields=(*_PTK_KEYS, "mutation.to_school", "mutation.sk_number"),
    ),
    LetterType(
        "SM02",
        "Surat Pengantar Mutasi PTK",
        DINAS,
        "documents/pdf/sm02.html",
        sample=_with("Siti Rahmawati, S.Pd.", ptk=_ptk(), mutation=_MUTATION),
        description="Pengantar Dinas asal ke Dinas tujuan (mutasi antar kab/kota atau kementerian).",
        key_fields=(*_PTK_KEYS, "mutation.to_dinas"),
    ),
    LetterType(
        "SM03",
        "Surat Tanda Bukti Mutasi Sekolah Induk",
        DINAS,
        "documents/pdf/sm03.html",
        sample=_with("Siti Rahmawati, S.Pd.", ptk=_ptk(), mutation=_MUTATION, completed_at="2026-11-21"),
        description="Mutasi sekolah induk selesai.",
        key_fields=(*_PTK_KEYS, "mutation.to_school"),
    ),
    LetterType(
        "SM04",
        "Tanda Terima Ajuan Mutasi Masuk",
        DINAS,
        "documents/pdf/sm04.html",
        sample=_with("Siti Rahmawati, S.Pd.", ptk=_ptk(), mutation=_MUTATION),
        description="Dinas tujuan menerima pengantar mutasi (SM02).",
        key_fields=(*_PTK_KEYS, "mutation.case_code"),
    ),
    LetterType(
        "SM05",
        "Berita Acara Arsip Mutasi PTK",
        DINAS,
        "documents/pdf/sm05.html",
        sample=_with(
            "Siti Rahmawati, S.Pd.",
            ptk=_ptk(),
            mutation=_MUTATION,
            completed_at="2026-11-21",
            archive_items=[
                "Ajuan mutasi (SM01)",
                "Surat pengantar (SM02)",
                "SK penempatan baru",
                "Tanda bukti mutasi (SM03)",
            ],
        ),
        description="Dinas mengarsipkan berkas mutasi.",
        key_fields=(*_PTK_KEYS, "mutation.case_code"),
    ),
]


def register_all() -> None:
    for lt in LETTER_TYPES:
        register_letter_type(lt)
