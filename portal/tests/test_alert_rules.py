"""The sample Prometheus alerting rules are valid, fire when they should, and name only metrics
the portal exports."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

RULES = Path(__file__).resolve().parents[2] / "deploy" / "prometheus"

needs_promtool = pytest.mark.skipif(
    shutil.which("promtool") is None and not os.environ.get("CI"),
    reason="promtool comes with Debian's prometheus package (.ci/run installs it)",
)


@needs_promtool
@pytest.mark.parametrize(
    "command", [["check", "rules", "dialog-alerts.yml"], ["test", "rules", "dialog-alerts.test.yml"]]
)
def test_promtool_accepts_the_rules(command: list[str]) -> None:
    result = subprocess.run(["promtool", *command], cwd=RULES, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_rules_read_only_metrics_the_portal_exports() -> None:
    exported = set(re.findall(r'"(dialog_\w+)"', (RULES.parents[1] / "appeals" / "metrics.py").read_text()))
    exported |= set(re.findall(r'"(dialog_\w+)"', (RULES.parents[1] / "portal" / "metrics.py").read_text()))
    counters = {"dialog_appeals_filed", "dialog_notification_delivery_failures"}
    exported |= {f"{name}_total" for name in counters}
    used = set(re.findall(r"\b(dialog_\w+)", (RULES / "dialog-alerts.yml").read_text()))
    assert used and used <= exported, used - exported
