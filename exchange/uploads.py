"""A size cap on the Dapodik upload itself: a request whose declared length is over the cap is
refused before its body is read; an upload without a truthful length stops being read at the cap.
The file is held in memory up to the cap (no temporary file on disk), then stored by the service
in private storage."""

import io

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload


class CappedUploadHandler(FileUploadHandler):
    def __init__(self, request=None, *, cap: int):
        super().__init__(request)
        self.cap = cap
        self.exceeded = False

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.cap:
            self.exceeded = True
            self.buffer = io.BytesIO()
            raise StopUpload(connection_reset=False)
        self.buffer.write(raw_data)
        return None

    def file_complete(self, file_size):
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


def declared_too_big(request, cap: int) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > cap + 64 * 1024  # room for the other form fields and multipart boundaries


def install_cap(request, cap: int) -> CappedUploadHandler:
    capped = CappedUploadHandler(request, cap=cap)
    request.upload_handlers = [capped]
    return capped
