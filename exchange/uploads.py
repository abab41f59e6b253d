"""A size cap on the upload itself: a request whose declared length is over the cap is refused
before its body is read; an upload without a declared length stops being read at the cap (nothing
past it reaches memory or disk)."""

from django.core.files.uploadhandler import FileUploadHandler, StopUpload


class CappedUploadHandler(FileUploadHandler):
    def __init__(self, request=None, *, cap: int):
        super().__init__(request)
        self.cap = cap
        self.exceeded = False

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.cap:
            self.exceeded = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


def declared_too_big(request, cap: int) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > cap + 64 * 1024  # room for the other form fields and multipart boundaries


def install_cap(request, cap: int) -> CappedUploadHandler:
    from django.core.files.uploadhandler import TemporaryFileUploadHandler

    capped = CappedUploadHandler(request, cap=cap)
    request.upload_handlers = [capped, TemporaryFileUploadHandler(request)]
    return capped
