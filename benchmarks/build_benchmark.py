"""Build-time benchmark: N synthetic procedures, with macros and as plain Markdown.

    .venv/bin/python benchmarks/build_benchmark.py            # N = 100, 1000, 5000
    .venv/bin/python benchmarks/build_benchmark.py 100 1000   # chosen sizes

For each N it writes a throw-away project with N procedures, each with its
checklist, one page per procedure in folders of 100 (plus roles/sources
pages), then measures:
- validation: `playbook_kit.checks.validate()` in a fresh process;
- build: `mkdocs build` of that project (macros, sandbox, search);
- floor: `mkdocs build` of the same content written as plain Markdown with no
  macros plugin;
and prints a Markdown table with seconds, the ratio build/floor and the peak
resident memory of each child process. This is a script, not a test: numbers
depend on the machine.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STEPS = 6
ROLES = ["salesman", "branch-office", "dealer", "regional-ka"]

MKDOCS_BASE = {
    "site_name": "benchmark",
    "docs_dir": "playbooks",
    "theme": {"name": "material", "language": "zh", "font": False,
              "features": ["navigation.prune", "navigation.sections"]},
    "markdown_extensions": ["toc", "attr_list", "tables"],
}


def _yaml_dump(data) -> str:
    # JSON is valid YAML 1.2: no need for a YAML writer here
    return json.dumps(data, ensure_ascii=False, indent=1)


def section_of(procedure_id: str) -> str:
    """100 pages per folder, like channels and topics in the real site: with
    navigation.prune a page renders only its own section's siblings."""
    return f"s{int(procedure_id.rsplit('-', 1)[1]) // 100:03d}"


def synthetic_procedures(n: int) -> list[dict]:
    procedures = []
    for i in range(n):
        steps = [{"id": f"s{j}", "actor": ROLES[(i + j) % len(ROLES)],
                  "action": f"第 {j + 1} 步：业务员协调经销商完成第 {i} 号流程的门店陈列与补货，检查堆头和价签。",
                  "notes": ["送货前确认供价无误。"],
                  **({"time_limit": {"amount": {"value": j + 1, "unit": "天"}, "relation": "内"}} if j % 2 else {})}
                 for j in range(STEPS)]
        procedures.append({"id": f"bench-{i}", "title": f"基准流程 {i}", "channel": "ka",
                           "summary": f"第 {i} 号合成流程，用于测量构建时间。", "sources": ["rtmart-flow"],
                           "steps": steps})
    return procedures


def write_macro_project(target: Path, n: int) -> None:
    for part in ("macros", "playbook_kit"):
        shutil.copytree(ROOT / part, target / part, ignore=shutil.ignore_patterns("__pycache__"))
    data = target / "data"
    data.mkdir()
    shutil.copy2(ROOT / "data/sources.yml", data / "sources.yml")
    shutil.copy2(ROOT / "data/roles.yml", data / "roles.yml")
    procedures = synthetic_procedures(n)
    for start in range(0, n, 100):
        (data / f"bench-{start // 100:03d}.yml").write_text(
            _yaml_dump({"procedures": procedures[start:start + 100]}), encoding="utf-8")
    pages = target / "playbooks"
    (pages / "procedures").mkdir(parents=True)
    (pages / "index.md").write_text("# 基准\n\n{{ roles_catalog() }}\n", encoding="utf-8")
    (pages / "sources.md").write_text("# 来源\n\n{{ sources_catalog() }}\n", encoding="utf-8")
    (target / "checklists").mkdir()
    for proc in procedures:
        checklist = {"id": f"checklist-{proc['id']}", "title": f"{proc['title']}检查表", "objective": "基准",
                     "type": "READ-DO", "version": "1.0", "source": {"procedure": proc["id"]},
                     "audience": ROLES[0], "coordinator": ROLES[1],
                     "pause_points": [{"id": "all", "title": "逐项核对", "items": [s["id"] for s in proc["steps"]]}]}
        (target / "checklists" / f"{proc['id']}.yml").write_text(_yaml_dump(checklist), encoding="utf-8")
        page = pages / "procedures" / section_of(proc["id"]) / f"{proc['id']}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"# {proc['title']}\n\n{{{{ procedure('{proc['id']}') }}}}\n\n## 检查表\n\n"
                        f"{{{{ checklist('checklist-{proc['id']}') }}}}\n", encoding="utf-8")
    config = dict(MKDOCS_BASE, plugins=[
        {"macros": {"module_name": "macros/main", "on_undefined": "strict", "on_error_fail": True}},
        {"search": {"jieba_dict_user": ".cache/jieba_userdict.txt"}}])
    (target / "mkdocs.yml").write_text(_yaml_dump(config), encoding="utf-8")


def write_plain_project(target: Path, n: int) -> None:
    pages = target / "playbooks"
    (pages / "procedures").mkdir(parents=True)
    (pages / "index.md").write_text("# 基准\n\n" + "\n".join(f"- {r}" for r in ROLES) + "\n", encoding="utf-8")
    for proc in synthetic_procedures(n):
        lines = [f"# {proc['title']}", "", proc["summary"], ""]
        for number, step in enumerate(proc["steps"], 1):
            lines.append(f"{number}. **{step['actor']}** {step['action']}")
            lines.extend(f"    - {note}" for note in step["notes"])
        lines += ["", "## 检查表", ""] + [f"- [ ] {step['action']}" for step in proc["steps"]]
        page = pages / "procedures" / section_of(proc["id"]) / f"{proc['id']}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = dict(MKDOCS_BASE, plugins=["search"])
    (target / "mkdocs.yml").write_text(_yaml_dump(config), encoding="utf-8")


CHILD = textwrap.dedent("""
    import resource, sys, time
    mode, project = sys.argv[1], sys.argv[2]
    start = time.perf_counter()
    if mode == "validate":
        from pathlib import Path
        sys.path.insert(0, project)
        from playbook_kit.checks import validate
        _, problems = validate(Path(project))
        assert not [p for p in problems if p.is_error], problems[:5]
    else:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        import logging
        logging.disable(logging.WARNING)
        build(load_config(f"{project}/mkdocs.yml", site_dir=f"{project}/site"))
    print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
""")


def measure(mode: str, project: Path) -> tuple[float, float]:
    result = subprocess.run([sys.executable, "-c", CHILD, mode, str(project)], cwd=project,
                            capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    if result.returncode != 0:
        raise SystemExit(f"{mode} failed for {project}:\n{result.stderr[-3000:]}")
    seconds, kilobytes = result.stdout.strip().splitlines()[-1].split()
    return float(seconds), int(kilobytes) / 1024


def main(sizes: list[int]) -> None:
    rows = []
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            macro, plain = Path(tmp) / "macro", Path(tmp) / "plain"
            write_macro_project(macro, n)
            write_plain_project(plain, n)
            validate_s, validate_mb = measure("validate", macro)
            build_s, build_mb = measure("build", macro)
            floor_s, floor_mb = measure("build", plain)
        rows.append((n, build_s, floor_s, build_s / floor_s, validate_s, build_mb, floor_mb))
        print(f"N={n}: build {build_s:.1f}s, floor {floor_s:.1f}s, validate {validate_s:.2f}s", file=sys.stderr)
    print("| N procedures | build (s) | plain Markdown floor (s) | ratio | validation (s) | peak RSS build (MB) | peak RSS floor (MB) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n, build_s, floor_s, ratio, validate_s, build_mb, floor_mb in rows:
        print(f"| {n} | {build_s:.1f} | {floor_s:.1f} | {ratio:.2f} | {validate_s:.2f} | {build_mb:.0f} | {floor_mb:.0f} |")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [100, 1000, 5000])
