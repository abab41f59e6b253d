from django.apps import AppConfig


class NuptkConfig(AppConfig):
    name = "nuptk"
