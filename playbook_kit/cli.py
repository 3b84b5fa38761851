"""The editors' command: every check of the build, without building.

    python -m playbook_kit check            # 检查全部数据
    python -m playbook_kit check --github   # 另输出 GitHub Actions 注释
    python -m playbook_kit schema           # 重新生成 schemas/*.json
    python -m playbook_kit export --json FILE   # 全部数据导出为 JSON
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .checks import validate
from .models import CHANNELS
from .problems import summary


def _check(root: Path, github: bool) -> int:
    catalog, problems = validate(root)
    for problem in problems:
        print(problem.format())
        if github:
            level = "error" if problem.is_error else "warning"
            text = problem.message + (f" 提示: {problem.hint}" if problem.hint else "")
            text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            print(f"::{level} file={problem.path},line={problem.line},col={problem.column}::{text}")
    errors = [p for p in problems if p.is_error]
    print(("数据检查未通过: " if errors else "数据检查通过: ") + summary(problems))
    if catalog is not None and not catalog.unreadable:
        from .open_questions import collect
        print(f"待核实问题: {len(collect(catalog))} 个(清单见网站“待核实清单”页, playbooks/open-questions.md)")
    if github and os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as out:
            out.write(job_summary(problems))
    return 1 if errors else 0


def job_summary(problems) -> str:
    """The full list as a Markdown table for the GitHub Actions job summary."""
    lines = ["## 数据检查", "", summary(problems), ""]
    if problems:
        lines += ["| 级别 | 位置 | 说明 |", "| --- | --- | --- |"]
        for p in problems:
            text = (p.message + (f"(位置: {p.key_path})" if p.key_path else "")
                    + (f" 提示: {p.hint}" if p.hint else "")).replace("|", "\\|")
            lines.append(f"| {'错误' if p.is_error else '警告'} | `{p.path}:{p.line}:{p.column}` | {text} |")
    return "\n".join(lines) + "\n"


def _pdf(root: Path, args) -> int:
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
    export = sub.add_parser("export", help="把检查通过的全部数据导出为一个 JSON 文件")
    export.add_argument("--json", required=True, dest="json_out", help="输出文件, 例如 dist/catalogue.json")
    export.add_argument("--root", default=".")
    new = sub.add_parser("new", help="新建一个流程(数据、检查表和页面)")
    new.add_argument("id", help="流程编号, 例如 rtmart-returns")
    new.add_argument("--channel", required=True, help="渠道: " + "、".join(CHANNELS))
    new.add_argument("--title", required=True, help="流程名称")
    new.add_argument("--source", required=True, help="来源文档编号(data/sources.yml)")
    new.add_argument("--root", default=".")
    args = parser.parse_args(argv)
    root = Path(getattr(args, "root", ".")).resolve()
    if args.command == "new":
        from .scaffold import new_procedure
        try:
            for line in new_procedure(root, args.id, args.channel, args.title, args.source):
                print(line)
        except ValueError as exc:
            print(f"没有创建: {exc}")
            return 1
        return 0
    if args.command == "pdf":
        return _pdf(root, args)
    if args.command == "export":
        from .export import export
        code, lines = export(root, Path(args.json_out))
        print("\n".join(lines))
        return code
    if args.command == "schema":
        from .schema import write_schemas
        for path in write_schemas(root):
            print(f"已写入 {path}")
        return 0
    return _check(root, getattr(args, "github", False))


if __name__ == "__main__":
    sys.exit(main())
