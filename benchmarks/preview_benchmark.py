"""How long a YAML edit takes to show under `mkdocs serve` (the preview).

    .venv/bin/python benchmarks/preview_benchmark.py          # 3 edits, median
    .venv/bin/python benchmarks/preview_benchmark.py --runs 5

It copies the project (tracked and new files, as in the working tree) into a
temporary git repository, finds every page a clean `mkdocs build` shows a
rule's text on, starts `mkdocs serve` there, then edits that rule's text in
data/auto-4s/market-event.yml once per run and measures, from the moment the file is
written, how long until every one of those pages, served, shows the new text
(polling each page every 50 ms; the browser's live reload adds its own
request). It also checks that the served search index has the new text and
that no page still shows the previous run's text. Prints each run and the
median. A script, not a test: the figures depend on the machine.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = "data/auto-4s/market-event.yml"
# a rule of the 4S market event, shown on its channel page, two role pages and quiz pages
LINE = "text: 场地布置应于活动前确认一切到位，由现场总指挥与场地组进行最后检查（现场观察、功能与效果）。"


def copy_project(target: Path) -> None:
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in listed.decode().split("\0"):
        if name and (ROOT / name).is_file() and not (ROOT / name).is_symlink():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    for command in (["git", "init", "-q"], ["git", "add", "-A"],
                    ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid",
                     "commit", "-q", "-m", "benchmark copy"]):
        subprocess.run(command, cwd=target, check=True)


def edit(project: Path, marker: str) -> None:
    path = project / DATA
    text = path.read_text(encoding="utf-8")
    text = re.sub(re.escape(LINE) + r"[^\n]*", LINE + marker, text, count=1)
    path.write_text(text, encoding="utf-8")


def pages_showing(project: Path, marker: str) -> list[str]:
    """Pages of a clean build that show `marker` (as URL paths)."""
    site = project / ".bench-site"
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=project,
                         capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if run.returncode != 0:
        sys.exit("clean build failed:\n" + run.stderr[-2000:])
    found = []
    for html in sorted(site.rglob("*.html")):
        if marker in html.read_text(encoding="utf-8"):
            relative = html.relative_to(site).as_posix()
            found.append("/" + relative.removesuffix("index.html"))
    shutil.rmtree(site)
    return found


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="preview-bench-") as temp:
        project = Path(temp)
        copy_project(project)
        edit(project, "预览基准0")
        pages = pages_showing(project, "预览基准0")
        if not pages:
            sys.exit("the edited rule is on no page: the benchmark's edit needs updating")
        print(f"pages that show the edited rule: {len(pages)}: {', '.join(pages)}")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=project,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                                  env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        try:
            deadline = time.monotonic() + 120
            while "预览基准0" not in (fetch(base + pages[0]) or ""):
                if time.monotonic() > deadline or server.poll() is not None:
                    sys.exit("mkdocs serve did not start")
                time.sleep(0.2)
            time.sleep(2)  # let the watcher settle after the first build
            times = []
            for run in range(1, args.runs + 1):
                marker, old = f"预览基准{run}", f"预览基准{run - 1}"
                start = time.monotonic()
                edit(project, marker)
                waiting = set(pages)
                while waiting:
                    if time.monotonic() - start > 60:
                        sys.exit(f"run {run}: still not shown after 60 s: {sorted(waiting)}")
                    for page in sorted(waiting):
                        text = fetch(base + page) or ""
                        if marker in text and old not in text:
                            waiting.discard(page)
                    time.sleep(0.05)
                elapsed = time.monotonic() - start
                index = (fetch(base + "/search/search_index.json") or "").replace("\u200b", "")
                times.append(elapsed)
                print(f"run {run}: every page shows the edit after {elapsed:.2f} s; "
                      f"search index {'has' if marker in index else 'LACKS'} it")
                time.sleep(1.5)
            print(f"median of {len(times)}: {statistics.median(times):.2f} s "
                  f"(min {min(times):.2f}, max {max(times):.2f})")
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
