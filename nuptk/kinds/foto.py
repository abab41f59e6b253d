"""Perbaikan foto: a new photo of the PTK (JPG/PNG, at most 200 KB). Seed 003 names no approver for
photos; ours is the Dinas (flows.md)."""

from django.utils.translation import gettext_lazy as _l

from ptk.services import ptk_photo_replace

from .. import levels
from ..effects import lock_ptk
from ..requirements import req, same_for_all
from . import Kind, register

PHOTO = "foto"


def replace_photo(sub, *, actor, role) -> dict:
    doc = sub.documents.filter(is_current=True, requirement=PHOTO).select_related("stored_file").first()
    if doc is not None and doc.stored_file_id:
        ptk_photo_replace(ptk=lock_ptk(sub), stored_file=doc.stored_file, actor=actor, role=role)
    return {}


KIND = register(
    Kind(
        code="foto",
        label=_l("Perbaikan foto"),
        order=70,
        route=(levels.DINAS,),
        requirements=same_for_all((req(PHOTO, "foto"),)),
        effect=replace_photo,
    )
)
