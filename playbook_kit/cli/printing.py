"""Print checklist pages to PDF with headless Chromium (Debian's `chromium`).

Chromium is the engine trainers print with, so the PDF is what they get from
the browser's print dialog; the same engine runs in the tests. No Python
dependency is added: the browser is a system package.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync"]


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """The built site on a loopback port (file:// would break Material's assets)."""
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def print_to_pdf(url: str, target: Path, browser_header_footer: bool = False) -> None:
    """Print `url` to `target`. `browser_header_footer=True` keeps Chromium's
    default URL/date header and footer, as a trainer's print dialog has them."""
    browser = chromium_path()
    if browser is None:
        raise RuntimeError("找不到 Chromium: 请先安装 (apt-get install chromium fonts-noto-cjk)")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([browser, "--headless", *FLAGS, f"--user-data-dir={profile}",
                        *([] if browser_header_footer else ["--no-pdf-header-footer"]),
                        "--run-all-compositor-stages-before-draw",
                        "--virtual-time-budget=5000", f"--print-to-pdf={target}", url],
                       check=True, capture_output=True, timeout=180)


def build_site(root: Path, site_dir: Path) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site_dir)],
                            cwd=root, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise RuntimeError("网站构建失败:\n" + result.stdout + result.stderr)


def print_pages(root: Path, pages: dict[str, Path], site_dir: Path | None = None,
                optional: set[str] = frozenset()) -> None:
    """Build the site (unless `site_dir` is given) and print each page path to its PDF.
    Pages in `optional` are skipped when the site has no such page (a channel without quiz)."""
    with tempfile.TemporaryDirectory() as tmp:
        if site_dir is None:
            site_dir = Path(tmp) / "site"
            build_site(root, site_dir)
        with serve(site_dir) as base:
            for page, target in pages.items():
                built = site_dir / page / "index.html" if page.endswith("/") else site_dir / page
                if page in optional and not built.exists():
                    continue
                print_to_pdf(base + page, target)


def merge_pdfs(parts: list[Path], target: Path) -> None:
    """One PDF from several, in order (poppler's pdfunite, installed with pdfinfo)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if len(parts) == 1:
        shutil.copyfile(parts[0], target)
        return
    tool = shutil.which("pdfunite")
    if tool is None:
        raise RuntimeError("找不到 pdfunite: 请先安装 (apt-get install poppler-utils)")
    subprocess.run([tool, *map(str, parts), str(target)], check=True, capture_output=True, timeout=120)
