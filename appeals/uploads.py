"""Checks on uploaded files: size and type, the type read from the content, not the name."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import filetype
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from portal.domain_errors import InvalidInput

MAX_FILES = 5
MAX_FILE_SIZE = 10 * 1024 * 1024
ALLOWED_TYPES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
}


def detect_content_type(upload: UploadedFile) -> str | None:
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None:
        return None
    if kind.mime == "application/zip" or kind.extension == "docx":
        # A DOCX is a zip; filetype recognises it from the first entry, which some writers vary.
        return _docx_or_none(upload)
    return str(kind.mime)


def _docx_or_none(upload: UploadedFile) -> str | None:
    import zipfile

    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return None
    finally:
        upload.seek(0)
    if "word/document.xml" in names and "[Content_Types].xml" in names:
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return None


def check_upload(
    upload: UploadedFile, *, allowed: Mapping[str, str] = ALLOWED_TYPES, max_size: int = MAX_FILE_SIZE
) -> str:
    """The file's real content type if it is one of `allowed` and no larger than `max_size`,
    or a clear InvalidInput."""
    name = upload.name or "file"
    if upload.size is not None and upload.size > max_size:
        raise InvalidInput(
            _("%(name)s is %(size)s; a file may be at most %(max)s.")
            % {"name": name, "size": filesizeformat(upload.size), "max": filesizeformat(max_size)},
            code="file_too_large",
        )
    content_type = detect_content_type(upload)
    if content_type is None or content_type not in allowed:
        raise InvalidInput(
            _("%(name)s is not an accepted file (%(kinds)s); its content was checked, not its name.")
            % {"name": name, "kinds": ", ".join(allowed.values())},
            code="file_type",
        )
    return content_type


def check_uploads(uploads: Sequence[UploadedFile]) -> list[str]:
    if len(uploads) > MAX_FILES:
        raise InvalidInput(
            _("You can attach at most %(max)d files.") % {"max": MAX_FILES}, code="too_many_files"
        )
    return [check_upload(upload) for upload in uploads]
