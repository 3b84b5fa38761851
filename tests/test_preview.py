"""The preview: `mkdocs serve` rebuilds only the pages an edit changes, and
whatever it rebuilt, it serves exactly what a clean `mkdocs build` of the same
files writes (issue 14: never stale, and deterministic in one process).

Before this, every serve rebuild was complete (about 5 s), and rebuilding in
one process drifted: jieba's global dictionary grew with every rebuild, and
after four rebuilds 28 of 321 search entries differed from a clean build's.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import mkdocs_build
from serving import edit, fetch, free_port, serving, wait_for

DATA = "data/auto-4s/market-event.yml"
RULE = "text: 场地布置应于活动前确认一切到位，由现场总指挥与场地组进行最后检查（现场观察、功能与效果）。"
LIVERELOAD = re.compile(r"<script>\s*var livereload = function.*?</script>(?=</body>)", re.S)


def served_pages(reference):
    return sorted(p.relative_to(reference).as_posix() for p in reference.rglob("*.html"))


@pytest.mark.build
def test_preview_rebuilds_serve_what_a_clean_build_writes(project, tmp_path):
    port = free_port()
    config = project / "mkdocs.yml"
    # serve sets site_url to its own address: the clean build gets the same one
    config.write_text(config.read_text(encoding="utf-8") + f"\nsite_url: http://127.0.0.1:{port}/\n",
                      encoding="utf-8")
    event = f"http://127.0.0.1:{port}/auto-4s/market-event/"
    role = f"http://127.0.0.1:{port}/roles/event-venue-team/"
    # the rule is on its procedure's page and on the page of each role it names (the quiz asks
    # no rule's text since its questions are a trainer's: the quiz page is checked with all pages below)
    commander = f"http://127.0.0.1:{port}/roles/event-site-commander/"
    with serving(project, tmp_path / "serve.log", port=port, page="auto-4s/market-event/") as (url, process):
        wait_for(url, lambda t: "现场总指挥与场地组" in t)
        # four rebuilds in one process: a data edit shown on several pages, reverted, made again
        for marker, previous in (("改一", None), (None, "改一"), ("改二", None), (None, "改二")):
            old = RULE + (previous or "")
            edit(project, DATA, old + "\n", RULE + (marker or "") + "\n")
            for page in (event, role, commander):
                if marker:
                    wait_for(page, lambda t, m=marker: m in t, seconds=60)
                else:
                    wait_for(page, lambda t, p=previous: p not in t and "现场总指挥与场地组" in t, seconds=60)
        # a page title changes the navigation on every page: all of them are rebuilt
        edit(project, "playbooks/ka/index.md", "# KA 卖场\n", "# KA 卖场渠道\n")
        wait_for(f"http://127.0.0.1:{port}/ka/", lambda t: "KA 卖场渠道" in t, seconds=60)
        wait_for(f"http://127.0.0.1:{port}/ka/rtmart/", lambda t: "KA 卖场渠道" in t, seconds=60)
        # the last edit: the event page and the pages that show the rule
        edit(project, DATA, RULE + "\n", RULE + "改三\n")
        wait_for(role, lambda t: "改三" in t, seconds=60)
        wait_for(event, lambda t: "改三" in t, seconds=60)

        reference = tmp_path / "clean"
        run = mkdocs_build(project, reference)
        assert run.returncode == 0, run.output
        index = json.loads(fetch(f"http://127.0.0.1:{port}/search/search_index.json"))
        clean_index = json.loads((reference / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert [d["location"] for d in index["docs"]] == [d["location"] for d in clean_index["docs"]]
        differing = [d["location"] for d, c in zip(index["docs"], clean_index["docs"]) if d != c]
        assert not differing, f"{len(differing)} search entries differ from a clean build: {differing[:5]}"
        assert index == clean_index
        fragments = sorted(p.name for p in (reference / "search" / "pb").iterdir())
        differing = [name for name in fragments
                     if fetch(f"http://127.0.0.1:{port}/search/pb/{name}") != (reference / "search" / "pb" / name).read_text(encoding="utf-8")]
        assert fragments and not differing, f"{len(differing)} search fragments differ from a clean build: {differing[:5]}"

        stale = []
        for page in served_pages(reference):
            served = LIVERELOAD.sub("", fetch(f"http://127.0.0.1:{port}/{page}"))
            if served != (reference / page).read_text(encoding="utf-8"):
                stale.append(page)
        assert not stale, f"pages served differently from a clean build: {stale[:10]}"
        assert process.poll() is None


def test_a_rebuild_renders_only_changed_pages_and_removes_pages_that_are_gone(tmp_path, monkeypatch):
    """The plan itself, without a server: what is rebuilt after each kind of change."""
    import sys

    monkeypatch.delitem(sys.modules, "_playbook_kit_preview", raising=False)
    from playbook_kit.build import preview

    outputs = {uri: str(tmp_path / uri.replace(".md", ".html")) for uri in ("a.md", "b.md", "roles/x.md")}
    for path in outputs.values():
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text("old", encoding="utf-8")
    pages = {"a.md": ("fa", "# A"), "b.md": ("fb", "# B"), "roles/x.md": ("fx", "")}
    assert preview.plan(pages, "inputs", outputs) == set(pages)  # the first build: everything
    preview.finished({})
    assert preview.plan(pages, "inputs", outputs) == set()  # nothing changed
    preview.finished({})
    assert preview.plan(dict(pages, **{"b.md": ("fb2", "# B")}), "inputs", outputs) == {"b.md"}
    preview.finished({})
    # a title shown in the navigation, or the engine/config, changes every page
    assert preview.plan(dict(pages, **{"a.md": ("fa", "# A2")}), "inputs", outputs) == set(pages)
    preview.finished({})
    assert preview.plan(dict(pages, **{"a.md": ("fa", "# A2")}), "other inputs", outputs) == set(pages)
    # a failed rebuild: the next one is complete
    preview.forget()
    assert preview.plan(dict(pages, **{"a.md": ("fa", "# A2")}), "other inputs", outputs) == set(pages)
    preview.finished({})
    # a role removed from the data: its page is deleted from the served folder
    gone = {uri: value for uri, value in pages.items() if uri != "roles/x.md"}
    kept = {uri: path for uri, path in outputs.items() if uri != "roles/x.md"}
    assert preview.plan(dict(gone, **{"a.md": ("fa", "# A2")}), "other inputs", kept) == set(gone)
    assert not Path(outputs["roles/x.md"]).exists()
    assert Path(outputs["a.md"]).exists()
