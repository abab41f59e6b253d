"""Django's template backend, rendering each page in the reader's language.

A request that writes runs in Bahasa Indonesia (padamu.i18n.LanguageMiddleware): what it records is
read by others later in the official language. The page it answers with is for the person who sent
it, though: a form sent back with errors, or a page shown after the action, is rendered here in the
language that person chose. Texts the request produced while running in Indonesian (a service's
refusal, a flash message) are shown through ``|reader`` / ``in_reader_language``, which finds them
in the catalogue. Templates rendered without a request (letters, e-mails) are not touched.
"""

from django.template.backends.django import DjangoTemplates, Template
from django.utils import translation


class ReaderTemplate(Template):
    def render(self, context=None, request=None):
        lang = getattr(request, "reader_language", None)
        active = translation.get_language()
        # Only where the middleware chose Indonesian for a write: a view that picked its language
        # itself (the public check page /v/) keeps it.
        if lang is None or lang == active or active != getattr(request, "LANGUAGE_CODE", active):
            return super().render(context, request)
        with translation.override(lang):
            return super().render(context, request)


class ReaderTemplates(DjangoTemplates):
    def from_string(self, template_code):
        return ReaderTemplate(self.engine.from_string(template_code), self)

    def get_template(self, template_name):
        tpl = super().get_template(template_name)
        return ReaderTemplate(tpl.template, self)
