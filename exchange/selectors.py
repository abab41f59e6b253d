"""Reads for the exchange, each limited to what the viewer may see."""

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import Province, Regency
from accounts.scope import ActiveRole, Scope
from padamu.db import one_or_none

from .models import ApiCall, ApiClient, DapodikExport, DapodikImport, ImportEntry


def imports_of(*, user) -> QuerySet:
    return DapodikImport.objects.filter(requested_by=user).select_related("school")


def import_get_for_requester_or_404(*, user, pk) -> DapodikImport:
    job = one_or_none(DapodikImport.objects.filter(pk=pk, requested_by=user).select_related("school"))
    if job is None:
        raise Http404
    return job


def import_entries(*, job: DapodikImport, status: str = "") -> QuerySet:
    qs = ImportEntry.objects.filter(job=job)
    if status:
        qs = qs.filter(status=status)
    return qs


def exports_of(*, user) -> QuerySet:
    return DapodikExport.objects.filter(requested_by=user)


def export_get_for_requester_or_404(*, user, pk) -> DapodikExport:
    job = one_or_none(DapodikExport.objects.filter(pk=pk, requested_by=user))
    if job is None:
        raise Http404
    return job


def export_targets(*, scope: Scope) -> dict:
    """The schools, kab/kota and provinces the role may export (those of the schools it sees)."""
    schools = scope.schools()
    return {
        "schools": schools,
        "regencies": Regency.objects.filter(pk__in=schools.values("regency_id")).order_by("name"),
        "provinces": Province.objects.filter(pk__in=schools.values("province_id")).order_by("name"),
    }


def clients_of(*, active: ActiveRole) -> QuerySet:
    return ApiClient.objects.filter(institution=active.institution)


def client_get_or_404(*, active: ActiveRole, pk) -> ApiClient:
    client = one_or_none(ApiClient.objects.filter(institution=active.institution, pk=pk))
    if client is None:
        raise Http404
    return client


def client_calls(*, client: ApiClient) -> QuerySet:
    return ApiCall.objects.filter(client=client)
