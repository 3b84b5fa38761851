"""`mkdocs build` validates and renders in a forked child (playbook_kit/build/build_child.py):
the site is the one a single-process build makes, byte for byte, and whatever
the child cannot answer is done in process."""
import os
from pathlib import Path

import pytest

from conftest import ROOT, mkdocs_build
from playbook_kit.build import build_child
from playbook_kit.build.build_child import Snapshot, SnapshotState


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and p.name != "sitemap.xml.gz"}


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork here: the build stays in one process")
def test_the_child_builds_the_same_site_as_one_process(site, tmp_path):
    forked = site_files(site)  # the session's site is built with PLAYBOOK_BUILD_CHILD=1 (conftest.site)
    run = mkdocs_build(ROOT, tmp_path / "single", env={"PLAYBOOK_BUILD_CHILD": "0"})
    assert run.returncode == 0, run.output
    single = site_files(tmp_path / "single")
    assert len(forked) > 150
    assert forked.keys() == single.keys()
    assert [path for path in forked if forked[path] != single[path]] == []


class Full:
    """Stands in for the in-process BuildState the snapshot falls back to."""
    def __init__(self):
        self.page_problems = []
        self.urls = None
        self.asked = []

    def use_directory_urls(self, flag):
        self.urls = flag

    def render_page(self, path, text):
        self.asked.append(("page", path))
        return "rendered here"

    def page_footer(self, path):
        self.asked.append(("footer", path))
        return "footer here"

    def generated_pages(self, directory_urls):
        return {"made": "here"}

    def search_fix_data(self, directory_urls):
        return "search here"


def snapshot_state():
    full = Full()
    snapshot = Snapshot(pages={"playbooks/a.md": ("source", "from child")}, footers={"playbooks/a.md": "child footer"},
                        generated={"roles/x.md": "child page"}, directory_urls=True, macro_names=["procedure"],
                        search=("data", set(), set()))
    return SnapshotState(snapshot, fallback=lambda: full), full


def test_the_snapshot_answers_only_for_the_text_the_child_rendered():
    state, full = snapshot_state()
    assert state.render_page("playbooks/a.md", "source") == "from child"
    assert state.page_footer("playbooks/a.md") == "child footer"
    assert state.generated_pages(True) == {"roles/x.md": "child page"}
    assert full.asked == []
    assert state.render_page("playbooks/a.md", "edited since") == "rendered here"
    assert state.render_page("playbooks/new.md", "x") == "rendered here"
    assert state.page_footer("playbooks/new.md") == "footer here"
    assert full.asked == [("page", "playbooks/a.md"), ("page", "playbooks/new.md"), ("footer", "playbooks/new.md")]


def test_other_urls_than_the_childs_are_made_in_process():
    state, full = snapshot_state()
    state.use_directory_urls(False)
    assert state.render_page("playbooks/a.md", "source") == "rendered here"
    assert state.generated_pages(False) == {"made": "here"}
    assert state.search_fix_data(False) == "search here"
    assert full.urls is False


def test_a_file_broken_during_the_build_stops_it_with_a_page_problem():
    snapshot = snapshot_state()[0].snapshot

    def invalid_now():
        raise ValueError("数据检查未通过, 未生成任何页面:\ndata/x.yml:3:1: 键 “title” 后面用了全角冒号“：”")
    state = SnapshotState(snapshot, fallback=invalid_now)
    assert state.render_page("playbooks/a.md", "edited since") == ""
    assert state.page_footer("playbooks/new.md") == ""
    assert len(state.page_problems) == 1
    assert "data/x.yml:3:1" in state.page_problems[0].message and "Traceback" not in state.page_problems[0].message


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork here")
def test_a_refusal_comes_back_as_its_message_and_a_dead_child_as_nothing(monkeypatch):
    waited = []

    def refuse(root, conf):
        raise ValueError("坏数据")
    monkeypatch.setattr(build_child, "take", refuse)
    answer = build_child.run(ROOT, {}, lambda error: f"说明: {error}", lambda: waited.append(1))
    assert answer == ("error", "说明: 坏数据") and waited == [1]

    monkeypatch.setattr(build_child, "take", lambda root, conf: os._exit(3))
    assert build_child.run(ROOT, {}, str, lambda: None) is None
