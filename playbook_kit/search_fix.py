"""Fix Material's Chinese query segmentation in the built search worker.

Material's search worker splits a Han query into words found in the index
(function `fe` in search.*.min.js), but its loop stops one character short:
`for (o = s + 1; o < t.length; o++) t.slice(s, o) in index`. The whole query
and every word ending at the last character are never tried, so 前七后八 is
searched as 前 and 门店陈列 as 门店. We patch `<` to `<=` after the build. If
Material changes the worker, the pattern is not found and the build says so
(and the browser search tests fail).
"""
from __future__ import annotations

import re
from pathlib import Path

_LOOP = re.compile(r"for\(let (\w)=(\w)\+1;\1<(\w)\.length;\1\+\+\)\3\.slice\(\2,\1\)in (\w)")


def patch_search_worker(site_dir: Path) -> list[Path]:
    """Patch every search worker under `site_dir`; returns the files patched."""
    patched = []
    for worker in sorted(Path(site_dir).glob("assets/javascripts/workers/search.*.min.js")):
        text = worker.read_text(encoding="utf-8")
        fixed, count = _LOOP.subn(lambda m: m.group(0).replace(f"{m.group(1)}<{m.group(3)}.length",
                                                                   f"{m.group(1)}<={m.group(3)}.length"), text)
        if count:
            worker.write_text(fixed, encoding="utf-8")
            patched.append(worker)
    return patched
