"""The EDS questionnaire (evaluasi diri): a short self-evaluation the PTK completes after
activation; the answers are printed on S03."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

SCALE = [
    ("1", _("Belum pernah")),
    ("2", _("Kadang-kadang")),
    ("3", _("Sering")),
    ("4", _("Selalu")),
]


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    choices: tuple = tuple(SCALE)


QUESTIONS = [
    Question("q1", _("Saya menyusun rencana pembelajaran sebelum mengajar.")),
    Question("q2", _("Saya menggunakan media atau teknologi yang sesuai dalam pembelajaran.")),
    Question("q3", _("Saya menilai hasil belajar peserta didik dan memberi umpan balik.")),
    Question("q4", _("Saya membantu peserta didik yang mengalami kesulitan belajar.")),
    Question("q5", _("Saya mengikuti kegiatan pengembangan diri (diklat, KKG/MGMP, seminar).")),
    Question("q6", _("Saya bekerja sama dengan orang tua peserta didik.")),
    Question("q7", _("Saya hadir dan menjalankan tugas sesuai jadwal.")),
    Question("q8", _("Saya menjaga data pribadi dan akun Padamu saya sendiri.")),
]


def answer_label(q: Question, value) -> str:
    if value in (None, ""):
        return ""
    return str(dict(q.choices).get(str(value), value))
