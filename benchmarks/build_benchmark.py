"""Build-time benchmark: our build against the same site built without our macros and hooks.

    .venv/bin/python benchmarks/build_benchmark.py                      # real 100 1000, 5 pairs each
    .venv/bin/python benchmarks/build_benchmark.py real 100 1000 5000 10000 --large-runs 3
    .venv/bin/python benchmarks/build_benchmark.py 5000 --save runs.json   # keep the raw figures
    .venv/bin/python benchmarks/build_benchmark.py --report runs.json      # tables from saved figures

Sizes: `real` (a clone of this repository at HEAD) or N synthetic procedures
(benchmarks/projects.py); each project is a git repository. For each size:
1. dump: one build of the project that also writes, after every plugin and
   hook, the Markdown our macros produced and every generated file
   (benchmarks/floor.py); it warms the caches (.cache/, jieba, bytecode);
2. the floor project: that dump as plain files, mkdocs.yml minus the macros
   plugin and minus `hooks:`; one build of it plus one hook doing what ours do
   to page HTML (the HTML policy, the glossary's marks) checks the dump (its
   pages must be byte-identical to the build's);
3. RUNS rounds, each in fresh processes: build, floor, validation
   (`playbook_kit.build.validate.validate`, what `python -m playbook_kit check` runs).
Times are wall-clock seconds of the whole process (`python -m mkdocs build`,
interpreter start included); peak memory is the child's ru_maxrss (os.wait4).
Reported: median and min–max; the ratio is computed pair by pair. The numbers
depend on the machine: this is a script, not a test.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import floor  # noqa: E402
import projects  # noqa: E402
from projects import BenchError  # noqa: E402

FLOOR_SCRIPT = Path(floor.__file__).resolve()
VALIDATE = """import sys
from pathlib import Path
from playbook_kit.build.validate import validate
catalog, problems = validate(Path("."))
errors = [p.format() for p in problems if p.is_error]
print("\\n".join(errors), file=sys.stderr)
print(len(catalog.kind("procedures")))
sys.exit(1 if errors else 0)
"""
LARGE = 5000  # sizes from here on use --large-runs


def run(command: list[str], cwd: Path, what: str) -> tuple[float, float, str, float]:
    """(wall seconds, peak RSS in MB, stdout, CPU seconds) of one fresh process, the CPU time
    of the processes it waited for included (git, the build's child); BenchError with its
    stderr tail on failure."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("OFFLINE", None)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err, env=env)
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:
            process.kill()
            process.wait()
            raise
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    if process.returncode != 0:
        tail = "\n".join(stderr.strip().splitlines()[-30:])
        raise BenchError(f"{what} failed (exit {process.returncode}) in {cwd}:\n{tail}")
    return seconds, usage.ru_maxrss / 1024, stdout, usage.ru_utime + usage.ru_stime


def mkdocs_build(project: Path, site: Path, what: str, config: str = "mkdocs.yml") -> tuple[float, float, float]:
    """(wall seconds, peak RSS in MB, CPU seconds)."""
    shutil.rmtree(site, ignore_errors=True)
    seconds, peak, _, cpu = run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", config, "-d", str(site)],
                                project, what)
    return seconds, peak, cpu


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def measure_size(size: str, runs: int, work: Path, verify: bool = True, on_round=None) -> dict:
    project = work / "project"
    project.mkdir()
    if size == "real":
        projects.real_project(project)
    else:
        projects.synthetic_project(project, int(size))
    log(f"{size}: dump build (also warms the caches)")
    start = time.perf_counter()
    run([sys.executable, str(FLOOR_SCRIPT), str(project), str(work / "dump"), str(work / "site-reference")],
        project, "the dump build")
    cold = time.perf_counter() - start
    floor.write_floor(project, work / "dump", work / "floor")
    result = {"size": size, "procedures": None, "pages": len(list((work / "site-reference").rglob("*.html"))),
              "cold_build": cold, "rounds": [], "identical_verified": None, "verify_differences": {},
              "identical_plain": None, "plain_example": None}
    if verify:
        log(f"{size}: floor build with our HTML policy, to check the dump")
        config = floor.write_verify_config(work / "floor", project)
        mkdocs_build(work / "floor", work / "site-verify", "the floor build with the HTML policy", config)
        verified, verify_diff = floor.compare_sites(work / "site-reference", work / "site-verify")
        shutil.rmtree(work / "site-verify")
        result.update(identical_verified=len(verified), verify_differences=dict(list(verify_diff.items())[:5]))
    rounds = result["rounds"]
    for number in range(1, runs + 1):
        build_s, build_mb, build_cpu = mkdocs_build(project, work / "site-build", "the build")
        floor_s, floor_mb, floor_cpu = mkdocs_build(work / "floor", work / "site-floor", "the floor build")
        validate_s, _, out, _ = run([sys.executable, "-c", VALIDATE], project, "the validation")
        rounds.append({"build": build_s, "floor": floor_s, "validate": validate_s,
                       "build_mb": build_mb, "floor_mb": floor_mb, "build_cpu": build_cpu, "floor_cpu": floor_cpu})
        result["procedures"] = int(out.split()[-1])
        log(f"{size}: round {number}/{runs}: build {build_s:.1f} s, floor {floor_s:.1f} s, "
            f"validation {validate_s:.2f} s")
        if on_round:
            on_round(result)  # a long run interrupted later keeps the rounds done
    plain, plain_diff = floor.compare_sites(work / "site-reference", work / "site-floor")
    result.update(identical_plain=len(plain), plain_identical=plain[:3],
                  plain_example=next(iter(plain_diff.items()), None))
    return result


# --- report ---------------------------------------------------------------------------------
def spread(values: list[float], digits: int) -> str:
    return f"{statistics.median(values):.{digits}f} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def order(result: dict) -> int:
    return -1 if result["size"] == "real" else int(result["size"])


def report(results: list[dict]) -> str:
    results = [r for r in results if r["rounds"]]
    lines = ["| size | procedures | pages | pairs | build (s) | floor (s) | ratio build/floor | validation (s) "
             "| validation share of build | peak RSS build / floor (MB) | CPU time ratio build/floor |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in sorted(results, key=order):
        rounds = r["rounds"]
        build, fl, val = ([x[k] for x in rounds] for k in ("build", "floor", "validate"))
        ratios = [x["build"] / x["floor"] for x in rounds]
        label = "real content" if r["size"] == "real" else f"N = {r['size']}"
        cpu = [x["build_cpu"] / x["floor_cpu"] for x in rounds if x.get("floor_cpu")]
        lines.append(
            f"| {label} | {r['procedures']} | {r['pages']} | {len(rounds)} | {spread(build, 1)} | {spread(fl, 1)} "
            f"| {spread(ratios, 2)} | {spread(val, 2)} | {statistics.median(val) / statistics.median(build):.0%} "
            f"| {statistics.median(x['build_mb'] for x in rounds):.0f} / "
            f"{statistics.median(x['floor_mb'] for x in rounds):.0f} | {spread(cpu, 2) if cpu else '—'} |")
    lines += ["", "Median (min–max) over the pairs; the ratios are taken pair by pair. CPU time is user + "
              "system time of the build process and every process it waited for (git, the build's child).", "",
              "| from → to | build (ms per added procedure) | floor (ms per added procedure) "
              "| our share above the floor (ms per added procedure) |",
              "| --- | ---: | ---: | ---: |"]
    sized = [r for r in sorted(results, key=order) if r["size"] != "real"]
    slopes = []
    for a, b in zip(sized, sized[1:]):
        added = b["procedures"] - a["procedures"]
        build, fl = (1000 * (statistics.median(x[k] for x in b["rounds"]) -
                             statistics.median(x[k] for x in a["rounds"])) / added for k in ("build", "floor"))
        slopes.append(build)
        lines.append(f"| {a['procedures']} → {b['procedures']} | {build:.1f} | {fl:.1f} | {build - fl:.1f} |")
    if len(slopes) > 1:
        growth = max(slopes) / min(slopes)
        lines += ["", f"Build slope varies by a factor of {growth:.2f} between intervals: "
                  + ("near linear." if growth < 1.25 else "not linear.")]
    lines += ["", "Dump check (pages byte-identical to the build's, of all built pages):"]
    for r in sorted(results, key=order):
        def share(key):
            return "not checked" if r[key] is None else f"{r[key]}/{r['pages']}"
        lines.append(f"- {r['size']}: floor + our HTML policy hook {share('identical_verified')}, "
                     f"plain floor {share('identical_plain')}"
                     + (f" ({', '.join(r['plain_identical'])})" if r.get("plain_identical") else "") + "; "
                     f"first build (cold caches, "
                     f"with the dump) {r['cold_build']:.1f} s")
        for page, first in r["verify_differences"].items():
            lines.append(f"  - differs even with the policy: {page}: {first}")
        if r["plain_example"]:
            lines.append(f"  - plain floor, e.g. {r['plain_example'][0]}: {r['plain_example'][1][:200]}")
    return "\n".join(lines)


def load(paths: list[str]) -> list[dict]:
    results: dict[str, dict] = {}
    for path in paths:
        try:
            for result in json.loads(Path(path).read_text(encoding="utf-8")):
                results[result["size"]] = result
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise BenchError(f"cannot read saved results {path}: {error}") from None
    return list(results.values())


def save(path: Path, result: dict) -> None:
    saved = load([str(path)]) if path.exists() else []
    saved = [r for r in saved if r["size"] != result["size"]] + [result]
    path.write_text(json.dumps(saved, ensure_ascii=False, indent=1), encoding="utf-8")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", help="'real' or a number of synthetic procedures (default: real 100 1000)")
    parser.add_argument("--runs", type=int, default=5, help="build/floor pairs per size (default 5)")
    parser.add_argument("--large-runs", type=int, help=f"pairs for sizes of {LARGE} and more (default: --runs)")
    parser.add_argument("--no-verify", action="store_true",
                        help="skip the floor build with our HTML policy that checks the dump (saves a build per size)")
    parser.add_argument("--save", type=Path, help="add each size's raw figures to this JSON file after every round")
    parser.add_argument("--report", nargs="+", metavar="JSON", help="print the tables from saved figures only")
    args = parser.parse_args(argv)
    try:
        if args.report:
            print(report(load(args.report)))
            return 0
        sizes = args.sizes or ["real", "100", "1000"]
        bad = [s for s in sizes if s != "real" and not (s.isdigit() and int(s) > 0)]
        if bad or args.runs < 1 or (args.large_runs is not None and args.large_runs < 1):
            parser.error(f"sizes are 'real' or positive numbers, runs at least 1 (got {' '.join(bad) or 'runs < 1'})")
        commit, dirty = projects.source_commit()
        log(f"commit {commit[:12]}" + (" (uncommitted changes are not in the 'real' copy)" if dirty else ""))
        results = []
        for size in sizes:
            runs = args.large_runs if args.large_runs and size != "real" and int(size) >= LARGE else args.runs
            def keep(result):
                result.update(commit=commit, date=time.strftime("%Y-%m-%d"))
                if args.save:
                    save(args.save, result)
            with tempfile.TemporaryDirectory(prefix=f"bench-{size}-", ignore_cleanup_errors=True) as work:
                result = measure_size(size, runs, Path(work), not args.no_verify, keep)
            keep(result)
            results.append(result)
        print(report(results))
        return 0
    except BenchError as error:
        print(f"benchmark stopped: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # the table piped into `head`
        return 0
    except KeyboardInterrupt:
        print("benchmark interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
