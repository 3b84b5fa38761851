"""`.github/CODEOWNERS`, generated: who must review a pull request's files.

A data file, checklist or page is reviewed by the teams of the roles that own
the source documents its records quote (`owner:` in data/sources.yml; a source
without an owner leaves its files to the maintainers). Code, the original
texts, schemas, workflows, the registry of sources and the CODEOWNERS file
itself are the maintainers'. Which team stands for a role and who the
maintainers are is configured in pyproject.toml (`[tool.playbook.owners]`).
`python -m playbook_kit generate` writes the file; `check` reports it at its
first differing line when it is out of date.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

from playbook_kit.core.problems import Problem
from playbook_kit.views.changes import pages_of

CODEOWNERS = ".github/CODEOWNERS"
# always the maintainers' (the last matching line wins, so these come last)
MAINTAINED = ("/playbook_kit/", "/macros/", "/tests/", "/schemas/", "/data/original/", "/data/sources.yml",
              "/.github/", "/.ci/", "/pyproject.toml", "/mkdocs.yml", "/.pre-commit-config.yaml",
              "/.gitattributes", "/.vscode/")


def owners_config(root: Path) -> dict | None:
    """[tool.playbook.owners] of pyproject.toml: {maintainers: [...], role_team: "@org/{role}"}; None if absent."""
    try:
        config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    owners = config.get("tool", {}).get("playbook", {}).get("owners")
    return owners if isinstance(owners, dict) and owners.get("maintainers") else None


def _source_teams(catalog, config: dict) -> dict[str, list[str]]:
    """Source id -> the review teams of its owner role (none when it has no owner)."""
    pattern = config.get("role_team", "")
    teams = {}
    for source_id, source in catalog.kind("sources").items():
        owner = getattr(source, "owner", None)
        teams[source_id] = [pattern.format(role=owner)] if owner and pattern else []
    return teams


def _file_teams(catalog, config: dict) -> dict[str, set[str]]:
    """Repository path -> teams of the sources quoted by what it holds or shows
    (generated pages included: the caller keeps the files that exist)."""
    teams_of_source = _source_teams(catalog, config)
    record_teams: dict[str, set[str]] = {}
    files: dict[str, set[str]] = {}
    for kind, record_id, record in catalog.all_records():
        teams = {team for source in getattr(record, "sources", []) for team in teams_of_source.get(source, [])}
        record_teams[f"{kind}/{record_id}"] = teams
        files.setdefault(catalog.source_files(kind, record_id), set()).update(teams)
    for page, shown in pages_of(catalog).items():
        files.setdefault(page, set()).update(team for key in shown for team in record_teams.get(key, ()))
    return files


def codeowners_text(catalog, config: dict, root: Path) -> str:
    maintainers = " ".join(config["maintainers"])
    lines = ["# 由 python -m playbook_kit generate 生成, 不要手改; check 会核对它与 data/sources.yml 是否一致。",
             "# 数据、检查表和页面: 由它们引用的来源文档的负责岗位(data/sources.yml 的 owner)审阅;",
             "# 代码、原文、schema、工作流和来源登记: 由维护人员审阅。",
             f"* {maintainers}"]
    for path, teams in sorted(_file_teams(catalog, config).items()):
        if teams and not path.startswith("/") and (root / path).is_file():
            lines.append(f"/{_escaped(path)} {' '.join(sorted(teams))} {maintainers}")
    lines += [f"{path} {maintainers}" for path in MAINTAINED]
    lines.append(f"/{CODEOWNERS} {maintainers}")
    return "\n".join(lines) + "\n"


def _escaped(path: str) -> str:
    """A path as a CODEOWNERS pattern: spaces and pattern characters escaped."""
    for char in "\\ #*?[]!":
        path = path.replace(char, "\\" + char)
    return path


def write_codeowners(root: Path, catalog) -> Path | None:
    config = owners_config(root)
    if config is None:
        return None
    target = root / CODEOWNERS
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_symlink():
        raise OSError(f"{CODEOWNERS} 是符号链接, 没有写入")
    target.write_text(codeowners_text(catalog, config, root), encoding="utf-8")
    return target


def stale_codeowners(root: Path, catalog) -> list[Problem]:
    """A problem at the first line where the committed CODEOWNERS differs from the generated one."""
    config = owners_config(root)
    path = root / CODEOWNERS
    if config is None:
        return []
    expected = codeowners_text(catalog, config, root)
    try:
        current = "" if path.is_symlink() else path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        current = ""
    if current == expected:
        return []
    line = next((n for n, (a, b) in enumerate(zip(current.split("\n"), expected.split("\n")), start=1) if a != b),
                min(current.count("\n"), expected.count("\n")) + 1)
    return [Problem(CODEOWNERS, line, 1, "CODEOWNERS 与 data/sources.yml 里的负责人不一致(或缺少)",
                    hint="运行 python -m playbook_kit generate, 把生成的 .github/CODEOWNERS 一起提交")]
