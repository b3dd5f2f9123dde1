"""Where an upload's bytes wait while the request is read.

Django's default handlers write uploads over 2.5 MB to a named `*.upload` file in the system's
temporary folder, deleted when the request ends; a worker killed meanwhile leaves it there for
good (65 MB after 15 kills). Here the bytes stay in memory up to FILE_UPLOAD_MAX_MEMORY_SIZE and
then go to an unnamed temporary file (O_TMPFILE: it has no name in any folder), which the
kernel frees when the last descriptor closes, however the process ends. Bytes past the upload
limit are counted but not kept: the view answers 413 from the size alone.
"""

import io
import tempfile

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class BoundedUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()
        self.received = 0

    def _spill(self):
        """Move what is buffered into an unnamed file once it outgrows memory."""
        spilled = tempfile.TemporaryFile(dir=settings.FILE_UPLOAD_TEMP_DIR)
        spilled.write(self.buffer.getvalue())
        self.buffer = spilled

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_BYTES:
            return None  # over the limit: counted, not kept
        if isinstance(self.buffer, io.BytesIO) and self.received > (
            settings.FILE_UPLOAD_MAX_MEMORY_SIZE
        ):
            self._spill()
        self.buffer.write(raw_data)
        return None

    def file_complete(self, file_size):
        self.buffer.seek(0)
        uploaded = UploadedFile(
            file=self.buffer,
            name=self.file_name,
            content_type=self.content_type,
            size=self.received,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
        uploaded.full_name = self.file_name  # UploadedFile cuts names at 255 characters
        return uploaded
