"""One way a refusal becomes a message for the user: every message of a ValidationError (raised by a
service) or of a form's errors, joined into one line, shown with django.contrib.messages."""

from django.contrib import messages


def refusal_text(error) -> str:
    """The messages of a ValidationError, or of a bound form's errors, as one line."""
    errors = getattr(error, "errors", None)
    if isinstance(errors, dict):  # a bound form
        parts = [str(m) for msgs in errors.values() for m in msgs]
    else:
        parts = [str(m) for m in getattr(error, "messages", [str(error)])]
    return " ".join(parts)


def say_refusal(request, error) -> None:
    messages.error(request, refusal_text(error))
