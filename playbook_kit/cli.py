"""The editors' command: every check of the build, without building.

    python -m playbook_kit check            # 检查全部数据
    python -m playbook_kit check --github   # 另输出 GitHub Actions 注释
    python -m playbook_kit schema           # 重新生成 schemas/*.json
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .checks import validate
from .problems import summary


def _check(root: Path, github: bool) -> int:
    _, problems = validate(root)
    for problem in problems:
        print(problem.format())
        if github:
            level = "error" if problem.is_error else "warning"
            text = problem.message + (f" 提示: {problem.hint}" if problem.hint else "")
            text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            print(f"::{level} file={problem.path},line={problem.line},col={problem.column}::{text}")
    errors = [p for p in problems if p.is_error]
    print(("数据检查未通过: " if errors else "数据检查通过: ") + summary(problems))
    return 1 if errors else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="playbook-check", description="检查 data/ 和 checklists/ 里的数据")
    sub = parser.add_subparsers(dest="command")
    check = sub.add_parser("check", help="检查全部数据(默认)")
    check.add_argument("--github", action="store_true", help="同时输出 GitHub Actions 注释")
    check.add_argument("--root", default=".", help="项目根目录")
    schema = sub.add_parser("schema", help="重新生成 schemas/ 下的 JSON Schema")
    schema.add_argument("--root", default=".")
    args = parser.parse_args(argv)
    root = Path(getattr(args, "root", ".")).resolve()
    if args.command == "schema":
        from .schema import write_schemas
        for path in write_schemas(root):
            print(f"已写入 {path}")
        return 0
    return _check(root, getattr(args, "github", False))


if __name__ == "__main__":
    sys.exit(main())
