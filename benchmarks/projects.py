"""Projects under test, each a git repository (our history and version features run as in real use).

- `real_project(target)`: a clone of this repository at its current commit
  (HEAD, with its history; uncommitted changes are not included).
- `synthetic_project(target, n)`: N synthetic procedures of 6 steps, each with
  its checklist, one page per procedure in folders of 100 (as channels and
  topics group pages in the real site, so Material's navigation stays
  linear), the real site's mkdocs.yml (theme, hooks, plugins, extensions)
  without its nav, committed once. The site refuses more than MAX_FILES
  (5000) files in one of data/, checklists/ or playbooks/ (a guard against
  runaway pull requests); from N = 4999 on, the copy's limit is raised so the
  size can be built at all (`raise_file_limit`).
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STEPS = 6
ROLES = ["branch-office", "dealer"]  # the two the quoted fragment names
CODE = ("macros", "playbook_kit", "schemas", "pyproject.toml")
GIT_ID = ["-c", "user.name=benchmark", "-c", "user.email=benchmark@example.invalid", "-c", "commit.gpgsign=false"]


class BenchError(Exception):
    """A step of the benchmark failed; the message says which and why."""


def git(cwd: Path, *args: str) -> str:
    try:
        result = subprocess.run(["git", *GIT_ID, *args], cwd=cwd, capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise BenchError(f"git {args[0]} failed: {error}") from None
    if result.returncode != 0:
        raise BenchError(f"git {' '.join(args[:2])} failed in {cwd}:\n{result.stderr[-2000:]}")
    return result.stdout.strip()


def source_commit() -> tuple[str, bool]:
    """(HEAD of this repository, whether its working tree has uncommitted changes)."""
    return git(ROOT, "rev-parse", "HEAD"), bool(git(ROOT, "status", "--porcelain", "--untracked-files=no"))


def real_project(target: Path) -> Path:
    commit, _ = source_commit()
    git(target.parent, "clone", "--quiet", "--no-checkout", "--no-hardlinks", str(ROOT), target.name)
    git(target, "checkout", "--quiet", "-B", "main", commit)
    git(target, "remote", "remove", "origin")
    return target


def _json(data) -> str:
    # JSON is valid YAML 1.2: no YAML writer needed
    return json.dumps(data, ensure_ascii=False, indent=1)


def section_of(index: int) -> str:
    return f"s{index // 100:03d}"


# a real fragment of 《大润发操作流程》 naming both actors and the time limit: the synthetic
# steps are checked against the originals like real ones (provenance cannot be switched off)
QUOTE = "新店开张,办事处需协调经销商提前一个月拟好大型促销计划,"


def synthetic_procedures(n: int) -> list[dict]:
    procedures = []
    for i in range(n):
        steps = [{"id": f"s{j}", "actor": ROLES[(i + j) % len(ROLES)], "quotes": [QUOTE],
                  "action": f"第 {j + 1} 步：业务员协调经销商完成第 {i} 号流程的门店陈列与补货，检查堆头和价签。",
                  "notes": ["送货前确认供价无误。"],
                  **({"time_limit": {"amount": {"value": 1, "unit": "个月", "quotes": [QUOTE]}, "relation": "前"}}
                     if j % 2 else {})}
                 for j in range(STEPS)]
        procedures.append({"id": f"bench-{i}", "title": f"基准流程 {i}", "channel": "ka",
                           "summary": f"第 {i} 号合成流程，用于测量构建时间。", "sources": ["rtmart-flow"],
                           "steps": steps})
    return procedures


def raise_file_limit(project: Path, needed: int) -> int | None:
    """Raise MAX_FILES in the copy's playbook_kit/source/project_files.py to `needed`; returns the old limit if raised."""
    path = project / "playbook_kit" / "source" / "project_files.py"
    text = path.read_text(encoding="utf-8")
    match = re.search(r"^MAX_FILES = (\d+)$", text, re.M)
    if not match or int(match.group(1)) >= needed:
        return None
    path.write_text(text[:match.start(1)] + str(needed) + text[match.end(1):], encoding="utf-8")
    return int(match.group(1))


def synthetic_project(target: Path, n: int) -> Path:
    for part in CODE:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, target / part)
    data = target / "data"
    data.mkdir()
    for name in ("sources.yml", "roles.yml"):
        shutil.copy2(ROOT / "data" / name, data / name)
    shutil.copytree(ROOT / "data" / "original", data / "original")  # registered in sources.yml
    procedures = synthetic_procedures(n)
    for start in range(0, n, 100):
        (data / f"bench-{start // 100:03d}.yml").write_text(
            _json({"procedures": procedures[start:start + 100]}), encoding="utf-8")
    pages = target / "playbooks"
    (pages / "procedures").mkdir(parents=True)
    (pages / "index.md").write_text("# 基准\n\n{{ roles_catalog() }}\n", encoding="utf-8")
    (pages / "sources.md").write_text("# 来源\n\n{{ sources_catalog() }}\n\n{{ original_files() }}\n\n"
                                      "{{ decisions_catalog() }}\n", encoding="utf-8")
    (target / "checklists").mkdir()
    for index, proc in enumerate(procedures):
        checklist = {"id": f"checklist-{proc['id']}", "title": f"{proc['title']}检查表", "objective": "基准",
                     "type": "READ-DO", "version": "1.0", "source": {"procedure": proc["id"]},
                     "audience": ROLES[0], "coordinator": ROLES[1],
                     "pause_points": [{"id": "all", "title": "逐项核对", "items": [s["id"] for s in proc["steps"]]}]}
        (target / "checklists" / f"{proc['id']}.yml").write_text(_json(checklist), encoding="utf-8")
        page = pages / "procedures" / section_of(index) / f"{proc['id']}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"# {proc['title']}\n\n{{{{ procedure('{proc['id']}') }}}}\n\n## 检查表\n\n"
                        f"{{{{ checklist('checklist-{proc['id']}') }}}}\n", encoding="utf-8")
    # the real site's configuration, its nav (which names the real pages) left out
    shutil.copy2(ROOT / "mkdocs.yml", target / "real-site.yml")
    (target / "mkdocs.yml").write_text(_json({"INHERIT": "real-site.yml", "site_name": "基准", "nav": None}),
                                       encoding="utf-8")
    raise_file_limit(target, n + 2)  # the procedure pages, index.md and sources.md
    (target / ".gitignore").write_text("site/\n.cache/\n", encoding="utf-8")
    git(target, "init", "--quiet", "-b", "main")
    git(target, "add", "-A")
    git(target, "commit", "--quiet", "-m", f"{n} synthetic procedures")
    return target
