"""padamu.choices.fast_choice_displays: the same labels as Django's own get_FOO_display()."""

from functools import partialmethod

from django.apps import apps
from django.db.models import Model
from django.utils import translation

from nuptk.models import Submission
from ptk.models import Ptk


def _django_display(obj, field):
    return Model._get_FIELD_display(obj, field)


def test_every_choice_and_odd_values_give_djangos_label():
    checked = 0
    for model in (Ptk, Submission):
        for field in model._meta.concrete_fields:
            if not field.choices:
                continue
            method = getattr(model, f"get_{field.name}_display")
            if isinstance(field.choices, list | tuple):  # callable choices (request kinds) stay Django's
                assert not isinstance(model.__dict__.get(f"get_{field.name}_display"), partialmethod)
            for value in [v for v, _label in field.flatchoices] + [None, "tidak-ada", 987654]:
                obj = model()
                obj.__dict__[field.attname] = value  # also for protected FSM fields
                for lang in ("id", "en"):
                    with translation.override(lang):
                        assert method(obj) == _django_display(obj, field), (model, field.name, value, lang)
                checked += 1
    assert checked > 30


def test_all_project_apps_use_it():
    for label in ("accounts", "ptk", "nuptk", "documents"):
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.concrete_fields:
                if field.choices and isinstance(field.choices, list | tuple):
                    assert not isinstance(model.__dict__.get(f"get_{field.name}_display"), partialmethod), (
                        model,
                        field.name,
                    )


def test_request_kind_label_as_django_gives_it():
    from nuptk import kinds

    field = Submission._meta.get_field("kind")
    for value in [k.code for k in kinds.all()] + [None, "", "tidak-ada"]:
        obj = Submission()
        obj.kind = value
        for lang in ("id", "en"):
            with translation.override(lang):
                assert obj.get_kind_display() == _django_display(obj, field), (value, lang)
