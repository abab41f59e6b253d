"""The letters the nuptk app prints at the steps of requests (S06, S09, S10, S11, S12, S13; mutasi
SM01-SM05, nuptk/kinds/mutasi.py; head of school A09/S18, nuptk/kinds/kepala_sekolah.py; supervisor
A10/S19 and the A06 of a new supervisor, nuptk/kinds/pengawas.py). Registered with
documents from NuptkConfig.ready(); the templates live in nuptk/templates/nuptk/pdf/. Which letter
prints at which step is declared by each kind (nuptk/kinds/); nuptk/printing.py issues them."""

from django.utils.translation import gettext_lazy as _l

from accounts import policy
from documents.letters import LetterType, register_letter_type
from ptk.letters import PTK_KEYS, SAMPLE_DOCS, sample, sample_new_ptk, sample_ptk

SCHOOL_OR_DINAS = policy.SCHOOL_KINDS | policy.DINAS_KINDS
DINAS = policy.DINAS_KINDS
QA_OR_NATIONAL = policy.QA_KINDS | policy.NATIONAL_KINDS


# The reviewer's checklist of the last approval (nuptk.printing.decision_checklist).
SAMPLE_CHECKLIST = [
    {"label": label, "ok": True, "by": "PDSPK"}
    for label in (
        "Dokumen hasil scan dokumen asli; fotokopi dilegalisir cap basah oleh instansi terkait",
        "Scan terbaca jelas (nama, nomor, tanggal, tanda tangan, cap)",
        "KTP discan berwarna dari dokumen asli",
        "Masa berlaku SK sesuai bunyi redaksinya (tanggal, tahun anggaran atau tahun pelajaran)",
    )
]


def sample_request(**over) -> dict:
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
    "case_code": "AJ-00000045",
}
_HEAD = {
    "sk_number": "821.2/0917/2026",
    "sk_date": "2026-07-01",
    "tmt": "2026-07-01",
    "school_name": "SD Negeri Jetis 1 Yogyakarta",
    "npsn": "20403101",
    "sk_issuer": "Kepala Dinas Pendidikan Kota Yogyakarta",
    "previous_head": "Drs. Suharto, M.Pd.",
    "previous_end": "2026-06-30",
}
_SUPERVISOR = {
    "sk_number": "821.2/1022/2026",
    "sk_date": "2026-08-01",
    "tmt": "2026-08-15",
    "area": "Kecamatan Mantrijeron dan Kecamatan Kraton",
    "jenjang": "SD",
    "sk_issuer": "Wali Kota Yogyakarta",
    "dinas_name": "Dinas Pendidikan Kota Yogyakarta",
    "schools": [
        {"name": "SD Negeri Jetis 1 Yogyakarta", "npsn": "20403101"},
        {"name": "SD Negeri Suryodiningratan 2", "npsn": "20403118"},
    ],
}
SAMPLE_PAPERS = [
    {
        "label": "KTP (berwarna)",
        "number": "3471011503950001",
        "issued_on": "2022-03-15",
        "file_type": "JPG",
        "legalised": False,
    },
    {
        "label": "Kartu Keluarga",
        "number": "3471012201150004",
        "issued_on": "2021-06-02",
        "file_type": "PDF",
        "legalised": False,
    },
    {
        "label": "Ijazah SD",
        "number": "DN-04 Dd 0123456",
        "issued_on": "2007-06-16",
        "file_type": "PDF",
        "legalised": True,
    },
    {
        "label": "Ijazah S1",
        "number": "UNY/2017/012345",
        "issued_on": "2017-08-26",
        "file_type": "PDF",
        "legalised": True,
    },
    {
        "label": "SK Pengangkatan",
        "number": "800/215/2020",
        "issued_on": "2020-07-01",
        "file_type": "PDF",
        "legalised": True,
    },
]


def _verdicts(*problems: str) -> list[dict]:
    """The sample papers with the Dinas's verdict (a problem text replaces "Sesuai" in order)."""
    out = []
    for i, p in enumerate(SAMPLE_PAPERS):
        out.append({**p, "verdict": problems[i] if i < len(problems) and problems[i] else "Sesuai"})
    return out


_S10_ITEMS = [
    {"name": "Andi Pratama, S.Pd.", "pegid": "9031776543210001", "nik": "3471011503950001",
     "school_name": "SD Negeri Jetis 1 Yogyakarta", "npsn": "20403101", "code": "AJ-2026-000123", "papers": _verdicts()},
]  # fmt: skip


LETTER_TYPES = [
    LetterType(
        "A06",
        "Formulir Registrasi Pengawas Sekolah Baru",
        DINAS,
        "nuptk/pdf/a06.html",
        sample=sample(
            "Drs. Bambang Riyanto, M.Pd.",
            ptk=sample_new_ptk(
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
        description=_l("Registrasi pengawas baru yang memohon NUPTK; dientri oleh Dinas."),
        key_fields=(*PTK_KEYS, "supervisor.sk_number"),
    ),
    LetterType(
        "A09",
        "Formulir Ajuan Kepala Sekolah",
        DINAS,
        "nuptk/pdf/a09.html",
        sample=sample("Siti Rahmawati, S.Pd.", ptk=sample_ptk(), appointment=_HEAD),
        form=True,
        subject_type="request",
        description=_l("Pendaftaran kepala sekolah (baru); diserahkan ke Dinas."),
        key_fields=(*PTK_KEYS, "appointment.sk_number"),
    ),
    LetterType(
        "A10",
        "Formulir Ajuan Pengawas",
        DINAS,
        "nuptk/pdf/a10.html",
        sample=sample(
            "Drs. Bambang Riyanto, M.Pd.",
            ptk=sample_ptk(
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
        subject_type="request",
        description=_l("Pendaftaran pengawas; diserahkan ke Dinas."),
        key_fields=(*PTK_KEYS, "supervisor.sk_number"),
    ),
    LetterType(
        "S06",
        "Surat Ajuan Penerbitan NUPTK",
        SCHOOL_OR_DINAS,
        "nuptk/pdf/s06.html",
        sample=sample(
            "Andi Pratama, S.Pd.", ptk=sample_new_ptk(), request=sample_request(), documents=SAMPLE_DOCS
        ),
        subject_type="request",
        description=_l("Ajuan NUPTK baru, dibawa ke Dinas."),
        key_fields=(*PTK_KEYS, "request.code"),
    ),
    LetterType(
        "S09",
        "Tanda Terima Berkas Ajuan NUPTK",
        DINAS,
        "nuptk/pdf/s09.html",
        sample=sample(
            "Andi Pratama, S.Pd.",
            ptk=sample_new_ptk(),
            request=sample_request(),
            documents=[p["label"] for p in SAMPLE_PAPERS],
            papers=SAMPLE_PAPERS,
        ),
        subject_type="request",
        description=_l(
            "Dinas menerima berkas ajuan penerbitan NUPTK (tanda terima, belum hasil pemeriksaan)."
        ),
        key_fields=(*PTK_KEYS, "request.code"),
    ),
    LetterType(
        "S10",
        "Surat Pengantar Ajuan Penerbitan NUPTK",
        DINAS,
        "nuptk/pdf/s10.html",
        sample=lambda: {
            "subject_name": "Andi Pratama, S.Pd.",
            "data": {
                "recipient": "Kepala Balai Penjaminan Mutu Pendidikan DI Yogyakarta",
                "items": _S10_ITEMS,
                "request": sample_request(),
            },
        },
        subject_type="request",
        description=_l("Dinas meneruskan ajuan NUPTK ke LPMP/BPMP."),
        key_fields=("recipient", "request.code", "items.0.code"),
    ),
    LetterType(
        "S11",
        "Surat Keterangan Penerbitan NUPTK",
        QA_OR_NATIONAL,
        "nuptk/pdf/s11.html",
        sample=sample(
            "Andi Pratama, S.Pd.",
            ptk=sample_new_ptk(nuptk="8447773674130062"),
            request=sample_request(nuptk="8447773674130062"),
            approved_at="2026-11-22",
            checklist=SAMPLE_CHECKLIST,
        ),
        subject_type="request",
        description=_l("Bukti penerbitan NUPTK, ditandatangani kepala LPMP."),
        key_fields=(*PTK_KEYS, "request.nuptk"),
    ),
    LetterType(
        "S12",
        "Ajuan Perubahan Data PTK",
        SCHOOL_OR_DINAS,
        "nuptk/pdf/s12.html",
        sample=sample(
            "Siti Rahmawati, S.Pd.",
            ptk=sample_ptk(),
            request=sample_request(
                code="AJ-2026-000150",
                kind="data_master",
                kind_label="Perbaikan data master",
                changes=[
                    {
                        "field": "mother_name",
                        "label": "Nama ibu kandung",
                        "old": "Suminah",
                        "new": "Suminah Hadi",
                    },
                    {
                        "field": "birth_date",
                        "label": "Tanggal lahir",
                        "old": "1988-04-12",
                        "new": "1988-04-14",
                    },
                    {"field": "sex", "label": "Jenis kelamin", "old": "L", "new": "P"},
                ],
            ),
        ),
        subject_type="request",
        description=_l("PTK mengajukan perubahan data, dibawa ke Dinas."),
        key_fields=(*PTK_KEYS, "request.code"),
    ),
    LetterType(
        "S13",
        "Surat Tanda Bukti Persetujuan Perubahan Data",
        DINAS,
        "nuptk/pdf/s13.html",
        sample=sample(
            "Siti Rahmawati, S.Pd.",
            ptk=sample_ptk(),
            request=sample_request(
                code="AJ-2026-000150",
                kind="data_master",
                kind_label="Perbaikan data master",
                changes=[
                    {
                        "field": "mother_name",
                        "label": "Nama ibu kandung",
                        "old": "Suminah",
                        "new": "Suminah Hadi",
                    },
                    {
                        "field": "birth_date",
                        "label": "Tanggal lahir",
                        "old": "1988-04-12",
                        "new": "1988-04-14",
                    },
                ],
            ),
            approved_at="2026-11-21",
            checklist=[{**c, "by": "Dinas Pendidikan Kota Yogyakarta"} for c in SAMPLE_CHECKLIST[:2]],
        ),
        subject_type="request",
        description=_l("Dinas menyetujui perubahan data (S12); data menjadi permanen."),
        key_fields=(*PTK_KEYS, "request.code"),
    ),
    LetterType(
        "S18",
        "Surat Persetujuan Pendaftaran Kepala Sekolah",
        DINAS,
        "nuptk/pdf/s18.html",
        sample=sample("Siti Rahmawati, S.Pd.", ptk=sample_ptk(), appointment=_HEAD),
        subject_type="request",
        description=_l("Dinas menyetujui ajuan kepala sekolah (A09)."),
        key_fields=(*PTK_KEYS, "appointment.sk_number"),
    ),
    LetterType(
        "S19",
        "Surat Persetujuan Pendaftaran Pengawas",
        DINAS,
        "nuptk/pdf/s19.html",
        sample=sample(
            "Drs. Bambang Riyanto, M.Pd.",
            ptk=sample_ptk(
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
        subject_type="request",
        description=_l("Dinas menyetujui ajuan pengawas (A10)."),
        key_fields=(*PTK_KEYS, "supervisor.sk_number"),
    ),
    LetterType(
        "SM01",
        "Ajuan Mutasi Sekolah Induk",
        SCHOOL_OR_DINAS,
        "nuptk/pdf/sm01.html",
        sample=sample("Siti Rahmawati, S.Pd.", ptk=sample_ptk(), mutation=_MUTATION),
        subject_type="request",
        description=_l("PTK mengajukan pindah sekolah induk, ke Dinas sekolah lama."),
        key_fields=(*PTK_KEYS, "mutation.to_school", "mutation.sk_number"),
    ),
    LetterType(
        "SM02",
        "Surat Pengantar Mutasi PTK",
        DINAS,
        "nuptk/pdf/sm02.html",
        sample=sample("Siti Rahmawati, S.Pd.", ptk=sample_ptk(), mutation=_MUTATION),
        subject_type="request",
        description=_l("Pengantar Dinas asal ke Dinas tujuan (mutasi antar kab/kota atau kementerian)."),
        key_fields=(*PTK_KEYS, "mutation.to_dinas"),
    ),
    LetterType(
        "SM03",
        "Surat Tanda Bukti Mutasi Sekolah Induk",
        DINAS,
        "nuptk/pdf/sm03.html",
        sample=sample(
            "Siti Rahmawati, S.Pd.", ptk=sample_ptk(), mutation=_MUTATION, completed_at="2026-11-21"
        ),
        subject_type="request",
        description=_l("Mutasi sekolah induk selesai (Dinas sekolah lama, atau Dinas tujuan setelah SM02)."),
        key_fields=(*PTK_KEYS, "mutation.to_school"),
    ),
    LetterType(
        "SM04",
        "Tanda Terima Ajuan Mutasi Masuk",
        DINAS,
        "nuptk/pdf/sm04.html",
        sample=sample("Siti Rahmawati, S.Pd.", ptk=sample_ptk(), mutation=_MUTATION),
        subject_type="request",
        description=_l("Dinas tujuan menerima pengantar mutasi (SM02)."),
        key_fields=(*PTK_KEYS, "mutation.case_code"),
    ),
    LetterType(
        "SM05",
        "Berita Acara Arsip Mutasi PTK",
        DINAS,
        "nuptk/pdf/sm05.html",
        sample=sample(
            "Siti Rahmawati, S.Pd.",
            ptk=sample_ptk(),
            mutation=_MUTATION,
            completed_at="2026-11-21",
            archived_at="2026-11-23",
            archive_items=[
                "SM01 00012/SM01/20403101/2026",
                "SM02 00031/SM02/DISDIK-3471/2026",
                "SM04 00008/SM04/DISDIK-3404/2026",
                "SM03 00009/SM03/DISDIK-3404/2026",
                "sk-penempatan-2026.pdf",
            ],
        ),
        subject_type="request",
        description=_l("Dinas tujuan mengarsipkan berkas mutasi masuk yang telah diselesaikannya (tombol Arsipkan)."),
        key_fields=(*PTK_KEYS, "mutation.case_code"),
    ),
]


def register() -> None:
    for lt in LETTER_TYPES:
        register_letter_type(lt)
