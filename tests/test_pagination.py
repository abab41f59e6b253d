"""Keyset pages: every row once, in order, whatever the page size; a bad cursor restarts."""

import pytest

from accounts.models import Institution, InstitutionKind
from padamu.pagination import keyset_page
from tests.factories import region, school

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("order", [("name", "pk"), ("-name", "-pk"), ("name", "-pk")])
def test_pages_cover_every_row_once_in_order(order):
    _p, _r, d = region()
    for i in range(23):
        school(district=d, name=f"SD {i % 5}")  # duplicate names: the pk breaks ties
    qs = Institution.objects.filter(kind=InstitutionKind.SEKOLAH)
    seen, cursor = [], None
    while True:
        page = keyset_page(qs, order=order, cursor=cursor, size=4)
        seen += [(s.name, s.pk) for s in page.items]
        if not page.has_next:
            break
        cursor = page.next_cursor
    expected = list(qs.order_by(*order).values_list("name", "pk"))
    assert seen == expected


@pytest.mark.parametrize("order", [("name", "pk"), ("-name", "-pk")])
def test_two_step_pages_equal_one_step_pages(order, django_assert_num_queries):
    """keyset_page(two_step=True) picks the page's ids first, then loads them with their related
    rows: the same rows, order and cursors, and the related objects come with the second query."""
    _p, _r, d = region()
    for i in range(11):
        school(district=d, name=f"SD {i % 3}")
    qs = Institution.objects.filter(kind=InstitutionKind.SEKOLAH).select_related("district")
    cursor = None
    for _page in range(3):
        one = keyset_page(qs, order=order, cursor=cursor, size=4)
        with django_assert_num_queries(2):
            two = keyset_page(qs, order=order, cursor=cursor, size=4, two_step=True)
            names = [s.district.name for s in two.items]  # no query per row
        assert [s.pk for s in two.items] == [s.pk for s in one.items]
        assert two.next_cursor == one.next_cursor and names
        cursor = one.next_cursor
    assert cursor is None
    empty = keyset_page(qs.filter(name="tidak ada"), order=order, cursor=None, size=4, two_step=True)
    assert empty.items == [] and empty.next_cursor is None


def test_garbage_cursor_starts_from_the_first_page():
    _p, _r, d = region()
    school(district=d)
    page = keyset_page(Institution.objects.all(), order=("name", "pk"), cursor="%%%garbage", size=4)
    assert page.is_first and len(page.items) == 1
