"""`python -m playbook_kit changes BASE_REF`: the change report, with no traceback on bad input.

The report also compares the pages generated from the data (role pages,
learning paths, quizzes, the glossary's tooltips) of both versions, says
where the pull request's preview build is, and `--comment FILE` writes a
copy short enough for a pull-request comment (the hosting site refuses
comments over 65,536 characters) that points to the full report.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from playbook_kit.build.site import BuildState
from playbook_kit.render.renderer import Renderer
from playbook_kit.source.catalog import load_catalog
from playbook_kit.source.gitsnap import GitError
from playbook_kit.source.project_files import write_output
from playbook_kit.views.changes import changes_report

COMMENT_LIMIT = 65_536
GLOSSARY_SCRIPT = "assets/glossary-data.js"
PREVIEW_ARTIFACT = "site-offline"


def generated_pages(root: Path) -> dict[str, tuple[str, str]] | None:
    """Path -> (text, title) of each page made from the data at `root`; None when a
    file is unreadable or the data is too broken to make them (the report says it has errors)."""
    catalog = load_catalog(root)
    if catalog.unreadable:
        return None
    try:
        pages = BuildState(root, Renderer(catalog)).generated_pages(True)
    except (LookupError, ValueError, AttributeError, TypeError):  # a dangling reference the check reports
        return None
    return {path: (text, _generated_title(path, text)) for path, text in pages.items()}


def _generated_title(path: str, text: str) -> str:
    if path == GLOSSARY_SCRIPT:
        return "术语提示(每个页面上术语的解释)"
    try:
        title = json.loads(text.split("\n", 3)[1]).get("title", path)
    except (ValueError, IndexError, AttributeError):
        title = path
    return f"岗位: {title}" if path.startswith("roles/") else str(title)


def preview_note() -> str:
    """Where the reviewer gets the offline preview (the CI run's artifact)."""
    run = _run_url()
    where = f"本次检查的运行页面 {run} 底部的附件" if run else "本次检查(GitHub Actions 的“检查”运行)页面底部的附件"
    return (f"网站预览: 下载{where} “{PREVIEW_ARTIFACT}”, 解压后直接打开 index.html(不需要联网和服务器), "
            "就是合并后读者看到的网站。")


def _run_url() -> str:
    server, repository, run = (os.environ.get(name, "") for name in
                               ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID"))
    parts_ok = server.startswith("https://") and all(part and " " not in part and "\n" not in part
                                                     for part in (server, repository, run))
    return f"{server}/{repository}/actions/runs/{run}" if parts_ok and run.isdigit() else ""


def shortened(report: str, limit: int = COMMENT_LIMIT) -> str:
    """The report cut at a line so that it fits a comment, with a pointer to the whole report."""
    run = _run_url()
    pointer = (f"\n---\n报告太长, 这里只显示开头。完整报告见{f'运行页面 {run} 的' if run else '本次检查的'}"
               "任务摘要(Summary)和附件 “change-report”。\n")
    if len(report) <= limit:
        return report
    kept = report[:limit - len(pointer) - 1]
    return kept[:kept.rfind("\n") + 1] + pointer


def run_changes(root: Path, base: str, out: str | None, comment: str | None = None) -> int:
    try:
        report = changes_report(root, base, generated=generated_pages, preview=preview_note())
    except GitError as exc:
        print(f"无法生成变更报告: {exc}", file=sys.stderr)
        return 2
    except (OSError, ValueError, KeyError, AttributeError, TypeError) as exc:  # never a traceback for editors
        print(f"无法生成变更报告(程序内部错误, 请报告): {type(exc).__name__}: {exc}", file=sys.stderr)
        return 3
    if out:
        try:
            write_output(root, out, report)
        except OSError as exc:
            print(f"无法写入 {out}: {exc}", file=sys.stderr)
            return 2
        print(f"已写入 {out}")
    else:
        sys.stdout.write(report)
    if comment:
        write_output(root, comment, shortened(report))
        print(f"已写入 {comment}(用于评论)")
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary and os.environ.get("PLAYBOOK_CHANGES_SUMMARY", "true") == "true":
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(report)
    return 0
