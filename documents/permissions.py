"""Who may see a letter and who may order a batch print. One rule serves lists and details."""

from django.db.models import Q

from accounts.policy import BATCH_KINDS  # noqa: F401 - re-exported for documents.apps
from accounts.scope import Scope

# subject type -> function(user) giving the subject ids (a queryset of strings) that person is the
# subject of: a PTK opens the letters about their record and their requests, including those printed
# before they had an account (Letter.subject_user is set only when the account already existed).
_subject_owners: dict = {}


# subject type -> function(active role) giving the subject ids (strings) an office may read the letters
# of although the letters carry another area's scope keys, or None: the Dinas a PTK moves to reads the
# move's letters (SM01 from the old school, SM02 addressed to it) once the move reached it.
_subject_readers: dict = {}


def register_subject_reader(subject_type: str, ids_for) -> None:
    """Apps that own a letter subject say which offices outside its scope keys may read its letters."""
    _subject_readers[subject_type] = ids_for


def register_subject_owner(subject_type: str, ids_of) -> None:
    """Apps that own a letter subject say whose it is (ptk: the record; nuptk: the request)."""
    _subject_owners[subject_type] = ids_of


def letters_visible_q(scope: Scope) -> Q:
    """Letters the viewer may open: those whose scope keys the active role covers, those its
    institution issued, and those addressed to the viewer (as ``subject_user`` or, in the PTK role, as
    the subject of the record or request the letter is about). A confidential letter is never
    opened through the scope keys: only its issuing institution and its subject see it."""
    user = scope.user
    q = Q(pk__in=[])
    if user.is_authenticated:
        q |= Q(subject_user_id=user.pk)
        if scope.active is not None and scope.active.is_ptk:
            for subject_type, ids_of in _subject_owners.items():
                q |= Q(subject_type=subject_type, subject_id__in=ids_of(user))
    active = scope.active
    if active is not None and not active.is_ptk and active.institution is not None:
        q |= Q(institution_id=active.institution.pk)
        q |= scope.rows(school="school", dinas="dinas", qa="qa_office") & Q(confidential=False)
        for subject_type, ids_for in _subject_readers.items():
            ids = ids_for(active)
            if ids is not None:
                q |= Q(subject_type=subject_type, subject_id__in=ids, confidential=False)
    return q


def can_order_batch(active) -> bool:
    return (
        active is not None and active.is_admin and active.on_behalf_of is None and active.kind in BATCH_KINDS
    )
