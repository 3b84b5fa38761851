"""Family 11: no tool writes outside the repository or through a symlink.

On the main of 2026-12-02 a committed `site -> ../victim` had the build empty
`../victim` and write the site there; `new ../../../x` wrote outside the
repository; `export --json` and `changes --out` wrote through committed
symlinks (`dist/…`, `change-report.md`); the site folder came out 0700.
"""
from __future__ import annotations

import os
import stat

import pytest

from conftest import cli
from playbook_kit.cli import changes as changes_command
from playbook_kit.cli import export as export_command
from playbook_kit.cli import scaffold
from playbook_kit.engines.loading import PluginError
from playbook_kit.engines.mkdocs_bridge import SiteSwap
from playbook_kit.engines import macros_plugin
from playbook_kit.source.project_files import RefusedPath, safe_write, write_output


@pytest.fixture
def victim(tmp_path):
    """A folder outside the repository with a file that must survive."""
    folder = tmp_path / "victim"
    folder.mkdir()
    (folder / "keep.txt").write_text("precious", encoding="utf-8")
    return folder


@pytest.fixture
def repo(tmp_path):
    """An empty repository folder: the writers need nothing but its path."""
    root = tmp_path / "repo"
    root.mkdir()
    (root / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    return root


def config_for(root, site):
    return {"site_dir": str(site), "config_file_path": str(root / "mkdocs.yml")}


@pytest.mark.parametrize("link", ["site", "out"])
def test_a_symlinked_site_folder_or_a_folder_above_it_is_refused(repo, victim, link):
    (repo / link).symlink_to(victim)
    site = repo / "site" if link == "site" else repo / "out" / "site"
    with pytest.raises(PluginError) as refused:
        SiteSwap(config_for(repo, site))
    assert f"{link}:1:1: 网站输出目录 “{link}” 是符号链接, 拒绝写入" in str(refused.value)
    assert sorted(p.name for p in victim.iterdir()) == ["keep.txt"]


def test_the_site_is_readable_by_a_web_server_of_another_user(repo):
    previous = os.umask(0o022)
    try:
        swap = SiteSwap(config := config_for(repo, repo / "site"))
        (swap.building / "index.html").write_text("<p>x</p>", encoding="utf-8")
        assert config["site_dir"] == str(swap.building)
        swap.finish()
    finally:
        os.umask(previous)
    assert stat.S_IMODE((repo / "site").stat().st_mode) == 0o755


def test_a_site_folder_the_user_typed_outside_the_repository_is_written(repo, tmp_path):
    swap = SiteSwap(config_for(repo, tmp_path / "elsewhere" / "site"))
    swap.finish()
    assert (tmp_path / "elsewhere" / "site").is_dir()


def test_new_refuses_an_id_that_leaves_the_repository(repo, tmp_path, monkeypatch):
    monkeypatch.setattr(scaffold, "validate", lambda root: pytest.fail("the id is refused before anything"))
    run = cli("new", "../../../x", "--channel", "ka", "--title", "标题", "--source", "rtmart-flow",
              "--root", str(repo))
    assert run.returncode == 1
    assert "没有创建: 编号 “../../../x” 不合规: 只能用小写字母、数字和连字符" in run.output, run.output
    assert not list(tmp_path.parent.glob("x.*")) and not list(tmp_path.glob("x.*"))


def test_export_does_not_write_through_a_committed_symlink(repo, victim, catalog, monkeypatch):
    monkeypatch.setattr(export_command, "validate", lambda root: (catalog, []))
    (repo / "dist").symlink_to(victim)
    code, lines = export_command.export(repo, repo / "dist" / "catalogue.json")
    assert code == 1 and lines == ["没有导出: “dist” 是符号链接, 拒绝写入"], lines
    assert sorted(p.name for p in victim.iterdir()) == ["keep.txt"]


def test_the_change_report_replaces_a_committed_symlink_instead_of_writing_through_it(repo, victim, monkeypatch):
    monkeypatch.setattr(changes_command, "changes_report", lambda root, base, **options: "# 数据变更报告\n")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    (repo / "change-report.md").symlink_to(victim / "keep.txt")
    assert changes_command.run_changes(repo, "origin/main", str(repo / "change-report.md")) == 0
    assert (victim / "keep.txt").read_text(encoding="utf-8") == "precious"
    report = repo / "change-report.md"
    assert not report.is_symlink() and report.read_text(encoding="utf-8") == "# 数据变更报告\n"
    assert stat.S_IMODE(report.stat().st_mode) & 0o044 == 0o044  # readable by others, as any file


def test_an_output_path_the_user_typed_outside_the_repository_is_written_there(repo, tmp_path):
    written = write_output(repo, tmp_path / "out" / "catalogue.json", "{}")
    assert written == tmp_path / "out" / "catalogue.json" and written.read_text(encoding="utf-8") == "{}"
    relative = os.path.relpath(tmp_path / "back.txt")
    assert write_output(repo, relative, "x").read_text(encoding="utf-8") == "x"


def test_a_symlinked_cache_folder_stops_the_build_with_a_located_line(repo, victim):
    (repo / ".cache").symlink_to(victim)
    with pytest.raises(RefusedPath) as refused:
        safe_write(repo, ".cache/jieba_userdict.txt", "大润发 100000 n\n")
    assert macros_plugin.explain(refused.value) == (
        ".cache:1:1: “.cache” 是符号链接, 拒绝写入 提示: 删除这个符号链接, 需要时工具会生成真正的文件夹")
    assert sorted(p.name for p in victim.iterdir()) == ["keep.txt"]
