"""The benchmark's floor is the same site: what our macros produced, dumped, builds the same pages.

benchmarks/floor.py dumps the Markdown mkdocs-macros hands on to MkDocs and
every generated file, and each page's glossary words; built without the
macros plugin and without our hooks but with one hook doing what ours do to
page HTML (our HTML policy, then the glossary's marks), every page must be
byte-identical to the real build's (the session's `site`).
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import floor  # noqa: E402
from build_benchmark import FLOOR_SCRIPT, mkdocs_build, run  # noqa: E402


@pytest.mark.build
def test_floor_dump_builds_the_same_pages(site: Path, tmp_path: Path):
    run([sys.executable, str(FLOOR_SCRIPT), str(ROOT), str(tmp_path / "dump"), str(tmp_path / "dump-site")],
        ROOT, "the dump build")
    floor.write_floor(ROOT, tmp_path / "dump", tmp_path / "floor")
    config = floor.write_verify_config(tmp_path / "floor", ROOT)
    mkdocs_build(tmp_path / "floor", tmp_path / "floor-site", "the floor build", config)
    same, different = floor.compare_sites(site, tmp_path / "floor-site")
    assert not different, different
    assert len(same) > 100
