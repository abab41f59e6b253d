from django.apps import AppConfig


class PtkConfig(AppConfig):
    name = "ptk"
