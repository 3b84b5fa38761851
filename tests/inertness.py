"""Helpers for the security tests: poison every free-text field of the real
data, and scan a built site for anything executable or evaluated.

The payload carries every family of attack on a static site generator:
template source (`{{ … }}` and `{% … %}` that would print "pwned" if evaluated), raw HTML
(`<script>`, event handlers), Markdown link syntax with a `javascript:` URL,
an `attr_list` event attribute, and a `</script>` break-out for data embedded
in scripts.
"""
from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from playbook_kit.engines.search_fragments import indexed_documents

PAYLOAD = ("{{ 'pw' ~ 'ned' }}{% if true %}pw{% endif %}ned<script>alert('x1')</script>"
           "<img src=x onerror=alert('x2')>[link](javascript:alert('x3')){: onclick=\"alert('x4')\" }"
           "</script><svg onload=alert('x5')>")
HAN = re.compile(r"[\u4e00-\u9fff]")
# scripts the theme and our assets load; anything else is injected
ALLOWED_SCRIPT = re.compile(r"^(/|(\.\./)*)(assets/(javascripts/bundle\.[0-9a-f]+\.min\.js|decision-helper\.js|glossary-data\.js"
                            r"|glossary-tooltips\.js|a11y-fixes\.js|local-store\.js|learning\.js|quiz\.js|checklist-run\.js|vendor/iframe-worker/shim\.js))$")
BAD_URL = re.compile(r"^(javascript|vbscript|data):", re.I)


def poison_yaml_text(text: str) -> tuple[str, int]:
    """Append the payload to every single-line free-text value (one with Han
    characters) of a data file; returns the new text and how many were changed."""
    out, count = [], 0
    for line in text.split("\n"):
        match = re.match(r"^(\s*(?:- )?(?:[A-Za-z_][\w-]*: )?)(.*)$", line)
        value = match.group(2) if match else ""
        if (match and HAN.search(value) and not value.startswith(("[", "{", "|", ">", "#", "'", '"', "&", "*"))
                and not value.endswith(":") and "#" not in value):
            out.append(f"{match.group(1)}{json.dumps(value + PAYLOAD, ensure_ascii=False)}")
            count += 1
        else:
            out.append(line)
    return "\n".join(out), count


class _Scanner(HTMLParser):
    def __init__(self, where: str, findings: list[str]):
        super().__init__(convert_charrefs=True)
        self.where, self.findings = where, findings
        self.in_script = False
        self.script_src = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.findings.append(f"{self.where}: event attribute {name}={value!r} on <{tag}>")
            if name.lower() in ("href", "src", "action", "formaction", "data", "xlink:href", "srcdoc") and value:
                cleaned = re.sub(r"[\x00-\x20]", "", unescape(value))
                if BAD_URL.match(cleaned):
                    self.findings.append(f"{self.where}: {name}={value!r} on <{tag}>")
        if tag in ("iframe", "object", "embed", "base", "frame", "applet"):
            self.findings.append(f"{self.where}: <{tag}> in page")
        if tag == "meta":
            attributes = dict(attrs)
            if (attributes.get("http-equiv") or "").lower() == "refresh":
                self.findings.append(f"{self.where}: meta refresh")
        if tag == "script":
            src = dict(attrs).get("src")
            kind = (dict(attrs).get("type") or "").lower()
            if src is not None and not ALLOWED_SCRIPT.match(src):
                self.findings.append(f"{self.where}: script src={src!r}")
            self.in_script = src is None and kind not in ("application/json",)

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if "pwned" in data:
            self.findings.append(f"{self.where}: template code was evaluated: {data[:80]!r}")
        if self.in_script and ("alert(" in data or "pwn" in data):
            self.findings.append(f"{self.where}: injected inline script {data[:80]!r}")


def scan_html(text: str, where: str) -> list[str]:
    findings: list[str] = []
    scanner = _Scanner(where, findings)
    scanner.feed(text)
    scanner.close()
    return findings


def scan_site(site: Path) -> list[str]:
    """Everything executable or evaluated that came from data or pages."""
    findings: list[str] = []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        where = path.relative_to(site).as_posix()
        if path.suffix == ".html":
            findings += scan_html(path.read_text(encoding="utf-8"), where)
        elif path.suffix == ".js" and where.startswith("assets/") and "javascripts" not in where:
            text = path.read_text(encoding="utf-8")
            if "pwned" in text or re.search(r"</script", text, re.I) or "\u2028" in text:
                findings.append(f"{where}: raw payload in a script")
        elif where == "search/search_index.json":  # the documents search shows, from its fragments
            for doc in indexed_documents(site):
                for field in ("title", "text"):
                    findings += scan_html(doc.get(field) or "", f"{where} {doc['location']} {field}")
    return findings


PAGE_PAYLOAD = """

<script>alert('p1')</script>

<img src=x onerror="alert('p2')">

<a href="JaVaScRiPt:alert('p3')">a</a> <a href="&#106;avascript:alert('p4')">b</a>
<a href="java&#x09;script:alert('p5')">c</a> <a href="vbscript:msgbox(1)">e</a>
<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">d</a>

<iframe src="https://example.com/"></iframe>

<svg><script>alert('p9')</script></svg>

<details open ontoggle="alert('p10')"><summary>x</summary>y</details>

<form action="javascript:alert('p11')"><button formaction="javascript:alert('p15')">z</button></form>

<object data="x.swf"></object>

<meta http-equiv="refresh" content="0;url=javascript:alert(1)">

一段文字
{: onclick="alert('p12')" onmouseover="alert('p16')" }

### 标题 &lt;img src=x onerror=alert('p13')&gt; <img src=x onerror=alert('p17')>

标题下面的文字。
"""

# Markdown links with a script scheme: `check` refuses them at their line (checks/site_links.py),
# so a build never gets them; the HTML policy still removes them (test_engines.py)
PAGE_LINK_PAYLOAD = """
[f](javascript:alert('p6')) [g](JAVASCRIPT:alert('p7')) ![h](javascript:alert('p8'))
[i](&#x6A;avascript:alert('p14'))
"""
