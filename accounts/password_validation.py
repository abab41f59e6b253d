"""Django's password rules in Padamu's own words. Django's stock Indonesian translation mixes
"Sandi anda" and "Kata sandi Anda" and says "tidak dapat berupa sandi umum digunakan"; these
subclasses keep each rule and say it the way the rest of the service does (gettext, so the English
catalog translates them too)."""

from django.contrib.auth import password_validation as stock
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class MinimumLengthValidator(stock.MinimumLengthValidator):
    def get_error_message(self):
        return ngettext(
            "Kata sandi terlalu pendek: paling sedikit %(min_length)d karakter.",
            "Kata sandi terlalu pendek: paling sedikit %(min_length)d karakter.",
            self.min_length,
        )

    def get_help_text(self):
        return ngettext(
            "Paling sedikit %(min_length)d karakter.",
            "Paling sedikit %(min_length)d karakter.",
            self.min_length,
        ) % {"min_length": self.min_length}


class UserAttributeSimilarityValidator(stock.UserAttributeSimilarityValidator):
    def get_error_message(self):
        return _("Kata sandi terlalu mirip dengan %(verbose_name)s Anda.")

    def get_help_text(self):
        return _("Jangan mirip dengan nama, nama pengguna atau email Anda.")


class CommonPasswordValidator(stock.CommonPasswordValidator):
    def get_error_message(self):
        return _("Kata sandi ini terlalu umum dan mudah ditebak. Pilih yang lain.")

    def get_help_text(self):
        return _("Bukan kata sandi yang umum dipakai orang (misalnya password123).")


class NumericPasswordValidator(stock.NumericPasswordValidator):
    def get_error_message(self):
        return _("Kata sandi tidak boleh hanya berisi angka.")

    def get_help_text(self):
        return _("Tidak hanya angka.")
