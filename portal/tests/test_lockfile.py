"""The lock check: the committed locks agree with pyproject.toml, and a disagreement is caught."""

from __future__ import annotations

import shutil
from pathlib import Path

from portal.lockfile import ROOT, problems


def _copy(tmp_path: Path) -> Path:
    for name in ("pyproject.toml", "requirements.lock", "requirements-dev.lock"):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def test_the_committed_locks_agree_with_pyproject() -> None:
    assert problems() == []


def test_a_dependency_added_to_pyproject_without_make_lock_is_caught(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    text = (root / "pyproject.toml").read_text()
    (root / "pyproject.toml").write_text(text.replace('    "segno==', '    "left-pad==1.0.0",\n    "segno=='))
    found = problems(root)
    assert any("left-pad==1.0.0 is in pyproject.toml but not locked" in p for p in found)


def test_a_repinned_or_removed_dependency_is_caught(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    text = (root / "pyproject.toml").read_text()
    text = text.replace('"segno==1.6.6",\n', "").replace('"holidays==0.109"', '"holidays==0.108"')
    (root / "pyproject.toml").write_text(text)
    found = problems(root)
    assert any("holidays is 0.109 in the lock, 0.108 in pyproject.toml" in p for p in found)
    assert any(
        "segno is locked as a direct dependency but pyproject.toml no longer has it" in p for p in found
    )


def test_every_install_path_installs_from_a_lock_with_hashes() -> None:
    makefile = (ROOT / "Makefile").read_text()
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install --quiet --require-hashes -r $(DEV_LOCK)" in makefile
    assert "--no-deps --no-build-isolation -e ." in makefile
    assert "pip install --require-hashes -r requirements.lock" in dockerfile
    assert "pip install --no-deps --no-build-isolation ." in dockerfile
    for lock in ("requirements.lock", "requirements-dev.lock"):
        text = (ROOT / lock).read_text()
        assert "--hash=sha256:" in text and "setuptools==" in text
