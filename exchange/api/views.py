"""The read API (Django REST framework, OpenAPI schema by drf-spectacular). GET only; every call
is logged (``exchange.models.ApiCall``); scope = the client's institution's operator scope."""

import time

from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from documents.selectors import letter_by_token
from nuptk.models import Submission
from ptk.models import Ptk, PtkRombel
from ptk.selectors import ptk_visible_q

from ..models import ApiCall, ApiClient
from . import serializers as s


class LoggedApiView(generics.GenericAPIView):
    http_method_names = ["get", "head", "options"]

    def dispatch(self, request, *args, **kwargs):
        self._started = time.monotonic()
        return super().dispatch(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        client = getattr(request, "_auth", None)
        client = client if isinstance(client, ApiClient) else None
        params = {k: v[:100] for k, v in list(request.GET.items())[:20]}
        ApiCall.objects.create(
            client=client,
            institution_id=client.institution_id if client else None,
            method=request.method[:8],
            path=request.path[:255],
            params=params,
            status=response.status_code,
            duration_ms=int((time.monotonic() - getattr(self, "_started", time.monotonic())) * 1000),
            ip=request.META.get("REMOTE_ADDR") or None,
        )
        response["Cache-Control"] = "private, no-store"
        return response

    @property
    def scope(self):
        return self.request.user.scope


NPSN = OpenApiParameter("npsn", str, description="NPSN sekolah induk")


class PtkQuery:
    serializer_class = s.PtkSerializer

    def get_queryset(self):
        qs = (
            Ptk.objects.filter(ptk_visible_q(self.scope))
            .select_related("school")
            .prefetch_related(
                Prefetch(
                    "rombels",
                    queryset=PtkRombel.objects.filter(ended_on__isnull=True).select_related("school"),
                    to_attr="current_rombels",
                )
            )
        )
        p = self.request.query_params
        if p.get("npsn"):
            qs = qs.filter(school__npsn=p["npsn"])
        for f in ("nik", "nuptk", "pegid"):
            if p.get(f):
                qs = qs.filter(**{f: p[f]})
        return qs


class PtkList(PtkQuery, LoggedApiView, generics.ListAPIView):
    """PTK dalam cakupan lembaga klien (seperti daftar PTK operator lembaga itu)."""

    @extend_schema(
        parameters=[
            NPSN,
            OpenApiParameter("nik", str),
            OpenApiParameter("nuptk", str),
            OpenApiParameter("pegid", str),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class PtkDetail(PtkQuery, LoggedApiView, generics.RetrieveAPIView):
    """Satu PTK dalam cakupan lembaga klien."""


class SchoolQuery:
    serializer_class = s.SchoolSerializer

    def get_queryset(self):
        qs = self.scope.schools().select_related("dinas")
        p = self.request.query_params
        if p.get("kabkota"):
            qs = qs.filter(regency_id=p["kabkota"])
        if p.get("jenjang"):
            qs = qs.filter(jenjang=p["jenjang"])
        return qs


class SchoolList(SchoolQuery, LoggedApiView, generics.ListAPIView):
    """Sekolah dalam cakupan lembaga klien."""

    @extend_schema(parameters=[OpenApiParameter("kabkota", str), OpenApiParameter("jenjang", str)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class SchoolDetail(SchoolQuery, LoggedApiView, generics.RetrieveAPIView):
    """Satu sekolah (NPSN) dalam cakupan lembaga klien."""

    lookup_field = "npsn"


class SubmissionQuery:
    serializer_class = s.SubmissionSerializer

    def get_queryset(self):
        qs = Submission.objects.filter(self.scope.rows()).select_related("school")
        p = self.request.query_params
        for key, f in (("state", "state"), ("kind", "kind"), ("npsn", "school__npsn")):
            if p.get(key):
                qs = qs.filter(**{f: p[key]})
        return qs


class SubmissionList(SubmissionQuery, LoggedApiView, generics.ListAPIView):
    """Ajuan NUPTK dalam cakupan lembaga klien (tanpa berkas)."""

    @extend_schema(parameters=[OpenApiParameter("state", str), OpenApiParameter("kind", str), NPSN])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class SubmissionDetail(SubmissionQuery, LoggedApiView, generics.RetrieveAPIView):
    """Satu ajuan dalam cakupan lembaga klien."""


class LetterVerify(LoggedApiView):
    """Verifikasi surat dengan token pada QR: kode, nomor, tanggal, penerbit. Tidak ada isi rahasia."""

    serializer_class = s.LetterVerificationSerializer

    @extend_schema(responses=s.LetterVerificationSerializer)
    def get(self, request, token: str):
        status, letter = letter_by_token(token=token)
        if letter is None:
            raise NotFound("Surat tidak ditemukan." if status == "unknown" else "Token tidak valid.")
        data = {
            "status": status,
            "code": letter.code,
            "title": letter.title,
            "number": letter.number,
            "issued_on": timezone.localtime(letter.issued_at).date(),
            "issuer": letter.institution.name,
        }
        return Response(s.LetterVerificationSerializer(data).data)
