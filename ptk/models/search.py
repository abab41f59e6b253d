"""The name-word index behind the name search on PostgreSQL (docs/adr/0100-name-search.md).

One row per distinct word of a PTK's name (upper case, split at every non-alphanumeric character),
with the scope keys of the PTK, so that "names with a word starting with HEN inside this Dinas" is
one btree range scan whatever the size of the registry. On PostgreSQL a trigger on ptk_ptk keeps
these rows in step with every insert, rename, move and delete (also bulk COPY and raw SQL), so no
code path can forget it (migration 0004). On SQLite the table stays empty and the search filters
the names directly. Never written by application code."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .core import Ptk


class PtkNameWord(models.Model):
    ptk = models.ForeignKey(Ptk, on_delete=models.CASCADE, related_name="+", db_index=False)
    word = models.CharField(max_length=150)
    dinas_id = models.BigIntegerField(null=True)
    qa_office_id = models.BigIntegerField(null=True)

    class Meta:
        verbose_name = _("kata nama PTK")
        default_permissions = ()

    def __str__(self):
        return self.word
