"""Spreadsheet formula injection (CSV/XLSX injection): a cell that starts with = + - @ (or a tab or
carriage return before one) is run as a formula by Excel/LibreOffice when a user opens the export.
Every export escapes such cells with a leading apostrophe (the OWASP advice), which spreadsheets
show as text; the Dapodik import strips that apostrophe again (``unescape_cell``)."""

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value to write into a CSV/XLSX cell: strings that a spreadsheet would run are escaped."""
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


def safe_row(values) -> list:
    return [safe_cell(v) for v in values]


def unescape_cell(value: str) -> str:
    """Undo :func:`safe_cell` on a cell read back from one of our exports."""
    if value.startswith("'") and value[1:].startswith(DANGEROUS_PREFIXES):
        return value[1:]
    return value


def looks_like_formula(value: str) -> bool:
    """A cell a spreadsheet would treat as a formula (after leading blanks are trimmed)."""
    return value.lstrip(" ").startswith(DANGEROUS_PREFIXES)
