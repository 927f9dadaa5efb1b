"""Refuse an oversized upload before it is written anywhere.

Django streams a multipart body to a temporary file before any view can look at it, so a
1 GB "resident list" would fill the disk first and be refused after. This handler stops
reading as soon as it sees the request is larger than the import limit.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest

# Room for the form's other fields and the multipart boundaries around the file.
_ENVELOPE = 64 * 1024


def _over_limit(content_length: int) -> bool:
    return content_length > settings.IMPORT_MAX_BYTES + _ENVELOPE


def upload_too_large(request: HttpRequest) -> bool:
    try:
        return _over_limit(int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return False


class SizeLimitedUploadHandler(FileUploadHandler):
    too_large = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None) -> None:
        self.too_large = _over_limit(content_length)

    def new_file(self, *args, **kwargs) -> None:
        if self.too_large:
            raise StopUpload(connection_reset=False)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
