"""`python -m playbook_kit changes BASE_REF`: the change report, with no traceback on bad input."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from playbook_kit.views.changes import changes_report
from playbook_kit.source.gitsnap import GitError
from playbook_kit.source.project_files import write_output


def run_changes(root: Path, base: str, out: str | None) -> int:
    try:
        report = changes_report(root, base)
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
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary and os.environ.get("PLAYBOOK_CHANGES_SUMMARY", "true") == "true":
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(report)
    return 0
