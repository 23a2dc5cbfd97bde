"""Helpers for browser tests in real Chromium (Debian's /usr/bin/chromium, driven by Playwright).

Fixtures `browser`, `page` and `phone_page` live in the root conftest.py. Every page a test
visits should pass `assert_accessible(page)`; `screenshot(page, name)` saves a PNG under
test-artifacts/ for people to look at.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("DIALOG_TEST_ARTIFACTS", ROOT / "test-artifacts"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE_URL = "/static/vendor/axe-core/axe.min.js"


def axe_violations(page: Any, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict[str, Any]]:
    """axe-core's violations of the given impacts on the current page (WCAG 2.x A/AA rules)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=AXE_URL)  # a file on our own origin: allowed by the CSP
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"""
    )
    return [v for v in result["violations"] if v["impact"] in impacts]


def assert_accessible(page: Any) -> None:
    violations = axe_violations(page)
    summary = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in violations
    ]
    assert not violations, f"axe-core on {page.url}:\n" + "\n".join(summary)


def screenshot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{re.sub(r'[^a-zA-Z0-9_.-]+', '-', name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def submit(button: Any) -> None:
    """Click a form's submit button and wait for the page the form leads to.

    A click returns as soon as it is dispatched; checking the page straight after it can still
    see the old page or a blank one mid-navigation (a flaky `h1` count of 0 once in CI). Waiting
    for the navigation the click starts removes the race; an error page re-rendered by the same
    URL is a navigation too.
    """
    with button.page.expect_navigation():
        button.click()
