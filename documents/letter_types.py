"""The letter the documents app prints itself: S01 (account activation), with sample data for the
gallery, the tests and the benchmark. Registered from DocumentsConfig.ready(). Every other letter type is
registered by the app that prints it (ptk/letters.py, nuptk/letters.py); documents never imports them."""

from django.utils.translation import gettext_lazy as _l

from .letters import ALL_KINDS, LetterType, register_letter_type


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


LETTER_TYPES = [
    LetterType(
        "S01",
        "Surat Aktivasi Akun",
        ALL_KINDS,
        "documents/pdf/s01.html",
        confidential=True,
        sample=_s01,
        subject_type="user",
        description=_l("Kode aktivasi akun admin/operator lembaga."),
        key_fields=("account.username", "account.institution_name"),
    ),
]


def register_all() -> None:
    for lt in LETTER_TYPES:
        register_letter_type(lt)
