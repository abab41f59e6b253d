"""Read-only admin: requests change only through the engine (nuptk.services)."""

from django.contrib import admin

from .models import NuptkNumber, Submission, SubmissionLog


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LogInline(admin.TabularInline):
    model = SubmissionLog
    extra = 0
    can_delete = False
    readonly_fields = [
        "at",
        "action",
        "actor",
        "role",
        "institution",
        "from_state",
        "to_state",
        "note",
        "reason",
    ]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Submission)
class SubmissionAdmin(ReadOnly):
    list_display = ["code", "kind", "ptk", "school", "state", "waiting_at", "waiting_since"]
    list_filter = ["kind", "state"]
    search_fields = ["ptk__name", "ptk__nik", "ptk__nuptk"]
    raw_id_fields = ["ptk", "school", "dinas", "qa_office", "waiting_at"]
    inlines = [LogInline]
    show_full_result_count = False


@admin.register(NuptkNumber)
class NuptkNumberAdmin(ReadOnly):
    list_display = ["number", "ptk", "source", "created_at"]
    search_fields = ["number"]
    raw_id_fields = ["ptk", "submission"]
