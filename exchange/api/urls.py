"""URLs of the read API. Django's login layer does not guard them (``public``): the API
authenticates every call itself with the client's key (401 without one), see exchange.api.auth."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.permissions import public

from . import views

urlpatterns = [
    path("ptk/", public(views.PtkList.as_view()), name="ptk_list"),
    path("ptk/<int:pk>/", public(views.PtkDetail.as_view()), name="ptk_detail"),
    path("sekolah/", public(views.SchoolList.as_view()), name="school_list"),
    path("sekolah/<str:npsn>/", public(views.SchoolDetail.as_view()), name="school_detail"),
    path("ajuan/", public(views.SubmissionList.as_view()), name="submission_list"),
    path("ajuan/<int:pk>/", public(views.SubmissionDetail.as_view()), name="submission_detail"),
    path("surat/<str:token>/", public(views.LetterVerify.as_view()), name="letter_verify"),
    path("schema/", public(SpectacularAPIView.as_view()), name="schema"),
    path("docs/", public(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
]
