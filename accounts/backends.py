"""Authentication backend: Django's ModelBackend, with the per-request user lookup compiled once.

Every request of a logged-in person loads the user by the id in the session; the ORM would build and
compile that query each time (padamu/prepared.py). Everything else (password check, permissions,
``user_can_authenticate``) is Django's own.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from padamu.prepared import Prepared

_user_by_pk = Prepared(lambda pk: get_user_model()._default_manager.filter(pk=pk), pk=int)


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id):
        try:
            user = _user_by_pk.first(pk=int(user_id))
        except (TypeError, ValueError):
            return None
        if user is None:
            return None
        return user if self.user_can_authenticate(user) else None
