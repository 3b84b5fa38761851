"""Family 6: `mkdocs serve` survives any bad edit, shows the problems in the
browser page and recovers by itself.

On the main of 2026-11-27 a page error killed the server (exit 100) and a data
error left the browser's request hanging. Bounded: 127.0.0.1 only, every wait
has a deadline, the server is stopped at the end.
"""
from __future__ import annotations

import pytest

from serving import edit, serving, wait_for

PAGE = "playbooks/ka/rtmart.md"


@pytest.fixture
def server(project, tmp_path):
    with serving(project, tmp_path / "serve.log") as (url, process):
        yield project, url, process


@pytest.mark.build
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


@pytest.mark.build
def test_serve_starts_with_a_broken_page_and_recovers(project, tmp_path):
    """A fresh checkout (no .cache/) whose page is already broken: the preview starts anyway."""
    edit(project, PAGE, "## 单品锁码", "{{ config.extra }}\n\n## 单品锁码")
    with serving(project, tmp_path / "serve.log") as (url, _):
        text = wait_for(url, lambda t: "预览暂停" in t)
        assert "playbooks/ka/rtmart.md:9:1" in text
        edit(project, PAGE, "{{ config.extra }}\n\n## 单品锁码", "## 单品锁码")
        wait_for(url, lambda t: "单品锁码" in t and "预览暂停" not in t)
