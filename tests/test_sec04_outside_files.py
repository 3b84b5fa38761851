"""Family 4: nothing outside the repository is read, nothing is skipped silently.

On the main of 2026-11-27 a symlinked page to /proc/self/environ published the
build's environment (CI secrets) into the page and the search index, a data
file symlinked from outside was read, and `*.YML` files were ignored.
"""
from __future__ import annotations

import os

import pytest

from conftest import editor_check, mkdocs_build
from playbook_kit.source.project_files import safe_write


@pytest.mark.build
def test_symlinked_page_to_the_environment_is_refused(project):
    (project / "playbooks" / "ka" / "leak.md").symlink_to("/proc/self/environ")
    run = editor_check(project)
    assert run.returncode == 1
    assert "playbooks/ka/leak.md:1:1: “playbooks/ka/leak.md” 是指向仓库外的符号链接, 不能读取" in run.output, run.output
    env = dict(os.environ, PLAYBOOK_SECRET="s3cr3t-value")
    import subprocess
    import sys
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode != 0
    assert "s3cr3t-value" not in result.stdout + result.stderr
    assert not (project / "site").exists() or not any(
        "s3cr3t-value" in p.read_text(errors="ignore") for p in (project / "site").rglob("*") if p.is_file())


def test_symlinked_data_file_outside_the_repository_is_refused(project, tmp_path):
    outside = tmp_path / "secret.yml"
    outside.write_text("terms:\n  - id: secret\n", encoding="utf-8")
    (project / "data" / "leak.yml").symlink_to(outside)
    run = editor_check(project)
    assert run.returncode == 1
    assert "data/leak.yml:1:1: “data/leak.yml” 是指向仓库外的符号链接, 不能读取" in run.output, run.output


def test_symlinked_directory_is_refused(project, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "x.yml").write_text("terms: []\n", encoding="utf-8")
    (project / "checklists" / "more").symlink_to(tmp_path / "elsewhere")
    run = editor_check(project)
    assert run.returncode == 1
    assert "checklists/more:1:1: “checklists/more” 是指向别处的符号链接目录, 不能读取" in run.output, run.output


def test_upper_case_extension_is_not_ignored(project):
    (project / "data" / "extra.YML").write_text("terms: []\n", encoding="utf-8")
    run = editor_check(project)
    assert run.returncode == 1
    assert "data/extra.YML:1:1: 文件扩展名要用小写: “extra.YML” 不会被读取 提示: 改名为 extra.yml" in run.output, run.output


def test_special_file_does_not_hang_the_check(project):
    os.mkfifo(project / "data" / "pipe.yml")
    run = editor_check(project)  # a FIFO read would block for ever; the helper's timeout is 120 s
    assert run.returncode == 1
    assert "data/pipe.yml:1:1: “data/pipe.yml” 不是普通文件, 不能读取" in run.output, run.output


@pytest.mark.build
def test_build_artefacts_never_follow_a_symlink_out(project, tmp_path):
    target = tmp_path / "victim"
    target.mkdir()
    (project / ".cache").symlink_to(target)
    with pytest.raises(OSError):
        safe_write(project, ".cache/jieba_userdict.txt", "x")
    run = mkdocs_build(project)
    assert run.returncode != 0
    assert "是符号链接, 拒绝写入" in run.output and "Traceback" not in run.output, run.output
    assert list(target.iterdir()) == []
