"""Family 6: `mkdocs serve` survives any bad edit, shows the problems in the
browser page and recovers by itself.

On the main of 2026-11-27 a page error killed the server (exit 100) and a data
error left the browser's request hanging. Bounded: 127.0.0.1 only, every wait
has a deadline, the server is stopped at the end.
"""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

PAGE = "playbooks/ka/rtmart.md"


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
def serving(project, log):
    """`mkdocs serve` on a free 127.0.0.1 port; stopped at the end, its log free of tracebacks."""
    port = free_port()
    with open(log, "w", encoding="utf-8") as out:
        process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                                   cwd=project, stdout=out, stderr=subprocess.STDOUT, text=True,
                                   env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
        try:
            yield f"http://127.0.0.1:{port}/ka/rtmart/", process
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    output = log.read_text(encoding="utf-8")
    assert "Traceback" not in output, output[-3000:]


@pytest.fixture
def server(project, tmp_path):
    with serving(project, tmp_path / "serve.log") as (url, process):
        yield project, url, process


def edit(project, relative, old, new):
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_serve_survives_data_and_page_errors(server):
    project, url, process = server
    wait_for(url, lambda t: "单品锁码" in t)

    edit(project, "data/roles.yml", "    name: 业务员\n", "    name：业务员\n")
    text = wait_for(url, lambda t: "预览暂停" in t)
    line = (project / "data" / "roles.yml").read_text(encoding="utf-8").split("\n").index("    name：业务员") + 1
    assert f"data/roles.yml:{line}:" in text and "全角冒号" in text

    edit(project, "data/roles.yml", "    name：业务员\n", "    name: 业务员\n")
    wait_for(url, lambda t: "单品锁码" in t and "预览暂停" not in t)

    edit(project, PAGE, "## 单品锁码", "{{ ''.__class__ }}\n\n## 单品锁码")
    text = wait_for(url, lambda t: "预览暂停" in t)
    assert "playbooks/ka/rtmart.md:9:1" in text and "只能调用宏" in text
    assert process.poll() is None  # still serving

    edit(project, PAGE, "{{ ''.__class__ }}\n\n## 单品锁码", "## 单品锁码")
    wait_for(url, lambda t: "单品锁码" in t and "预览暂停" not in t)
    assert process.poll() is None


def test_serve_starts_with_a_broken_page_and_recovers(project, tmp_path):
    """A fresh checkout (no .cache/) whose page is already broken: the preview starts anyway."""
    edit(project, PAGE, "## 单品锁码", "{{ config.extra }}\n\n## 单品锁码")
    with serving(project, tmp_path / "serve.log") as (url, _):
        text = wait_for(url, lambda t: "预览暂停" in t)
        assert "playbooks/ka/rtmart.md:9:1" in text
        edit(project, PAGE, "{{ config.extra }}\n\n## 单品锁码", "## 单品锁码")
        wait_for(url, lambda t: "单品锁码" in t and "预览暂停" not in t)
