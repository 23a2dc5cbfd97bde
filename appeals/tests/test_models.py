"""Stored files get one generated name; the citizen's file name is kept only as data."""

from __future__ import annotations

from pathlib import PurePosixPath

from appeals.models.content import attachment_path


def test_an_attachment_is_stored_under_one_generated_name() -> None:
    path = PurePosixPath(attachment_path(None, "Passport scan.PDF"))  # type: ignore[arg-type]
    top, folder, name = path.parts
    assert top == "attachments" and name.endswith(".pdf") and "Passport" not in str(path)
    assert name.startswith(folder) and len(name) == 32 + len(".pdf")
