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


def _pdf(root: Path, args) -> int:
    from .models import CHANNELS
    from .printing import print_pages
    if args.channel:
        if args.channel not in CHANNELS:
            print(f"未知渠道 “{args.channel}”, 可选: {'、'.join(CHANNELS)}")
            return 2
        page, name = f"checklists/bundle-{args.channel}/", f"checklists-{args.channel}"
    else:
        page, name = f"checklists/{args.checklist}/", args.checklist
    out = Path(args.out) if args.out else root / "dist" / f"{name}.pdf"
    try:
        print_pages(root, {page: out}, Path(args.site) if args.site else None)
    except (RuntimeError, OSError) as exc:
        print(f"打印失败: {exc}")
        return 1
    print(f"已生成 {out}({out.stat().st_size // 1024} KB)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="playbook-check", description="检查 data/ 和 checklists/ 里的数据")
    sub = parser.add_subparsers(dest="command")
    check = sub.add_parser("check", help="检查全部数据(默认)")
    check.add_argument("--github", action="store_true", help="同时输出 GitHub Actions 注释")
    check.add_argument("--root", default=".", help="项目根目录")
    schema = sub.add_parser("schema", help="重新生成 schemas/ 下的 JSON Schema")
    schema.add_argument("--root", default=".")
    pdf = sub.add_parser("pdf", help="把检查表打印成 PDF(需要 Chromium)")
    pdf.add_argument("--root", default=".")
    target = pdf.add_mutually_exclusive_group(required=True)
    target.add_argument("--channel", help="打印一个渠道的全部检查表, 例如 ka")
    target.add_argument("--checklist", help="只打印一张检查表, 写检查表编号")
    pdf.add_argument("--out", help="输出文件, 默认 dist/<渠道或编号>.pdf")
    pdf.add_argument("--site", help="已构建好的网站目录(不填则先构建)")
    args = parser.parse_args(argv)
    root = Path(getattr(args, "root", ".")).resolve()
    if args.command == "pdf":
        return _pdf(root, args)
    if args.command == "schema":
        from .schema import write_schemas
        for path in write_schemas(root):
            print(f"已写入 {path}")
        return 0
    return _check(root, getattr(args, "github", False))


if __name__ == "__main__":
    sys.exit(main())
