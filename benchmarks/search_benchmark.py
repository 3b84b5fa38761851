"""How long a reader waits for search results, and what a page view downloads.

```
.venv/bin/python benchmarks/search_benchmark.py SITE_DIR [SITE_DIR ...] [--query 堆头] [--runs 3]
```

For each built site (`mkdocs build -d SITE_DIR`; a synthetic one from
benchmarks/projects.py), served on a loopback port, in Debian's Chromium:
RUNS fresh pages (a new browser context each, so nothing is cached), each
opened at the home page; as soon as the search box exists the query is typed
and a key is sent every 50 ms until Material lists a result. Reported: the
median and range of the time from the start of navigation to the first result
(`performance.now()` in the page; also when the page's load event came), the bytes the page view downloaded before
the search was used (page, assets, index) and the bytes the search then
fetched. It is a script, not a test: the figures depend on the machine and on
what else runs on it.
"""
from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from playbook_kit.cli.printing import FLAGS, chromium_path, serve  # noqa: E402 - after the path is set

FIRST_RESULT = "() => document.querySelector('.md-search-result__item') !== null"


def one_view(browser, base: str, query: str, timeout: float = 120.0, verbose: bool = False) -> dict:
    context = browser.new_context()
    page = context.new_page()
    fetched: list[tuple[str, int]] = []
    page.on("requestfinished", lambda request: fetched.append((request.url, _body_size(request))))
    try:
        page.goto(base, wait_until="load")
        loaded = page.evaluate("performance.now()") / 1000
        before = sum(size for _, size in fetched)
        count_before = len(fetched)
        field = page.locator("input.md-search__input")
        field.click()
        field.fill(query)
        waited = 0.0
        while not page.evaluate(FIRST_RESULT):
            field.dispatch_event("keyup")
            page.wait_for_timeout(50)
            waited += 0.05
            if waited > timeout:
                raise RuntimeError(f"no result for {query!r} after {timeout} s")
        seconds = page.evaluate("performance.now()") / 1000
        page.wait_for_timeout(300)  # late fragments of this search
        after = sum(size for _, size in fetched[count_before:])
        if verbose:
            print(*(f"{size:>8} {url}" for url, size in fetched[count_before:]), sep="\n", file=sys.stderr)
        return {"seconds": seconds, "loaded": loaded, "page_bytes": before, "search_bytes": after}
    finally:
        context.close()


def _body_size(request) -> int:
    try:
        return request.sizes()["responseBodySize"]
    except Exception:  # noqa: BLE001 - a request without a response body
        return 0


def measure(site: Path, query: str, runs: int, verbose: bool = False) -> dict:
    from playwright.sync_api import sync_playwright  # function-level: only this script needs Playwright

    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=FLAGS)
        try:
            views = [one_view(browser, base, query, verbose=verbose) for _ in range(runs)]
        finally:
            browser.close()
    seconds = [v["seconds"] for v in views]
    return {"site": str(site), "query": query, "median_s": statistics.median(seconds),
            "min_s": min(seconds), "max_s": max(seconds),
            "loaded_s": statistics.median(v["loaded"] for v in views),
            "page_kb": statistics.median(v["page_bytes"] for v in views) / 1024,
            "search_kb": statistics.median(v["search_bytes"] for v in views) / 1024}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sites", nargs="+", type=Path)
    parser.add_argument("--query", default="堆头")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--verbose", action="store_true", help="list what each search fetched (stderr)")
    args = parser.parse_args(argv)
    print("| site | query | page loaded, median s | first results, median (min–max) s | page view KB | search fetched KB |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for site in args.sites:
        r = measure(site, args.query, args.runs, args.verbose)
        print(f"| {r['site']} | {r['query']} | {r['loaded_s']:.2f} | {r['median_s']:.2f} ({r['min_s']:.2f}–{r['max_s']:.2f}) "
              f"| {r['page_kb']:.0f} | {r['search_kb']:.0f} |", flush=True)


if __name__ == "__main__":
    main()
