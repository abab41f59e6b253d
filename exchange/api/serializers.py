"""What the read API shows. Only what an operator of the institution sees in the lists, less
contact data (address, phone, email) and the mother's name; requests without their papers;
letters only by their public verification facts."""

from rest_framework import serializers

from accounts.models import Institution
from nuptk.models import Submission
from ptk.models import Ptk, PtkRombel


class SchoolRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Institution
        fields = ["npsn", "name"]


class RombelSerializer(serializers.ModelSerializer):
    npsn = serializers.CharField(source="school.npsn")

    class Meta:
        model = PtkRombel
        fields = ["npsn", "school_year", "semester", "rombel", "subject", "hours", "source", "started_on"]


class PtkSerializer(serializers.ModelSerializer):
    school = SchoolRefSerializer(read_only=True)
    nuptk_status_label = serializers.CharField(source="get_nuptk_status_display")
    employment_status_label = serializers.CharField(source="get_employment_status_display", allow_null=True)
    ptk_type_label = serializers.CharField(source="get_ptk_type_display", allow_null=True)
    rombels = RombelSerializer(source="current_rombels", many=True, read_only=True)

    class Meta:
        model = Ptk
        fields = [
            "id",
            "name",
            "nik",
            "nuptk",
            "pegid",
            "nip",
            "sex",
            "birth_place",
            "birth_date",
            "nuptk_status",
            "nuptk_status_label",
            "employment_status",
            "employment_status_label",
            "ptk_type",
            "ptk_type_label",
            "qualification",
            "in_dapodik",
            "has_rombel",
            "facts_source",
            "dapodik_synced_at",
            "school",
            "rombels",
            "updated_at",
        ]


class SchoolSerializer(serializers.ModelSerializer):
    province = serializers.CharField(source="province_id", allow_null=True)
    regency = serializers.CharField(source="regency_id", allow_null=True)
    district = serializers.CharField(source="district_id", allow_null=True)
    dinas = serializers.CharField(source="dinas.name", allow_null=True, default=None)

    class Meta:
        model = Institution
        fields = [
            "id",
            "npsn",
            "name",
            "jenjang",
            "status",
            "yayasan",
            "is_abroad",
            "country",
            "province",
            "regency",
            "district",
            "dinas",
        ]


class SubmissionSerializer(serializers.ModelSerializer):
    code = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    state = serializers.CharField()
    state_label = serializers.CharField(source="get_state_display")
    school = SchoolRefSerializer(read_only=True)
    ptk = serializers.IntegerField(source="ptk_id")

    class Meta:
        model = Submission
        fields = [
            "id",
            "code",
            "kind",
            "kind_label",
            "state",
            "state_label",
            "ptk",
            "school",
            "created_at",
            "request_date",
            "first_submitted_at",
            "submitted_at",
            "decided_at",
            "result_nuptk",
        ]


class LetterVerificationSerializer(serializers.Serializer):
    status = serializers.CharField()
    code = serializers.CharField()
    title = serializers.CharField()
    number = serializers.CharField()
    issued_on = serializers.DateField()
    issuer = serializers.CharField()
