from rest_framework.pagination import CursorPagination


class KeysetPagination(CursorPagination):
    """Keyset pages (an opaque ``cursor`` with the last id seen): page 10,000 costs what page 1 does."""

    ordering = "id"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500
