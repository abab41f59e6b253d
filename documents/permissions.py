"""Who may see a letter and who may order a batch print. One rule serves lists and details."""

from django.db.models import Q

from accounts.policy import BATCH_KINDS  # noqa: F401 - re-exported for documents.apps
from accounts.scope import Scope


def letters_visible_q(scope: Scope) -> Q:
    """Letters the viewer may open: those whose scope keys the active role covers, those its
    institution issued, and those addressed to the viewer. A confidential letter is never
    opened through the scope keys: only its issuing institution and its subject see it."""
    user = scope.user
    q = Q(pk__in=[])
    if user.is_authenticated:
        q |= Q(subject_user_id=user.pk)
    active = scope.active
    if active is not None and not active.is_ptk and active.institution is not None:
        q |= Q(institution_id=active.institution.pk)
        q |= scope.rows(school="school", dinas="dinas", qa="qa_office") & Q(confidential=False)
    return q


def can_order_batch(active) -> bool:
    return (
        active is not None and active.is_admin and active.on_behalf_of is None and active.kind in BATCH_KINDS
    )
