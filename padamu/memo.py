"""Keys for memos of objects fixed in code (padamu/form_renderer.py, padamu/chrome.py)."""


class Same:
    """A lazy label (or any object) as part of a dict key: equal only to itself, never translated or
    compared by value, and kept alive by the key, so its id cannot be reused by another object."""

    __slots__ = ("obj",)

    def __init__(self, obj):
        self.obj = obj

    def __hash__(self):
        return id(self.obj)

    def __eq__(self, other):
        return isinstance(other, Same) and other.obj is self.obj
