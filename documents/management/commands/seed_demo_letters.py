"""Demo letterheads and officials: each demo office and school gets its own head (name with
titles, an 18-digit NIP of the right format, rank/golongan for civil servants), address, city,
phone, e-mail and website, through the real services. Idempotent: an institution that already has
a head or a letterhead keeps it. Run after seed_demo and before the seeds that issue letters."""

from datetime import date

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.management.commands.seed_demo import OFFICES, SILN
from accounts.models import Institution, Official
from accounts.services import official_appoint
from documents.letterhead import letterhead_update
from documents.models import LetterheadVersion

IV_D, IV_C, IV_B, IV_A, III_D = (
    "Pembina Utama Madya (IV/d)",
    "Pembina Utama Muda (IV/c)",
    "Pembina Tingkat I (IV/b)",
    "Pembina (IV/a)",
    "Penata Tingkat I (III/d)",
)

# key (office key of seed_demo or NPSN): address, city, phone, e-mail, website, [(name, NIP, rank, start)]
DEMO = {
    "pdspk": ("Gedung C Lantai 13, Jl. Jenderal Sudirman, Senayan, Jakarta 10270", "Jakarta", "(021) 5725061",
              "pdspk@kemendikdasmen.go.id", "data.kemendikdasmen.go.id",
              [("Dr. Hendarman Wiryawan, M.Si.", "197003152000031002", IV_C, date(2023, 9, 1))]),
    "lpmp": ("Jl. Kaliurang Km 6, Sambisari, Condongcatur, Depok, Sleman 55283", "Yogyakarta", "(0274) 881593",
             "bpmp.diy@kemendikdasmen.go.id", "bpmpdiy.kemendikdasmen.go.id",
             [("Dr. Suharni Rahayu, M.Pd.", "197108121996032002", IV_B, date(2024, 2, 5))]),
    "bppaud": ("Jl. Kaliurang Km 7, Banteng, Sinduharjo, Ngaglik, Sleman 55581", "Yogyakarta", "(0274) 885424",
               "bppauddikmas.diy@kemendikdasmen.go.id", "",
               [("Drs. Agus Wibowo, M.M.", "196911251994031004", IV_B, date(2022, 7, 11))]),
    "bpkln": ("Gedung C Lantai 6, Jl. Jenderal Sudirman, Senayan, Jakarta 10270", "Jakarta", "(021) 5711144",
              "bpkln@kemendikdasmen.go.id", "",
              [("Dr. Ir. Sri Purwaningsih, M.Ed.", "196804231993032001", IV_D, date(2023, 1, 16))]),
    "atdikbud": ("No. 233 Jalan Tun Razak, 50400 Kuala Lumpur, Malaysia", "Kuala Lumpur", "+60 3 2116 4000",
                 "atdikbud.kualalumpur@kemlu.go.id", "",
                 [("Prof. Dr. Muhammad Fauzan, M.A.", "197402142002121001", IV_C, date(2024, 8, 1))]),
    "dinas_prov": ("Jl. Cendana No. 9, Semaki, Umbulharjo, Yogyakarta 55166", "Yogyakarta", "(0274) 541322",
                   "dikpora@jogjaprov.go.id", "dikpora.jogjaprov.go.id",
                   [("Drs. Bambang Sutrisno Adi, M.Pd.", "196705181992031008", IV_C, date(2023, 3, 6))]),
    "dinas_kota": ("Jl. Hayam Wuruk No. 11, Bausasran, Danurejan, Yogyakarta 55211", "Yogyakarta", "(0274) 512956",
                   "pendidikan@jogjakota.go.id", "pendidikan.jogjakota.go.id",
                   [("Drs. Slamet Riyadi, M.Pd.", "196503121990031005", IV_C, date(2019, 2, 1)),
                    ("Drs. Heru Prasetyo Nugroho, M.Pd.", "196902141994031006", IV_C, date(2024, 1, 8))]),
    "dinas_sleman": ("Jl. Parasamya No. 5, Beran, Tridadi, Sleman 55511", "Sleman", "(0274) 868512",
                     "disdik@slemankab.go.id", "disdik.slemankab.go.id",
                     [("Dra. Tri Wahyuningsih, M.M.", "197006221995032003", IV_B, date(2023, 10, 2))]),
    "kec_mantrijeron": ("Jl. Mayjend Sutoyo No. 21, Mantrijeron, Yogyakarta 55143", "Yogyakarta", "(0274) 376021",
                        "uptmantrijeron@jogjakota.go.id", "",
                        [("Suparman, S.Pd., M.Si.", "197209091997021002", III_D, date(2022, 4, 4))]),
    "20400101": ("Jl. Suryodiningratan No. 8, Mantrijeron, Yogyakarta 55141", "Yogyakarta", "(0274) 372310",
                 "sdn1yogyakarta@gmail.com", "",
                 [("Sri Handayani, S.Pd.", "197608172005012003", IV_A, date(2023, 7, 17))]),
    "20400102": ("Jl. P. Senopati No. 28, Prawirodirjan, Gondomanan, Yogyakarta 55121", "Yogyakarta",
                 "(0274) 375178", "smpn2yogyakarta@gmail.com", "smpn2jogja.sch.id",
                 [("Drs. Agung Nugroho, M.Pd.", "196812031995121001", IV_A, date(2022, 1, 10))]),
    "20400103": ("Jl. Yos Sudarso No. 7, Kotabaru, Gondokusuman, Yogyakarta 55224", "Yogyakarta",
                 "(0274) 513654", "info@sma3jogja.sch.id", "sma3jogja.sch.id",
                 [("Dra. Retno Widiastuti, M.Pd.", "196902111994122002", IV_B, date(2024, 7, 15))]),
    "20400104": ("Jl. Sidikan No. 60, Sorosutan, Umbulharjo, Yogyakarta 55162", "Yogyakarta", "(0274) 372084",
                 "smkn4yogyakarta@gmail.com", "smkn4jogja.sch.id",
                 [("Yulianto Wibisono, S.T., M.Pd.", "197307152000121003", IV_A, date(2023, 1, 2))]),
    "20400105": ("Jl. Bimasakti No. 3, Pengok, Gondokusuman, Yogyakarta 55221", "Yogyakarta", "(0274) 563870",
                 "sdmuhsapen@gmail.com", "sdmuhsapen.sch.id",
                 [("Hj. Siti Aminah, S.Ag., M.Pd.I.", "", "", date(2021, 7, 12))]),
    "20400106": ("Jl. Dr. Sutomo No. 4, Mantrijeron, Yogyakarta 55143", "Yogyakarta", "0812 2719 4410",
                 "tkpertiwimantrijeron@gmail.com", "",
                 [("Endah Kusumawati, S.Pd.AUD", "", "", date(2020, 7, 13))]),
    "20400201": ("Jl. Kaliurang Km 5,5, Caturtunggal, Depok, Sleman 55281", "Sleman", "(0274) 4332051",
                 "sdndepok1@gmail.com", "",
                 [("Sugiyanto, S.Pd.SD", "197004101993071001", III_D, date(2022, 8, 1))]),
    "20400202": ("Jl. Magelang Km 14, Caturharjo, Sleman 55515", "Sleman", "(0274) 868253",
                 "smpn1sleman@gmail.com", "smpn1sleman.sch.id",
                 [("Drs. Wahyu Hidayat, M.Pd.", "196710251994031004", IV_B, date(2023, 2, 13))]),
    "20400203": ("Jl. Kaliurang Km 17, Pakem, Sleman 55582", "Sleman", "(0274) 895162", "slbn1sleman@gmail.com", "",
                 [("Dra. Ninik Setyaningsih, M.Pd.", "196905201995032002", IV_A, date(2021, 9, 6))]),
    "20400204": ("Jl. Wates Km 5, Ambarketawang, Gamping, Sleman 55294", "Sleman", "0813 2870 1155",
                 "kbceria.gamping@gmail.com", "",
                 [("Rina Marlina, S.Pd.", "", "", date(2019, 7, 15))]),
    "P2400205": ("Jl. Godean Km 4, Banyuraden, Gamping, Sleman 55293", "Sleman", "0856 4312 7788",
                 "pkbmbinamandiri@gmail.com", "",
                 [("Ahmad Zainuri, S.Sos.", "", "", date(2020, 1, 6))]),
    SILN[0]: ("Lorong Raja Chulan, 50200 Kuala Lumpur, Malaysia", "Kuala Lumpur", "+60 3 2142 1609",
              "info@sikl.edu.my", "sikl.edu.my",
              [("Dr. Hasanuddin Lubis, M.Pd.", "197505112003121002", IV_A, date(2024, 7, 22))]),
}  # fmt: skip


class Command(BaseCommand):
    help = "Isi kop surat dan kepala setiap lembaga demo (jalankan sesudah seed_demo)."

    def handle(self, *args, **opts):
        offices = {key: (kind, name) for key, kind, name, _where in OFFICES}
        done = 0
        with transaction.atomic():
            for key, (address, city, phone, email, website, heads) in DEMO.items():
                if key in offices:
                    kind, name = offices[key]
                    inst = Institution.objects.filter(kind=kind, name=name).first()
                else:
                    inst = Institution.objects.filter(npsn=key).first()
                if inst is None:
                    continue
                if not LetterheadVersion.objects.filter(institution=inst).exists():
                    letterhead_update(institution=inst, actor=None, role="seed_demo_letters", address=address,
                                      city=city, phone=phone, email=email, website=website)  # fmt: skip
                if not Official.objects.filter(institution=inst, position="head").exists():
                    for head_name, nip, rank, start in heads:
                        official_appoint(institution=inst, name=head_name, nip=nip, rank=rank, start=start,
                                         actor=None, source="seed_demo_letters")  # fmt: skip
                done += 1
        self.stdout.write(f"Kop surat dan kepala: {done} lembaga demo.")
