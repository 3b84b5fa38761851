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


# axe-core 4.14.1 (MPL-2.0, from npm, unmodified: its licence header stays in the file)
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
# WCAG 2.0 and 2.1, levels A and AA, and Deque's best practices
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
SERIOUS = ("serious", "critical")


def axe_violations(page, skip: tuple[str, ...] = (), impacts: tuple[str, ...] = SERIOUS) -> list[tuple]:
    """axe-core's violations of the page as it is now, as (rule, impact, nodes,
    first node): the vendored axe is injected unless the page has it already
    (a context's init script), rules in `skip` are not run."""
    if not page.evaluate("typeof axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    # no stylesheet download per run (preload): only css-orientation-lock needs
    # it, and the site locks no orientation
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"], "preload": False,
               "rules": {rule: {"enabled": False} for rule in ("css-orientation-lock", *skip)}}
    # only what is reported leaves the page: axe's full result is megabytes per run through the driver
    found = page.evaluate("""([options, impacts]) => axe.run(document, options).then(result => result.violations
        .filter(v => impacts.includes(v.impact)).map(v => [v.id, v.impact, v.nodes.length, v.nodes[0].target]))""",
                          [options, list(impacts)])
    return [tuple(v) for v in found]


def pdf_info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines() if ":" in line)}


def pdf_text(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", "-raw", *pages, str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
