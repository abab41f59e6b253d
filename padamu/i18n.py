"""Language of the interface: Bahasa Indonesia unless the person chose another one with the switch
in the footer (a cookie). The browser's Accept-Language is not followed: the service is Indonesian
first, and an official's screen should not change language with the browser's settings.

A request that writes (POST, ...) runs in Bahasa Indonesia, because what it records is read by
others later in the official language: letters, notices to the school or the PTK, the change
history of a PTK record, the request timeline. The page that answers it (a form sent back with
errors, say) is still rendered in the reader's language: padamu.templating."""

import functools
import gettext as gettext_module
import re
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.safestring import SafeData


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reader = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if reader not in dict(settings.LANGUAGES):
            reader = settings.LANGUAGE_CODE
        lang = reader if request.method in ("GET", "HEAD", "OPTIONS") else settings.LANGUAGE_CODE
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        request.reader_language = reader  # the page is rendered in it (padamu.templating)
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", reader)
        patch = response.get("Vary", "")
        if "Cookie" not in patch:
            response["Vary"] = f"{patch}, Cookie" if patch else "Cookie"
        return response


# --- Recorded text in the reader's language -------------------------------------------------------
# What a request writes is recorded in Bahasa Indonesia (above): flash messages, notices, values of
# the change history. Those texts were made from a catalogue entry, so an English reader can be shown
# the English entry again: the Indonesian text is matched against the msgids (placeholders become
# groups), and the English msgstr is filled with the same values. Text that matches no entry (typed
# by a person, or joined from several messages) is shown as recorded.

_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
_MIN_LITERAL = 6  # a pattern must have this much fixed text, or it would match anything


def _compile(msgid: str):
    """(fast regex, parts, length of fixed text): parts alternate ("lit", text) and ("grp", name)."""
    parts, rx, literal, pos = [], [], 0, 0
    for m in _PLACEHOLDER.finditer(msgid):
        fixed = msgid[pos : m.start()].replace("%%", "%")
        if fixed:
            parts.append(("lit", fixed))
        rx.append(re.escape(fixed) + "(.+?)")
        literal += len(fixed)
        parts.append(("grp", m.group(1)))
        pos = m.end()
    fixed = msgid[pos:].replace("%%", "%")
    if fixed:
        parts.append(("lit", fixed))
    rx.append(re.escape(fixed))
    literal += len(fixed)
    if literal < _MIN_LITERAL or any(a[0] == b[0] == "grp" for a, b in zip(parts, parts[1:], strict=False)):
        return None
    return re.compile("".join(rx), re.S), parts, literal


def _splits(text, parts, i=0, pos=0, acc=None, out=None):
    """Every way the values of ``parts`` can fill ``text`` (a value may contain the next fixed text)."""
    acc = {} if acc is None else acc
    out = [] if out is None else out
    if len(out) >= 32:
        return out
    if i == len(parts):
        if pos == len(text):
            out.append(dict(acc))
        return out
    kind, val = parts[i]
    if kind == "lit":
        if text.startswith(val, pos):
            _splits(text, parts, i + 1, pos + len(val), acc, out)
        return out
    if i + 1 == len(parts):
        ends = [len(text)] if len(text) > pos else []
    else:
        nxt, ends, at = parts[i + 1][1], [], text.find(parts[i + 1][1], pos + 1)
        while at != -1:
            ends.append(at)
            at = text.find(nxt, at + 1)
    for end in ends:
        value = text[pos:end]
        if acc.get(val, value) != value:
            continue
        _splits(text, parts, i + 1, end, {**acc, val: value}, out)
    return out


def _value(exact, v: str):
    """A value of a message in the reader's language: a catalogue entry (also capitalised, or a list
    of entries joined with commas), else as it is."""
    if v in exact:
        return exact[v], True
    if v[:1].isupper() and (low := v[:1].lower() + v[1:]) in exact:
        t = exact[low]
        return t[:1].upper() + t[1:], True
    if ", " in v:
        items = [_value(exact, p) for p in v.split(", ")]
        if any(ok for _t, ok in items):
            return ", ".join(t for t, _ok in items), True
    return v, False


@functools.cache
def _catalogue(lang: str):
    """(exact msgid -> msgstr, [(regex, parts, msgstr)] longest fixed text first) of the project's own
    catalogue for ``lang``."""
    path = Path(settings.LOCALE_PATHS[0]) / lang / "LC_MESSAGES" / "django.mo"
    try:
        with path.open("rb") as f:
            catalog = gettext_module.GNUTranslations(f)._catalog
    except OSError:
        return {}, []
    exact, patterns = {}, []
    for msgid, msgstr in catalog.items():
        if not isinstance(msgid, str) or not msgid or not msgstr:
            continue  # the header, plural forms
        if "%(" not in msgid:
            exact[msgid] = msgstr
            continue
        compiled = _compile(msgid)
        if compiled:
            rx, parts, literal = compiled
            patterns.append((literal, rx, parts, _PLACEHOLDER.sub(r"%(\1)s", msgstr)))
    patterns.sort(key=lambda p: -p[0])
    return exact, [p[1:] for p in patterns]


def in_reader_language(text):
    """``text`` recorded in Bahasa Indonesia, in the active language when the catalogue has it."""
    lang = translation.get_language() or settings.LANGUAGE_CODE
    if not text or isinstance(text, SafeData) or lang == settings.LANGUAGE_CODE:
        return text
    text = str(text)
    exact, patterns = _catalogue(lang)
    if text in exact:
        return exact[text]
    for rx, parts, msgstr in patterns:
        if not rx.fullmatch(text):
            continue
        best, best_score = None, -1
        for split in _splits(text, parts):
            values = {k: _value(exact, v) for k, v in split.items()}
            score = sum(ok for _t, ok in values.values())
            if score > best_score:
                best, best_score = {k: t for k, (t, _ok) in values.items()}, score
        if best is not None:
            try:
                return msgstr % best
            except (KeyError, ValueError, TypeError):
                return text
    return text
