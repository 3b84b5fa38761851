"""The editors' command: every check of the build, without building.

    python -m playbook_kit check            # 检查全部数据
    python -m playbook_kit check --github   # 另输出 GitHub Actions 注释
    python -m playbook_kit generate         # 重新生成 schemas/*.json 和 .github/CODEOWNERS
    python -m playbook_kit export --json FILE   # 全部数据导出为 JSON
    python -m playbook_kit stage            # 给 Zensical: 页面和由数据生成的页面写进 build/zensical-docs/
"""
from __future__ import annotations

import argparse
import html
import os
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

from playbook_kit.build.site import DataError
from playbook_kit.build.staging import StageError, stage
from playbook_kit.build.validate import validate
from playbook_kit.checks.versions import base_ref, check_versions
from playbook_kit.cli.changes import run_changes
from playbook_kit.cli.export import export
from playbook_kit.cli.scaffold import new_procedure
from playbook_kit.cli.codeowners import stale_codeowners, write_codeowners
from playbook_kit.cli.schema import stale_schemas, write_schemas
from playbook_kit.core.models import CHANNELS
from playbook_kit.core.problems import one_line, sort_problems, summary
from playbook_kit.source.project_files import write_output
from playbook_kit.views.open_questions import collect, resolved


def annotation(problem) -> str:
    """A GitHub Actions workflow command for one problem, every field escaped
    as the Actions toolkit does (data can neither end the command nor start
    another)."""
    level = "error" if problem.is_error else "warning"
    text = one_line(problem.message) + (f" 提示: {one_line(problem.hint)}" if problem.hint else "")
    return (f"::{level} file={_property(one_line(problem.path))},line={problem.line},col={problem.column}"
            f"::{_data(text)}")


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _check(root: Path, github: bool, base: str | None = None) -> int:
    catalog, problems = validate(root)
    readable = catalog is not None and not catalog.unreadable
    ref, explicit = base_ref(base)
    note = None
    if readable:
        note = check_versions(root, catalog, ref, explicit)
        # the generated files CI compares: checked here too, so `check` passing means CI's checks pass
        catalog.problems.extend(stale_schemas(root) + stale_codeowners(root, catalog))
        problems = sort_problems(catalog.problems)
    if note:
        print(note)
    _print_problems(problems, github)
    if readable:
        settled = len(resolved(catalog))
        print(f"待核实问题: {len(collect(catalog))} 个" + (f", 已核实 {settled} 个" if settled else "")
              + "(清单见网站“待核实清单”页; 核实后不要删除, 写明谁、何时、依据哪份登记的决定)")
    if github and os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as out:
            out.write(job_summary(problems))
    if note and explicit:
        return 2  # the comparison a pull request relies on could not run
    return 1 if any(p.is_error for p in problems) else 0


def _print_problems(problems, github: bool) -> None:
    """Each problem (with its Actions annotation under `--github`), then the verdict."""
    for problem in problems:
        print(problem.format())
        if github:
            print(annotation(problem))
    errors = [p for p in problems if p.is_error]
    print(("数据检查未通过: " if errors else "数据检查通过: ") + summary(problems))


def job_summary(problems) -> str:
    """The full list as a Markdown table for the GitHub Actions job summary."""
    lines = ["## 数据检查", "", summary(problems), ""]
    if problems:
        lines += ["| 级别 | 位置 | 说明 |", "| --- | --- | --- |"]
        for p in problems:
            text = (one_line(p.message) + (f"(位置: {one_line(p.key_path)})" if p.key_path else "")
                    + (f" 提示: {one_line(p.hint)}" if p.hint else ""))
            where = f"{one_line(p.path)}:{p.line}:{p.column}".replace("`", "'").replace("|", "/")
            lines.append(f"| {'错误' if p.is_error else '警告'} | `{where}` | {_cell(text)} |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """A Markdown table cell that shows the text literally (no links, images or HTML)."""
    return html.escape(text, quote=False).replace("|", "\\|").replace("`", "\\`").replace("[", "\\[").replace("]", "\\]")


def _pdf(root: Path, args) -> int:
    # imported here: printing loads http.server and ssl, which no other command needs
    from playbook_kit.cli.printing import merge_pdfs, print_pages
    if args.channel:
        if args.channel not in CHANNELS:
            print(f"未知渠道 “{args.channel}”, 可选: {'、'.join(CHANNELS)}")
            return 2
        page, name = f"checklists/bundle-{args.channel}/", f"checklists-{args.channel}"
    else:
        page, name = f"checklists/{args.checklist}/", args.checklist
    out = Path(args.out) if args.out else root / "dist" / f"{name}.pdf"
    # a channel's training bundle: its checklists, then the quiz sheet and its answer key
    extra = [f"quiz/{args.channel}-sheet/", f"quiz/{args.channel}-key/"] if args.channel else []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            parts = {page: Path(tmp) / "0.pdf"}
            parts.update({extra_page: Path(tmp) / f"{n}.pdf" for n, extra_page in enumerate(extra, start=1)})
            print_pages(root, parts, Path(args.site) if args.site else None, optional=set(extra))
            merged = Path(tmp) / "merged.pdf"
            merge_pdfs([p for p in parts.values() if p.exists()], merged)
            out = write_output(root, out, merged.read_bytes())
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        print(f"打印失败: {exc}")
        return 1
    print(f"已生成 {out}({out.stat().st_size // 1024} KB)")
    return 0


def _generate(root: Path) -> int:
    """The files generated from the models and the data: the schemas and CODEOWNERS."""
    catalog, problems = validate(root)
    if catalog is None or any(p.is_error for p in problems):
        print("数据有错误, 先运行 python -m playbook_kit check 改正, 再重新生成")
        return 1
    written = write_schemas(root)
    try:
        owners = write_codeowners(root, catalog)
    except OSError as exc:
        print(f"没有写入: {exc}")
        return 1
    for path in written + ([owners] if owners else []):
        print(f"已写入 {path}")
    return 0


def _stage(root: Path, out: str) -> int:
    try:
        lines = stage(root, out)
    except (DataError, StageError, OSError) as exc:
        print(f"没有写入: {exc}")
        return 1
    print("\n".join(lines))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Every command; an unexpected failure is one Chinese line, never a traceback."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("已中断")
        return 130
    except BrokenPipeError:  # output piped into `head` and closed: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except SystemExit:
        raise
    except BaseException as error:  # noqa: BLE001
        detail = _save_traceback()
        print(f"检查程序自身出错({type(error).__name__}); 这不是你的数据写错了, 请把这行和 {detail} 发给维护人员")
        return 3


def _save_traceback() -> str:
    handle, path = tempfile.mkstemp(prefix="playbook-error-", suffix=".txt")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        traceback.print_exc(file=out)
    return path


# argparse's own messages, in the editors' language (the first pattern found wins)
ARGUMENT_ERRORS = (("the following arguments are required: ", "缺少参数: "),
                   ("unrecognized arguments: ", "不认识的参数: "),
                   ("expected one argument", "后面要写一个值"),
                   ("invalid choice: ", "没有这个命令或选项: "),
                   ("not allowed with argument ", "不能同时使用参数 "),
                   ("one of the arguments ", "必须写其中一个参数: "),
                   ("ambiguous option: ", "选项不明确: "))


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse with its usage errors in Chinese, and where to look for the usage."""

    def error(self, message: str):
        for english, chinese in ARGUMENT_ERRORS:
            message = message.replace(english, chinese)
        message = message.replace("argument ", "参数 ").replace(" is required", " 必须写")
        self.exit(2, f"{self.prog}: 命令写得不对: {message}\n用法见 {self.prog} --help\n")


def _main(argv: list[str] | None = None) -> int:
    parser = ChineseArgumentParser(prog="python -m playbook_kit", description="检查 data/ 和 checklists/ 里的数据")
    sub = parser.add_subparsers(dest="command")
    check = sub.add_parser("check", help="检查全部数据(默认)")
    check.add_argument("--github", action="store_true", help="同时输出 GitHub Actions 注释")
    check.add_argument("--root", default=".", help="项目根目录")
    check.add_argument("--base", help="与哪个 git 版本比较检查表的版本号"
                       "(默认 PLAYBOOK_BASE_REF, 否则本分支与默认分支的分叉点)")
    for name in ("generate", "schema"):
        generate = sub.add_parser(name, help="重新生成 schemas/*.json 和 .github/CODEOWNERS(check 会核对它们)")
        generate.add_argument("--root", default=".")
    pdf = sub.add_parser("pdf", help="把检查表打印成 PDF(需要 Chromium)")
    pdf.add_argument("--root", default=".")
    target = pdf.add_mutually_exclusive_group(required=True)
    target.add_argument("--channel", help="打印一个渠道的全部检查表, 例如 ka")
    target.add_argument("--checklist", help="只打印一张检查表, 写检查表编号")
    pdf.add_argument("--out", help="输出文件, 默认 dist/<渠道或编号>.pdf")
    pdf.add_argument("--site", help="已构建好的网站目录(不填则先构建)")
    changes = sub.add_parser("changes", help="与某个 git 版本比较, 输出中文的数据变更报告(Markdown)")
    changes.add_argument("base", help="基准 git 版本, 例如 origin/main 或 HEAD~1")
    changes.add_argument("--root", default=".")
    changes.add_argument("-o", "--out", help="写入文件(不填则输出到屏幕)")
    changes.add_argument("--comment", help="另写一份不超过评论长度上限(65,536 字符)的报告, 用于拉取请求的评论")
    export_command = sub.add_parser("export", help="把检查通过的全部数据导出为一个 JSON 文件")
    export_command.add_argument("--json", required=True, dest="json_out", help="输出文件, 例如 dist/catalogue.json")
    export_command.add_argument("--root", default=".")
    new = sub.add_parser("new", help="新建一个流程(数据、检查表和页面)")
    new.add_argument("id", help="流程编号, 例如 rtmart-returns")
    new.add_argument("--channel", required=True, help="渠道: " + "、".join(CHANNELS))
    new.add_argument("--title", required=True, help="流程名称")
    new.add_argument("--source", required=True, help="来源文档编号(data/sources.yml)")
    new.add_argument("--root", default=".")
    stage_command = sub.add_parser("stage", help="把检查过的页面和由数据生成的页面写进一个目录(给 Zensical 构建用)")
    stage_command.add_argument("--root", default=".")
    stage_command.add_argument("--out", default="build/zensical-docs", help="项目里的目录, 默认 build/zensical-docs")
    args = parser.parse_args(argv)
    root = Path(getattr(args, "root", ".")).resolve()
    if args.command == "stage":
        return _stage(root, args.out)
    if args.command == "new":
        try:
            for line in new_procedure(root, args.id, args.channel, args.title, args.source):
                print(line)
        except (ValueError, OSError) as exc:  # OSError: a symlink on the way (safe_write)
            print(f"没有创建: {exc}")
            return 1
        return 0
    if args.command == "changes":
        return run_changes(root, args.base, args.out, args.comment)
    if args.command == "pdf":
        return _pdf(root, args)
    if args.command == "export":
        code, lines = export(root, Path(args.json_out))
        print("\n".join(lines))
        return code
    if args.command in ("generate", "schema"):
        return _generate(root)
    return _check(root, getattr(args, "github", False), getattr(args, "base", None))


if __name__ == "__main__":
    sys.exit(main())
