"""A throw-away git repository holding a copy of the project, for tests of history features."""
from __future__ import annotations

import os
import subprocess
import sys
import re
from pathlib import Path

from conftest import ROOT, Run, copy_project

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
        result = subprocess.run([sys.executable, "-m", "playbook_kit", *args, "--root", str(self.path)],
                                cwd=ROOT, capture_output=True, text=True, timeout=120,
                                env=dict(os.environ, **(env or {})))
        return Run(result.returncode, result.stdout + result.stderr)


def make_repo(tmp_path: Path, date: str = "2026-01-05") -> Repo:
    repo = Repo(copy_project(tmp_path / "repo"))
    # a fresh history starts every checklist at version 1.0 (the project's own history has moved on)
    for sheet in sorted((repo.path / "checklists").glob("*.yml")):
        text = sheet.read_text(encoding="utf-8")
        sheet.write_text(re.sub(r'^version: "[\d.]+"$', 'version: "1.0"', text, count=1, flags=re.M), encoding="utf-8")
    repo.git("init", "-q", "-b", "main")
    repo.commit("基础版本", date=date)
    return repo
