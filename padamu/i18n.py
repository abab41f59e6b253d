"""Language of the interface: Bahasa Indonesia unless the person chose another one with the switch
in the footer (a cookie). The browser's Accept-Language is not followed: the service is Indonesian
first, and an official's screen should not change language with the browser's settings.

Only reading is translated: a request that writes (POST, ...) runs in Bahasa Indonesia, because
what it records is read by others later in the official language: letters, notices to the school
or the PTK, the change history of a PTK record, the request timeline. (A form sent back with
errors therefore answers in Bahasa Indonesia.)"""

from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        lang = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if lang not in dict(settings.LANGUAGES) or request.method not in ("GET", "HEAD", "OPTIONS"):
            lang = settings.LANGUAGE_CODE
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", lang)
        patch = response.get("Vary", "")
        if "Cookie" not in patch:
            response["Vary"] = f"{patch}, Cookie" if patch else "Cookie"
        return response
