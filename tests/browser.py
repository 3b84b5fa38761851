"""Drive Debian's Chromium against a built site (helpers for the browser tests)."""
from __future__ import annotations

import contextlib
import subprocess
from pathlib import Path

from playbook_kit.cli.printing import FLAGS, chromium_path, print_to_pdf, serve  # noqa: F401


@contextlib.contextmanager
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=chromium_path(), args=FLAGS)
        try:
            yield instance
        finally:
            instance.close()


def pdf_info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines() if ":" in line)}


def pdf_text(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", "-raw", *pages, str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
