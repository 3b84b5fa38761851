"""A throw-away git repository holding a copy of the project, for tests of history features."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

from conftest import Run, cli, copy_project

GIT_ENV = {"GIT_AUTHOR_NAME": "编辑", "GIT_AUTHOR_EMAIL": "editor@example.com",
           "GIT_COMMITTER_NAME": "编辑", "GIT_COMMITTER_EMAIL": "editor@example.com",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


class Repo:
    def __init__(self, path: Path):
        self.path = path

    def git(self, *args: str, date: str | None = None) -> str:
        env = dict(os.environ, **GIT_ENV)
        if date:
            env.update(GIT_AUTHOR_DATE=f"{date}T10:00:00", GIT_COMMITTER_DATE=f"{date}T10:00:00")
        result = subprocess.run(["git", *args], cwd=self.path, capture_output=True, text=True, env=env, timeout=60)
        assert result.returncode == 0, result.stderr
        return result.stdout

    def commit(self, message: str, date: str | None = None) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, date=date)
        return self.git("rev-parse", "HEAD").strip()

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.path / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def line_of(self, relative: str, needle: str) -> int:
        lines = (self.path / relative).read_text(encoding="utf-8").split("\n")
        return next(n for n, text in enumerate(lines, 1) if needle in text)

    def run(self, *args: str, env: dict | None = None) -> Run:
        """`python -m playbook_kit ARGS --root REPO`, in this process."""
        return cli(*args, "--root", str(self.path), env=env)


def make_repo(tmp_path: Path, date: str = "2026-01-05") -> Repo:
    repo = Repo(copy_project(tmp_path / "repo"))
    repo.git("init", "-q", "-b", "main")
    repo.commit("基础版本", date=date)
    return repo
