"""Running `mkdocs serve` in a test: a free 127.0.0.1 port, bounded waits,
the server stopped at the end and its log free of tracebacks."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import require_marker


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read().decode("utf-8")


def wait_for(url: str, predicate, seconds: float = 120) -> str:
    deadline, text = time.monotonic() + seconds, ""
    while time.monotonic() < deadline:
        try:
            text = fetch(url)
            if predicate(text):
                return text
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"page never matched; last text: {text[:300]!r}")


@contextlib.contextmanager
def serving(project, log, port: int | None = None, page: str = "ka/rtmart/"):
    """`mkdocs serve` on a free 127.0.0.1 port; stopped at the end, its log free of tracebacks."""
    require_marker("build")
    port = port or free_port()
    with open(log, "w", encoding="utf-8") as out:
        process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                                   cwd=project, stdout=out, stderr=subprocess.STDOUT, text=True,
                                   env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
        try:
            yield f"http://127.0.0.1:{port}/{page}", process
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    output = log.read_text(encoding="utf-8")
    assert "Traceback" not in output, output[-3000:]


def edit(project, relative, old, new):
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
