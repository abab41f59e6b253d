"""Django's makemessages, also extracting ``_l(...)``: the request kinds and requirements import
``gettext_lazy as _l`` (their module already uses ``_`` for gettext)."""

from django.core.management.commands.makemessages import Command as MakeMessages


class Command(MakeMessages):
    xgettext_options = [*MakeMessages.xgettext_options, "--keyword=_l", "--keyword=_lazy"]
