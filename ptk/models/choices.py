"""Reference lists of the PTK record. Employment status and PTK type keep Dapodik's ids
(ref.status_kepegawaian, ref.jenis_ptk; domain.md section 4) so data can be exchanged as is."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


class NuptkStatus(models.TextChoices):
    NONE = "none", _("Belum ber-NUPTK")
    SEMENTARA_AKTIF = "sementara_aktif", _("Sementara Aktif")
    PERMANEN_AKTIF = "permanen_aktif", _("Permanen Aktif")
    NONAKTIF = "nonaktif", _("Nonaktif")


class EmploymentStatus(models.IntegerChoices):
    """Dapodik ref.status_kepegawaian."""

    PNS = 1, "PNS"
    PNS_DIPERBANTUKAN = 2, "PNS Diperbantukan"
    PNS_DEPAG = 3, "PNS Depag"
    GTY_PTY = 4, "GTY/PTY"
    HONDA_PROV = 5, "Honor Daerah TK.I Provinsi"
    HONDA_KAB = 6, "Honor Daerah TK.II Kab/Kota"
    GURU_BANTU_PUSAT = 7, "Guru Bantu Pusat"
    GURU_HONOR_SEKOLAH = 8, "Guru Honor Sekolah"
    TENAGA_HONOR_SEKOLAH = 9, "Tenaga Honor Sekolah"
    CPNS = 10, "CPNS"
    KONTRAK_WNA = 51, "Kontrak Kerja WNA"
    LAINNYA = 99, "Lainnya"


CIVIL_SERVANT_STATUSES = frozenset(
    {
        EmploymentStatus.PNS,
        EmploymentStatus.PNS_DIPERBANTUKAN,
        EmploymentStatus.PNS_DEPAG,
        EmploymentStatus.CPNS,
    }
)


class PtkType(models.IntegerChoices):
    """Dapodik ref.jenis_ptk."""

    GURU_KELAS = 3, "Guru Kelas"
    GURU_MAPEL = 4, "Guru Mapel"
    GURU_BK = 5, "Guru BK"
    GURU_INKLUSI = 6, "Guru Inklusi"
    PENGAWAS_SATDIK = 7, "Pengawas Satuan Pendidikan"
    PENGAWAS_PLB = 8, "Pengawas PLB"
    PENGAWAS_METPEL = 9, "Pengawas Metpel/Rumpun"
    PENGAWAS_BIDANG = 10, "Pengawas Bidang"
    TENAGA_ADMINISTRASI = 11, "Tenaga Administrasi Sekolah"
    GURU_PENDAMPING = 12, "Guru Pendamping"
    GURU_MAGANG = 13, "Guru Magang"
    GURU_TIK = 14, "Guru TIK"
    KEPALA_SEKOLAH = 20, "Kepala Sekolah"
    PENGAWAS_BK = 25, "Pengawas BK"
    PENGAWAS_SD = 26, "Pengawas SD"
    LABORAN = 30, "Laboran"
    TENAGA_PERPUSTAKAAN = 40, "Tenaga Perpustakaan"
    TUKANG_KEBUN = 41, "Tukang Kebun"
    PENJAGA_SEKOLAH = 42, "Penjaga Sekolah"
    PETUGAS_KEAMANAN = 43, "Petugas Keamanan"
    PESURUH = 44, "Pesuruh/Office Boy"
    LAINNYA = 99, "Lainnya"


class Religion(models.IntegerChoices):
    """Dapodik ref.agama."""

    ISLAM = 1, "Islam"
    KRISTEN = 2, "Kristen"
    KATHOLIK = 3, "Katholik"
    HINDU = 4, "Hindu"
    BUDHA = 5, "Budha"
    KHONGHUCU = 6, "Khonghucu"
    KEPERCAYAAN = 7, "Kepercayaan kepada Tuhan YME"
    LAINNYA = 99, "Lainnya"


class Qualification(models.TextChoices):
    SD = "SD", "SD/sederajat"
    SMP = "SMP", "SMP/sederajat"
    SMA = "SMA", "SMA/sederajat"
    D1 = "D1", "D-I"
    D2 = "D2", "D-II"
    D3 = "D3", "D-III"
    D4 = "D4", "D-IV"
    S1 = "S1", "S1"
    S2 = "S2", "S2"
    S3 = "S3", "S3"


class AppointmentKind(models.TextChoices):
    CPNS = "cpns", _("SK CPNS")
    PNS = "pns", _("SK PNS")
    PPPK = "pppk", _("SK PPPK")
    PEMDA = "pemda", _("SK pengangkatan Pemda (non-PNS)")
    YAYASAN = "yayasan", _("SK pengangkatan yayasan")
    KEPALA_SEKOLAH = "kepsek", _("SK kepala sekolah")
    KOLEKTIF = "kolektif", _("SK kolektif (dilegalisir Dinas)")
    LAINNYA = "lainnya", _("Lainnya")


class FamilyRelation(models.TextChoices):
    SUAMI = "suami", _("Suami")
    ISTRI = "istri", _("Istri")
    ANAK = "anak", _("Anak")
    AYAH = "ayah", _("Ayah")
    IBU = "ibu", _("Ibu")


class DocumentKind(models.TextChoices):
    KTP = "ktp", _("KTP")
    KK = "kk", _("Kartu Keluarga")
    AKTA = "akta", _("Akta kelahiran")
    BUKU_NIKAH = "buku_nikah", _("Buku nikah")
    IJAZAH = "ijazah", _("Ijazah")
    SK_PENGANGKATAN = "sk_pengangkatan", _("SK pengangkatan")
    SK_PENUGASAN = "sk_penugasan", _("SK penugasan")
    SERTIFIKAT = "sertifikat", _("Sertifikat")
    SURAT_PERNYATAAN = "pernyataan", _("Surat pernyataan")
    LAINNYA = "lainnya", _("Lainnya")


class CopyKind(models.TextChoices):
    ORIGINAL = "asli", _("Pindaian dokumen asli")
    LEGALISED = "legalisir", _("Fotokopi dilegalisir (cap basah)")
    COPY = "fotokopi", _("Fotokopi biasa")


class FactsSource(models.TextChoices):
    """Where the Dapodik facts of a PTK (in_dapodik, has_rombel, qualification) come from."""

    SCHOOL = "sekolah", _("Dinyatakan oleh sekolah")
    DAPODIK = "dapodik", _("Dari Dapodik")


class RombelSource(models.TextChoices):
    SCHOOL = "sekolah", _("Dicatat sekolah")
    DAPODIK = "dapodik", _("Dapodik")


class Semester(models.IntegerChoices):
    GANJIL = 1, _("Ganjil")
    GENAP = 2, _("Genap")
